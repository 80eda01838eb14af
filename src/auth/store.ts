import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database, Executor } from '../db/client.js';
import { preparedQuery } from '../db/prepared.js';
import { apiKeys, organizations } from '../organizations/tables.js';

export function createApiKeyStore(db: Database) {
  const activeKey = preparedQuery(db, 'active_api_key', (tx) =>
    tx
      .select({
        id: apiKeys.id,
        organizationId: apiKeys.organizationId,
        kind: organizations.kind,
      })
      .from(apiKeys)
      .innerJoin(organizations, eq(organizations.id, apiKeys.organizationId))
      .where(and(eq(apiKeys.keyHash, sql.placeholder('keyHash')), isNull(apiKeys.revokedAt))),
  );

  return {
    async insert(organizationId: number, keyHash: string, tx: Executor = db) {
      const [row] = await tx.insert(apiKeys).values({ organizationId, keyHash }).returning();
      return row!;
    },

    /** The live key with this hash and the kind of organization it belongs to. */
    async findActive(keyHash: string, tx: Executor = db) {
      const [row] = await activeKey({ keyHash }, tx);

      return row ?? null;
    },

    /** Revokes the live key with this hash; false when there is none. */
    async revoke(keyHash: string, at: Date, tx: Executor = db): Promise<boolean> {
      const rows = await tx
        .update(apiKeys)
        .set({ revokedAt: at })
        .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
        .returning({ id: apiKeys.id });

      return rows.length > 0;
    },
  };
}

export type ApiKeyStore = ReturnType<typeof createApiKeyStore>;
