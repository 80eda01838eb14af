/** The SQLSTATE of a database error, looking through the causes drizzle wraps it in. */
export function sqlState(error: unknown): string | undefined {
  for (let e = error; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }

  return undefined;
}

/** Whether `error` is PostgreSQL's unique violation of `constraint`. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  for (let e = error; e; e = (e as { cause?: unknown }).cause) {
    const { code, constraint_name: name } = e as { code?: unknown; constraint_name?: unknown };
    if (code === '23505') return name === constraint;
  }

  return false;
}
