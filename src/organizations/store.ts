import { and, asc, count, eq, gt, inArray } from 'drizzle-orm';
import type { Database, Executor } from '../db/client.js';
import { inIds, preparedQuery } from '../db/prepared.js';
import type { Page } from '../schema/pagination.js';
import { type OrganizationRow, organizations } from './tables.js';

export type OrganizationKind = OrganizationRow['kind'];

export function createOrganizationStore(db: Database) {
  const byIds = preparedQuery(db, 'organizations_by_ids', (tx) =>
    tx.select().from(organizations).where(inIds(organizations.id, 'ids')),
  );

  return {
    async create(
      values: { kind: OrganizationKind; name: string; timeZone?: string | null },
      tx: Executor = db,
    ): Promise<OrganizationRow> {
      const [row] = await tx.insert(organizations).values(values).returning();
      return row!;
    },

    findByIds(ids: readonly number[], tx: Executor = db): Promise<OrganizationRow[]> {
      return byIds({ ids }, tx);
    },

    /** A page of one kind of organization in id order, narrowed to `onlyIds` when given. */
    list(kind: OrganizationKind, page: Page, onlyIds?: number[], tx: Executor = db) {
      const where = and(
        eq(organizations.kind, kind),
        onlyIds && inArray(organizations.id, onlyIds),
        page.afterId === null ? undefined : gt(organizations.id, page.afterId),
      );

      return tx
        .select()
        .from(organizations)
        .where(where)
        .orderBy(asc(organizations.id))
        .limit(page.limit + 1);
    },

    async count(kind: OrganizationKind, onlyIds?: number[], tx: Executor = db): Promise<number> {
      const where = and(
        eq(organizations.kind, kind),
        onlyIds && inArray(organizations.id, onlyIds),
      );
      const [row] = await tx.select({ n: count() }).from(organizations).where(where);
      return row!.n;
    },
  };
}

export type OrganizationStore = ReturnType<typeof createOrganizationStore>;
