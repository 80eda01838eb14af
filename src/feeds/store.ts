import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../db/client.js';
import { bigints, ints } from '../db/params.js';

/*
 * Stock an import reads is staged in temporary tables of its transaction and written at the
 * end in one pass, in the global lock order (offer, warehouse), whatever order the files had.
 */

export interface StagedStock {
  offerId: number;
  warehouseId: number;
  onHand: number;
}

export interface Shortfall {
  offerId: number;
  warehouseId: number;
  /** Units orders hold beyond the new count. */
  units: number;
}

/** Serializes imports of one distributor: a second waits for the first to commit. */
const IMPORT_LOCK = 7240313;

export async function lockDistributorImports(distributorId: number, tx: Executor) {
  await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK}, ${distributorId}::int)`);
}

export async function createStaging(tx: Executor) {
  await tx.execute(sql`
    create temporary table feed_stock (
      seq bigint generated always as identity,
      doc int not null,
      offer_id bigint not null,
      warehouse_id bigint not null,
      on_hand int not null
    ) on commit drop`);
  await tx.execute(sql`
    create temporary table feed_no_stock (doc int not null, offer_id bigint not null)
    on commit drop`);
}

/** Stages counts of a document; later rows of the same document win. */
export async function stageStock(doc: number, rows: StagedStock[], tx: Executor) {
  if (rows.length === 0) return;
  await tx.execute(sql`
    insert into feed_stock (doc, offer_id, warehouse_id, on_hand)
    select ${doc}, * from unnest(
      ${bigints(rows.map((r) => r.offerId))}, ${bigints(rows.map((r) => r.warehouseId))},
      ${ints(rows.map((r) => r.onHand))})`);
}

/** Stages offers a document says have no stock anywhere it covers. */
export async function stageNoStock(doc: number, offerIds: number[], tx: Executor) {
  if (offerIds.length === 0) return;
  await tx.execute(sql`
    insert into feed_no_stock (doc, offer_id) select ${doc}, unnest(${bigints(offerIds)})`);
}

/**
 * Ends a document: its offers with no stock get 0 in every warehouse it covers, and a full
 * document sets to 0 whatever the distributor has in those warehouses that it does not name.
 */
export async function closeDocument(
  doc: number,
  distributorId: number,
  covered: number[],
  full: boolean,
  tx: Executor,
) {
  if (covered.length === 0) return;
  await tx.execute(sql`
    insert into feed_stock (doc, offer_id, warehouse_id, on_hand)
    select ${doc}, n.offer_id, w.id, 0
    from feed_no_stock n cross join unnest(${bigints(covered)}) as w(id)
    where n.doc = ${doc}`);
  if (!full) return;
  await tx.execute(sql`
    insert into feed_stock (doc, offer_id, warehouse_id, on_hand)
    select ${doc}, s.offer_id, s.warehouse_id, 0
    from stock_levels s join offers o on o.id = s.offer_id
    where o.distributor_id = ${distributorId}
      and s.warehouse_id = any(${bigints(covered)})
      and s.on_hand > 0
      and not exists (
        select 1 from feed_stock f
        where f.doc = ${doc} and f.offer_id = s.offer_id and f.warehouse_id = s.warehouse_id
      )`);
}

/**
 * Settles what was staged into one target row per (offer, warehouse), the latest document's,
 * creates the stock rows it lacks and locks them all in the global lock order. Returns where
 * the new counts fall below what orders hold.
 */
export async function lockStagedStock(tx: Executor): Promise<Shortfall[]> {
  await tx.execute(sql`
    create temporary table feed_target on commit drop as
    select distinct on (offer_id, warehouse_id) offer_id, warehouse_id, on_hand
    from feed_stock order by offer_id, warehouse_id, doc desc, seq desc`);
  await tx.execute(sql`
    insert into stock_levels (offer_id, warehouse_id, on_hand)
    select offer_id, warehouse_id, 0 from feed_target order by offer_id, warehouse_id
    on conflict do nothing`);
  await tx.execute(sql`
    select count(*) from (
      select 1 from stock_levels s
      join feed_target t on t.offer_id = s.offer_id and t.warehouse_id = s.warehouse_id
      order by s.offer_id, s.warehouse_id
      for update of s
    ) as locked`);
  const short = await rowsOf<{ offer_id: string; warehouse_id: string; units: number }>(
    tx,
    sql`
      select t.offer_id, t.warehouse_id, s.reserved - t.on_hand as units
      from feed_target t
      join stock_levels s on s.offer_id = t.offer_id and s.warehouse_id = t.warehouse_id
      where t.on_hand < s.reserved
      order by t.offer_id, t.warehouse_id`,
  );

  return short.map((r) => ({
    offerId: Number(r.offer_id),
    warehouseId: Number(r.warehouse_id),
    units: r.units,
  }));
}

/** Writes the settled counts; returns how many rows changed and the offers they belong to. */
export async function writeStagedStock(tx: Executor) {
  const rows = await rowsOf<{ offer_id: string; rows: string }>(
    tx,
    sql`
      with changed as (
        update stock_levels s set on_hand = t.on_hand, updated_at = now()
        from feed_target t
        where s.offer_id = t.offer_id and s.warehouse_id = t.warehouse_id
          and s.on_hand <> t.on_hand
        returning s.offer_id
      )
      select offer_id, count(*) as rows from changed group by offer_id`,
  );

  return {
    rows: rows.reduce((sum, r) => sum + Number(r.rows), 0),
    offerIds: rows.map((r) => Number(r.offer_id)),
  };
}
