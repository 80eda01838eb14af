import { type SQL, sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../db/client.js';
import { bigints } from '../db/params.js';
import { defineStatement, value } from '../db/statement.js';
import { incomingShipments, stockLevels } from '../stock/tables.js';
import { incomingAllocations, type OrderLineRow, orderLines, stockHolds } from './tables.js';

/*
 * The SQL that holds and gives back goods. Every transaction that changes stock or incoming
 * goods locks rows in one order: stock levels by (offer, warehouse), then incoming shipments by
 * id, then registers, then orders by id. Two transactions can then wait for each other but not
 * deadlock; should PostgreSQL still pick a victim, `inTransaction` runs it again.
 */

/** Units of an offer, as asked for or as taken. */
export interface OfferQuantity {
  offerId: number;
  quantity: number;
}

/** Units held from one warehouse's stock. */
export interface StockTake extends OfferQuantity {
  warehouseId: number;
}

/** Units claimed from one incoming shipment. */
export interface IncomingClaim extends OfferQuantity {
  incomingShipmentId: number;
  eta: string;
}

/**
 * A statement in two versions, built once each: for the rows of the warehouses in the value
 * `warehouseIds`, and for those of every warehouse (`where` is then `true`).
 */
export function inWarehouses<V extends Record<string, unknown>, R>(
  statement: (where: (column: SQL) => SQL) => SQL,
) {
  const some = defineStatement<V & { warehouseIds: number[] }, R>(
    statement((column) => sql`${column} = any(${value('warehouseIds')}::bigint[])`),
  );
  const every = defineStatement<V, R>(statement(() => sql`true`));

  return (tx: Executor, warehouseIds: number[] | null, values: V) =>
    warehouseIds ? some(tx, { ...values, warehouseIds }) : every(tx, values);
}

export const wantedRows = sql`select * from unnest(${value('offerIds')}::bigint[],
    ${value('quantities')}::int[]) as w(offer_id, quantity)`;

export const wantedValues = (rows: OfferQuantity[]) => ({
  offerIds: rows.map((w) => w.offerId),
  quantities: rows.map((w) => w.quantity),
});

const lockStockRows = inWarehouses<{ offerIds: number[] }, unknown>(
  (where) => sql`
    select 1 from ${stockLevels}
    where offer_id = any(${value('offerIds')}::bigint[])
      and (${where(sql`warehouse_id`)})
    order by offer_id, warehouse_id
    for update`,
);

/** Locks the stock of these offers (in one warehouse, or all) in the global lock order. */
export async function lockStock(offerIds: number[], warehouseIds: number[] | null, tx: Executor) {
  await lockStockRows(tx, warehouseIds, { offerIds });
}

/**
 * The CTEs `free` and `plan`: for each offer in the CTE `wanted` (offer_id, quantity), what to
 * take from each warehouse's free stock, from the one with the most free first. The offers are
 * also the value `offerIds`, which a generic plan looks up by key where a join to `wanted` may
 * turn into a scan of all stock. The rows are locked as they are read, in the lock order, so
 * the plan is of what they hold now: `lockStock` locked those there were, but a row made since
 * (the first stock of an offer in a warehouse) may be another order's to take first.
 */
export const stockPlan = (where: (column: SQL) => SQL) => sql`
      free as (
        select s.offer_id, s.warehouse_id, s.on_hand - s.reserved as free, w.quantity as wanted
        from ${stockLevels} s join wanted w on w.offer_id = s.offer_id
        where s.offer_id = any(${value('offerIds')}::bigint[]) and s.on_hand > s.reserved
          and (${where(sql`s.warehouse_id`)})
        order by s.offer_id, s.warehouse_id
        for update of s
      ),
      plan as (
        select offer_id, warehouse_id, least(free, wanted - coalesce(sum(free) over (
          partition by offer_id order by free desc, warehouse_id
          rows between unbounded preceding and 1 preceding), 0))::int as take
        from free
      )`;

const holdStockRows = inWarehouses<
  ReturnType<typeof wantedValues>,
  { offer_id: string; warehouse_id: string; quantity: number }
>(
  (where) => sql`
      with wanted as (${wantedRows}),
      ${stockPlan(where)}
      update ${stockLevels} s
      set reserved = s.reserved + p.take, updated_at = now()
      from plan p
      where s.offer_id = p.offer_id and s.warehouse_id = p.warehouse_id and p.take > 0
        and s.on_hand - s.reserved >= p.take
      returning s.offer_id, s.warehouse_id, p.take::int as quantity`,
);

/**
 * Holds up to the wanted quantity of each offer from free stock, from the warehouse with the
 * most free first and split across warehouses when one is not enough. Each row checks its own
 * free stock as it is updated, so nothing is ever held twice. Returns what was taken where.
 */
export async function holdStock(
  wanted: OfferQuantity[],
  warehouseIds: number[] | null,
  tx: Executor,
): Promise<StockTake[]> {
  const rows = await holdStockRows(tx, warehouseIds, wantedValues(wanted));

  return rows.map((r) => ({
    offerId: Number(r.offer_id),
    warehouseId: Number(r.warehouse_id),
    quantity: r.quantity,
  }));
}

/** A line of a new order, with what it holds from stock and has claimed of incoming goods. */
export interface PlacedLine {
  position: number;
  offerId: number;
  quantity: number;
  unitPrice: string;
  status: OrderLineRow['status'];
  eta: string | null;
  holds: { warehouseId: number; quantity: number }[];
  claims: { incomingShipmentId: number; quantity: number }[];
}

// Prices go as text[]: drizzle has postgres.js pass a numeric[] parameter on unserialized.
const insertLines = defineStatement(sql`
  with line as (
    insert into ${orderLines} (order_id, position, offer_id, quantity, unit_price, status, eta)
    select ${value('orderId')}::bigint, l.position, l.offer_id, l.quantity,
      l.unit_price::numeric, l.status::order_line_status, l.eta::date
    from unnest(${value('positions')}::int[], ${value('offerIds')}::bigint[],
      ${value('quantities')}::int[], ${value('unitPrices')}::text[],
      ${value('statuses')}::text[], ${value('etas')}::text[])
      as l(position, offer_id, quantity, unit_price, status, eta)
    returning id, position
  ),
  hold as (
    insert into ${stockHolds} (order_line_id, warehouse_id, quantity)
    select line.id, h.warehouse_id, h.quantity
    from unnest(${value('holdPositions')}::int[], ${value('holdWarehouseIds')}::bigint[],
      ${value('holdQuantities')}::int[]) as h(position, warehouse_id, quantity)
    join line using (position)
  )
  insert into ${incomingAllocations} (order_line_id, incoming_shipment_id, quantity)
  select line.id, c.incoming_shipment_id, c.quantity
  from unnest(${value('claimPositions')}::int[], ${value('claimShipmentIds')}::bigint[],
    ${value('claimQuantities')}::int[]) as c(position, incoming_shipment_id, quantity)
  join line using (position)`);

/**
 * Inserts the lines of an order with their stock holds and incoming claims, in one statement
 * whatever their number, so that it costs one round trip while the order holds its locks.
 */
export async function insertPlacedLines(orderId: number, lines: PlacedLine[], tx: Executor) {
  const holds = lines.flatMap((l) => l.holds.map((h) => ({ position: l.position, ...h })));
  const claims = lines.flatMap((l) => l.claims.map((c) => ({ position: l.position, ...c })));
  await insertLines(tx, {
    orderId,
    positions: lines.map((l) => l.position),
    offerIds: lines.map((l) => l.offerId),
    quantities: lines.map((l) => l.quantity),
    unitPrices: lines.map((l) => l.unitPrice),
    statuses: lines.map((l) => l.status),
    etas: lines.map((l) => l.eta),
    holdPositions: holds.map((h) => h.position),
    holdWarehouseIds: holds.map((h) => h.warehouseId),
    holdQuantities: holds.map((h) => h.quantity),
    claimPositions: claims.map((c) => c.position),
    claimShipmentIds: claims.map((c) => c.incomingShipmentId),
    claimQuantities: claims.map((c) => c.quantity),
  });
}

/** The (offer, warehouse) stock rows and incoming shipments that these orders hold goods of. */
export async function heldBy(orderIds: number[], tx: Executor) {
  const rows = await rowsOf<{ kind: 'stock' | 'incoming'; offer_id: string; key: string }>(
    tx,
    sql`
      select 'stock' as kind, l.offer_id, h.warehouse_id as key
      from ${stockHolds} h join ${orderLines} l on l.id = h.order_line_id
      where l.order_id = any(${bigints(orderIds)})
      union
      select 'incoming', l.offer_id, a.incoming_shipment_id
      from ${incomingAllocations} a join ${orderLines} l on l.id = a.order_line_id
      where l.order_id = any(${bigints(orderIds)})`,
  );

  return {
    offerIds: [...new Set(rows.map((r) => Number(r.offer_id)))].sort((a, b) => a - b),
    incomingIds: rows.filter((r) => r.kind === 'incoming').map((r) => Number(r.key)),
  };
}

/**
 * Locks what these orders hold, stock first, then incoming shipments, in the global order;
 * returns the offers concerned.
 */
export async function lockHeldBy(orderIds: number[], tx: Executor): Promise<number[]> {
  const { offerIds, incomingIds } = await heldBy(orderIds, tx);
  if (offerIds.length > 0) await lockStock(offerIds, null, tx);
  if (incomingIds.length > 0) {
    await tx.execute(sql`
      select 1 from ${incomingShipments} where id = any(${bigints(incomingIds)})
      order by id for update`);
  }

  return offerIds;
}

/** Gives back everything these orders hold: reserved stock and claimed incoming goods. */
export async function releaseHeldBy(orderIds: number[], tx: Executor) {
  const ids = bigints(orderIds);
  await tx.execute(sql`
    update ${stockLevels} s
    set reserved = s.reserved - t.quantity, updated_at = now()
    from (
      select l.offer_id, h.warehouse_id, sum(h.quantity)::int as quantity
      from ${stockHolds} h join ${orderLines} l on l.id = h.order_line_id
      where l.order_id = any(${ids})
      group by l.offer_id, h.warehouse_id
    ) t
    where s.offer_id = t.offer_id and s.warehouse_id = t.warehouse_id`);
  await tx.execute(sql`
    update ${incomingShipments} i
    set unallocated = i.unallocated + t.quantity
    from (
      select a.incoming_shipment_id as id, sum(a.quantity)::int as quantity
      from ${incomingAllocations} a join ${orderLines} l on l.id = a.order_line_id
      where l.order_id = any(${ids})
      group by a.incoming_shipment_id
    ) t
    where i.id = t.id`);
  await tx.execute(sql`
    delete from ${stockHolds}
    where order_line_id in (select id from ${orderLines} where order_id = any(${ids}))`);
  await tx.execute(sql`
    delete from ${incomingAllocations}
    where order_line_id in (select id from ${orderLines} where order_id = any(${ids}))`);
}

/** Per line of these orders: what it holds from stock, what it has claimed, and by when. */
export async function holdingsOf(orderIds: number[], tx: Executor) {
  const rows = await rowsOf<{
    id: string;
    order_id: string;
    quantity: number;
    status: string;
    held: number;
    claimed: number;
    eta: string | null;
  }>(
    tx,
    sql`
      select l.id, l.order_id, l.quantity, l.status,
        coalesce((select sum(h.quantity) from ${stockHolds} h
                  where h.order_line_id = l.id), 0)::int as held,
        coalesce((select sum(a.quantity) from ${incomingAllocations} a
                  where a.order_line_id = l.id), 0)::int as claimed,
        (select to_char(max(i.eta), 'YYYY-MM-DD') from ${incomingAllocations} a
           join ${incomingShipments} i on i.id = a.incoming_shipment_id
         where a.order_line_id = l.id) as eta
      from ${orderLines} l
      where l.order_id = any(${bigints(orderIds)})
      order by l.order_id, l.position`,
  );

  return rows.map((r) => ({
    lineId: Number(r.id),
    orderId: Number(r.order_id),
    quantity: r.quantity,
    status: r.status as OrderLineRow['status'],
    held: r.held,
    claimed: r.claimed,
    eta: r.eta,
  }));
}

/** Sets the status and ETA of many lines in one statement. */
export async function updateLines(
  lines: { lineId: number; status: OrderLineRow['status']; eta: string | null }[],
  tx: Executor,
) {
  if (lines.length === 0) return;
  await tx.execute(sql`
    update ${orderLines} l
    set status = u.status::order_line_status, eta = u.eta::date
    from unnest(${bigints(lines.map((l) => l.lineId))},
                ${sql.param(lines.map((l) => l.status))}::text[],
                ${sql.param(lines.map((l) => l.eta))}::text[]) as u(id, status, eta)
    where l.id = u.id`);
}

/** Takes what these orders hold out of on-hand and reserved stock, where it was held. */
export async function shipHeldBy(orderIds: number[], tx: Executor) {
  const ids = bigints(orderIds);
  await tx.execute(sql`
    update ${stockLevels} s
    set on_hand = s.on_hand - t.quantity, reserved = s.reserved - t.quantity, updated_at = now()
    from (
      select l.offer_id, h.warehouse_id, sum(h.quantity)::int as quantity
      from ${stockHolds} h join ${orderLines} l on l.id = h.order_line_id
      where l.order_id = any(${ids})
      group by l.offer_id, h.warehouse_id
    ) t
    where s.offer_id = t.offer_id and s.warehouse_id = t.warehouse_id`);
  await tx.execute(sql`
    delete from ${stockHolds}
    where order_line_id in (select id from ${orderLines} where order_id = any(${ids}))`);
  await tx.execute(sql`
    update ${orderLines} set status = 'SHIPPED', eta = null
    where order_id = any(${ids}) and status = 'RESERVED'`);
}
