import { Decimal } from 'decimal.js';
import type { Context } from '../context.js';
import type { Executor } from '../db/client.js';
import { commitWith, inTransaction } from '../db/transaction.js';
import { queueStockChange, writeEventsIfOrderExists } from '../events/outbox.js';
import { toMoney } from '../money/money.js';
import { UserErrorsException } from '../schema/user-errors.js';
import { requestHash as hashOf, sameRequest } from '../schema/idempotency.js';
import { parseInput } from '../schema/validation.js';
import {
  holdStock,
  type IncomingClaim,
  insertPlacedLines,
  lockStock,
  type OfferQuantity,
} from './holds-store.js';
import { claimIncoming, lockIncoming, openIncoming } from './incoming-store.js';
import {
  checkOrder,
  type PlaceOrderInput,
  placeOrderInput,
  type PricedLine,
} from './place-checks.js';
import { placeFromStock } from './placement-store.js';
import { shareAmongLines } from './rules.js';
import type { NewOrder } from './store.js';
import type { OrderRow } from './tables.js';

/** What the same idempotency key must be sent with again: the whole input, canonically. */
function requestHash(distributorId: number | null, input: PlaceOrderInput): string {
  const canonical = [
    distributorId,
    input.externalRef,
    input.lines.map((l) => [l.offerId, l.quantity]),
    input.allowBackorder ?? false,
    input.holdUntil?.toISOString() ?? null,
    input.deliveryOptionId ?? null,
  ];

  return hashOf(canonical);
}

function shortfalls(wanted: OfferQuantity[], taken: OfferQuantity[]): OfferQuantity[] {
  return wanted
    .map(({ offerId, quantity }) => ({
      offerId,
      quantity:
        quantity - taken.filter((t) => t.offerId === offerId).reduce((s, t) => s + t.quantity, 0),
    }))
    .filter((s) => s.quantity > 0);
}

/**
 * Holds every line of a store's order with one distributor, or nothing: from stock, and with
 * `allowBackorder` the rest from incoming goods. The same idempotency key returns the order it
 * first made.
 */
export async function placeOrder(
  ctx: Context,
  storeId: number,
  distributorId: number | null,
  rawInput: unknown,
): Promise<{ order: OrderRow }> {
  const input = parseInput(placeOrderInput, rawInput);
  const hash = requestHash(distributorId, input);
  const { orders } = ctx.stores;

  // A retry after the first call committed needs no checks: it gets that order back.
  if (input.idempotencyKey) {
    const first = await orders.findByIdempotencyKey(storeId, input.idempotencyKey);
    if (first) return { order: sameRequest(first, hash) };
  }

  const [checked, id] = await Promise.all([
    checkOrder(ctx, storeId, distributorId, input),
    orders.nextOrderId(),
  ]);
  const total = checked.lines.reduce(
    (sum, l) => sum.plus(new Decimal(l.unitPrice).times(l.quantity)),
    new Decimal(0),
  );
  const order: NewOrder = {
    id,
    storeId,
    distributorId: checked.distributor.id,
    externalRef: input.externalRef,
    status: 'READY',
    deliveryOptionId: input.deliveryOptionId ?? null,
    eta: null,
    holdUntil: checked.holdUntil,
    total: toMoney(total, checked.currency).amount,
    currency: checked.currency,
    idempotencyKey: input.idempotencyKey ?? null,
    requestHash: input.idempotencyKey ? hash : null,
  };

  const fromStock = await placeAllFromStock(ctx, order, checked);
  let placed: OrderRow;
  if (fromStock.outcome === 'placed') placed = fromStock.order;
  else if (fromStock.outcome === 'taken-key') {
    const first = await orders.findByIdempotencyKey(storeId, input.idempotencyKey!);
    return { order: sameRequest(first!, hash) };
  } else if (input.allowBackorder) placed = await placeWithBackorder(ctx, order, checked, hash);
  else {
    const { wanted } = checked;
    const short = shortfalls(wanted, fromStock.taken);
    const held = { takes: fromStock.taken, claims: [] };
    const { db } = ctx.stores;
    throw await insufficientStock(checked.lines, wanted, short, held, checked.warehouseIds, db);
  }
  ctx.logger.info({ orderId: placed.id, status: placed.status }, 'order placed');

  return { order: placed };
}

type CheckedOrder = Awaited<ReturnType<typeof checkOrder>>;

/**
 * Places an order whose goods are all in stock in one round trip: the stock lock, the order
 * with its lines and holds, its events and COMMIT go out together, so the stock stays locked
 * only while PostgreSQL runs them. Short of stock, or with a taken idempotency key, the
 * transaction writes nothing.
 */
