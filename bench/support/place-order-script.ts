import { createApp } from '../../src/app.js';
import { defineConfig } from '../../src/config.js';
import { createDatabase } from '../../src/db/client.js';
import type { BenchContext } from './harness.js';
import { renderStatement, type Statement, type Variables } from './pgbench-script.js';
import type { World } from './world.js';

/*
 * The pgbench script of placeOrder, made of the statements a real placeOrder sent: one order of
 * one line that got its stock, and one that did not. The script sends the reads (the order's id
 * among them), then the transaction: the stock lock, the order with its line and hold, the
 * events, and commit; for the order that found no stock, that statement and the events wrote
 * nothing, and the incoming goods are read after the commit for the message.
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

const isOrderId = (s: Statement) => s.query.includes("nextval('orders_id_seq')");
const isLock = (s: Statement) => /^\s*select 1 from "stock_levels"[\s\S]*for update/.test(s.query);
const isPlace = (s: Statement) => /insert into "orders"[\s\S]*update "stock_levels"/.test(s.query);
const isOutbox = (s: Statement) => s.query.trimStart().startsWith('with outbox_lock');

/** One pgbench command: the statement, ending with what keeps the values the next ones need. */
function command(statement: Statement, variables: Variables): string {
  const text = renderStatement(statement, variables);
  if (isOrderId(statement)) return `${text} \\gset order_`;
  // place_enough is false when some line found no stock, and nothing was written.
  if (isPlace(statement)) return `${text} \\gset place_`;

  return `${text};`;
}

export async function recordPlaceOrderScript(
  ctx: BenchContext,
  world: World,
  options: RecordOptions,
): Promise<PlaceOrderScript> {
  const { sql } = ctx.database;
  // An order id far from every other id in the statements, so that it is found by value.
  await sql`select setval(pg_get_serial_sequence('orders', 'id'), 7000000)`;
  const placed = await recordOrder(ctx, world, options.placedSku, options);
  const refused = await recordOrder(ctx, world, options.refusedSku, options);
  if (!placed.payload.order || refused.payload.userErrors[0]?.code !== 'INSUFFICIENT_STOCK') {
    const payloads = JSON.stringify([placed.payload, refused.payload]);
    throw new Error(`The recorded orders did not go as planned: ${payloads}`);
  }

  const offers = await sql<{ sku: string; id: string }[]>`
    select sku, id from offers where sku in (${options.placedSku}, ${options.refusedSku})`;
  const offerId = (sku: string) => Number(offers.find((o) => o.sku === sku)!.id);
  const [order] = await sql<{ id: string }[]>`
    select id from orders where external_ref = ${options.externalRef}`;
  const placedVariables: Variables = new Map([
    [offerId(options.placedSku), 'offer_id'],
    [Number(order!.id), 'order_id'],
  ]);
  const refusedVariables: Variables = new Map([[offerId(options.refusedSku), 'offer_id']]);

  const begin = placed.statements.findIndex(isLock);
  const place = placed.statements.findIndex(isPlace);
  const outbox = placed.statements.findIndex(isOutbox);
  const sameStart = placed.statements
    .slice(0, outbox + 1)
    .every((s, i) => s.query === refused.statements[i]?.query);
  if (begin < 0 || place !== begin + 1 || outbox !== place + 1 || !sameStart) {
    throw new Error('placeOrder no longer sends the statements this benchmark knows how to replay');
  }
  if (placed.statements.length !== outbox + 1)
    throw new Error('A placed order sent statements after its events');
  const refusedTail = refused.statements.slice(outbox + 1);
  const body = (beforeCommit: string[]) =>
    [
      ...placed.statements.slice(0, begin).map((s) => command(s, placedVariables)),
      'begin;',
      ...placed.statements.slice(begin, outbox + 1).map((s) => command(s, placedVariables)),
      ...beforeCommit.map((statement) => `${statement};`),
      'commit;',
      '\\if :place_enough',
      '\\else',
      ...refusedTail.map((s) => command(s, refusedVariables)),
      '\\endif',
    ].join('\n');
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
        body(beforeCommit),
        '',
      ].join('\n'),
    statementCount:
      `${placed.statements.length} when placed (${begin} reads, begin, ${inTransaction}, ` +
      `commit), ${refused.statements.length} when refused (the same, then a read)`,
  };
}
