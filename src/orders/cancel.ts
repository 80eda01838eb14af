import { z } from 'zod';
import type { Context } from '../context.js';
import type { Executor } from '../db/client.js';
import { inTransaction } from '../db/transaction.js';
import type { Viewer } from '../auth/viewer.js';
import { userError } from '../schema/user-errors.js';
import { parseInput } from '../schema/validation.js';
import { lockHeldBy, releaseHeldBy } from './holds-store.js';
import type { OrderStore } from './store.js';
import type { OrderRow, OrderStatus } from './tables.js';

/** The statuses an order can still be cancelled from. */
const CANCELLABLE: OrderStatus[] = ['AWAITING_STOCK', 'READY', 'IN_REGISTER'];

const cancelOrderInput = z.object({
  reason: z.string().trim().max(500, 'must be at most 500 characters').nullish(),
});

/**
 * Gives back all that these orders hold and ends them in `status`. The caller holds the locks
 * of what they hold (`lockHeldBy`) and of the orders themselves, in that order.
 */
export async function endOrders(
  orders: OrderStore,
  ended: OrderRow[],
  status: 'CANCELLED' | 'EXPIRED',
  reason: string | null,
  at: Date,
  tx: Executor,
) {
  const ids = ended.map((o) => o.id);
  if (ids.length === 0) return;

  await releaseHeldBy(ids, tx);
  await orders.cancelLines(ids, tx);
  await orders.setStatus(ids, { status, eta: null }, at, tx);
  await orders.recordChanges(
    ended.map((o) => ({ orderId: o.id, status, previousStatus: o.status, reason })),
    at,
    tx,
  );
}

const isParty = (viewer: Viewer, order: OrderRow) =>
  viewer.organizationId === order.storeId || viewer.organizationId === order.distributorId;

/** Cancels an order for its store or its distributor, giving back all it holds. */
export async function cancelOrder(ctx: Context, id: number | null, rawInput: unknown) {
  const { reason } = parseInput(cancelOrderInput, rawInput);
  const { orders } = ctx.stores;
  const now = ctx.clock();

  const order = await inTransaction(ctx.stores.db, async (tx) => {
    const [seen] = id ? await orders.findOrdersByIds([id], tx) : [];
    if (!seen || !isParty(ctx.viewer, seen))
      throw userError('NOT_FOUND', 'No order of yours has this id', ['id']);

    await lockHeldBy([seen.id], tx);
    const [current] = await orders.lockOrders([seen.id], tx);
    if (!CANCELLABLE.includes(current!.status)) {
      throw userError('INVALID_STATE', `An order that is ${current!.status} cannot be cancelled`, [
        'id',
      ]);
    }
    // TODO(#4): an order in a register leaves it when cancelled; an accepted one cannot be.
    await endOrders(orders, [current!], 'CANCELLED', reason ?? null, now, tx);

    return { ...current!, status: 'CANCELLED' as const, eta: null, updatedAt: now };
  });
  ctx.logger.info({ orderId: order.id }, 'order cancelled');

  return { order };
}
