import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import type { Logger as QueryLogger } from 'drizzle-orm/logger';
import type { PgDatabase, PgDialect, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import {
  drizzle as drizzlePostgres,
  PostgresJsSession,
  PostgresJsTransaction,
} from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres, { type Sql, type TransactionSql } from 'postgres';
import { lockSync } from 'proper-lockfile';
import * as schema from './schema.js';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<
  PgQueryResultHKT,
  Schema,
  ExtractTablesWithRelations<Schema>
>;
/** Where a store runs its statements: the database itself, or a transaction on it. */
export type Executor = Database | Transaction;

export interface DatabaseHandle {
  db: Database;
  /** `embedded` is PGlite in a folder; `postgres` a PostgreSQL server. */
  kind: 'embedded' | 'postgres';
  /** Applies pending migrations; safe when several processes start at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL URL; without it the embedded database in `dataDir` is used. */
  databaseUrl?: string | undefined;
  /** Folder of the embedded database. Default `./.data`. */
  dataDir?: string;
  /** Sees every statement the application sends (used to count them). */
  onQuery?: (query: string, params: unknown[]) => void;
  /** Largest number of pooled connections to PostgreSQL. Default 10. */
  poolSize?: number;
}

/**
 * Statements with more parameters than this are not prepared: bulk writes, whose text changes
 * with their row count, would otherwise fill every connection's statement cache for one use.
 */
const MAX_PREPARED_PARAMETERS = 64;

/**
 * drizzle runs every statement unprepared unless named with `.prepare()`, and postgres.js then
 * sends each one with parameters twice: once to learn their types, once to run it, while the
 * server parses and plans it anew. Prepared, a statement it has seen on a connection takes one
 * round trip and no parsing. This gives postgres.js back its own default, prepared statements,
 * for every statement drizzle sends through `client`, in transactions too.
 */
function preparing<T extends Sql | TransactionSql>(client: T, inOrder = false): T {
  const scoped =
    (open: (...args: unknown[]) => Promise<unknown>) =>
    (...args: unknown[]) => {
      const work = args.pop() as (tx: TransactionSql) => unknown;
      return open(...args, (tx: TransactionSql) => work(preparing(tx)));
    };

  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'unsafe') {
        return (query: string, params: never[] = [], options: { prepare?: boolean } = {}) => {
          const pending = target.unsafe(query, params, {
            ...options,
            prepare: options.prepare || params.length <= MAX_PREPARED_PARAMETERS,
          });
          return inOrder ? pending.execute() : pending;
        };
      }
      if (property === 'begin') return scoped((target as Sql).begin.bind(target) as never);
      if (property === 'savepoint')
        return scoped((target as TransactionSql).savepoint.bind(target) as never);

      return Reflect.get(target, property, receiver);
    },
  });
}

/**
 * A transaction on a connection of its own, where drizzle's (postgres.js `begin`) waits a round
 * trip for BEGIN and another for COMMIT: here BEGIN goes out with the first statement and COMMIT
 * with the last ones. Every statement is queued on the connection as drizzle sends it (with
 * `inOrder`), so the COMMIT asked for after them goes after them. Should one of them fail,
 * PostgreSQL takes that COMMIT as a ROLLBACK.
 */
export interface OpenTransaction {
  tx: Transaction;
  /** Sends COMMIT, after every statement sent so far; throws if the transaction failed. */
  commit(): Promise<void>;
  /** Rolls back what the transaction did, if it has not ended, and frees the connection. */
  close(rollback: boolean): Promise<void>;
}

export interface TransactionOptions {
  /**
   * Runs the transaction's prepared statements on their generic plans, planned once per
   * connection. PostgreSQL otherwise plans a statement with array parameters anew at every run
   * (a plan for the arrays it is given looks cheaper), which for a large statement costs more
   * than running it. Only for statements whose generic plan is known to be right.
   */
  genericPlans?: boolean;
}

const openers = new WeakMap<Database, (options: TransactionOptions) => Promise<OpenTransaction>>();

