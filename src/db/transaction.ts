import type { Database, Transaction } from './client.js';
import { announceCommit, flushOutbox } from '../events/outbox.js';
import { sqlState } from './errors.js';

/** SQLSTATEs after which a transaction may simply run again: deadlock, serialization failure. */
const RETRYABLE = new Set(['40P01', '40001']);

/**
 * Runs `work` in a transaction, writes the events it recorded to the outbox last (and once it
 * committed, says so to this process's feed), and runs it
 * again (up to `attempts` times in all) when PostgreSQL ends
 * it as a deadlock victim or for a serialization failure. Anything else propagates.
 */
export async function inTransaction<T>(
  db: Database,
  work: (tx: Transaction) => Promise<T>,
  attempts = 3,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      let wroteEvents = false;
      const result = await db.transaction(async (tx) => {
        const result = await work(tx);
        wroteEvents = await flushOutbox(tx);
        return result;
      });
      if (wroteEvents) announceCommit(db);
      return result;
    } catch (error) {
      if (attempt >= attempts || !RETRYABLE.has(sqlState(error) ?? '')) throw error;
    }
  }
}
