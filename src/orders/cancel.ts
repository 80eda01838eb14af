import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { toMoney } from '../money/money.js';
import type { Context } from '../context.js';
import type { Executor } from '../db/client.js';
import { inTransaction } from '../db/transaction.js';
import type { Viewer } from '../auth/viewer.js';
import { userError } from '../schema/user-errors.js';
import { parseInput } from '../schema/validation.js';
import * as field from '../schema/zod.js';
import { queueStockChange } from '../events/outbox.js';
import { lockHeldBy, releaseHeldBy } from './holds-store.js';
import type { OrderStore } from './store.js';
import type { RegisterRow } from '../registers/tables.js';
import type { OrderRow, OrderStatus } from './tables.js';

/** The statuses an order can still be cancelled from. */
const CANCELLABLE: OrderStatus[] = ['AWAITING_STOCK', 'READY', 'IN_REGISTER'];

const cancelOrderInput = z.object({
  reason: field.text().trim().max(500, 'must be at most 500 characters').nullish(),
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

/**
 * Takes a cancelled order out of the submitted register it is in; a register left with no
 * orders is cancelled too.
 */
async function leaveRegister(
  ctx: Context,
  order: OrderRow,
  register: RegisterRow,
  at: Date,
  tx: Executor,
) {
  const { registers } = ctx.stores;
  await registers.removeOrder(register.id, order.id, tx);
  const total = new Decimal(register.total).minus(order.total);
  const empty = (await registers.findRegisterOrders([register.id], tx)).length === 0;
  await registers.update(
    register.id,
    { total: toMoney(total, register.currency).amount, ...(empty ? { status: 'CANCELLED' } : {}) },
    at,
    tx,
  );
  if (empty) {
    await registers.recordChange(
      {
        registerId: register.id,
        status: 'CANCELLED',
        previousStatus: register.status,
        reason: 'its last order was cancelled',
      },
      at,
      tx,
    );
  }
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

    queueStockChange(tx, await lockHeldBy([seen.id], tx), now);
    const [membership] = await ctx.stores.registers.findOpenRegisterOfOrders([seen.id], tx);
    const register =
      membership && (await ctx.stores.registers.lockRegister(membership.registerId, tx));
    const [current] = await orders.lockOrders([seen.id], tx);
    if (!CANCELLABLE.includes(current!.status)) {
      throw userError('INVALID_STATE', `An order that is ${current!.status} cannot be cancelled`, [
        'id',
      ]);
    }
    if (current!.status === 'IN_REGISTER') {
      // A register may have taken the order between the look-up above and its lock: look again.
      const [membershipNow] = await ctx.stores.registers.findOpenRegisterOfOrders(
        [current!.id],
        tx,
      );
      const holding =
        register && register.id === membershipNow?.registerId
          ? register
          : await ctx.stores.registers.lockRegister(membershipNow!.registerId, tx);
      await leaveRegister(ctx, current!, holding!, now, tx);
    }
    await endOrders(orders, [current!], 'CANCELLED', reason ?? null, now, tx);

    return { ...current!, status: 'CANCELLED' as const, eta: null, updatedAt: now };
  });
  ctx.logger.info({ orderId: order.id }, 'order cancelled');

  return { order };
}
