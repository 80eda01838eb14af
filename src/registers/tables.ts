import { sql } from 'drizzle-orm';
import {
  boolean,
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
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { offers } from '../catalog/tables.js';
import { createdAt, id, ref, updatedAt } from '../db/columns.js';
import { position } from '../events/tables.js';
import { orderLines, orders, orderStatus } from '../orders/tables.js';
import { organizations } from '../organizations/tables.js';

export const registerStatus = pgEnum('register_status', [
  'SUBMITTED',
  'ACCEPTED',
  'REJECTED',
  'INVOICED',
  'SHIPPED',
  'CANCELLED',
]);

/** A store's list of orders for a distributor to ship on one day. */
export const registers = pgTable(
  'registers',
  {
    id: id(),
    storeId: ref('store_id')
      .notNull()
      .references(() => organizations.id),
    distributorId: ref('distributor_id')
      .notNull()
      .references(() => organizations.id),
    shipDate: date('ship_date', { mode: 'string' }).notNull(),
    status: registerStatus('status').notNull(),
    /** The number the distributor's ERP gave the register when it accepted it. */
    erpReference: text('erp_reference'),
    rejectReason: text('reject_reason'),
    total: numeric('total').notNull(),
    currency: text('currency').notNull(),
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('registers_store_idempotency_key').on(t.storeId, t.idempotencyKey),
    unique('registers_distributor_erp_reference_key').on(t.distributorId, t.erpReference),
    index('registers_store_idx').on(t.storeId, t.id),
    index('registers_distributor_idx').on(t.distributorId, t.id),
  ],
);

/** The orders a register was submitted with, and the status each had then. */
export const registerOrders = pgTable(
  'register_orders',
  {
    registerId: ref('register_id')
      .notNull()
      .references(() => registers.id, { onDelete: 'cascade' }),
    orderId: ref('order_id')
      .notNull()
      .references(() => orders.id),
    /**
     * Whether the order belongs to the register: from submission until the register is
     * rejected or cancelled. An order belongs to one register at most.
     */
    open: boolean('open').notNull().default(true),
    previousStatus: orderStatus('previous_status').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.registerId, t.orderId] }),
    uniqueIndex('register_orders_one_open_per_order')
      .on(t.orderId)
      .where(sql`${t.open}`),
  ],
);

/** Every status change of a register. */
export const registerEvents = pgTable(
  'register_events',
  {
    id: id(),
    position: position(),
    registerId: ref('register_id')
      .notNull()
      .references(() => registers.id, { onDelete: 'cascade' }),
    status: registerStatus('status').notNull(),
    previousStatus: registerStatus('previous_status'),
    reason: text('reason'),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('register_events_register_idx').on(t.registerId, t.id)],
);

export const invoices = pgTable(
  'invoices',
  {
    id: id(),
    registerId: ref('register_id')
      .notNull()
      .unique()
      .references(() => registers.id),
    distributorId: ref('distributor_id')
      .notNull()
      .references(() => organizations.id),
    number: text('number').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    currency: text('currency').notNull(),
    net: numeric('net').notNull(),
    vat: numeric('vat').notNull(),
    gross: numeric('gross').notNull(),
    createdAt: createdAt(),
  },
  (t) => [unique('invoices_distributor_number_key').on(t.distributorId, t.number)],
);

export const invoiceLines = pgTable(
  'invoice_lines',
  {
    id: id(),
    invoiceId: ref('invoice_id')
      .notNull()
      .references(() => invoices.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    orderId: ref('order_id')
      .notNull()
      .references(() => orders.id),
    orderLineId: ref('order_line_id')
      .notNull()
      .references(() => orderLines.id),
    offerId: ref('offer_id')
      .notNull()
      .references(() => offers.id),
    quantity: integer('quantity').notNull(),
    unitPrice: numeric('unit_price').notNull(),
    vatRate: numeric('vat_rate').notNull(),
    net: numeric('net').notNull(),
    vat: numeric('vat').notNull(),
    gross: numeric('gross').notNull(),
  },
  (t) => [
    unique('invoice_lines_invoice_position_key').on(t.invoiceId, t.position),
    check('invoice_lines_gross_is_net_plus_vat', sql`${t.gross} = ${t.net} + ${t.vat}`),
  ],
);

export type RegisterRow = typeof registers.$inferSelect;
export type RegisterStatus = RegisterRow['status'];
export type RegisterEventRow = typeof registerEvents.$inferSelect;
export type InvoiceRow = typeof invoices.$inferSelect;
export type InvoiceLineRow = typeof invoiceLines.$inferSelect;
