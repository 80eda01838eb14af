import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  numeric,
  pgTable,
  text,
  unique,
} from 'drizzle-orm/pg-core';
import { createdAt, id, ref, updatedAt } from '../db/columns.js';
import { organizations } from '../organizations/tables.js';

export const products = pgTable(
  'products',
  {
    id: id(),
    /** GTIN-8, -12, -13 or -14 with a valid check digit; one product per GTIN. */
    gtin: text('gtin').unique(),
    brand: text('brand'),
    name: text('name').notNull(),
    unit: text('unit').notNull(),
    createdAt: createdAt(),
  },
  (t) => [check('products_gtin_format', sql`${t.gtin} ~ '^([0-9]{8}|[0-9]{12,14})$'`)],
);

export const offers = pgTable(
  'offers',
  {
    id: id(),
    distributorId: ref('distributor_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    productId: ref('product_id')
      .notNull()
      .references(() => products.id),
    sku: text('sku').notNull(),
    /** The offer's id in the distributor's ERP (CommerceML `Ид`, YML `offer@id`), if imported. */
    externalId: text('external_id'),
    packSize: integer('pack_size').notNull().default(1),
    minOrderQuantity: integer('min_order_quantity').notNull().default(1),
    /** Percent: "20" is 20 %. */
    vatRate: numeric('vat_rate').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('offers_distributor_sku_key').on(t.distributorId, t.sku),
    unique('offers_distributor_external_id_key').on(t.distributorId, t.externalId),
    index('offers_product_idx').on(t.productId),
    check('offers_pack_size_positive', sql`${t.packSize} > 0`),
    check('offers_min_order_positive', sql`${t.minOrderQuantity} > 0`),
    check('offers_vat_rate_range', sql`${t.vatRate} >= 0 and ${t.vatRate} < 100`),
  ],
);

export type ProductRow = typeof products.$inferSelect;
export type OfferRow = typeof offers.$inferSelect;
