import { z } from 'zod';
import type { Context } from '../context.js';
import type { Executor } from '../db/client.js';
import { isUniqueViolation } from '../db/errors.js';
import { inTransaction } from '../db/transaction.js';
import { queueStockChange } from '../events/outbox.js';
import { lockHeldBy, shipHeldBy } from '../orders/holds-store.js';
import { returnToHolding } from '../orders/refresh.js';
import { defaultHoldUntil } from '../orders/rules.js';
import type { OrderStatus } from '../orders/tables.js';
import { userError, UserErrorsException } from '../schema/user-errors.js';
import { parseInput } from '../schema/validation.js';
import * as field from '../schema/zod.js';
import { invoiceAmounts } from './invoice.js';
import type { RegisterRow, RegisterStatus } from './tables.js';

/*
 * What happens to a register after it is submitted, and to its orders with it:
 *
 *   SUBMITTED -> ACCEPTED (the distributor's ERP took it) -> INVOICED -> SHIPPED
 *   SUBMITTED -> REJECTED (by the distributor) or CANCELLED (by the store)
 *
 * Any other move is INVALID_STATE and changes nothing.
 */

type Party = 'store' | 'distributor';

/** Locks a register of the viewer's and checks that the move may start from its status. */
async function lockForMove(
  ctx: Context,
  id: number | null,
  party: Party,
  from: RegisterStatus[],
  move: string,
  tx: Executor,
): Promise<RegisterRow> {
  const register = id ? await ctx.stores.registers.lockRegister(id, tx) : null;
  const own = party === 'store' ? register?.storeId : register?.distributorId;
  if (!register || own !== ctx.viewer.organizationId) {
    throw userError('NOT_FOUND', 'No register of yours has this id', ['id']);
  }
  if (!from.includes(register.status)) {
    throw userError('INVALID_STATE', `A register that is ${register.status} cannot be ${move}`, [
      'id',
    ]);
  }

  return register;
}

/** Moves a register and every order still in it to their next status, recording both. */
async function advance(
  ctx: Context,
  register: RegisterRow,
  status: RegisterStatus & OrderStatus,
  values: Partial<Pick<RegisterRow, 'erpReference' | 'rejectReason'>>,
  reason: string,
  tx: Executor,
) {
  const { registers, orders } = ctx.stores;
  const now = ctx.clock();
  const orderIds = (await registers.findRegisterOrders([register.id], tx))
    .filter((o) => o.open)
    .map((o) => o.orderId);
  const current = await orders.lockOrders(orderIds, tx);

  await registers.update(register.id, { status, ...values }, now, tx);
  await registers.recordChange(
    { registerId: register.id, status, previousStatus: register.status, reason: null },
    now,
    tx,
  );
  await orders.setStatus(orderIds, { status }, now, tx);
  await orders.recordChanges(
    current.map((o) => ({ orderId: o.id, status, previousStatus: o.status, reason })),
    now,
    tx,
  );

  return { ...register, status, ...values, updatedAt: now };
}

/** Ends a register before acceptance; its orders go back to holding their goods. */
async function release(
  ctx: Context,
  register: RegisterRow,
  status: 'REJECTED' | 'CANCELLED',
  reason: string | null,
  tx: Executor,
) {
  const { registers, orders } = ctx.stores;
  const now = ctx.clock();
  const orderIds = (await registers.findRegisterOrders([register.id], tx)).map((o) => o.orderId);
  // Read on the transaction: a second connection may not be there to wait for (PGlite has one).
  const [distributor] = await ctx.stores.organizations.findByIds([register.distributorId], tx);

  await registers.closeOrders(register.id, null, tx);
  await registers.update(register.id, { status, rejectReason: reason }, now, tx);
  await registers.recordChange(
    { registerId: register.id, status, previousStatus: register.status, reason },
    now,
    tx,
  );
  const ended = status === 'REJECTED' ? 'rejected' : 'cancelled';
  const because = `register ${ended}${reason ? `: ${reason}` : ''}`;
  await returnToHolding(
    orders,
    orderIds,
    because,
    defaultHoldUntil(now, distributor!.timeZone!),
    now,
    tx,
  );

  return { ...register, status, rejectReason: reason, updatedAt: now };
}

const cancelRegisterInput = z.object({ reason: field.text().trim().max(500).nullish() });
const acceptRegisterInput = z.object({ erpReference: field.code });
const rejectRegisterInput = z.object({
  reason: field.text().trim().min(1, 'must say why').max(500, 'must be at most 500 characters'),
});
const issueInvoiceInput = z.object({ number: field.code, date: z.string() });

export async function cancelRegister(ctx: Context, id: number | null, rawInput: unknown) {
  const { reason } = parseInput(cancelRegisterInput, rawInput);
  const register = await inTransaction(ctx.stores.db, async (tx) =>
    release(
      ctx,
      await lockForMove(ctx, id, 'store', ['SUBMITTED'], 'cancelled', tx),
      'CANCELLED',
      reason ?? null,
      tx,
    ),
  );

  return { register };
}

