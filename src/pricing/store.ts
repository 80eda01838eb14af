import { and, asc, eq, sql } from 'drizzle-orm';
import { chunks } from '../db/chunks.js';
import { type Database, type Executor, rowsOf } from '../db/client.js';
import { bigints, decimals } from '../db/params.js';
import { inIds, preparedQuery } from '../db/prepared.js';
import { type PriceRow, prices, type PriceTypeRow, priceTypes } from './tables.js';

export function createPricingStore(db: Database) {
  const priceTypesByIds = preparedQuery(db, 'price_types_by_ids', (tx) =>
    tx.select().from(priceTypes).where(inIds(priceTypes.id, 'ids')),
  );
  const priceTypesByDistributorIds = preparedQuery(db, 'price_types_by_distributor_ids', (tx) =>
    tx
      .select()
      .from(priceTypes)
      .where(inIds(priceTypes.distributorId, 'ids'))
      .orderBy(asc(priceTypes.id)),
  );
  const pricesByOfferIds = preparedQuery(db, 'prices_by_offer_ids', (tx) =>
    tx
      .select()
      .from(prices)
      .where(inIds(prices.offerId, 'ids'))
      .orderBy(asc(prices.offerId), asc(prices.priceTypeId), asc(prices.minQuantity)),
  );

  return {
    /** Inserts a price type or renames it; its currency is fixed once prices use it. */
    async upsertPriceType(
      values: { distributorId: number; code: string; name: string; currency: string },
      tx: Executor = db,
    ): Promise<PriceTypeRow> {
      const [row] = await tx
        .insert(priceTypes)
        .values(values)
        .onConflictDoUpdate({
          target: [priceTypes.distributorId, priceTypes.code],
          set: { name: values.name, currency: values.currency },
        })
        .returning();

      return row!;
    },

    async findPriceType(distributorId: number, code: string, tx: Executor = db) {
      const [row] = await tx
        .select()
        .from(priceTypes)
        .where(and(eq(priceTypes.distributorId, distributorId), eq(priceTypes.code, code)));

      return row ?? null;
    },

    /** The price type with this code, locked until the transaction ends; null if none. */
    async lockPriceType(distributorId: number, code: string, tx: Executor) {
      const [row] = await tx
        .select()
        .from(priceTypes)
        .where(and(eq(priceTypes.distributorId, distributorId), eq(priceTypes.code, code)))
        .for('update');

      return row ?? null;
    },

    /** The distributor's price types, locked until the transaction ends. */
    lockPriceTypes(distributorId: number, tx: Executor): Promise<PriceTypeRow[]> {
      return tx
        .select()
        .from(priceTypes)
        .where(eq(priceTypes.distributorId, distributorId))
        .orderBy(asc(priceTypes.id))
        .for('share');
    },

    async hasPrices(priceTypeId: number, tx: Executor = db): Promise<boolean> {
      const rows = await tx
        .select({ one: sql`1` })
        .from(prices)
        .where(eq(prices.priceTypeId, priceTypeId))
        .limit(1);

      return rows.length > 0;
    },

    findPriceTypesByIds(ids: readonly number[], tx: Executor = db): Promise<PriceTypeRow[]> {
      return priceTypesByIds({ ids }, tx);
    },

    findPriceTypesByDistributorIds(
      ids: readonly number[],
      tx: Executor = db,
    ): Promise<PriceTypeRow[]> {
      return priceTypesByDistributorIds({ ids }, tx);
    },

    /** Every price of these offers, by price type and then volume break. */
    findPricesByOfferIds(offerIds: readonly number[], tx: Executor = db): Promise<PriceRow[]> {
      return pricesByOfferIds({ ids: offerIds }, tx);
    },

    /**
     * Sets the price from one unit of each (offer, price type) pair, removing its other volume
     * breaks; each pair once. Returns how many prices this created, changed or removed.
     */
    async setBasePrices(rows: Omit<PriceRow, 'minQuantity'>[], tx: Executor = db): Promise<number> {
      if (rows.length === 0) return 0;
      const [row] = await rowsOf<{ changed: string }>(
        tx,
        sql`
          with u as (
            select * from unnest(
              ${bigints(rows.map((r) => r.offerId))}, ${bigints(rows.map((r) => r.priceTypeId))},
              ${decimals(rows.map((r) => r.amount))}
            ) as u(offer_id, price_type_id, amount)
          ),
          removed as (
            delete from ${prices} p using u
            where p.offer_id = u.offer_id and p.price_type_id = u.price_type_id
              and p.min_quantity > 1
            returning 1
          ),
          saved as (
            insert into ${prices} (offer_id, price_type_id, min_quantity, amount)
            select offer_id, price_type_id, 1, amount from u
            where not exists (
              select 1 from ${prices} p
              where p.offer_id = u.offer_id and p.price_type_id = u.price_type_id
                and p.min_quantity = 1 and p.amount = u.amount
            )
            order by offer_id, price_type_id
            on conflict (offer_id, price_type_id, min_quantity) do update
            set amount = excluded.amount where ${prices.amount} <> excluded.amount
            returning 1
          )
          select (select count(*) from removed) + (select count(*) from saved) as changed`,
      );

      return Number(row!.changed);
    },

    /**
     * Replaces, for each (offer, price type) pair named in `rows`, all its volume breaks by the
     * ones given.
     */
    async replacePrices(rows: PriceRow[], tx: Executor = db): Promise<void> {
      if (rows.length === 0) return;

      const pairs = [...new Set(rows.map((r) => `${r.offerId}:${r.priceTypeId}`))].map((key) =>
        key.split(':').map(Number),
      );
      await tx.execute(sql`
        delete from ${prices}
        where (${prices.offerId}, ${prices.priceTypeId}) in (
          select * from unnest(
            ${sql.param(pairs.map((p) => p[0]))}::bigint[],
            ${sql.param(pairs.map((p) => p[1]))}::bigint[]
          )
        )`);
      for (const chunk of chunks(rows)) await tx.insert(prices).values(chunk);
    },
  };
}

export type PricingStore = ReturnType<typeof createPricingStore>;
