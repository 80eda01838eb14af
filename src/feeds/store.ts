import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../db/client.js';
import { bigints, flags, ints, texts } from '../db/params.js';

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
  await tx.execute(sql`
    create temporary table feed_seen (
      key text primary key,
      doc int,
      outcome smallint,
      deleted boolean not null default false
    ) on commit drop`);
}

/** What the import has seen of an offer: in which document last, with what outcome. */
export interface SeenOffer {
  key: string;
  /** The document that listed it, or null for an offer changed because of another. */
  doc: number | null;
  outcome: number | null;
  deleted: boolean;
}

/** Of these ERP ids, those the import has seen: whether in this document, whether deleted. */
export async function seenBefore(doc: number, keys: string[], tx: Executor) {
  const rows = await rowsOf<{ key: string; repeated: boolean; deleted: boolean }>(
    tx,
    sql`
      select key, coalesce(doc = ${doc}, false) as repeated, deleted from feed_seen
      where key = any(${texts(keys)})`,
  );

  return new Map(rows.map((r) => [r.key, r]));
}

/** Records what a batch did to its offers; the strongest outcome of an offer is kept. */
export async function recordSeen(rows: SeenOffer[], tx: Executor) {
  if (rows.length === 0) return;
  await tx.execute(sql`
    insert into feed_seen (key, doc, outcome, deleted)
    select * from unnest(
      ${texts(rows.map((r) => r.key))}, ${ints(rows.map((r) => r.doc) as number[])},
      ${ints(rows.map((r) => r.outcome) as number[])}::smallint[],
      ${flags(rows.map((r) => r.deleted))}
    )
    on conflict (key) do update
    set doc = coalesce(excluded.doc, feed_seen.doc),
        outcome = greatest(feed_seen.outcome, excluded.outcome),
        deleted = feed_seen.deleted or excluded.deleted`);
}

/** How many offers ended with each outcome. */
export async function outcomeCounts(tx: Executor): Promise<Map<number, number>> {
  const rows = await rowsOf<{ outcome: number; offers: string }>(
    tx,
    sql`select outcome, count(*) as offers from feed_seen where outcome is not null group by 1`,
  );

  return new Map(rows.map((r) => [r.outcome, Number(r.offers)]));
}

/** Drops the staging tables, so that a later import in the same transaction starts afresh. */
export async function dropStaging(tx: Executor) {
  await tx.execute(sql`drop table if exists feed_stock, feed_no_stock, feed_target, feed_seen`);
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

/** Stock rows a write changed: how many, and the offers they belong to. */
export interface StockChanges {
  rows: number;
  offerIds: number[];
}

function changesOf(rows: { offer_id: string; rows: string }[]): StockChanges {
  return {
    rows: rows.reduce((sum, r) => sum + Number(r.rows), 0),
    offerIds: rows.map((r) => Number(r.offer_id)),
  };
}

/**
 * Settles what was staged into one target row per (offer, warehouse), the latest document's;
 * creates the stock rows that do not exist yet with their counts, and locks, in the global lock
 * order, the existing rows whose count changes. Returns what it created, and where the new
 * counts fall below what orders hold.
 */
export async function lockStagedStock(tx: Executor) {
  await tx.execute(sql`
    create temporary table feed_target on commit drop as
    select distinct on (offer_id, warehouse_id) offer_id, warehouse_id, on_hand
    from feed_stock order by offer_id, warehouse_id, doc desc, seq desc`);
  const created = await rowsOf<{ offer_id: string; rows: string }>(
    tx,
    sql`
      with created as (
        insert into stock_levels (offer_id, warehouse_id, on_hand)
        select offer_id, warehouse_id, on_hand from feed_target order by offer_id, warehouse_id
        on conflict do nothing
        returning offer_id, on_hand
      )
      select offer_id, count(*) as rows from created where on_hand > 0 group by offer_id`,
  );
  await tx.execute(sql`
    select count(*) from (
      select 1 from stock_levels s
      join feed_target t on t.offer_id = s.offer_id and t.warehouse_id = s.warehouse_id
      where s.on_hand <> t.on_hand
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

  return {
    created: changesOf(created),
    shortfalls: short.map((r): Shortfall => ({
      offerId: Number(r.offer_id),
      warehouseId: Number(r.warehouse_id),
      units: r.units,
    })),
  };
}

/** Writes the settled counts of the rows that existed; returns what it changed. */
export async function writeStagedStock(tx: Executor): Promise<StockChanges> {
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

  return changesOf(rows);
}
