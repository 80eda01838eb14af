import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  unique,
} from 'drizzle-orm/pg-core';
import { createdAt, id, ref, updatedAt } from '../db/columns.js';
import { offers } from '../catalog/tables.js';
import { organizations } from '../organizations/tables.js';

export const warehouses = pgTable(
  'warehouses',
  {
    id: id(),
    distributorId: ref('distributor_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    name: text('name').notNull(),
    city: text('city'),
    createdAt: createdAt(),
  },
  (t) => [unique('warehouses_distributor_code_key').on(t.distributorId, t.code)],
);

export const stockLevels = pgTable(
  'stock_levels',
  {
    offerId: ref('offer_id')
      .notNull()
      .references(() => offers.id, { onDelete: 'cascade' }),
    warehouseId: ref('warehouse_id')
      .notNull()
      .references(() => warehouses.id, { onDelete: 'cascade' }),
    onHand: integer('on_hand').notNull(),
    reserved: integer('reserved').notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.offerId, t.warehouseId] }),
    index('stock_levels_warehouse_idx').on(t.warehouseId),
    check('stock_levels_on_hand_non_negative', sql`${t.onHand} >= 0`),
    check('stock_levels_reserved_within_on_hand', sql`${t.reserved} between 0 and ${t.onHand}`),
  ],
);

export const incomingShipments = pgTable(
  'incoming_shipments',
  {
    id: id(),
    offerId: ref('offer_id')
      .notNull()
      .references(() => offers.id, { onDelete: 'cascade' }),
    warehouseId: ref('warehouse_id')
      .notNull()
      .references(() => warehouses.id, { onDelete: 'cascade' }),
    /** Units still on their way; 0 once all have been received. */
    quantity: integer('quantity').notNull(),
    /** Of `quantity`, what no order has claimed yet. */
    unallocated: integer('unallocated').notNull(),
    /** Units already received into the warehouse's stock. */
    received: integer('received').notNull().default(0),
    eta: date('eta', { mode: 'string' }).notNull(),
    reference: text('reference'),
    createdAt: createdAt(),
  },
  (t) => [
    index('incoming_shipments_offer_eta_idx').on(t.offerId, t.eta),
    check('incoming_shipments_quantity_non_negative', sql`${t.quantity} >= 0`),
    check('incoming_shipments_received_non_negative', sql`${t.received} >= 0`),
    check(
      'incoming_shipments_unallocated_within_quantity',
      sql`${t.unallocated} between 0 and ${t.quantity}`,
    ),
  ],
);

export type WarehouseRow = typeof warehouses.$inferSelect;
export type StockLevelRow = typeof stockLevels.$inferSelect;
export type IncomingShipmentRow = typeof incomingShipments.$inferSelect;
