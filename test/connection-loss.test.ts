import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { rowsOf } from '../src/db/client.js';
import { inTransaction } from '../src/db/transaction.js';
import { queueStockChange } from '../src/events/outbox.js';
import { createTestDatabase, type TestDatabase } from './support/postgres.js';

describe('a transaction whose connection dies', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(inject('templateDatabase'));
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('fails with the connection error, and the next transactions run', async () => {
    const { db } = database;
    for (let i = 0; i < 5; i++) {
      // The backend is gone while the work still sends statements, the outbox and the commit.
      const failed = inTransaction(db, async (tx) => {
        await tx.execute(sql`select pg_terminate_backend(pg_backend_pid())`).catch(() => {});
        queueStockChange(tx, [1], new Date());
        await tx.execute(sql`select 1`);
      });
      // The dead connection's error, whichever statement meets it first; not a crash, not a hang.
      await expect(failed).rejects.toThrow(
        /CONNECTION_CLOSED|terminating connection due to administrator command/,
      );
    }

    const [row] = await inTransaction(db, (tx) =>
      rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from stock_events`),
    );
    expect(row?.n).toBe(0);
    const idle = await rowsOf<{ n: number }>(
      db,
      sql`select count(*)::int as n from pg_stat_activity
          where datname = current_database() and state like 'idle in transaction%'`,
    );
    expect(idle[0]?.n).toBe(0);
  });
});
