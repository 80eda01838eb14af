import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

/** The PostgreSQL server a run creates its database on, unless BENCH_DATABASE_URL names another. */
export const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface BenchDatabase {
  name: string;
  /** The URL of the database itself (the server URL with its path replaced). */
  url: string;
  /** A small pool for the harness's own setup statements and checks. */
  sql: postgres.Sql;
  /** Closes the harness's connections and drops the database, forcing others off it. */
  drop(): Promise<void>;
}

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates an empty database of its own on the server; the caller migrates it. */
export async function createBenchDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `interdist_bench_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = withDatabase(serverUrl, name);
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  let dropped = false;

  return {
    name,
    url,
    sql,
    async drop() {
      if (dropped) return;
      dropped = true;
      await sql.end({ timeout: 5 });
      try {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await admin.end({ timeout: 5 });
      }
    },
  };
}
