import { type SQL, sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../db/client.js';
import { bigints, ints } from '../db/params.js';
import { incomingAllocations, orderLines, stockHolds } from './tables.js';

/*
 * The holds and claims of single lines: who holds what where, and taking some of it back. The
 * callers hold the locks of the stock rows and shipments concerned.
 */

/** A hold or claim of one line, with the order it belongs to. */
export interface LineShareRow {
  orderLineId: number;
  orderId: number;
  key: number;
  quantity: number;
}

/** The stock holds of one offer in one warehouse, latest order first. */
export async function holdsAt(offerId: number, warehouseId: number, tx: Executor) {
  const rows = await rowsOf<{ order_line_id: string; order_id: string; quantity: number }>(
    tx,
    sql`
      select h.order_line_id, l.order_id, h.quantity
      from ${stockHolds} h join ${orderLines} l on l.id = h.order_line_id
      where l.offer_id = ${offerId} and h.warehouse_id = ${warehouseId}
      order by l.order_id desc, l.id desc`,
  );

  return rows.map((r): LineShareRow => ({
    orderLineId: Number(r.order_line_id),
    orderId: Number(r.order_id),
    key: warehouseId,
    quantity: r.quantity,
  }));
}

/** The claims on one incoming shipment, earliest order first. */
export async function claimsOn(incomingShipmentId: number, tx: Executor) {
  const rows = await rowsOf<{ order_line_id: string; order_id: string; quantity: number }>(
    tx,
    sql`
      select a.order_line_id, l.order_id, a.quantity
      from ${incomingAllocations} a join ${orderLines} l on l.id = a.order_line_id
      where a.incoming_shipment_id = ${incomingShipmentId}
      order by l.order_id, l.id`,
  );

  return rows.map((r): LineShareRow => ({
    orderLineId: Number(r.order_line_id),
    orderId: Number(r.order_id),
    key: incomingShipmentId,
    quantity: r.quantity,
  }));
}

/** Takes `quantity` units off each of these stock holds, dropping the ones it empties. */
export async function cutHolds(cuts: LineShareRow[], tx: Executor) {
  await cutShares(cuts, sql`${stockHolds}`, sql`warehouse_id`, tx);
}

/** Takes `quantity` units off each of these claims, dropping the ones it empties. */
export async function cutClaims(cuts: LineShareRow[], tx: Executor) {
  await cutShares(cuts, sql`${incomingAllocations}`, sql`incoming_shipment_id`, tx);
}

async function cutShares(cuts: LineShareRow[], table: SQL, keyColumn: SQL, tx: Executor) {
  if (cuts.length === 0) return;
  await tx.execute(sql`
    with c as (
      select * from unnest(${bigints(cuts.map((c) => c.orderLineId))},
        ${bigints(cuts.map((c) => c.key))}, ${ints(cuts.map((c) => c.quantity))})
        as c(line_id, key, cut)
    ),
    emptied as (
      delete from ${table} t using c
      where t.order_line_id = c.line_id and t.${keyColumn} = c.key and t.quantity <= c.cut
    )
    update ${table} t set quantity = t.quantity - c.cut
    from c
    where t.order_line_id = c.line_id and t.${keyColumn} = c.key and t.quantity > c.cut`);
}

/** Adds units to stock holds of lines at one warehouse, creating the holds that do not exist. */
export async function addHolds(
  rows: { orderLineId: number; warehouseId: number; quantity: number }[],
  tx: Executor,
) {
  if (rows.length === 0) return;
  await tx
    .insert(stockHolds)
    .values(rows)
    .onConflictDoUpdate({
      target: [stockHolds.orderLineId, stockHolds.warehouseId],
      set: { quantity: sql`${stockHolds.quantity} + excluded.quantity` },
    });
}
