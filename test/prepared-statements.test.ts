import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDatabase, type DatabaseHandle, rowsOf } from '../src/db/client.js';
import { defineStatement, value } from '../src/db/statement.js';
import { sqlState } from '../src/db/errors.js';
import { commitWith, inTransaction } from '../src/db/transaction.js';
import { createStores } from '../src/stores.js';
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

  it('should run the statements of a transaction on generic plans when asked', async () => {
    const byIds = (label: string) =>
      defineStatement<{ ids: number[] }>(sql`
        select id, ${sql.raw(`'${label}'`)} as label
        from organizations where id = any(${value('ids')}::bigint[])`);
    const [generic, custom] = [byIds('generic'), byIds('custom')];
    for (let i = 1; i <= 8; i++) {
      await inTransaction(single.db, async (tx) => generic(tx, { ids: [i] }), {
        genericPlans: true,
      });
      await inTransaction(single.db, async (tx) => custom(tx, { ids: [i] }));
    }
    const plans = await rowsOf<{ label: string; generic: number; custom: number }>(
      single.db,
      sql`select case when statement like '%''generic''%' then 'generic' else 'custom' end as label,
          generic_plans::int as generic, custom_plans::int as custom
        from pg_prepared_statements where statement like '%from organizations where id = any%'
        order by label`,
    );

    // Left to itself PostgreSQL plans a statement with an array anew for each array.
    expect(plans).toEqual([
      { label: 'custom', generic: 0, custom: 8 },
      { label: 'generic', generic: 8, custom: 0 },
    ]);
  });

  it('should keep one plan for a lookup of one id, and look up lists of more', async () => {
    const stores = createStores(single.db);
    for (let i = 0; i < 12; i++) await stores.organizations.findByIds([1]);
    await stores.organizations.findByIds([1, 2]);
    const plans = await rowsOf<{ statement: string; generic: number; custom: number }>(
      single.db,
      sql`select statement, generic_plans::int as generic, custom_plans::int as custom
        from pg_prepared_statements where statement like '%from "organizations" where%::bigint%'
        order by statement`,
    );

    expect(plans.map((p) => [p.statement.split(' where ')[1], p.generic, p.custom])).toEqual([
      // PostgreSQL plans the first five runs for their values, then keeps a generic plan.
      ['"organizations"."id" = $1::bigint', 7, 5],
      ['"organizations"."id" = any($1::bigint[])', 0, 1],
    ]);
  });

  it('should fail a transaction sent at once with its failed statement, not COMMIT', async () => {
    const lock = defineStatement(sql`select 1 from organizations for update`);
    const failing = defineStatement(sql`select 1 / 0`);
    const error: unknown = await inTransaction(single.db, async (tx) => {
      commitWith(tx, lock(tx, {}));
      commitWith(tx, failing(tx, {}));
    }).catch((e: unknown) => e);

    // A deadlock so reported is one that inTransaction runs again.
    expect(sqlState(error)).toBe('22012');
  });

  it('should not prepare a statement of more than 64 parameters', async () => {
    const ids = Array.from({ length: 65 }, (_, i) => i + 1);
    const query = single.db.select().from(organizations).where(inArray(organizations.id, ids));
    await query;

    expect(await prepared()).not.toContain(query.toSQL().sql);
  });
});
