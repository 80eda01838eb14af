import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createDatabase, type DatabaseHandle } from '../../src/db/client.js';

/** The PostgreSQL server the tests use; its own database is only used to create others. */
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The template of this run: its own name, so that two runs on one server do not collide. */
export const templateDatabaseName = () =>
  `interdist_template_${process.pid}_${randomBytes(3).toString('hex')}`;

export const adminUrl = () => serverUrl;

export function databaseUrl(name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface TestDatabase extends DatabaseHandle {
  url: string;
  /** Statements sent since the last reset. */
  statements: string[];
  /** Closes the connections and drops the database. */
  drop(): Promise<void>;
}

/** A fresh, migrated database cloned from the template, with every statement recorded. */
export async function createTestDatabase(template: string): Promise<TestDatabase> {
  const name = `interdist_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${template}`);

  const statements: string[] = [];
  const url = databaseUrl(name);
  const handle = createDatabase({
    databaseUrl: url,
    onQuery: (query) => statements.push(query),
  });

  return {
    ...handle,
    url,
    statements,
    async drop() {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
