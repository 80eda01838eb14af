import { sql } from 'drizzle-orm';
import type { Database, Executor } from '../db/client.js';
import { stockLevels } from '../stock/tables.js';
import { offers } from '../catalog/tables.js';
import { orderEvents, type OrderEventRow } from '../orders/tables.js';
import { registerEvents, type RegisterEventRow } from '../registers/tables.js';
import { stockEvents } from './tables.js';

/** An arbitrary constant: the advisory lock that orders the outbox. */
const OUTBOX_LOCK = 7_240_312;

type NewOrderEvent = Omit<OrderEventRow, 'id' | 'position'>;
type NewRegisterEvent = Omit<RegisterEventRow, 'id' | 'position'>;

interface Pending {
  orders: NewOrderEvent[];
  registers: NewRegisterEvent[];
  /** Offers whose available stock may have changed, and when. */
  stock: Map<number, Date>;
}

/** Events waiting for their transaction to end, by transaction. */
const pendingByTransaction = new WeakMap<Executor, Pending>();

function pendingOf(tx: Executor): Pending {
  let pending = pendingByTransaction.get(tx);
  if (!pending) {
    pending = { orders: [], registers: [], stock: new Map() };
    pendingByTransaction.set(tx, pending);
  }

  return pending;
}

export function queueOrderEvents(tx: Executor, events: NewOrderEvent[]) {
  pendingOf(tx).orders.push(...events);
}

export function queueRegisterEvent(tx: Executor, event: NewRegisterEvent) {
  pendingOf(tx).registers.push(event);
}

/** Notes that these offers' stock changed, so that `stockChanged` reports what they have. */
export function queueStockChange(tx: Executor, offerIds: Iterable<number>, at: Date) {
  const { stock } = pendingOf(tx);
  for (const offerId of offerIds) stock.set(offerId, at);
}

/** What wants to know, in this process, that a transaction on a database committed events. */
const watchersByDatabase = new WeakMap<Database, Set<() => void>>();

/**
 * Calls `wake` after each transaction of this process that committed events on `db`, so that
 * its subscribers get them without waiting for the next poll. Returns how to stop.
 */
export function watchCommits(db: Database, wake: () => void): () => void {
  let watchers = watchersByDatabase.get(db);
  if (!watchers) {
    watchers = new Set();
    watchersByDatabase.set(db, watchers);
  }
  watchers.add(wake);

  return () => watchers.delete(wake);
}

/** Tells the watchers of `db` that a transaction committed events. */
export function announceCommit(db: Database) {
  for (const wake of watchersByDatabase.get(db) ?? []) wake();
}

/**
 * Writes the events of a transaction as its last statements, under a lock held until commit,
 * so that event positions follow commit order. A transaction that rolls back writes none.
 * Returns whether it wrote any.
 */
export async function flushOutbox(tx: Executor): Promise<boolean> {
  const pending = pendingByTransaction.get(tx);
  pendingByTransaction.delete(tx);
  if (!pending || (!pending.orders.length && !pending.registers.length && !pending.stock.size)) {
    return false;
  }

  // TODO(#5): this lock serializes the end of every writing transaction; an xid-horizon reader
  // (positions read only below the snapshot's xmin) would keep the order without it.
  await tx.execute(sql`select pg_advisory_xact_lock(${OUTBOX_LOCK})`);
  if (pending.orders.length) await tx.insert(orderEvents).values(pending.orders);
  if (pending.registers.length) await tx.insert(registerEvents).values(pending.registers);
  if (pending.stock.size) {
    const offerIds = [...pending.stock.keys()];
    const at = [...pending.stock.values()].reduce((a, b) => (a > b ? a : b));
    await tx.execute(sql`
      insert into ${stockEvents} (offer_id, distributor_id, available, at)
      select o.id, o.distributor_id,
        least(coalesce(sum(greatest(s.on_hand - s.reserved, 0)), 0), 2147483647)::int,
        ${at.toISOString()}::timestamptz
      from ${offers} o left join ${stockLevels} s on s.offer_id = o.id
      where o.id = any(${sql.param(offerIds)}::bigint[])
      group by o.id, o.distributor_id
      order by o.id`);
  }

  return true;
}
