import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { value } from '../db/statement.js';
import { stockLevels } from '../stock/tables.js';
import { inWarehouses, type OfferQuantity, stockPlan } from './holds-store.js';
import type { NewOrder } from './store.js';
import { type OrderRow, orderLines, orders, stockHolds } from './tables.js';

/*
 * The one statement that places an order whose goods are all in stock: the order, its lines,
 * and what each line holds in which warehouse, or nothing at all.
 */

const placeFromStockRows = inWarehouses<
  Record<string, unknown>,
  {
    created_at: string | Date | null;
    updated_at: string | Date | null;
    enough: boolean;
    key_taken: boolean;
    taken: string;
  }
>(
  (where) => sql`
      with line_input as (
        select * from unnest(${value('positions')}::int[], ${value('offerIds')}::bigint[],
          ${value('quantities')}::int[], ${value('unitPrices')}::text[])
          as l(position, offer_id, quantity, unit_price)
      ),
      wanted as (
        select offer_id, sum(quantity)::int as quantity from line_input group by offer_id
      ),
      ${stockPlan(where)},
      taken as (
        select w.offer_id, w.quantity as wanted, coalesce(sum(p.take), 0)::int as quantity
        from wanted w left join plan p on p.offer_id = w.offer_id and p.take > 0
        group by w.offer_id, w.quantity
      ),
      enough as (select bool_and(quantity = wanted) as enough from taken),
      -- An order of the same key that committed while this one waited for the stock.
      key_taken as (
        select exists (
          select 1 from ${orders}
          where store_id = ${value('storeId')} and idempotency_key = ${value('idempotencyKey')}
        ) as key_taken
      ),
      placed as (
        insert into ${orders} (id, store_id, distributor_id, external_ref, status,
          delivery_option_id, eta, hold_until, total, currency, idempotency_key, request_hash)
        overriding system value
        select ${value('id')}, ${value('storeId')}, ${value('distributorId')},
          ${value('externalRef')}, 'READY', ${value('deliveryOptionId')}, null,
          ${value('holdUntil')}::text::timestamptz, ${value('total')}::numeric,
          ${value('currency')}, ${value('idempotencyKey')}, ${value('requestHash')}
        from enough, key_taken where enough and not key_taken
        on conflict do nothing
        returning id, created_at, updated_at
      ),
      took as (
        update ${stockLevels} s
        set reserved = s.reserved + p.take, updated_at = now()
        from plan p, placed
        where s.offer_id = p.offer_id and s.warehouse_id = p.warehouse_id and p.take > 0
          and s.on_hand - s.reserved >= p.take
        returning s.offer_id, s.warehouse_id, p.take as quantity
      ),
      line as (
        insert into ${orderLines} (order_id, position, offer_id, quantity, unit_price, status)
        select placed.id, l.position, l.offer_id, l.quantity, l.unit_price::numeric, 'RESERVED'
        from line_input l, placed
        returning id, position, offer_id, quantity
      ),
      -- The lines of an offer and what was taken of it, each laid end to end: a line holds
      -- from a warehouse where their spans overlap.
      line_span as (
        select id, offer_id, quantity,
          sum(quantity) over (partition by offer_id order by position) as upto
        from line
      ),
      take_span as (
        select offer_id, warehouse_id, quantity,
          sum(quantity) over (partition by offer_id order by warehouse_id) as upto
        from took
      ),
      hold as (
        insert into ${stockHolds} (order_line_id, warehouse_id, quantity)
        select l.id, t.warehouse_id,
          least(l.upto, t.upto) - greatest(l.upto - l.quantity, t.upto - t.quantity)
        from line_span l join take_span t on t.offer_id = l.offer_id
        where least(l.upto, t.upto) > greatest(l.upto - l.quantity, t.upto - t.quantity)
      )
      select placed.created_at, placed.updated_at, enough.enough, key_taken.key_taken,
        (select json_agg(json_build_array(offer_id, quantity)) from taken)::text as taken
      from enough cross join key_taken left join placed on true`,
);

/** The lines of a new order, at their captured prices, for `placeFromStock`. */
export interface NewLine {
  position: number;
  offerId: number;
  quantity: number;
  unitPrice: string;
}

/** What `placeFromStock` did: the order, or why not, and what stock it found of each offer. */
export type FromStock =
  | { outcome: 'placed'; order: OrderRow }
  /** The store's idempotency key is taken, by a call that committed first. */
  | { outcome: 'taken-key' }
  /** Some offer lacks free stock: nothing was written. */
  | { outcome: 'short'; taken: OfferQuantity[] };

/**
 * Inserts an order, holds all its lines from free stock as `holdStock` would, and inserts the
 * lines with what each holds where, all in one statement, or, when some offer lacks free stock
 * or the idempotency key is taken, writes nothing. The stock must be locked first (`lockStock`):
 * what is free is then exactly what is held. Since nothing is written unless all of it is, the
 * statements and the commit after it can go out with it, before its answer.
 */
export async function placeFromStock(
  order: NewOrder,
  lines: NewLine[],
  warehouseIds: number[] | null,
  tx: Executor,
): Promise<FromStock> {
  const [row] = await placeFromStockRows(tx, warehouseIds, {
    ...order,
    holdUntil: order.holdUntil?.toISOString() ?? null,
    positions: lines.map((l) => l.position),
    offerIds: lines.map((l) => l.offerId),
    quantities: lines.map((l) => l.quantity),
    unitPrices: lines.map((l) => l.unitPrice),
  });
  const { created_at: createdAt, updated_at: updatedAt, enough, key_taken: keyTaken } = row!;
  if (createdAt && updatedAt) {
    const times = { createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) };
    return { outcome: 'placed', order: { ...order, ...times } };
  }
  // Not placed though every line found stock: another call inserted an order of the same key.
  if (keyTaken || enough) return { outcome: 'taken-key' };
  const taken = JSON.parse(row!.taken) as [number | string, number][];

  return {
    outcome: 'short',
    taken: taken.map(([offerId, quantity]) => ({ offerId: Number(offerId), quantity })),
  };
}
