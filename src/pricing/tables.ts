import { sql } from 'drizzle-orm';
import { check, integer, numeric, pgTable, primaryKey, text, unique } from 'drizzle-orm/pg-core';
import { createdAt, id, ref } from '../db/columns.js';
import { offers } from '../catalog/tables.js';
import { organizations } from '../organizations/tables.js';

export const priceTypes = pgTable(
  'price_types',
  {
    id: id(),
    distributorId: ref('distributor_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    name: text('name').notNull(),
    currency: text('currency').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('price_types_distributor_code_key').on(t.distributorId, t.code),
    unique('price_types_id_distributor_key').on(t.id, t.distributorId),
    check('price_types_currency_format', sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

export const prices = pgTable(
  'prices',
  {
    offerId: ref('offer_id')
      .notNull()
      .references(() => offers.id, { onDelete: 'cascade' }),
    priceTypeId: ref('price_type_id')
      .notNull()
      .references(() => priceTypes.id, { onDelete: 'cascade' }),
    /** The volume break: this price applies from this quantity up. */
    minQuantity: integer('min_quantity').notNull().default(1),
    amount: numeric('amount').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.offerId, t.priceTypeId, t.minQuantity] }),
    check('prices_min_quantity_positive', sql`${t.minQuantity} >= 1`),
    check('prices_amount_non_negative', sql`${t.amount} >= 0`),
  ],
);

export type PriceTypeRow = typeof priceTypes.$inferSelect;
export type PriceRow = typeof prices.$inferSelect;
