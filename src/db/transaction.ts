import {
  type Database,
  type Executor,
  type Transaction,
  type TransactionOptions,
  transactionOpener,
} from './client.js';
import { announceCommit, flushOutbox } from '../events/outbox.js';
import { sqlState } from './errors.js';

/** SQLSTATEs after which a transaction may simply run again: deadlock, serialization failure. */
const RETRYABLE = new Set(['40P01', '40001']);

/** How many times a transaction runs at most, the first time included. */
const ATTEMPTS = 3;

/** Writes of each transaction that its work sent and left for the commit to wait for. */
const lastWrites = new WeakMap<Executor, Promise<unknown>[]>();

/**
 * Leaves a write the work has sent, and needs no answer of, for `inTransaction` to wait for with
 * the outbox and the commit, which go out right behind it: the three cost one round trip. It
 * must be a statement already sent (one of `defineStatement`'s), and the work's last.
 */
export function commitWith(tx: Executor, write: Promise<unknown>) {
  // Its failure is the transaction's: it is awaited, and thrown, before the commit counts.
  write.catch(() => {});
  const writes = lastWrites.get(tx);
  if (writes) writes.push(write);
  else lastWrites.set(tx, [write]);
}

/**
 * The work's last writes, the outbox, and `commit` (on PostgreSQL) sent behind them. When some
 * failed, the first of them in the order they were sent is the cause (a deadlock, say, which
 * `inTransaction` runs again): the ones after it failed because it had.
 */
async function finish(tx: Executor, commit?: () => Promise<unknown>) {
  const writes = lastWrites.get(tx) ?? [];
  lastWrites.delete(tx);
  const outbox = flushOutbox(tx);
  const outcomes = await Promise.allSettled([...writes, outbox, commit?.()]);
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

async function runOnce<T>(
  db: Database,
  work: (tx: Transaction) => Promise<T>,
  options: TransactionOptions,
): Promise<T> {
  const open = transactionOpener(db);
  if (!open) {
    let committed: Transaction | null = null;
    const result = await db.transaction(async (tx) => {
      const result = await work(tx);
      await finish(tx);
      committed = tx;
      return result;
    });
    announceCommit(db, committed!);
    return result;
  }

  const transaction = await open(options);
  let ended = false;
  try {
    const result = await work(transaction.tx);
    await finish(transaction.tx, transaction.commit);
    ended = true;
    announceCommit(db, transaction.tx);
    return result;
  } finally {
    await transaction.close(!ended);
  }
}

/**
 * Runs `work` in a transaction, writes the events it recorded to the outbox last (and once it
 * committed, wakes this process's feed for them), and runs it again (three times in all) when
 * PostgreSQL ends it as a deadlock victim or for a serialization failure. Anything else
 * propagates, the transaction rolled back.
 */
export async function inTransaction<T>(
  db: Database,
  work: (tx: Transaction) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runOnce(db, work, options);
    } catch (error) {
      if (attempt >= ATTEMPTS || !RETRYABLE.has(sqlState(error) ?? '')) throw error;
    }
  }
}
