import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  integer,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  unique,
} from 'drizzle-orm/pg-core';
import { createdAt, id, ref, updatedAt } from '../db/columns.js';
import { organizations } from '../organizations/tables.js';
import { priceTypes } from '../pricing/tables.js';
import { warehouses } from '../stock/tables.js';

export const deliveryKind = pgEnum('delivery_kind', ['PICKUP', 'COURIER', 'CARRIER', 'DROPSHIP']);

export const deliveryOptions = pgTable(
  'delivery_options',
  {
    id: id(),
    distributorId: ref('distributor_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    warehouseId: ref('warehouse_id')
      .notNull()
      .references(() => warehouses.id, { onDelete: 'cascade' }),
    kind: deliveryKind('kind').notNull(),
    /** "HH:MM" in the distributor's time zone. */
    cutoff: text('cutoff').notNull(),
    leadDays: integer('lead_days').notNull(),
    /** ISO weekdays, 1 = Monday. */
    weekdays: smallint('weekdays').array().notNull(),
    /** Currency of cost, freeFrom and minOrder. */
    currency: text('currency'),
    cost: numeric('cost'),
    freeFrom: numeric('free_from'),
    minOrder: numeric('min_order'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('delivery_options_distributor_kind_warehouse_key').on(
      t.distributorId,
      t.kind,
      t.warehouseId,
    ),
    check('delivery_options_cutoff_format', sql`${t.cutoff} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`),
    check('delivery_options_lead_days_range', sql`${t.leadDays} between 0 and 365`),
    check(
      'delivery_options_weekdays_valid',
      sql`cardinality(${t.weekdays}) > 0 and ${t.weekdays} <@ array[1,2,3,4,5,6,7]::smallint[]`,
    ),
    check(
      'delivery_options_money_has_currency',
      sql`${t.currency} is not null or coalesce(${t.cost}, ${t.freeFrom}, ${t.minOrder}) is null`,
    ),
  ],
);

/** What a distributor grants a store: the price type it buys at and the delivery it may use. */
export const storeTerms = pgTable(
  'store_terms',
  {
    distributorId: ref('distributor_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    storeId: ref('store_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    priceTypeId: ref('price_type_id').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.distributorId, t.storeId] }),
    foreignKey({
      name: 'store_terms_price_type_of_distributor_fk',
      columns: [t.priceTypeId, t.distributorId],
      foreignColumns: [priceTypes.id, priceTypes.distributorId],
    }),
  ],
);

export const storeTermDeliveryOptions = pgTable(
  'store_term_delivery_options',
  {
    distributorId: ref('distributor_id').notNull(),
    storeId: ref('store_id').notNull(),
    deliveryOptionId: ref('delivery_option_id')
      .notNull()
      .references(() => deliveryOptions.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.distributorId, t.storeId, t.deliveryOptionId] }),
    foreignKey({
      name: 'store_term_delivery_options_terms_fk',
      columns: [t.distributorId, t.storeId],
      foreignColumns: [storeTerms.distributorId, storeTerms.storeId],
    }).onDelete('cascade'),
  ],
);

export type DeliveryOptionRow = typeof deliveryOptions.$inferSelect;
export type StoreTermsRow = typeof storeTerms.$inferSelect;
