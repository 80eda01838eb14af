import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { pino } from 'pino';
import { inject } from 'vitest';
import { type App, type AppOptions, createApp } from '../../src/app.js';
import { defineConfig } from '../../src/config.js';
import { createTestDatabase, type TestDatabase } from './postgres.js';

export const ADMIN_KEY = 'test-admin-key-that-is-long-enough';

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
}

export interface TestApp {
  app: App;
  database: TestDatabase;
  /** Moves the injected clock. */
  setNow(instant: string | Date): void;
  /** Runs an operation in-process as the holder of `key` (no key: unauthenticated). */
  execute<T, V>(
    document: TypedDocumentNode<T, V>,
    variables: V,
    key?: string | null,
  ): Promise<GraphQLResponse<T>>;
  /** Like `execute`, but fails on any GraphQL error and returns the data. */
  run<T, V>(document: TypedDocumentNode<T, V>, variables: V, key?: string | null): Promise<T>;
  close(): Promise<void>;
}

/** An app over a database of its own, standing at `now` until the test moves the clock. */
export async function createTestApp(
  now: string | Date = '2026-12-02T10:00:00+03:00',
  options: Pick<AppOptions, 'feed' | 'exchange'> = {},
): Promise<TestApp> {
  const database = await createTestDatabase(inject('templateDatabase'));
  let instant = new Date(now);
  const app = createApp(defineConfig({ adminApiKey: ADMIN_KEY, logLevel: 'silent' }), {
    database,
    clock: () => instant,
    logger: pino({ level: 'silent' }),
    expiryIntervalMs: 0,
    ...options,
  });

  const execute: TestApp['execute'] = async (document, variables, key = ADMIN_KEY) => {
    const response = await app.yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
      body: JSON.stringify({ query: print(document), variables }),
    });
    const body = (await response.json()) as Omit<GraphQLResponse<never>, 'status'>;

    return { status: response.status, ...body };
  };

  return {
    app,
    database,
    setNow: (value) => {
      instant = new Date(value);
    },
    execute,
    async run(document, variables, key) {
      const result = await execute(document, variables, key);
      if (result.errors?.length || !result.data) {
        throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      }
      return result.data;
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
