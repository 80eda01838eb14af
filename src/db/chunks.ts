/**
 * Rows per multi-row statement: PostgreSQL binds at most 65,535 parameters to one statement, and
 * the widest rows the application inserts have fewer than 30 columns.
 */
export const ROWS_PER_STATEMENT = 2_000;

/** The rows in slices that each fit one statement. */
export function* chunks<T>(rows: readonly T[], size = ROWS_PER_STATEMENT): Generator<T[]> {
  for (let start = 0; start < rows.length; start += size) yield rows.slice(start, start + size);
}
