import { sql } from 'drizzle-orm';

/** A list of ids bound as one `bigint[]` parameter. */
export const bigints = (values: number[]) => sql`${sql.param(values)}::bigint[]`;

/** A list of integers bound as one `int[]` parameter. */
export const ints = (values: number[]) => sql`${sql.param(values)}::int[]`;

/** A list of strings bound as one `text[]` parameter. */
export const texts = (values: (string | null)[]) => sql`${sql.param(values)}::text[]`;

/**
 * A list of booleans bound as one `boolean[]`, sent as text: drivers bind arrays of booleans
 * badly.
 */
export const flags = (values: boolean[]) =>
  sql`${sql.param(values.map((v) => (v ? 't' : 'f')))}::text[]::boolean[]`;

/** A list of decimal strings bound as one `numeric[]` (sent as text, which every driver binds). */
export const decimals = (values: string[]) => sql`${sql.param(values)}::text[]::numeric[]`;
