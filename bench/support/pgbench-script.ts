/*
 * Turns statements as the application sent them (text with $n placeholders, and their
 * parameters) into pgbench script commands: each parameter becomes a literal, except the values
 * named as variables, which become :name so that pgbench can vary or carry them.
 */

/** A statement and its parameters, as drizzle's logger saw it. */
export interface Statement {
  query: string;
  params: unknown[];
}

/** Values among the parameters that stand for pgbench variables, e.g. an order id → order_id. */
export type Variables = Map<number, string>;

function quote(text: string): string {
  // pgbench reads :name as a variable even inside quotes, so such a literal cannot be sent.
  if (/:[A-Za-z_]/.test(text)) throw new Error(`A literal would read as a variable: ${text}`);
  return `'${text.replaceAll("'", "''")}'`;
}

function arrayElement(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return `"${String(value).replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

function literal(value: unknown, variables: Variables): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    const variable = variables.get(value);
    return variable ? `:${variable}` : String(value);
  }
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return quote(value.toISOString());
  if (Array.isArray(value)) {
    return value.some((v) => typeof v === 'number' && variables.has(v))
      ? `array[${value.map((v) => literal(v, variables)).join(', ')}]`
      : quote(`{${value.map(arrayElement).join(',')}}`);
  }
  if (typeof value === 'string') return quote(value);

  return quote(JSON.stringify(value));
}

/** The statement as one pgbench SQL command, without its terminating semicolon. */
export function renderStatement(statement: Statement, variables: Variables): string {
  const text = statement.query.trim().replace(/\$(\d+)/g, (_, n: string) => {
    const index = Number(n) - 1;
    if (index >= statement.params.length) throw new Error(`No $${n} in: ${statement.query}`);
    return literal(statement.params[index], variables);
  });
  if (text.includes(';') || /^\s*\\/m.test(text)) {
    throw new Error(`A statement pgbench would split or misread: ${text}`);
  }

  return text;
}
