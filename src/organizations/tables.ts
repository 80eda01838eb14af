import { sql } from 'drizzle-orm';
import { check, index, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt, id, ref } from '../db/columns.js';

export const organizationKind = pgEnum('organization_kind', ['distributor', 'store']);

export const organizations = pgTable(
  'organizations',
  {
    id: id(),
    kind: organizationKind('kind').notNull(),
    name: text('name').notNull(),
    /** IANA zone; distributors only. */
    timeZone: text('time_zone'),
    createdAt: createdAt(),
  },
  (t) => [
    check(
      'organizations_time_zone_for_distributors',
      sql`(${t.kind} = 'distributor') = (${t.timeZone} is not null)`,
    ),
    check('organizations_name_not_blank', sql`btrim(${t.name}) <> ''`),
  ],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    organizationId: ref('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** SHA-256 of the key, hex; the key itself is never stored. */
    keyHash: text('key_hash').notNull().unique(),
    createdAt: createdAt(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('api_keys_organization_idx').on(t.organizationId)],
);

export type OrganizationRow = typeof organizations.$inferSelect;
