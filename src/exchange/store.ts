import {
  and,
  asc,
  desc,
  eq,
  gt,
  inArray,
  isNotNull,
  isNull,
  lt,
  notInArray,
  sql,
  sum,
} from 'drizzle-orm';
import type { Database, Executor } from '../db/client.js';
import { apiKeys } from '../organizations/tables.js';
import {
  exchangeImports,
  type ExchangeImportRow,
  exchangeSessions,
  type ExchangeSessionRow,
  exchangeUploadChunks,
  exchangeUploads,
  type ExchangeUploadRow,
} from './tables.js';

type NewSession = Omit<ExchangeSessionRow, 'id' | 'createdAt'>;

/** The SQL of 1C exchange sessions, the files uploaded in them and the imports of those files. */
export function createExchangeStore(db: Database) {
  return {
    async insertSession(values: NewSession, tx: Executor = db): Promise<ExchangeSessionRow> {
      const [row] = await tx.insert(exchangeSessions).values(values).returning();
      return row!;
    },

    /** The live session with this token hash, while its API key is not revoked. */
    async findLiveSession(tokenHash: string, now: Date, tx: Executor = db) {
      const [row] = await tx
        .select({ session: exchangeSessions })
        .from(exchangeSessions)
        .innerJoin(apiKeys, eq(apiKeys.id, exchangeSessions.apiKeyId))
        .where(
          and(
            eq(exchangeSessions.tokenHash, tokenHash),
            gt(exchangeSessions.expiresAt, now),
            isNull(apiKeys.revokedAt),
          ),
        );

      return row?.session ?? null;
    },

    /** Drops sessions that expired, and with them their uploads and imports. */
    async deleteExpiredSessions(now: Date, tx: Executor = db) {
      await tx.delete(exchangeSessions).where(lt(exchangeSessions.expiresAt, now));
    },

    /** Drops the distributor's sessions but the newest `keep`, so that uploads stay bounded. */
    async deleteSessionsBeyond(distributorId: number, keep: number, tx: Executor = db) {
      const newest = tx
        .select({ id: exchangeSessions.id })
        .from(exchangeSessions)
        .where(eq(exchangeSessions.distributorId, distributorId))
        .orderBy(desc(exchangeSessions.id))
        .limit(keep);
      await tx
        .delete(exchangeSessions)
        .where(
          and(
            eq(exchangeSessions.distributorId, distributorId),
            notInArray(exchangeSessions.id, newest),
          ),
        );
    },

    async deleteUploads(sessionId: number, tx: Executor = db) {
      await tx.delete(exchangeUploads).where(eq(exchangeUploads.sessionId, sessionId));
    },

    /** Bytes uploaded in the session so far. */
    async uploadedBytes(sessionId: number, tx: Executor = db): Promise<number> {
      const [row] = await tx
        .select({ total: sum(exchangeUploads.size) })
        .from(exchangeUploads)
        .where(eq(exchangeUploads.sessionId, sessionId));

      return Number(row?.total ?? 0);
    },

    /**
     * Appends a chunk to the session's file of this name, starting the file anew when an
     * earlier import already took it in.
     */
    async appendChunk(sessionId: number, filename: string, data: Uint8Array, tx: Executor) {
      await tx
        .delete(exchangeUploads)
        .where(
          and(
            eq(exchangeUploads.sessionId, sessionId),
            eq(exchangeUploads.filename, filename),
            isNotNull(exchangeUploads.importId),
          ),
        );
      const [upload] = await tx
        .insert(exchangeUploads)
        .values({ sessionId, filename, size: data.length, chunks: 1 })
        .onConflictDoUpdate({
          target: [exchangeUploads.sessionId, exchangeUploads.filename],
          set: {
            size: sql`${exchangeUploads.size} + ${data.length}`,
            chunks: sql`${exchangeUploads.chunks} + 1`,
          },
        })
        .returning();
      await tx
        .insert(exchangeUploadChunks)
        .values({ uploadId: upload!.id, position: upload!.chunks - 1, data });

      return upload!;
    },

    findUploads(sessionId: number, tx: Executor = db): Promise<ExchangeUploadRow[]> {
      return tx
        .select()
        .from(exchangeUploads)
        .where(eq(exchangeUploads.sessionId, sessionId))
        .orderBy(asc(exchangeUploads.id));
    },

    async readChunk(uploadId: number, position: number, tx: Executor = db) {
      const [row] = await tx
        .select({ data: exchangeUploadChunks.data })
        .from(exchangeUploadChunks)
        .where(
          and(
            eq(exchangeUploadChunks.uploadId, uploadId),
            eq(exchangeUploadChunks.position, position),
          ),
        );

      return row?.data ?? null;
    },

    async insertImport(sessionId: number, now: Date, tx: Executor): Promise<ExchangeImportRow> {
      const [row] = await tx
        .insert(exchangeImports)
        .values({ sessionId, status: 'RUNNING', startedAt: now, heartbeatAt: now })
        .returning();
      return row!;
    },

    /** Gives the import the session's uploads that no import took yet, and returns them. */
    claimUploads(sessionId: number, importId: number, tx: Executor): Promise<ExchangeUploadRow[]> {
      return tx
        .update(exchangeUploads)
        .set({ importId })
        .where(and(eq(exchangeUploads.sessionId, sessionId), isNull(exchangeUploads.importId)))
        .returning();
    },

    async findImport(id: number, tx: Executor = db): Promise<ExchangeImportRow | null> {
      const [row] = await tx.select().from(exchangeImports).where(eq(exchangeImports.id, id));
      return row ?? null;
    },

    /** The session's latest import, or null. */
    async findLatestImport(sessionId: number, tx: Executor = db) {
      const [row] = await tx
        .select()
        .from(exchangeImports)
        .where(eq(exchangeImports.sessionId, sessionId))
        .orderBy(desc(exchangeImports.id))
        .limit(1);

      return row ?? null;
    },

    async beat(ids: number[], now: Date, tx: Executor = db) {
      if (ids.length === 0) return;
      await tx
        .update(exchangeImports)
        .set({ heartbeatAt: now })
        .where(and(inArray(exchangeImports.id, ids), eq(exchangeImports.status, 'RUNNING')));
    },

    /** Records how a running import ended; false when it had already ended. */
    async finishImport(
      id: number,
      outcome: { status: 'SUCCEEDED' | 'FAILED'; message: string },
      now: Date,
      tx: Executor = db,
    ): Promise<boolean> {
      const rows = await tx
        .update(exchangeImports)
        .set({ ...outcome, finishedAt: now })
        .where(and(eq(exchangeImports.id, id), eq(exchangeImports.status, 'RUNNING')))
        .returning({ id: exchangeImports.id });

      return rows.length > 0;
    },
  };
}

export type ExchangeStore = ReturnType<typeof createExchangeStore>;
