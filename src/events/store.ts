import { sql } from 'drizzle-orm';
import { type Database, rowsOf } from '../db/client.js';
import { orderEvents, orders } from '../orders/tables.js';
import type { OrderRow, OrderStatus } from '../orders/tables.js';
import { apiKeys } from '../organizations/tables.js';
import { registerEvents, registers } from '../registers/tables.js';
import type { RegisterRow, RegisterStatus } from '../registers/tables.js';
import { stockEvents } from './tables.js';

/** One event of the outbox, whatever its kind, with the parties that may see it. */
export type OutboxEvent =
  | {
      kind: 'order';
      position: number;
      orderId: number;
      storeId: number;
      distributorId: number;
      status: OrderStatus;
      previousStatus: OrderStatus | null;
      reason: string | null;
      at: Date;
      /** The order as it was when the feed read the event, loaded once for every subscriber. */
      order?: OrderRow;
    }
  | {
      kind: 'register';
      position: number;
      registerId: number;
      storeId: number;
      distributorId: number;
      status: RegisterStatus;
      previousStatus: RegisterStatus | null;
      reason: string | null;
      at: Date;
      register?: RegisterRow;
    }
  | {
      kind: 'stock';
      position: number;
      offerId: number;
      distributorId: number;
      available: number;
      at: Date;
    };

export type EventKind = OutboxEvent['kind'];

interface EventRow {
  kind: EventKind;
  position: string;
  entity_id: string;
  store_id: string | null;
  distributor_id: string;
  status: string | null;
  previous_status: string | null;
  reason: string | null;
  available: number | null;
  at: Date | string;
}

function toEvent(row: EventRow): OutboxEvent {
  const common = {
    position: Number(row.position),
    distributorId: Number(row.distributor_id),
    at: new Date(row.at),
  };
  if (row.kind === 'stock') {
    return { ...common, kind: 'stock', offerId: Number(row.entity_id), available: row.available! };
  }
  const change = {
    ...common,
    storeId: Number(row.store_id),
    reason: row.reason,
  };

  return row.kind === 'order'
    ? {
        ...change,
        kind: 'order',
        orderId: Number(row.entity_id),
        status: row.status as OrderStatus,
        previousStatus: row.previous_status as OrderStatus | null,
      }
    : {
        ...change,
        kind: 'register',
        registerId: Number(row.entity_id),
        status: row.status as RegisterStatus,
        previousStatus: row.previous_status as RegisterStatus | null,
      };
}

const kindQuery = {
  order: sql`
    select 'order' as kind, e.position, e.order_id as entity_id, o.store_id, o.distributor_id,
      e.status::text, e.previous_status::text, e.reason, null::int as available, e.at
    from ${orderEvents} e join ${orders} o on o.id = e.order_id`,
  register: sql`
    select 'register' as kind, e.position, e.register_id, r.store_id, r.distributor_id,
      e.status::text, e.previous_status::text, e.reason, null::int, e.at
    from ${registerEvents} e join ${registers} r on r.id = e.register_id`,
  stock: sql`
    select 'stock' as kind, e.position, e.offer_id, null::bigint, e.distributor_id,
      null, null, null, e.available, e.at
    from ${stockEvents} e`,
};

export function createEventStore(db: Database) {
  return {
    /** Events of these kinds after `position`, in position order, at most `limit`. */
    async after(position: number, kinds: EventKind[], limit: number): Promise<OutboxEvent[]> {
      // Each kind in position order and limited too: its index is read from the position on,
      // and the events' orders and registers found by id, however long the outbox grows.
      const parts = kinds.map(
        (kind) =>
          sql`(${kindQuery[kind]} where e.position > ${position}
              order by e.position limit ${limit})`,
      );
      const rows = await rowsOf<EventRow>(
        db,
        sql`select * from (${sql.join(parts, sql` union all `)}) as events
            order by position limit ${limit}`,
      );

      return rows.map(toEvent);
    },

    /**
     * The position of the latest committed event; 0 when there is none. Not the sequence's last
     * value: a transaction may have drawn one and not committed yet, and its event must still
     * be read after this position.
     */
    async latestPosition(): Promise<number> {
      const [row] = await rowsOf<{ position: string | null }>(
        db,
        sql`select greatest(
              (select max(position) from ${orderEvents}),
              (select max(position) from ${registerEvents}),
              (select max(position) from ${stockEvents})
            ) as position`,
      );

      return Number(row?.position ?? 0);
    },

    /** Whether an event has this position (any kind). */
    async exists(position: number): Promise<boolean> {
      const rows = await rowsOf<{ one: number }>(
        db,
        sql`select 1 as one from ${orderEvents} where position = ${position}
            union all select 1 from ${registerEvents} where position = ${position}
            union all select 1 from ${stockEvents} where position = ${position} limit 1`,
      );

      return rows.length > 0;
    },

    /** Of these API keys, the ones revoked since. */
    async revokedKeys(ids: number[]): Promise<number[]> {
      if (ids.length === 0) return [];
      const rows = await rowsOf<{ id: string }>(
        db,
        sql`select id from ${apiKeys} where id = any(${sql.param(ids)}::bigint[])
            and revoked_at is not null`,
      );

      return rows.map((r) => Number(r.id));
    },

    /**
     * Deletes stock events older than `before`; returns how many. Order and register events
     * are their histories and stay.
     */
    async prune(before: Date): Promise<number> {
      const [row] = await rowsOf<{ n: number }>(
        db,
        sql`with gone as (delete from ${stockEvents} where at < ${before.toISOString()}::timestamptz
            returning 1) select count(*)::int as n from gone`,
      );

      return row?.n ?? 0;
    },
  };
}

export type EventStore = ReturnType<typeof createEventStore>;
