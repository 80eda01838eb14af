import { sql } from 'drizzle-orm';
import {
  bigint,
  customType,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import { apiKeys, organizations } from '../organizations/tables.js';
import { createdAt, id, ref, updatedAt } from '../db/columns.js';
import { registers } from '../registers/tables.js';

/** Raw bytes; postgres.js reads them as a Buffer and PGlite as a Uint8Array, both Uint8Arrays. */
const bytes = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => value,
});

/** The encodings of the orders document: what 1C reads. */
export const exchangeEncoding = pgEnum('exchange_encoding', ['UTF_8', 'WINDOWS_1251']);

/** How a distributor's 1C wants the documents Interdist sends it. */
export const exchangeSettings = pgTable('exchange_settings', {
  distributorId: ref('distributor_id')
    .primaryKey()
    .references(() => organizations.id, { onDelete: 'cascade' }),
  encoding: exchangeEncoding('encoding').notNull(),
  /** The CommerceML version of the documents, e.g. "2.08" or "3.1". */
  schemaVersion: text('schema_version').notNull(),
  updatedAt: updatedAt(),
});

/**
 * One exchange of a distributor's 1C, from its `checkauth` on. 1C sends the cookie back on every
 * request; only its hash is kept, like an API key's.
 */
export const exchangeSessions = pgTable(
  'exchange_sessions',
  {
    id: id(),
    tokenHash: text('token_hash').notNull().unique(),
    /** The `sessid` 1C echoes in the query string of later requests. */
    sessid: text('sessid').notNull(),
    distributorId: ref('distributor_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    apiKeyId: ref('api_key_id')
      .notNull()
      .references(() => apiKeys.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('exchange_sessions_expires_idx').on(t.expiresAt)],
);

/** A file 1C uploaded in a session, in chunks appended in the order they came. */
export const exchangeUploads = pgTable(
  'exchange_uploads',
  {
    id: id(),
    sessionId: ref('session_id')
      .notNull()
      .references(() => exchangeSessions.id, { onDelete: 'cascade' }),
    filename: text('filename').notNull(),
    size: bigint('size', { mode: 'number' }).notNull().default(0),
    chunks: integer('chunks').notNull().default(0),
    /** The import that took the file in; null until one does. */
    importId: ref('import_id').references(() => exchangeImports.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [unique('exchange_uploads_session_filename_key').on(t.sessionId, t.filename)],
);

/** The bytes of uploaded files, one row per `mode=file` request. */
export const exchangeUploadChunks = pgTable(
  'exchange_upload_chunks',
  {
    uploadId: ref('upload_id')
      .notNull()
      .references(() => exchangeUploads.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    data: bytes('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.uploadId, t.position] })],
);

/** Where an import of uploaded files stands. */
export const exchangeImportStatus = pgEnum('exchange_import_status', [
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
]);

/** An import of uploaded files, run in the background by the process that started it. */
export const exchangeImports = pgTable('exchange_imports', {
  id: id(),
  sessionId: ref('session_id')
    .notNull()
    .references(() => exchangeSessions.id, { onDelete: 'cascade' }),
  status: exchangeImportStatus('status').notNull(),
  /** What 1C is told: the first error of a failed import, a summary of a finished one. */
  message: text('message'),
  startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  /** Moved on while the import runs; a running import that stopped moving was interrupted. */
  heartbeatAt: timestamp('heartbeat_at', { withTimezone: true, mode: 'date' }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
});

/**
 * The registers 1C's `query` sent, and whether a `success` confirmed them. A confirmed one is not
 * sent again.
 */
export const exchangeRegisterExports = pgTable(
  'exchange_register_exports',
  {
    registerId: ref('register_id')
      .primaryKey()
      .references(() => registers.id, { onDelete: 'cascade' }),
    distributorId: ref('distributor_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** The session whose last query sent it; a `success` of that session confirms it. */
    sessionId: ref('session_id').references(() => exchangeSessions.id, { onDelete: 'set null' }),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }).notNull(),
    exportedAt: timestamp('exported_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('exchange_register_exports_pending_idx')
      .on(t.sessionId)
      .where(sql`${t.exportedAt} is null`),
  ],
);

export type ExchangeSettingsRow = typeof exchangeSettings.$inferSelect;
export type ExchangeEncoding = ExchangeSettingsRow['encoding'];
export type ExchangeSessionRow = typeof exchangeSessions.$inferSelect;
export type ExchangeUploadRow = typeof exchangeUploads.$inferSelect;
export type ExchangeImportRow = typeof exchangeImports.$inferSelect;
