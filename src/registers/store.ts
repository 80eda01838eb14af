import { and, asc, count, eq, gt, inArray } from 'drizzle-orm';
import { chunks } from '../db/chunks.js';
import type { Database, Executor } from '../db/client.js';
import { isUniqueViolation } from '../db/errors.js';
import { queueRegisterEvent } from '../events/outbox.js';
import type { Page } from '../schema/pagination.js';
import type { OrderStatus } from '../orders/tables.js';
import {
  type InvoiceLineRow,
  invoiceLines,
  type InvoiceRow,
  invoices,
  registerEvents,
  type RegisterEventRow,
  registerOrders,
  type RegisterRow,
  registers,
  type RegisterStatus,
} from './tables.js';

export type NewRegister = Omit<
  RegisterRow,
  'id' | 'createdAt' | 'updatedAt' | 'erpReference' | 'rejectReason'
>;

export interface RegisterQuery {
  storeId?: number | undefined;
  distributorId?: number | undefined;
  statuses?: RegisterStatus[] | undefined;
  shipDates?: string[] | undefined;
}

function registerWhere(query: RegisterQuery, afterId: number | null) {
  return and(
    query.storeId === undefined ? undefined : eq(registers.storeId, query.storeId),
    query.distributorId === undefined
      ? undefined
      : eq(registers.distributorId, query.distributorId),
    query.statuses && inArray(registers.status, query.statuses),
    query.shipDates && inArray(registers.shipDate, query.shipDates),
    afterId === null ? undefined : gt(registers.id, afterId),
  );
}

export function createRegisterStore(db: Database) {
  return {
    /** Inserts a register; null when the store already used its idempotency key. */
    async insertRegister(values: NewRegister, tx: Executor): Promise<RegisterRow | null> {
      const [row] = await tx.insert(registers).values(values).onConflictDoNothing().returning();
      return row ?? null;
    },

    async findByIdempotencyKey(storeId: number, key: string, tx: Executor = db) {
      const [row] = await tx
        .select()
        .from(registers)
        .where(and(eq(registers.storeId, storeId), eq(registers.idempotencyKey, key)));

      return row ?? null;
    },

    findRegistersByIds(ids: readonly number[], tx: Executor = db): Promise<RegisterRow[]> {
      return tx
        .select()
        .from(registers)
        .where(inArray(registers.id, [...ids]));
    },

    async lockRegister(id: number, tx: Executor): Promise<RegisterRow | null> {
      const [row] = await tx.select().from(registers).where(eq(registers.id, id)).for('update');
      return row ?? null;
    },

    /**
     * Puts orders in a register. False when one of them is already in another open register,
     * which the database refuses even when two registers are submitted at the same moment.
     */
    async addOrders(
      registerId: number,
      orders: { orderId: number; previousStatus: OrderStatus }[],
      tx: Executor,
    ): Promise<boolean> {
      try {
        await tx.insert(registerOrders).values(orders.map((o) => ({ ...o, registerId })));
        return true;
      } catch (error) {
        if (isUniqueViolation(error, 'register_orders_one_open_per_order')) return false;
        throw error;
      }
    },

    /** The orders of these registers, in the order they were put in. */
    findRegisterOrders(registerIds: readonly number[], tx: Executor = db) {
      return tx
        .select()
        .from(registerOrders)
        .where(inArray(registerOrders.registerId, [...registerIds]))
        .orderBy(asc(registerOrders.registerId), asc(registerOrders.orderId));
    },

    /** For these orders, the open register each is in. */
    findOpenRegisterOfOrders(orderIds: readonly number[], tx: Executor = db) {
      return tx
        .select({ orderId: registerOrders.orderId, registerId: registerOrders.registerId })
        .from(registerOrders)
        .where(and(inArray(registerOrders.orderId, [...orderIds]), eq(registerOrders.open, true)));
    },

    /** Closes the register's hold on its orders (all, or these). */
    async closeOrders(registerId: number, orderIds: number[] | null, tx: Executor) {
      await tx
        .update(registerOrders)
        .set({ open: false })
        .where(
          and(
            eq(registerOrders.registerId, registerId),
            orderIds ? inArray(registerOrders.orderId, orderIds) : undefined,
          ),
        );
    },

    /** Takes an order out of a register it was cancelled in. */
    async removeOrder(registerId: number, orderId: number, tx: Executor) {
      await tx
        .delete(registerOrders)
        .where(and(eq(registerOrders.registerId, registerId), eq(registerOrders.orderId, orderId)));
    },

    async update(
      id: number,
      values: Partial<Pick<RegisterRow, 'status' | 'erpReference' | 'rejectReason' | 'total'>>,
      at: Date,
      tx: Executor,
    ) {
      await tx
        .update(registers)
        .set({ ...values, updatedAt: at })
        .where(eq(registers.id, id));
    },

    /** Records a status change; it is written to the outbox as the transaction ends. */
    async recordChange(
      change: Omit<RegisterEventRow, 'id' | 'position' | 'at'>,
      at: Date,
      tx: Executor,
    ): Promise<void> {
      queueRegisterEvent(tx, { ...change, at });
    },

    findEventsByRegisterIds(ids: readonly number[], tx: Executor = db) {
      return tx
        .select()
        .from(registerEvents)
        .where(inArray(registerEvents.registerId, [...ids]))
        .orderBy(asc(registerEvents.position));
    },

    /** Inserts an invoice with its lines; null when the distributor already used its number. */
    async insertInvoice(
      invoice: Omit<InvoiceRow, 'id' | 'createdAt'>,
      lines: Omit<InvoiceLineRow, 'id' | 'invoiceId'>[],
      tx: Executor,
    ): Promise<InvoiceRow | null> {
      let row: InvoiceRow | undefined;
      try {
        [row] = await tx.insert(invoices).values(invoice).returning();
      } catch (error) {
        if (isUniqueViolation(error, 'invoices_distributor_number_key')) return null;
        throw error;
      }
      for (const chunk of chunks(lines.map((line) => ({ ...line, invoiceId: row!.id })))) {
        await tx.insert(invoiceLines).values(chunk);
      }

      return row!;
    },

    findInvoicesByIds(ids: readonly number[], tx: Executor = db): Promise<InvoiceRow[]> {
      return tx
        .select()
        .from(invoices)
        .where(inArray(invoices.id, [...ids]));
    },

    findInvoicesByRegisterIds(ids: readonly number[], tx: Executor = db): Promise<InvoiceRow[]> {
      return tx
        .select()
        .from(invoices)
        .where(inArray(invoices.registerId, [...ids]));
    },

    findInvoiceLines(invoiceIds: readonly number[], tx: Executor = db) {
      return tx
        .select()
        .from(invoiceLines)
        .where(inArray(invoiceLines.invoiceId, [...invoiceIds]))
        .orderBy(asc(invoiceLines.invoiceId), asc(invoiceLines.position));
    },

    list(query: RegisterQuery, page: Page, tx: Executor = db): Promise<RegisterRow[]> {
      return tx
        .select()
        .from(registers)
        .where(registerWhere(query, page.afterId))
        .orderBy(asc(registers.id))
        .limit(page.limit + 1);
    },

    async count(query: RegisterQuery, tx: Executor = db): Promise<number> {
      const [row] = await tx
        .select({ n: count() })
        .from(registers)
        .where(registerWhere(query, null));
      return row!.n;
    },
  };
}

export type RegisterStore = ReturnType<typeof createRegisterStore>;