export async function rejectRegister(ctx: Context, id: number | null, rawInput: unknown) {
  const { reason } = parseInput(rejectRegisterInput, rawInput);
  const register = await inTransaction(ctx.stores.db, async (tx) =>
    release(
      ctx,
      await lockForMove(ctx, id, 'distributor', ['SUBMITTED'], 'rejected', tx),
      'REJECTED',
      reason,
      tx,
    ),
  );

  return { register };
}

/** Records that the distributor's ERP took the register, under the ERP's own number. */
export async function acceptRegister(ctx: Context, id: number | null, rawInput: unknown) {
  const { erpReference } = parseInput(acceptRegisterInput, rawInput);
  try {
    const register = await inTransaction(ctx.stores.db, async (tx) => {
      const current = await lockForMove(ctx, id, 'distributor', ['SUBMITTED'], 'accepted', tx);
      return advance(ctx, current, 'ACCEPTED', { erpReference }, `accepted as ${erpReference}`, tx);
    });

    return { register };
  } catch (error) {
    if (!isUniqueViolation(error, 'registers_distributor_erp_reference_key')) throw error;
    throw userError('DUPLICATE', `Another register of yours is ${erpReference} in your ERP`, [
      'erpReference',
    ]);
  }
}

/**
 * Invoices an accepted register: a line per order line at the unit price captured on the
 * order, VAT per line rounded half-up to the currency's minor unit, totals the sums of lines.
 */
export async function issueInvoice(ctx: Context, registerId: number | null, rawInput: unknown) {
  const { number, date } = parseInput(issueInvoiceInput, rawInput);
  const { registers, orders } = ctx.stores;

  return inTransaction(ctx.stores.db, async (tx) => {
    const current = await lockForMove(ctx, registerId, 'distributor', ['ACCEPTED'], 'invoiced', tx);
    const orderIds = (await registers.findRegisterOrders([current.id], tx)).map((o) => o.orderId);
    const lines = (await orders.findLinesByOrderIds(orderIds, tx)).filter(
      (l) => l.status !== 'CANCELLED',
    );
    const short = lines.filter((l) => l.status === 'SHORTAGE');
    if (short.length > 0) {
      throw userError(
        'INVALID_STATE',
        `${short.length} line(s) of this register lack goods nobody expects; ` +
          'they cannot be invoiced',
        ['registerId'],
      );
    }
    const offers = new Map(
      (
        await ctx.stores.catalog.findOffersByIds(
          lines.map((l) => l.offerId),
          tx,
        )
      ).map((o) => [o.id, o]),
    );
    const amounts = invoiceAmounts(
      lines.map((line) => ({
        orderId: line.orderId,
        orderLineId: line.id,
        offerId: line.offerId,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        vatRate: offers.get(line.offerId)!.vatRate,
      })),
      current.currency,
    );
    const invoice = await registers.insertInvoice(
      {
        registerId: current.id,
        distributorId: current.distributorId,
        number,
        date,
        currency: current.currency,
        net: amounts.net,
        vat: amounts.vat,
        gross: amounts.gross,
      },
      amounts.lines,
      tx,
    );
    if (!invoice)
      throw userError('DUPLICATE', `You have issued invoice ${number} before`, ['number']);
    const register = await advance(ctx, current, 'INVOICED', {}, `invoiced as ${number}`, tx);

    return { invoice, register };
  });
}

/**
 * Ships an invoiced register: the goods its orders hold leave on-hand and reserved stock in
 * the warehouses they were held in. Every line must hold all its goods.
 */
export async function shipRegister(ctx: Context, id: number | null) {
  const { registers, orders } = ctx.stores;

  const register = await inTransaction(ctx.stores.db, async (tx) => {
    const seen = id ? (await registers.findRegistersByIds([id], tx))[0] : undefined;
    const orderIds = seen
      ? (await registers.findRegisterOrders([seen.id], tx)).map((o) => o.orderId)
      : [];
    // Stock first, then the register and its orders: the global lock order.
    const offerIds = await lockHeldBy(orderIds, tx);
    const current = await lockForMove(ctx, id, 'distributor', ['INVOICED'], 'shipped', tx);
    const lines = await orders.findLinesByOrderIds(orderIds, tx);
    const waiting = lines.filter((l) => l.status === 'SHORTAGE' || l.status === 'IN_TRANSIT');
    if (waiting.length > 0) {
      const byOrder = new Map((await orders.findOrdersByIds(orderIds, tx)).map((o) => [o.id, o]));
      throw new UserErrorsException(
        waiting.map((line) => ({
          code: 'INVALID_STATE',
          message:
            `Order ${byOrder.get(line.orderId)!.externalRef} line ${line.position + 1} ` +
            `is ${line.status}: it does not hold all its goods`,
          field: ['id'],
        })),
      );
    }
    await shipHeldBy(orderIds, tx);
    queueStockChange(tx, offerIds, ctx.clock());

    return advance(ctx, current, 'SHIPPED', {}, 'shipped', tx);
  });
  ctx.logger.info({ registerId: register.id }, 'register shipped');

  return { register };
}
