import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Database, Executor } from './client.js';

interface Preparable<R> {
  prepare(name: string): { execute(values?: Record<string, unknown>): Promise<R> };
}

/** The placeholders `inIds` compares with, gathered while a query is built. */
let idLists: Set<string> | null = null;

/** Whether `inIds` builds a comparison with one id, for the query's version of one id a list. */
let oneIdEach = false;

function built<R>(build: () => Preparable<R>, oneId: boolean) {
  idLists = new Set();
  oneIdEach = oneId;
  try {
    return { query: build(), idLists };
  } finally {
    idLists = null;
    oneIdEach = false;
  }
}

/**
 * A query with placeholders, built once for the database (and each time in a transaction, which
 * has statements of its own): building a drizzle query costs more CPU than running it.
 *
 * A query with `inIds` lists is built twice. PostgreSQL plans a statement with a list parameter
 * anew at every run (a plan for the very list looks cheaper than one for any list), which for a
 * lookup by key costs more than the lookup. With one id in each list, the common case of a
 * request's loaders, the query's other version compares with that id, whose plan PostgreSQL
 * keeps for the connection.
 */
export function preparedQuery<V extends Record<string, unknown>, R>(
  db: Database,
  name: string,
  build: (executor: Executor) => Preparable<R>,
) {
  const lists = built(() => build(db), false);
  const onDatabase = lists.query.prepare(name);
  const names = [...lists.idLists];
  const oneId = names.length > 0 ? built(() => build(db), true).query.prepare(name) : null;

  return (values: V, tx: Executor = db): Promise<R> => {
    const single =
      oneId !== null && names.every((n) => (values[n] as readonly unknown[]).length === 1);
    if (!single) return (tx === db ? onDatabase : build(tx).prepare(name)).execute(values);

    const firsts = { ...values } as Record<string, unknown>;
    for (const n of names) firsts[n] = (values[n] as readonly unknown[])[0];

    return (tx === db ? oneId : built(() => build(tx), true).query.prepare(name)).execute(firsts);
  };
}

/** `column` is one of the ids in the `bigint[]` placeholder `name` (see `preparedQuery`). */
export function inIds(column: AnyPgColumn, name: string): SQL {
  idLists?.add(name);

  return oneIdEach
    ? sql`${column} = ${sql.placeholder(name)}::bigint`
    : sql`${column} = any(${sql.placeholder(name)}::bigint[])`;
}
