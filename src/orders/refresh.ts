import type { Executor } from '../db/client.js';
import type { OrderStore, StatusChange } from './store.js';
import { holdingsOf, updateLines } from './holds-store.js';
import { statusFromLines } from './rules.js';
import type { OrderLineStatus, OrderStatus } from './tables.js';

/** Orders whose status follows their goods; later ones keep theirs while their lines change. */
const HOLDING: OrderStatus[] = ['READY', 'AWAITING_STOCK'];

/** A line's status from what it holds: all of it, some on its way, or less than it needs. */
function lineStatus(line: { quantity: number; held: number; claimed: number }): OrderLineStatus {
  if (line.held >= line.quantity) return 'RESERVED';
  return line.held + line.claimed >= line.quantity ? 'IN_TRANSIT' : 'SHORTAGE';
}

/**
 * Brings the lines of these orders, and the orders whose status follows their goods, in line
 * with what they now hold after goods arrived, were cut or moved, and records each order whose
 * status changed with `reason`. Returns those changes.
 */
export async function refreshOrders(
  orders: OrderStore,
  orderIds: number[],
  reason: string,
  at: Date,
  tx: Executor,
): Promise<StatusChange[]> {
  const ids = [...new Set(orderIds)];
  if (ids.length === 0) return [];

  const current = await orders.lockOrders(ids, tx);
  const lines = (await holdingsOf(ids, tx)).filter(
    (l) => l.status !== 'CANCELLED' && l.status !== 'SHIPPED',
  );
  const next = lines.map((l) => {
    const status = lineStatus(l);
    return { ...l, status, eta: status === 'IN_TRANSIT' ? l.eta : null };
  });
  await updateLines(next, tx);

  // A line that newly lacks goods is news to the store even when its order's status stays.
  const newlyShort = new Set(
    next
      .filter((l, i) => l.status === 'SHORTAGE' && lines[i]!.status !== 'SHORTAGE')
      .map((l) => l.orderId),
  );
  const changes: StatusChange[] = [];
  for (const order of current) {
    // An order past holding keeps its status, but its ETA still follows its goods.
    const fromLines = statusFromLines(next.filter((l) => l.orderId === order.id));
    const { status, eta } = HOLDING.includes(order.status)
      ? fromLines
      : { status: order.status, eta: fromLines.eta };
    if (status !== order.status || eta !== order.eta) {
      await orders.setStatus([order.id], { status, eta }, at, tx);
    }
    if (status !== order.status || newlyShort.has(order.id)) {
      changes.push({ orderId: order.id, status, previousStatus: order.status, reason });
    }
  }
  await orders.recordChanges(changes, at, tx);

  return changes;
}

/**
 * Returns orders that left a register (rejected or cancelled) to the status their goods give
 * them, READY or AWAITING_STOCK, holding what they held, and records it with `reason`. Their
 * hold runs at least until `holdUntil`.
 */
export async function returnToHolding(
  orders: OrderStore,
  orderIds: number[],
  reason: string,
  holdUntil: Date,
  at: Date,
  tx: Executor,
) {
  const current = await orders.lockOrders(orderIds, tx);
  const lines = await holdingsOf(orderIds, tx);
  const changes: StatusChange[] = [];
  for (const order of current) {
    const next = lines
      .filter((l) => l.orderId === order.id)
      .map((l) => ({ status: lineStatus(l), eta: l.eta }));
    const { status, eta } = statusFromLines(next);
    const hold = order.holdUntil && order.holdUntil > holdUntil ? order.holdUntil : holdUntil;
    await orders.setStatus([order.id], { status, eta, holdUntil: hold }, at, tx);
    changes.push({ orderId: order.id, status, previousStatus: order.status, reason });
  }
  await orders.recordChanges(changes, at, tx);
}
