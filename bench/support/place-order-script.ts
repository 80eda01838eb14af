import { createApp } from '../../src/app.js';
import { defineConfig } from '../../src/config.js';
import { createDatabase } from '../../src/db/client.js';
import type { BenchContext } from './harness.js';
import { renderStatement, type Statement, type Variables } from './pgbench-script.js';
import type { World } from './world.js';

/*
 * The pgbench script of placeOrder, made of the statements a real placeOrder sent: one order of
 * one line that got its stock, and one that did not. The script sends the reads, then the
 * transaction, which like placeOrder goes on to the lines when the conditional reservation
 * took stock, and otherwise reads the incoming goods (for the message) and rolls back.
 */

export interface RecordOptions {
  adminApiKey: string;
  /** The placeOrder mutation, with its selection, as the benchmark sends it. */
  mutation: string;
  /** An offer with one unit in stock, and one with none. */
  placedSku: string;
  refusedSku: string;
  /** The external reference of the recorded orders, and so of every order pgbench places. */
  externalRef: string;
}

export interface PlaceOrderScript {
  /**
   * The script, given the pgbench expression of its offer's local id, e.g. random(1, 100), and
   * statements a placed order sends before its commit besides the recorded ones.
   */
  script(offerId: string, beforeCommit?: string[]): string;
  /** How many statements an order sends, e.g. "12 placed (6 reads, begin, 6, commit)". */
  statementCount: string;
}

interface PlaceOrderPayload {
  order: { id: string } | null;
  userErrors: { code: string; message: string }[];
}

/** Places one order through an app of its own that records its statements, and returns them. */
async function recordOrder(ctx: BenchContext, world: World, sku: string, options: RecordOptions) {
  const statements: Statement[] = [];
  const database = createDatabase({
    databaseUrl: ctx.database.url,
    onQuery: (query, params) => statements.push({ query, params }),
  });
  const config = defineConfig({ adminApiKey: options.adminApiKey, logLevel: 'silent' });
  const app = createApp(config, { database, expiryIntervalMs: 0 });
  try {
    const input = {
      distributorId: world.distributorId,
      externalRef: options.externalRef,
      lines: [{ offerId: world.offerIds.get(sku), quantity: 1 }],
    };
    const response = await app.yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${world.storeKey}` },
      body: JSON.stringify({ query: options.mutation, variables: { input } }),
    });
    const { data } = (await response.json()) as { data?: { placeOrder: PlaceOrderPayload } };
    if (!data) throw new Error(`placeOrder of ${sku} failed: HTTP ${response.status}`);

    return { statements, payload: data.placeOrder };
  } finally {
    await app.close();
  }
}

const isInsertInto = (table: string) => (s: Statement) =>
  s.query.trimStart().startsWith(`insert into "${table}"`);
const isHold = (s: Statement) => /update "stock_levels"[\s\S]*returning/.test(s.query);

/** One pgbench command: the statement, ending with what keeps the ids the next ones need. */
function command(statement: Statement, variables: Variables): string {
  const text = renderStatement(statement, variables);
  if (isInsertInto('orders')(statement)) return `${text} \\gset order_`;
  if (isInsertInto('order_lines')(statement)) return `${text} \\gset line_`;
  // Sets took_quantity only when a row comes back, that is when stock was held.
  if (isHold(statement)) return `${text} \\aset took_`;

  return `${text};`;
}

export async function recordPlaceOrderScript(
  ctx: BenchContext,
  world: World,
  options: RecordOptions,
): Promise<PlaceOrderScript> {
  const { sql } = ctx.database;
  // Order and line ids far from every other id in the statements, so that each is found by value.
  await sql`
    select setval(pg_get_serial_sequence('orders', 'id'), 7000000),
      setval(pg_get_serial_sequence('order_lines', 'id'), 8000000)`;
  const placed = await recordOrder(ctx, world, options.placedSku, options);
  const refused = await recordOrder(ctx, world, options.refusedSku, options);
  if (!placed.payload.order || refused.payload.userErrors[0]?.code !== 'INSUFFICIENT_STOCK') {
    const payloads = JSON.stringify([placed.payload, refused.payload]);
    throw new Error(`The recorded orders did not go as planned: ${payloads}`);
  }

  const offers = await sql<{ sku: string; id: string }[]>`
    select sku, id from offers where sku in (${options.placedSku}, ${options.refusedSku})`;
  const offerId = (sku: string) => Number(offers.find((o) => o.sku === sku)!.id);
  const [line] = await sql<{ order_id: string; line_id: string }[]>`
    select o.id as order_id, l.id as line_id
    from orders o join order_lines l on l.order_id = o.id
    where o.external_ref = ${options.externalRef}`;
  const placedVariables: Variables = new Map([
    [offerId(options.placedSku), 'offer_id'],
    [Number(line!.order_id), 'order_id'],
    [Number(line!.line_id), 'line_id'],
  ]);
  const refusedVariables: Variables = new Map([[offerId(options.refusedSku), 'offer_id']]);

  const begin = placed.statements.findIndex(isInsertInto('orders'));
  const hold = placed.statements.findIndex(isHold);
  const sameStart = placed.statements
    .slice(0, hold + 1)
    .every((s, i) => s.query === refused.statements[i]?.query);
  if (begin < 0 || hold < begin || !sameStart) {
    throw new Error('placeOrder no longer sends the statements this benchmark knows how to replay');
  }
  const body = (beforeCommit: string[]) =>
    [
      ...placed.statements.slice(0, begin).map((s) => command(s, placedVariables)),
      'begin;',
      ...placed.statements.slice(begin, hold + 1).map((s) => command(s, placedVariables)),
      '\\if :took_quantity > 0',
      ...placed.statements.slice(hold + 1).map((s) => command(s, placedVariables)),
      ...beforeCommit.map((statement) => `${statement};`),
      'commit;',
      '\\else',
      ...refused.statements.slice(hold + 1).map((s) => command(s, refusedVariables)),
      'rollback;',
      '\\endif',
    ].join('\n');
  // The line id is a variable only where a statement sends it: the lines may come with their holds.
  for (const variable of [':offer_id', ':order_id']) {
    if (!body([]).includes(variable)) throw new Error(`No ${variable} in the recorded statements`);
  }
  const inTransaction = placed.statements.length - begin;
  const recorded = new Date().toISOString();

  return {
    script: (offer, beforeCommit = []) =>
      [
        `-- placeOrder of one line as Interdist sent it, recorded ${recorded}`,
        `\\set offer_id ${offer}`,
        '\\set took_quantity 0',
        body(beforeCommit),
        '',
      ].join('\n'),
    statementCount:
      `${placed.statements.length} when placed (${begin} reads, begin, ${inTransaction}, ` +
      `commit), ${refused.statements.length} when refused (then rollback)`,
  };
}
