import { Decimal } from 'decimal.js';
import { z } from 'zod';
import type { Context } from '../context.js';
import { inTransaction } from '../db/transaction.js';
import { addDays, canShipOn, localDate } from '../delivery/ship-date.js';
import type { DeliveryOptionRow } from '../delivery/tables.js';
import { toMoney } from '../money/money.js';
import type { OrderRow } from '../orders/tables.js';
import { type UserError, userError, UserErrorsException } from '../schema/user-errors.js';
import { requestHash as hashOf, sameRequest } from '../schema/idempotency.js';
import { parseInput } from '../schema/validation.js';
import * as field from '../schema/zod.js';

/** Most orders one register takes. */
export const MAX_REGISTER_ORDERS = 500;

/** How far ahead to look for the next day a register could ship. */
const SEARCH_DAYS = 28;

/** How far ahead a register may be for: sixty days. */
const MAX_SHIP_DAYS_AHEAD = 60;

const submitRegisterInput = z.object({
  shipDate: z.string(),
  orderIds: z
    .array(z.number().nullable())
    .min(1, 'must name at least one order')
    .max(MAX_REGISTER_ORDERS, `takes at most ${MAX_REGISTER_ORDERS} orders`),
  idempotencyKey: field.text().trim().min(1, 'must not be blank').max(200).nullish(),
});

type SubmitRegisterInput = z.output<typeof submitRegisterInput>;

/**
 * Whether every order can ship on `day` by the ship-date rule: by its own delivery option, or
 * by one of those the store's terms grant when it names none; and, waiting for goods, not
 * before they arrive.
 */
function canShipAll(
  orders: OrderRow[],
  optionsOf: (order: OrderRow) => DeliveryOptionRow[],
  timeZone: string,
  day: string,
  now: Date,
) {
  return orders.every(
    (order) =>
      (order.status !== 'AWAITING_STOCK' || (order.eta !== null && order.eta <= day)) &&
      optionsOf(order).some((o) =>
        canShipOn({ timeZone, cutoff: o.cutoff, weekdays: o.weekdays }, day, now),
      ),
  );
}

/**
 * The first day every order can ship, on or after the day asked for (and from tomorrow on), if
 * one comes within four weeks of it.
 */
function nextShipDate(...[orders, optionsOf, timeZone, asked, now]: Parameters<typeof canShipAll>) {
  const tomorrow = addDays(localDate(now, timeZone), 1);
  const from = asked > tomorrow ? asked : tomorrow;
  for (let days = 0; days <= SEARCH_DAYS; days++) {
    const day = addDays(from, days);
    if (canShipAll(orders, optionsOf, timeZone, day, now)) return day;
  }

  return null;
}

/** Why an order cannot go in a register, or null when it can. */
function orderProblem(
  order: OrderRow | undefined,
  storeId: number,
  distributorId: number,
  shipDate: string,
  now: Date,
): Pick<UserError, 'code' | 'message'> | null {
  const invalid = (message: string) => ({ code: 'INVALID_STATE' as const, message });
  if (!order || order.storeId !== storeId) {
    return { code: 'NOT_FOUND', message: 'No order of yours has this id' };
  }
  const name = `Order ${order.externalRef}`;
  if (order.distributorId !== distributorId) {
    return invalid(`${name} is addressed to another distributor`);
  }
  const holding = order.status === 'READY' || order.status === 'AWAITING_STOCK';
  if (holding && order.holdUntil && order.holdUntil <= now) {
    return invalid(`${name} expired at ${order.holdUntil.toISOString()}`);
  }
  if (order.status === 'READY') return null;
  if (order.status !== 'AWAITING_STOCK') return invalid(`${name} is ${order.status}`);
  if (order.eta === null) return invalid(`${name} waits for goods nobody expects yet`);
  if (order.eta > shipDate)
    return invalid(`${name} waits for goods due ${order.eta}, after ${shipDate}`);

  return null;
}

function requestHash(distributorId: number | null, input: SubmitRegisterInput) {
  const canonical = [distributorId, input.shipDate, input.orderIds];
  return hashOf(canonical);
}

/**
 * Sends a distributor the store's register of orders to ship on `shipDate`: every order is the
 * store's, addressed to that distributor, and READY, or AWAITING_STOCK with goods due by then.
 * Its orders are IN_REGISTER from then on and no longer expire.
 */
