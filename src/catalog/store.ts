import { and, asc, count, eq, gt, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { type Database, type Executor, rowsOf } from '../db/client.js';
import { chunks } from '../db/chunks.js';
import { bigints, decimals, flags, texts } from '../db/params.js';
import { inIds, preparedQuery } from '../db/prepared.js';
import type { Page } from '../schema/pagination.js';
import { stockLevels } from '../stock/tables.js';
import { type OfferRow, offers, type ProductRow, products } from './tables.js';

export interface ProductQuery {
  gtins?: string[] | undefined;
  search?: string | undefined;
  /** Only products that these distributors offer. */
  distributorIds?: number[] | undefined;
  /** Only products with stock available at one of those distributors (or at any). */
  inStock?: boolean | undefined;
}

export interface OfferQuery {
  distributorId: number;
  skus?: string[] | undefined;
  gtins?: string[] | undefined;
  search?: string | undefined;
  inStock?: boolean | undefined;
}

export interface OfferValues {
  productId: number;
  sku: string;
  packSize: number;
  minOrderQuantity: number;
  vatRate: string;
}

export type ProductValues = Pick<ProductRow, 'gtin' | 'brand' | 'name' | 'unit'>;

/** An offer and its product as an import compares them with what a file says. */
export interface ImportedOfferRow {
  offer: Pick<OfferRow, 'id' | 'externalId' | 'sku' | 'productId' | 'vatRate' | 'active'>;
  product: Omit<ProductRow, 'createdAt'>;
}

/** An offer as an import writes it: keyed by its ERP id. */
export type ImportedOfferValues = Pick<OfferRow, 'sku' | 'productId' | 'vatRate' | 'active'> & {
  externalId: string;
};

const hasAvailableStock = (offerId: SQL | typeof offers.id) =>
  sql`exists (select 1 from ${stockLevels} where ${stockLevels.offerId} = ${offerId}
    and ${stockLevels.onHand} > ${stockLevels.reserved})`;

const likePattern = (search: string) => `%${search.replace(/[\\%_]/g, '\\$&')}%`;

function productWhere(query: ProductQuery, afterId: number | null) {
  const offered = and(
    eq(offers.productId, products.id),
    eq(offers.active, true),
    query.distributorIds && inArray(offers.distributorId, query.distributorIds),
    query.inStock ? hasAvailableStock(offers.id) : undefined,
  );
  const needsOffer = query.distributorIds !== undefined || query.inStock === true;
  const pattern = query.search && likePattern(query.search);

  return and(
    query.gtins && inArray(products.gtin, query.gtins),
    pattern ? or(ilike(products.name, pattern), ilike(products.brand, pattern)) : undefined,
    needsOffer ? sql`exists (select 1 from ${offers} where ${offered})` : undefined,
    afterId === null ? undefined : gt(products.id, afterId),
  );
}

function offerWhere(query: OfferQuery, afterId: number | null) {
  const pattern = query.search && likePattern(query.search);
  const productMatches = and(
    eq(products.id, offers.productId),
    query.gtins && inArray(products.gtin, query.gtins),
    pattern ? or(ilike(products.name, pattern), ilike(products.brand, pattern)) : undefined,
  );

  return and(
    eq(offers.distributorId, query.distributorId),
    eq(offers.active, true),
    query.skus && inArray(offers.sku, query.skus),
    query.gtins || pattern
      ? sql`exists (select 1 from ${products} where ${productMatches})`
      : undefined,
    query.inStock ? hasAvailableStock(offers.id) : undefined,
    afterId === null ? undefined : gt(offers.id, afterId),
  );
}

export function createCatalogStore(db: Database) {
  const findProductsByGtins = (
    gtins: readonly string[],
    tx: Executor = db,
  ): Promise<ProductRow[]> =>
    tx
      .select()
      .from(products)
      .where(inArray(products.gtin, [...gtins]));
  const offersByIds = preparedQuery(db, 'offers_by_ids', (tx) =>
    tx.select().from(offers).where(inIds(offers.id, 'ids')),
  );

  return {
    findProductsByGtins,

    findProductsByIds(ids: readonly number[], tx: Executor = db): Promise<ProductRow[]> {
      return tx
        .select()
        .from(products)
        .where(inArray(products.id, [...ids]));
    },

    findOffersByIds(ids: readonly number[], tx: Executor = db): Promise<OfferRow[]> {
      return offersByIds({ ids }, tx);
    },

    /** The active offers of these products. */
    findOffersByProductIds(productIds: readonly number[], tx: Executor = db): Promise<OfferRow[]> {
      return tx
        .select()
        .from(offers)
        .where(and(inArray(offers.productId, [...productIds]), eq(offers.active, true)))
        .orderBy(asc(offers.id));
    },

    /**
     * The distributor's offers with these SKUs, locked in SKU order, so that concurrent updates
     * of the same offers (and of their products) wait for each other instead of deadlocking.
     */
    lockOffersBySkus(distributorId: number, skus: string[], tx: Executor) {
      return tx
        .select()
        .from(offers)
        .where(and(eq(offers.distributorId, distributorId), inArray(offers.sku, skus)))
        .orderBy(asc(offers.sku))
        .for('update');
    },

    findOffersBySkus(distributorId: number, skus: string[], tx: Executor = db) {
      return tx
        .select()
        .from(offers)
        .where(and(eq(offers.distributorId, distributorId), inArray(offers.sku, skus)));
    },

    listProducts(query: ProductQuery, page: Page, tx: Executor = db): Promise<ProductRow[]> {
      return tx
        .select()
        .from(products)
        .where(productWhere(query, page.afterId))
        .orderBy(asc(products.id))
        .limit(page.limit + 1);
    },

    async countProducts(query: ProductQuery, tx: Executor = db): Promise<number> {
      const [row] = await tx.select({ n: count() }).from(products).where(productWhere(query, null));
      return row!.n;
    },

    listOffers(query: OfferQuery, page: Page, tx: Executor = db): Promise<OfferRow[]> {
      return tx
        .select()
        .from(offers)
        .where(offerWhere(query, page.afterId))
        .orderBy(asc(offers.id))
        .limit(page.limit + 1);
    },

    async countOffers(query: OfferQuery, tx: Executor = db): Promise<number> {
      const [row] = await tx.select({ n: count() }).from(offers).where(offerWhere(query, null));
      return row!.n;
    },

    /** The distributor's offers with these ERP ids or these SKUs, with their products. */
    findOffersForImport(
      distributorId: number,
      externalIds: string[],
      skus: string[],
      tx: Executor = db,
    ): Promise<ImportedOfferRow[]> {
      return tx
        .select({
          offer: {
            id: offers.id,
            externalId: offers.externalId,
            sku: offers.sku,
            productId: offers.productId,
            vatRate: offers.vatRate,
            active: offers.active,
          },
          product: {
            id: products.id,
            gtin: products.gtin,
            name: products.name,
            brand: products.brand,
            unit: products.unit,
          },
        })
        .from(offers)
        .innerJoin(products, eq(products.id, offers.productId))
        .where(
          and(
            eq(offers.distributorId, distributorId),
            or(
              sql`${offers.externalId} = any(${texts(externalIds)})`,
              sql`${offers.sku} = any(${texts(skus)})`,
            ),
          ),
        );
    },

    /** Whether the distributor has any variant (`id#characteristic`) among its offers. */
    async hasVariants(distributorId: number, tx: Executor = db): Promise<boolean> {
      const rows = await rowsOf(
        tx,
        sql`select 1 from ${offers}
            where distributor_id = ${distributorId} and external_id like '%#%' limit 1`,
      );

      return rows.length > 0;
    },

    /** Those of these ERP ids that variants (`id#characteristic`) of the distributor extend. */
    async findKeysWithVariants(
      distributorId: number,
      externalIds: string[],
      tx: Executor = db,
    ): Promise<Set<string>> {
      if (externalIds.length === 0) return new Set();
      const rows = await rowsOf<{ key: string }>(
        tx,
        sql`
          select distinct split_part(external_id, '#', 1) as key from ${offers}
          where distributor_id = ${distributorId} and external_id like '%#%'
            and split_part(external_id, '#', 1) = any(${texts(externalIds)})`,
      );

      return new Set(rows.map((r) => r.key));
    },

    /** Inserts imported offers, many in one statement; returns their ids by ERP id. */
    async insertImportedOffers(
      distributorId: number,
      rows: ImportedOfferValues[],
      tx: Executor = db,
    ): Promise<Map<string, number>> {
      if (rows.length === 0) return new Map();
      const saved = await rowsOf<{ id: string; external_id: string }>(
        tx,
        sql`
          insert into ${offers} (distributor_id, external_id, sku, product_id, vat_rate, active)
          select ${distributorId}, u.* from unnest(
            ${texts(rows.map((r) => r.externalId))}, ${texts(rows.map((r) => r.sku))},
            ${bigints(rows.map((r) => r.productId))},
            ${decimals(rows.map((r) => r.vatRate))},
            ${flags(rows.map((r) => r.active))}
          ) as u
          returning id, external_id`,
      );

      return new Map(saved.map((r) => [r.external_id, Number(r.id)]));
    },

    /** Updates offers by id with what an import read, many in one statement. */
    async updateImportedOffers(rows: (ImportedOfferValues & { id: number })[], tx: Executor = db) {
      if (rows.length === 0) return;
      const sorted = [...rows].sort((a, b) => a.id - b.id);
      await tx.execute(sql`
        update ${offers} o
        set external_id = u.external_id, sku = u.sku, product_id = u.product_id,
            vat_rate = u.vat_rate, active = u.active, updated_at = now()
        from unnest(
          ${bigints(sorted.map((r) => r.id))}, ${texts(sorted.map((r) => r.externalId))},
          ${texts(sorted.map((r) => r.sku))}, ${bigints(sorted.map((r) => r.productId))},
          ${decimals(sorted.map((r) => r.vatRate))},
          ${flags(sorted.map((r) => r.active))}
        ) as u(id, external_id, sku, product_id, vat_rate, active)
        where o.id = u.id`);
    },

    /** Creates the products of these GTINs that do not exist yet; returns all of them. */
    async ensureProductsByGtin(values: ProductValues[], tx: Executor = db): Promise<ProductRow[]> {
      if (values.length === 0) return [];
      // In GTIN order, so that concurrent calls take the unique index's locks in one order.
      const sorted = [...values].sort((a, b) => a.gtin!.localeCompare(b.gtin!));
      await tx.execute(sql`
        insert into ${products} (gtin, name, brand, unit)
        select * from unnest(
          ${texts(sorted.map((v) => v.gtin))}, ${texts(sorted.map((v) => v.name))},
          ${texts(sorted.map((v) => v.brand))}, ${texts(sorted.map((v) => v.unit))}
        )
        on conflict (gtin) do nothing`);

      return tx
        .select()
        .from(products)
        .where(sql`${products.gtin} = any(${texts(sorted.map((v) => v.gtin))})`);
    },

    /** Inserts products of no GTIN, returning their ids in the order given. */
    async insertProducts(values: ProductValues[], tx: Executor = db): Promise<number[]> {
      if (values.length === 0) return [];
      // With ordinality, ids follow the order given without relying on RETURNING order.
      const rows = await rowsOf<{ id: string }>(
        tx,
        sql`
          with saved as (
            insert into ${products} (name, brand, unit)
            select name, brand, unit from unnest(
              ${texts(values.map((v) => v.name))}, ${texts(values.map((v) => v.brand))},
              ${texts(values.map((v) => v.unit))}
            ) with ordinality as u(name, brand, unit, n)
            order by n
            returning id
          )
          select id from saved order by id`,
      );

      return rows.map((r) => Number(r.id));
    },

    /** Renames products of no GTIN, many in one statement. */
    async describeProducts(rows: (ProductValues & { id: number })[], tx: Executor = db) {
      if (rows.length === 0) return;
      await tx.execute(sql`
        update ${products} p set name = u.name, brand = u.brand, unit = u.unit
        from unnest(${sql.param(rows.map((r) => r.id))}::bigint[],
                    ${sql.param(rows.map((r) => r.name))}::text[],
                    ${sql.param(rows.map((r) => r.brand))}::text[],
                    ${sql.param(rows.map((r) => r.unit))}::text[]) as u(id, name, brand, unit)
        where p.id = u.id and p.gtin is null`);
    },

    /** Deletes those of these products that no offer points at any more. */
    async deleteUnoffered(ids: number[], tx: Executor = db) {
      if (ids.length === 0) return;
      await tx.execute(sql`
        delete from ${products} p
        where p.id = any(${sql.param(ids)}::bigint[])
          and not exists (select 1 from ${offers} o where o.product_id = p.id)`);
    },

    /**
     * Inserts or updates offers by (distributor, SKU), in SKU order so that concurrent calls
     * lock the same rows in the same order; returns them in no particular order.
     */
    async upsertOffers(distributorId: number, values: OfferValues[], tx: Executor = db) {
      const excluded = (column: string) => sql.raw(`excluded.${column}`);
      const sorted = [...values].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
      const saved: OfferRow[] = [];
      for (const chunk of chunks(sorted)) {
        const rows = await tx
          .insert(offers)
          .values(chunk.map((v) => ({ ...v, distributorId })))
          .onConflictDoUpdate({
            target: [offers.distributorId, offers.sku],
            set: {
              productId: excluded('product_id'),
              packSize: excluded('pack_size'),
              minOrderQuantity: excluded('min_order_quantity'),
              vatRate: excluded('vat_rate'),
              active: true,
              updatedAt: sql`now()`,
            },
          })
          .returning();
        saved.push(...rows);
      }

      return saved;
    },
  };
}

export type CatalogStore = ReturnType<typeof createCatalogStore>;
