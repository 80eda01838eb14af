import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDatabase, type DatabaseHandle, rowsOf } from '../src/db/client.js';
import { organizations } from '../src/organizations/tables.js';
import { createTestDatabase, type TestDatabase } from './support/postgres.js';

describe('statements on PostgreSQL', () => {
  let database: TestDatabase;
  // One connection, so that pg_prepared_statements shows what every statement left on it.
  let single: DatabaseHandle;

  beforeAll(async () => {
    database = await createTestDatabase(inject('templateDatabase'));
    single = createDatabase({ databaseUrl: database.url, poolSize: 1 });
  });

  afterAll(async () => {
    await single?.close();
    await database?.drop();
  });

  const prepared = async () =>
    (
      await rowsOf<{ statement: string }>(
        single.db,
        sql`select statement from pg_prepared_statements`,
      )
    ).map((r) => r.statement);

  it('should prepare a statement once per connection, in transactions too', async () => {
    const byId = (id: number) =>
      single.db.select().from(organizations).where(eq(organizations.id, id));
    await byId(1);
    await byId(2);
    await single.db.transaction(async (tx) => {
      await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, 3));
    });

    const statements = await prepared();
    const text = byId(0).toSQL().sql;
    expect(statements.filter((s) => s === text)).toHaveLength(1);
    expect(statements).toContain(
      'select "id" from "organizations" where "organizations"."id" = $1',
    );
  });

  it('should not prepare a statement of more than 64 parameters', async () => {
    const ids = Array.from({ length: 65 }, (_, i) => i + 1);
    const query = single.db.select().from(organizations).where(inArray(organizations.id, ids));
    await query;

    expect(await prepared()).not.toContain(query.toSQL().sql);
  });
});
