import { and, asc, count, eq, gt, inArray, lt, ne, sql } from 'drizzle-orm';
import type { Database, Executor } from '../db/client.js';
import { defineStatement, value } from '../db/statement.js';
import { queueOrderEvents } from '../events/outbox.js';
import type { Page } from '../schema/pagination.js';
import {
  incomingAllocations,
  orderEvents,
  type OrderEventRow,
  orderLines,
  type OrderLineRow,
  type OrderRow,
  orders,
  type OrderStatus,
  stockHolds,
} from './tables.js';

/** An order to insert, under an id taken beforehand with `nextOrderId`. */
export type NewOrder = Omit<OrderRow, 'createdAt' | 'updatedAt'>;

export interface OrderQuery {
  storeId?: number | undefined;
  distributorId?: number | undefined;
  statuses?: OrderStatus[] | undefined;
  externalRefs?: string[] | undefined;
  distributorIds?: number[] | undefined;
  storeIds?: number[] | undefined;
}

/** A status change to record: the order's new status, and what it was. */
export interface StatusChange {
  orderId: number;
  status: OrderStatus;
  previousStatus: OrderStatus | null;
  reason: string | null;
}

function orderWhere(query: OrderQuery, afterId: number | null) {
  return and(
    query.storeId === undefined ? undefined : eq(orders.storeId, query.storeId),
    query.distributorId === undefined ? undefined : eq(orders.distributorId, query.distributorId),
    query.statuses && inArray(orders.status, query.statuses),
    query.externalRefs && inArray(orders.externalRef, query.externalRefs),
    query.distributorIds && inArray(orders.distributorId, query.distributorIds),
    query.storeIds && inArray(orders.storeId, query.storeIds),
    afterId === null ? undefined : gt(orders.id, afterId),
  );
}

const insertOrderRow = defineStatement<
  Record<string, unknown>,
  { created_at: string | Date; updated_at: string | Date }
>(sql`
  insert into ${orders} (id, store_id, distributor_id, external_ref, status, delivery_option_id,
    eta, hold_until, total, currency, idempotency_key, request_hash)
  overriding system value
  values (${value('id')}, ${value('storeId')}, ${value('distributorId')}, ${value('externalRef')},
    ${value('status')}::order_status, ${value('deliveryOptionId')}, ${value('eta')}::date,
    ${value('holdUntil')}::text::timestamptz, ${value('total')}::numeric, ${value('currency')},
    ${value('idempotencyKey')}, ${value('requestHash')})
  on conflict do nothing
  returning created_at, updated_at`);

const nextOrderIdRow = defineStatement<Record<string, never>, { id: string | number }>(
  sql`select nextval('orders_id_seq') as id`,
);