/** How to open a transaction on `db` that sends BEGIN and COMMIT with its statements, if any. */
export const transactionOpener = (db: Database) => openers.get(db);

interface DrizzleInternals {
  dialect: PgDialect;
}

function openerOf(client: Sql, db: Database, logger: QueryLogger | undefined) {
  const { dialect } = db as unknown as DrizzleInternals;

  return async (options: TransactionOptions): Promise<OpenTransaction> => {
    const reserved = await client.reserve();
    const connection = preparing(reserved as unknown as Sql, true);
    // Without the schema's relations: nothing runs relational queries in a transaction, and
    // drizzle would make a query builder for every table of the schema for each one.
    const session = new PostgresJsSession(connection, dialect, undefined, { logger });
    const begun = connection.unsafe(
      options.genericPlans ? 'begin; set local plan_cache_mode = force_generic_plan' : 'begin',
    );
    // Its failure is the first statement's too; it is awaited with the commit.
    begun.catch(() => {});

    return {
      tx: new PostgresJsTransaction(dialect, session as never, undefined) as unknown as Transaction,
      async commit() {
        const [, ended] = await Promise.all([begun, connection.unsafe('commit')]);
        if (ended.command !== 'COMMIT') {
          throw new Error(
            `The transaction ended in ${ended.command}: one of its statements failed`,
          );
        }
      },
      async close(rollback) {
        try {
          if (rollback) await connection.unsafe('rollback');
        } finally {
          reserved.release();
        }
      },
    };
  };
}

const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** An arbitrary constant that all Interdist processes lock while migrating. */
const MIGRATION_LOCK = 7_240_311;

export function createDatabase(options: DatabaseOptions): DatabaseHandle {
  const logger: QueryLogger | undefined = options.onQuery && {
    logQuery: (query, params) => options.onQuery?.(query, params),
  };

  if (options.databaseUrl) {
    const url = options.databaseUrl;
    const client = postgres(url, { max: options.poolSize ?? 10, onnotice: () => {} });
    const db = drizzlePostgres(preparing(client), { schema, logger }) as unknown as Database;
    openers.set(db, openerOf(client, db, logger));

    return {
      db,
      kind: 'postgres',
      async migrate() {
        const session = postgres(url, { max: 1, onnotice: () => {} });
        try {
          await session`select pg_advisory_lock(${MIGRATION_LOCK})`;
          await migratePostgres(drizzlePostgres(session), { migrationsFolder });
          await session`select pg_advisory_unlock(${MIGRATION_LOCK})`;
        } finally {
          await session.end();
        }
      },
      close: () => client.end({ timeout: 5 }),
    };
  }

  const dataDir = options.dataDir ?? './.data';
  mkdirSync(dataDir, { recursive: true });
  const release = lockDataDir(dataDir);
  const client = new PGlite(dataDir);
  const db = drizzlePglite(client, { schema, logger }) as unknown as Database;

  return {
    db,
    kind: 'embedded',
    migrate: () => migratePglite(drizzlePglite(client), { migrationsFolder }),
    async close() {
      await client.close();
      release();
    },
  };
}

/**
 * The embedded database serves one process: a second one (`npm run admin` while the server
 * runs) would write past it. A lock on the folder refuses the second one.
 */
function lockDataDir(dataDir: string): () => void {
  try {
    return lockSync(dataDir, { stale: 30_000, update: 10_000 });
  } catch (error) {
    if ((error as { code?: string }).code !== 'ELOCKED') throw error;
    throw new Error(
      `The embedded database in ${dataDir} is in use by another process, such as a running ` +
        'server. Stop it, use the API, or set DATABASE_URL to a PostgreSQL server.',
    );
  }
}

/** Resolves once the database answers a trivial statement. */
export async function ping(db: Database): Promise<void> {
  await db.execute(sql`select 1`);
}

/**
 * Runs a statement written in SQL and returns its rows, whichever driver runs it. Bigint columns
 * come back as strings or bigints depending on the driver: callers convert what they read.
 */
export async function rowsOf<T>(tx: Executor, statement: SQL): Promise<T[]> {
  const result = (await tx.execute(statement)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
