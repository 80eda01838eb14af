import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Database, Executor } from './client.js';

interface Preparable<R> {
  prepare(name: string): { execute(values?: Record<string, unknown>): Promise<R> };
}

/**
 * A query with placeholders, built once for the database (and each time in a transaction, which
 * has statements of its own): building a drizzle query costs more CPU than running it.
 */
export function preparedQuery<V extends Record<string, unknown>, R>(
  db: Database,
  name: string,
  build: (executor: Executor) => Preparable<R>,
) {
  const onDatabase = build(db).prepare(name);

  return (values: V, tx: Executor = db): Promise<R> =>
    (tx === db ? onDatabase : build(tx).prepare(name)).execute(values);
}

/** `column` is one of the ids in the `bigint[]` placeholder `name`. */
export const inIds = (column: AnyPgColumn, name: string): SQL =>
  sql`${column} = any(${sql.placeholder(name)}::bigint[])`;