export function createOrderStore(db: Database) {
  return {
    /**
     * The id of an order about to be placed, taken before its transaction so that every
     * statement of it can be sent at once.
     */
    async nextOrderId(): Promise<number> {
      const [row] = await nextOrderIdRow(db, {});
      return Number(row!.id);
    },

    /** Inserts an order; null when the store already used its idempotency key. */
    async insertOrder(values: NewOrder, tx: Executor): Promise<OrderRow | null> {
      const [row] = await insertOrderRow(tx, {
        ...values,
        holdUntil: values.holdUntil?.toISOString() ?? null,
      });

      return row
        ? {
            ...values,
            createdAt: new Date(row.created_at),
            updatedAt: new Date(row.updated_at),
          }
        : null;
    },

    async findByIdempotencyKey(storeId: number, key: string, tx: Executor = db) {
      const [row] = await tx
        .select()
        .from(orders)
        .where(and(eq(orders.storeId, storeId), eq(orders.idempotencyKey, key)));

      return row ?? null;
    },

    findOrdersByIds(ids: readonly number[], tx: Executor = db): Promise<OrderRow[]> {
      return tx
        .select()
        .from(orders)
        .where(inArray(orders.id, [...ids]));
    },

    /** The orders with these ids, locked, in id order. */
    lockOrders(ids: number[], tx: Executor): Promise<OrderRow[]> {
      return tx
        .select()
        .from(orders)
        .where(inArray(orders.id, ids))
        .orderBy(asc(orders.id))
        .for('update');
    },

    findLinesByOrderIds(orderIds: readonly number[], tx: Executor = db): Promise<OrderLineRow[]> {
      return tx
        .select()
        .from(orderLines)
        .where(inArray(orderLines.orderId, [...orderIds]))
        .orderBy(asc(orderLines.orderId), asc(orderLines.position));
    },

    /** Per line, the units it holds from stock and the units it has claimed from incoming goods. */
    async heldByLines(lineIds: readonly number[], tx: Executor = db) {
      const ids = [...lineIds];
      const [held, claimed] = await Promise.all([
        tx
          .select({
            lineId: stockHolds.orderLineId,
            quantity: sql<number>`sum(${stockHolds.quantity})::int`,
          })
          .from(stockHolds)
          .where(inArray(stockHolds.orderLineId, ids))
          .groupBy(stockHolds.orderLineId),
        tx
          .select({
            lineId: incomingAllocations.orderLineId,
            quantity: sql<number>`sum(${incomingAllocations.quantity})::int`,
          })
          .from(incomingAllocations)
          .where(inArray(incomingAllocations.orderLineId, ids))
          .groupBy(incomingAllocations.orderLineId),
      ]);

      return { held, claimed };
    },

    findEventsByOrderIds(orderIds: readonly number[], tx: Executor = db): Promise<OrderEventRow[]> {
      return tx
        .select()
        .from(orderEvents)
        .where(inArray(orderEvents.orderId, [...orderIds]))
        .orderBy(asc(orderEvents.position));
    },

    /** Records status changes; they are written to the outbox as the transaction ends. */
    recordChanges(changes: StatusChange[], at: Date, tx: Executor) {
      queueOrderEvents(
        tx,
        changes.map((change) => ({ ...change, at })),
      );
    },

    async setStatus(
      ids: number[],
      values: { status: OrderStatus; eta?: string | null; holdUntil?: Date | null },
      at: Date,
      tx: Executor,
    ) {
      if (ids.length === 0) return;
      await tx
        .update(orders)
        .set({ ...values, updatedAt: at })
        .where(inArray(orders.id, ids));
    },

    /** Marks every line of these orders that is not shipped as cancelled. */
    async cancelLines(orderIds: number[], tx: Executor) {
      await tx
        .update(orderLines)
        .set({ status: 'CANCELLED', eta: null })
        .where(and(inArray(orderLines.orderId, orderIds), ne(orderLines.status, 'SHIPPED')));
    },

    /** Ids of orders past their hold that no register holds yet, oldest first. */
    async findExpired(now: Date, limit: number, tx: Executor = db): Promise<number[]> {
      const rows = await tx
        .select({ id: orders.id })
        .from(orders)
        .where(and(inArray(orders.status, ['READY', 'AWAITING_STOCK']), lt(orders.holdUntil, now)))
        .orderBy(asc(orders.id))
        .limit(limit);

      return rows.map((r) => r.id);
    },

    /** Of these orders, the ones still expired that no other process is expiring, locked. */
    lockExpired(ids: number[], now: Date, tx: Executor): Promise<OrderRow[]> {
      return tx
        .select()
        .from(orders)
        .where(
          and(
            inArray(orders.id, ids),
            inArray(orders.status, ['READY', 'AWAITING_STOCK']),
            lt(orders.holdUntil, now),
          ),
        )
        .orderBy(asc(orders.id))
        .for('update', { skipLocked: true });
    },

    list(query: OrderQuery, page: Page, tx: Executor = db): Promise<OrderRow[]> {
      return tx
        .select()
        .from(orders)
        .where(orderWhere(query, page.afterId))
        .orderBy(asc(orders.id))
        .limit(page.limit + 1);
    },

    async count(query: OrderQuery, tx: Executor = db): Promise<number> {
      const [row] = await tx.select({ n: count() }).from(orders).where(orderWhere(query, null));
      return row!.n;
    },
  };
}

export type OrderStore = ReturnType<typeof createOrderStore>;
