import { sql } from 'drizzle-orm';

/** A list of ids bound as one `bigint[]` parameter. */
export const bigints = (values: number[]) => sql`${sql.param(values)}::bigint[]`;

/** A list of integers bound as one `int[]` parameter. */
export const ints = (values: number[]) => sql`${sql.param(values)}::int[]`;
