import { type Query, type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Executor } from './client.js';

const dialect = new PgDialect();

/** The placeholder of a statement's value `name`, filled at each run. */
export const value = (name: string) => sql.placeholder(name);

/**
 * A statement written in SQL with named placeholders (`sql.placeholder`), its text built once:
 * drizzle otherwise builds the text anew on every run, which costs the server more CPU than
 * PostgreSQL spends running a short statement. It runs on the database or in a transaction,
 * prepared there like any other, and returns its rows whichever the driver.
 */
export function defineStatement<V extends Record<string, unknown>, R = Record<string, unknown>>(
  statement: SQL,
) {
  let query: Query | undefined;

  return async (tx: Executor, values: V): Promise<R[]> => {
    query ??= dialect.sqlToQuery(statement);
    const result = (await tx._.session
      .prepareQuery(query, undefined, undefined, false)
      .execute(values)) as unknown;

    return (Array.isArray(result) ? result : (result as { rows: R[] }).rows) as R[];
  };
}
