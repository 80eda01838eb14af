import {
  bigint,
  index,
  integer,
  pgSequence,
  pgTable,
  primaryKey,
  timestamp,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { offers } from '../catalog/tables.js';
import { ref } from '../db/columns.js';

/**
 * The position of every event in the outbox, shared by all kinds. Positions are taken while
 * holding the outbox lock until commit, so they follow commit order: a reader that has seen
 * position N has seen every committed event before it.
 */
export const eventPosition = pgSequence('event_position');

/** The outbox column of an event table: its place in the one order of all events. */
export const position = () =>
  bigint('position', { mode: 'number' })
    .notNull()
    .unique()
    .default(sql`nextval('event_position')`);

/** A change of what an offer has available, for `stockChanged`. */
export const stockEvents = pgTable(
  'stock_events',
  {
    position: position(),
    offerId: ref('offer_id')
      .notNull()
      .references(() => offers.id, { onDelete: 'cascade' }),
    distributorId: ref('distributor_id').notNull(),
    available: integer('available').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.position] }),
    index('stock_events_offer_idx').on(t.offerId, t.position),
  ],
);

export type StockEventRow = typeof stockEvents.$inferSelect;
