import { type SQL, sql } from 'drizzle-orm';
import type { Database, Executor } from '../db/client.js';
import { defineStatement, value } from '../db/statement.js';
import { stockLevels } from '../stock/tables.js';
import { offers } from '../catalog/tables.js';
import { orderEvents, type OrderEventRow, orders as ordersTable } from '../orders/tables.js';
import { registerEvents, type RegisterEventRow } from '../registers/tables.js';
import { stockEvents } from './tables.js';

/**
 * An arbitrary constant: the advisory lock that orders the outbox. Held from a transaction's
 * events to its commit, it makes positions follow commit order, so a reader that has seen
 * position N has seen every event before it. Ordering by transaction id below the snapshot's
 * xmin would need no lock, but would hold back every event behind the longest open writer, a
 * feed import of minutes among them; the lock costs each writer its last round trip or two.
 */
const OUTBOX_LOCK = 7_240_312;

type NewOrderEvent = Omit<OrderEventRow, 'id' | 'position'>;
type NewRegisterEvent = Omit<RegisterEventRow, 'id' | 'position'>;

interface Pending {
  /** When set, the events are written only if this order exists when they are. */
  ifOrderId?: number;
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

/**
 * Has the events of `tx` written only if order `orderId` exists by then: for work that sends its
 * events before it knows whether a statement sent before them inserted that order.
 */
export function writeEventsIfOrderExists(tx: Executor, orderId: number) {
  pendingOf(tx).ifOrderId = orderId;
}

/** Notes that these offers' stock changed, so that `stockChanged` reports what they have. */
export function queueStockChange(tx: Executor, offerIds: Iterable<number>, at: Date) {
  const { stock } = pendingOf(tx);
  for (const offerId of offerIds) stock.set(offerId, at);
}

/**
 * The inserts of each kind of event, each reading first from `gate`: a one-row relation that
 * exists only once the outbox lock is held and the kinds before have their positions.
 */
const inserts = {
  order: (gate: SQL) => sql`
    insert into ${orderEvents} (order_id, status, previous_status, reason, at)
    select e.order_id, e.status::order_status, e.previous_status::order_status, e.reason, e.at
    from ${gate}, unnest(${value('orderIds')}::bigint[], ${value('orderStatuses')}::text[],
      ${value('orderPreviousStatuses')}::text[], ${value('orderReasons')}::text[],
      ${value('orderAt')}::text[]::timestamptz[])
      as e(order_id, status, previous_status, reason, at)`,
  register: (gate: SQL) => sql`
    insert into ${registerEvents} (register_id, status, previous_status, reason, at)
    select e.register_id, e.status::register_status, e.previous_status::register_status,
      e.reason, e.at
    from ${gate},
      unnest(${value('registerIds')}::bigint[], ${value('registerStatuses')}::text[],
        ${value('registerPreviousStatuses')}::text[], ${value('registerReasons')}::text[],
        ${value('registerAt')}::text[]::timestamptz[])
      as e(register_id, status, previous_status, reason, at)`,
  stock: (gate: SQL) => sql`
    insert into ${stockEvents} (offer_id, distributor_id, available, at)
    select o.id, o.distributor_id,
      (select least(coalesce(sum(greatest(s.on_hand - s.reserved, 0)), 0), 2147483647)::int
       from ${stockLevels} s where s.offer_id = o.id),
      ${value('stockAt')}::timestamptz
    from ${gate}, ${offers} o
    where o.id = any(${value('offerIds')}::bigint[])
    order by o.id`,
};

type EventKind = keyof typeof inserts;

type OutboxValues = Record<string, unknown>;

/**
 * The one statement that writes a transaction's events of these kinds. The lock is taken in a
 * materialized CTE that every insert reads from, so no event gets its position before the lock
 * is held; each kind also counts the rows of the one before, so positions go by kind.
 */
function outboxStatement(kinds: EventKind[], ifOrder: boolean) {
  const written = (kind: EventKind) => sql.raw(`${kind}_written`);
  const steps = kinds.map((kind, i) =>
    inserts[kind](
      i === 0
        ? sql`outbox_lock`
        : sql`outbox_lock, (select count(*) from ${written(kinds[i - 1]!)}) as ahead`,
    ),
  );
  const ctes = steps
    .slice(0, -1)
    .map((step, i) => sql`, ${written(kinds[i]!)} as (${step} returning 1)`);

  const lock = sql.raw(String(OUTBOX_LOCK));
  const only = ifOrder ? sql` from ${ordersTable} where id = ${value('ifOrderId')}` : sql``;

  return defineStatement<OutboxValues>(sql`
    with outbox_lock as materialized (select pg_advisory_xact_lock(${lock})${only})${sql.join(ctes)}
    ${steps.at(-1)!}`);
}

/** The outbox's statements by the kinds of events they write, made as they are first needed. */
const statements = new Map<string, ReturnType<typeof outboxStatement>>();

/** What wants to know, in this process, that a transaction on a database committed events. */
const watchersByDatabase = new WeakMap<Database, Set<() => void>>();

/** Transactions that sent events, for `inTransaction` to announce once they commit. */
const transactionsWithEvents = new WeakSet<Executor>();

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

/** Tells the watchers of `db` that `tx` committed, if it wrote events. */
export function announceCommit(db: Database, tx: Executor) {
  if (!transactionsWithEvents.has(tx)) return;
  for (const wake of watchersByDatabase.get(db) ?? []) wake();
}

/**
 * Writes the events of a transaction in one statement, under a lock held until commit, so that
 * event positions follow commit order. A transaction that rolls back writes none. `inTransaction`
 * calls it as the transaction ends; work may call it sooner, to send the events along with its
 * last writes, once it has recorded them all.
 */
export async function flushOutbox(tx: Executor) {
  const pending = pendingByTransaction.get(tx);
  pendingByTransaction.delete(tx);
  if (!pending) return;
  const { orders, registers, stock, ifOrderId } = pending;
  const kinds = (['order', 'register', 'stock'] as const).filter(
    (kind) => ({ order: orders.length, register: registers.length, stock: stock.size })[kind] > 0,
  );
  if (kinds.length === 0) return;

  const ifOrder = ifOrderId !== undefined;
  const key = `${kinds.join()}${ifOrder ? ' if order' : ''}`;
  let statement = statements.get(key);
  if (!statement) statements.set(key, (statement = outboxStatement(kinds, ifOrder)));
  transactionsWithEvents.add(tx);
  await statement(tx, {
    ifOrderId,
    orderIds: orders.map((e) => e.orderId),
    orderStatuses: orders.map((e) => e.status),
    orderPreviousStatuses: orders.map((e) => e.previousStatus),
    orderReasons: orders.map((e) => e.reason),
    orderAt: orders.map((e) => e.at.toISOString()),
    registerIds: registers.map((e) => e.registerId),
    registerStatuses: registers.map((e) => e.status),
    registerPreviousStatuses: registers.map((e) => e.previousStatus),
    registerReasons: registers.map((e) => e.reason),
    registerAt: registers.map((e) => e.at.toISOString()),
    offerIds: [...stock.keys()],
    stockAt: [...stock.values()].reduce((a, b) => (a > b ? a : b), new Date(0)).toISOString(),
  });
}