async function placeAllFromStock(ctx: Context, order: NewOrder, checked: CheckedOrder) {
  const { orders } = ctx.stores;
  const now = ctx.clock();
  const offerIds = checked.wanted.map((w) => w.offerId);
  const lines = checked.lines.map((l) => ({ ...l, offerId: l.offer.id }));

  // The generic plans of these statements look each offer up by its key, as a custom plan of
  // one line does; planning them anew at every order would cost PostgreSQL more than the order.
  const { placed } = await inTransaction(
    ctx.stores.db,
    async (tx) => {
      commitWith(tx, lockStock(offerIds, checked.warehouseIds, tx));
      const placed = placeFromStock(order, lines, checked.warehouseIds, tx);
      commitWith(tx, placed);
      queueStockChange(tx, offerIds, now);
      const change = { orderId: order.id, status: order.status, previousStatus: null };
      orders.recordChanges([{ ...change, reason: 'placed' }], now, tx);
      writeEventsIfOrderExists(tx, order.id);

      // Not awaited here: the events and COMMIT go out behind it, and the commit awaits it.
      return { placed };
    },
    { genericPlans: true },
  );

  return placed;
}

/**
 * Places an order some of whose goods are not in stock: what stock there is, the rest claimed
 * from incoming goods, earliest first; the order then waits for them.
 */
async function placeWithBackorder(
  ctx: Context,
  order: NewOrder,
  checked: CheckedOrder,
  hash: string,
): Promise<OrderRow> {
  const { orders } = ctx.stores;
  const now = ctx.clock();

  return inTransaction(ctx.stores.db, async (tx) => {
    const placed = await orders.insertOrder(order, tx);
    if (!placed)
      return sameRequest(
        (await orders.findByIdempotencyKey(order.storeId, order.idempotencyKey!, tx))!,
        hash,
      );

    const { wanted } = checked;
    const offerIds = wanted.map((w) => w.offerId);
    // Sent together: the lock still comes first, and the hold follows a round trip sooner.
    const [, takes] = await Promise.all([
      lockStock(offerIds, checked.warehouseIds, tx),
      holdStock(wanted, checked.warehouseIds, tx),
    ]);
    queueStockChange(tx, new Set(takes.map((take) => take.offerId)), now);
    const short = shortfalls(wanted, takes);
    let claims: IncomingClaim[] = [];
    if (short.length > 0) {
      [, claims] = await Promise.all([
        lockIncoming(
          short.map((s) => s.offerId),
          tx,
        ),
        claimIncoming(short, checked.warehouseIds, tx),
      ]);
    }
    const still = shortfalls(short, claims);
    if (still.length > 0) {
      const held = { takes, claims };
      throw await insufficientStock(checked.lines, wanted, still, held, checked.warehouseIds, tx);
    }

    const holdings = shareAmongLines(
      checked.lines.map((l) => ({
        position: l.position,
        offerId: l.offer.id,
        quantity: l.quantity,
      })),
      takes,
      claims,
    );
    const eta = holdings.reduce<string | null>(
      (max, h) => (h.eta && (!max || h.eta > max) ? h.eta : max),
      null,
    );
    const status = eta ? 'AWAITING_STOCK' : 'READY';
    orders.recordChanges(
      [{ orderId: placed.id, status, previousStatus: null, reason: 'placed' }],
      now,
      tx,
    );
    const lines = insertPlacedLines(
      placed.id,
      checked.lines.map((line, i) => {
        const { holds, claims, status, eta } = holdings[i]!;
        const { position, quantity, unitPrice } = line;
        return {
          position,
          offerId: line.offer.id,
          quantity,
          unitPrice,
          status,
          eta,
          holds,
          claims,
        };
      }),
      tx,
    );
    if (status === placed.status) commitWith(tx, lines);
    else await Promise.all([lines, orders.setStatus([placed.id], { status, eta }, now, tx)]);

    return { ...placed, status, eta } as OrderRow;
  });
}

/** The INSUFFICIENT_STOCK errors of the short lines, saying what there is now and by when. */
async function insufficientStock(
  lines: PricedLine[],
  wanted: OfferQuantity[],
  short: OfferQuantity[],
  held: { takes: OfferQuantity[]; claims: IncomingClaim[] },
  warehouseIds: number[] | null,
  tx: Executor,
): Promise<UserErrorsException> {
  const sum = (rows: OfferQuantity[], offerId: number) =>
    rows.filter((r) => r.offerId === offerId).reduce((total, r) => total + r.quantity, 0);
  // Without backorders nothing was claimed, so what is open is what could have been.
  const open =
    held.claims.length === 0
      ? await openIncoming(
          short.map((s) => s.offerId),
          warehouseIds,
          tx,
        )
      : null;

  const errors = short.flatMap(({ offerId }) => {
    const asked = sum(wanted, offerId);
    const claimed = held.claims.filter((c) => c.offerId === offerId);
    const coming = open
      ? open.get(offerId)
      : {
          quantity: sum(claimed, offerId),
          eta: claimed
            .map((c) => c.eta)
            .sort()
            .at(-1),
        };
    const later = coming?.quantity ? `${coming.quantity} more by ${coming.eta}` : 'none incoming';

    return lines
      .filter((line) => line.offer.id === offerId)
      .map((line) => ({
        code: 'INSUFFICIENT_STOCK' as const,
        message:
          `SKU ${line.offer.sku}: ${asked} asked, ` +
          `${sum(held.takes, offerId)} available now, ${later}`,
        field: ['lines', String(line.position), 'quantity'],
      }));
  });

  return new UserErrorsException(errors);
}