export async function submitRegister(
  ctx: Context,
  storeId: number,
  distributorId: number | null,
  rawInput: unknown,
) {
  const input = parseInput(submitRegisterInput, rawInput);
  const hash = requestHash(distributorId, input);
  const { registers, orders } = ctx.stores;
  if (input.idempotencyKey) {
    const first = await registers.findByIdempotencyKey(storeId, input.idempotencyKey);
    if (first) return { register: sameRequest(first, hash) };
  }

  const distributor = distributorId && (await ctx.loaders.organization.load(distributorId));
  if (!distributor || distributor.kind !== 'distributor') {
    throw userError('NOT_FOUND', 'No distributor has this id', ['distributorId']);
  }
  const terms = await ctx.loaders.termsWithDistributor.load(distributor.id);
  const allOptions = await ctx.loaders.deliveryOptionsByDistributor.load(distributor.id);
  const granted = terms?.deliveryOptionIds.length
    ? allOptions.filter((o) => terms.deliveryOptionIds.includes(o.id))
    : allOptions;
  const optionsOf = (order: OrderRow) =>
    order.deliveryOptionId ? allOptions.filter((o) => o.id === order.deliveryOptionId) : granted;
  const now = ctx.clock();
  const ids = input.orderIds.map((id) => id ?? 0);

  // Amounts never change after placement, so the total can be known before any lock.
  const named = await orders.findOrdersByIds([...new Set(ids)]);
  const total = named.reduce((sum, o) => sum.plus(o.total), new Decimal(0));
  const currency = named[0]?.currency ?? 'RUB';

  const register = await inTransaction(ctx.stores.db, async (tx) => {
    // Inserted first: a concurrent call with the same key waits here for this one to finish.
    const created = await registers.insertRegister(
      {
        storeId,
        distributorId: distributor.id,
        shipDate: input.shipDate,
        status: 'SUBMITTED',
        total: toMoney(total, currency).amount,
        currency,
        idempotencyKey: input.idempotencyKey ?? null,
        requestHash: input.idempotencyKey ? hash : null,
      },
      tx,
    );
    if (!created) {
      const first = await registers.findByIdempotencyKey(storeId, input.idempotencyKey!, tx);
      return sameRequest(first!, hash);
    }

    const locked = new Map((await orders.lockOrders([...new Set(ids)], tx)).map((o) => [o.id, o]));
    const errors: UserError[] = [];
    ids.forEach((id, i) => {
      const problem =
        ids.indexOf(id) < i
          ? { code: 'INVALID_INPUT' as const, message: 'This order is named twice' }
          : orderProblem(locked.get(id), storeId, distributor.id, input.shipDate, now);
      if (problem) errors.push({ ...problem, field: ['orderIds', String(i)] });
    });
    if (errors.length > 0) throw new UserErrorsException(errors);

    const submitted = [...locked.values()];
    const currencies = new Set(submitted.map((o) => o.currency));
    if (currencies.size > 1) {
      throw userError(
        'INVALID_STATE',
        `A register is in one currency; these orders are in ${[...currencies].join(' and ')}`,
        ['orderIds'],
      );
    }
    const latest = addDays(localDate(now, distributor.timeZone!), MAX_SHIP_DAYS_AHEAD);
    if (input.shipDate > latest) {
      throw userError('INVALID_INPUT', `shipDate must be no later than ${latest}`, ['shipDate']);
    }
    if (!canShipAll(submitted, optionsOf, distributor.timeZone!, input.shipDate, now)) {
      const next = nextShipDate(submitted, optionsOf, distributor.timeZone!, input.shipDate, now);
      throw userError(
        'CUTOFF_PASSED',
        `${distributor.name} cannot ship these orders on ${input.shipDate}; ` +
          (next ? `the next possible date is ${next}` : 'no date in the next four weeks works'),
        ['shipDate'],
      );
    }

    const added = await registers.addOrders(
      created.id,
      submitted.map((o) => ({ orderId: o.id, previousStatus: o.status })),
      tx,
    );
    if (!added) {
      throw userError('INVALID_STATE', 'An order of this register is already in another one', [
        'orderIds',
      ]);
    }
    await orders.setStatus(
      submitted.map((o) => o.id),
      { status: 'IN_REGISTER' },
      now,
      tx,
    );
    await orders.recordChanges(
      submitted.map((o) => ({
        orderId: o.id,
        status: 'IN_REGISTER',
        previousStatus: o.status,
        reason: `in the register for ${input.shipDate}`,
      })),
      now,
      tx,
    );
    await registers.recordChange(
      { registerId: created.id, status: 'SUBMITTED', previousStatus: null, reason: null },
      now,
      tx,
    );

    return created;
  });
  ctx.logger.info({ registerId: register.id, orders: ids.length }, 'register submitted');

  return { register };
}
