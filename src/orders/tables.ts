import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import { offers } from '../catalog/tables.js';
import { createdAt, id, ref, updatedAt } from '../db/columns.js';
import { position } from '../events/tables.js';
import { deliveryOptions } from '../delivery/tables.js';
import { organizations } from '../organizations/tables.js';
import { incomingShipments, warehouses } from '../stock/tables.js';

export const orderStatus = pgEnum('order_status', [
  'AWAITING_STOCK',
  'READY',
  'IN_REGISTER',
  'ACCEPTED',
  'INVOICED',
  'SHIPPED',
  'CANCELLED',
  'EXPIRED',
]);

export const orderLineStatus = pgEnum('order_line_status', [
  'RESERVED',
  'IN_TRANSIT',
  'SHORTAGE',
  'SHIPPED',
  'CANCELLED',
]);

export const orders = pgTable(
  'orders',
  {
    id: id(),
    storeId: ref('store_id')
      .notNull()
      .references(() => organizations.id),
    distributorId: ref('distributor_id')
      .notNull()
      .references(() => organizations.id),
    externalRef: text('external_ref').notNull(),
    status: orderStatus('status').notNull(),
    deliveryOptionId: ref('delivery_option_id').references(() => deliveryOptions.id),
    /**
     * The latest ETA of its lines in transit; null when it waits for nothing or for the unknown.
     */
    eta: date('eta', { mode: 'string' }),
    holdUntil: timestamp('hold_until', { withTimezone: true, mode: 'date' }),
    total: numeric('total').notNull(),
    currency: text('currency').notNull(),
    idempotencyKey: text('idempotency_key'),
    /** SHA-256 of the input the key was first used with. */
    requestHash: text('request_hash'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('orders_store_idempotency_key').on(t.storeId, t.idempotencyKey),
    index('orders_store_idx').on(t.storeId, t.id),
    index('orders_distributor_idx').on(t.distributorId, t.id),
    index('orders_hold_until_idx')
      .on(t.holdUntil)
      .where(sql`${t.status} in ('READY', 'AWAITING_STOCK')`),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    id: id(),
    orderId: ref('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    /** Position in the order as placed, from 0. */
    position: integer('position').notNull(),
    offerId: ref('offer_id')
      .notNull()
      .references(() => offers.id),
    quantity: integer('quantity').notNull(),
    /** Captured when the order is placed; later price changes do not move it. */
    unitPrice: numeric('unit_price').notNull(),
    status: orderLineStatus('status').notNull(),
    eta: date('eta', { mode: 'string' }),
  },
  (t) => [
    unique('order_lines_order_position_key').on(t.orderId, t.position),
    index('order_lines_offer_idx').on(t.offerId),
    check('order_lines_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

/** Units of a line held from a warehouse's on-hand stock. */
export const stockHolds = pgTable(
  'stock_holds',
  {
    orderLineId: ref('order_line_id')
      .notNull()
      .references(() => orderLines.id, { onDelete: 'cascade' }),
    warehouseId: ref('warehouse_id')
      .notNull()
      .references(() => warehouses.id),
    quantity: integer('quantity').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orderLineId, t.warehouseId] }),
    check('stock_holds_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

/** Units of a line claimed from an incoming shipment. */
export const incomingAllocations = pgTable(
  'incoming_allocations',
  {
    orderLineId: ref('order_line_id')
      .notNull()
      .references(() => orderLines.id, { onDelete: 'cascade' }),
    incomingShipmentId: ref('incoming_shipment_id')
      .notNull()
      .references(() => incomingShipments.id),
    quantity: integer('quantity').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orderLineId, t.incomingShipmentId] }),
    index('incoming_allocations_shipment_idx').on(t.incomingShipmentId),
    check('incoming_allocations_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

/** Every status change of an order, with its time and reason. */
export const orderEvents = pgTable(
  'order_events',
  {
    id: id(),
    position: position(),
    orderId: ref('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    status: orderStatus('status').notNull(),
    previousStatus: orderStatus('previous_status'),
    reason: text('reason'),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('order_events_order_idx').on(t.orderId, t.id)],
);

export type OrderRow = typeof orders.$inferSelect;
export type OrderLineRow = typeof orderLines.$inferSelect;
export type OrderEventRow = typeof orderEvents.$inferSelect;
export type OrderStatus = OrderRow['status'];
export type OrderLineStatus = OrderLineRow['status'];
