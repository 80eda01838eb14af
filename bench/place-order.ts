import { setTimeout as sleep } from 'node:timers/promises';
import { createGraphQLClient, type GraphQLClient } from './support/graphql-client.js';
import {
  type BenchContext,
  type Benchmark,
  formatMs,
  formatRate,
  type ScenarioResult,
} from './support/harness.js';
import { openListeners } from './support/listeners.js';
import { runLoad } from './support/load.js';
import {
  type InterdistRun,
  interdistCpu,
  measureInterdist,
  measurePgbench,
  type PgbenchRun,
  pgbenchCpu,
} from './support/measure.js';
import { pgbenchMissing } from './support/pgbench.js';
import { type PlaceOrderScript, recordPlaceOrderScript } from './support/place-order-script.js';
import { type BenchServer, startServer } from './support/server.js';
import { addOffers, createWorld, setStock, stockOf, type World } from './support/world.js';

/*
 * placeOrder over HTTP from concurrent clients, against pgbench running the very statements
 * placeOrder sends for one order, read from a real run, on the same database: orders spread
 * over many offers, then all on one offer with less stock than orders.
 */

const ADMIN_KEY = 'bench-admin-key-that-is-long-enough';
const SPREAD_OFFERS = 10_000;
const SPREAD_ON_HAND = 1_000_000;
const HOT_SKU = 'HOT';
/** Of the hot scenario's orders, the share its stock covers. */
const HOT_STOCK_SHARE = 0.75;
const PLACED_SKU = 'RECORD-PLACED';
const REFUSED_SKU = 'RECORD-REFUSED';
const PGBENCH_REF = 'pgbench';
const TARGETS = { spread: 0.5, hot: 0.7, delivery: 0.9 };
/** Dashboards following every order of the store in the runs with delivery on. */
const LISTENERS = [1, 10];
/** What a transaction would send to wake other processes' feeds with LISTEN/NOTIFY. */
const NOTIFY = "select pg_notify('interdist_outbox', '')";

const PLACE_ORDER = `mutation PlaceOrder($input: PlaceOrderInput!) {
  placeOrder(input: $input) { order { id status } userErrors { code message } }
}`;

interface PlaceOrderData {
  placeOrder: { order: { id: string } | null; userErrors: { code: string; message: string }[] };
}

interface Setup {
  ctx: BenchContext;
  server: BenchServer;
  client: GraphQLClient;
  world: World;
  recorded: PlaceOrderScript;
  /** Why there is no baseline, or null when pgbench is there. */
  pgbenchMissing: string | null;
}

const spreadSku = (i: number) => `SPREAD-${String(i + 1).padStart(5, '0')}`;

async function placeOrder(setup: Setup, offerId: string, externalRef: string) {
  const input = {
    distributorId: setup.world.distributorId,
    externalRef,
    lines: [{ offerId, quantity: 1 }],
  };
  const data = await setup.client.request<PlaceOrderData>(
    PLACE_ORDER,
    { input },
    setup.world.storeKey,
  );

  return data.placeOrder;
}

async function placeSpreadOrder(setup: Setup, externalRef: string) {
  const sku = spreadSku(Math.floor(Math.random() * SPREAD_OFFERS));
  const payload = await placeOrder(setup, setup.world.offerIds.get(sku)!, externalRef);
  if (!payload.order) throw new Error(`An order of ${sku} failed: ${JSON.stringify(payload)}`);
}

/** The local ids of offers by SKU, which pgbench needs where the API speaks global ids. */
async function localIds(ctx: BenchContext, skus: string[]): Promise<Map<string, number>> {
  const rows = await ctx.database.sql<{ sku: string; id: string }[]>`
    select sku, id from offers where sku = any(${skus})`;

  return new Map(rows.map((r) => [r.sku, Number(r.id)]));
}

async function ordersPlacedByPgbench(ctx: BenchContext): Promise<number> {
  const [row] = await ctx.database.sql<{ n: number }[]>`
    select count(*)::int as n from orders where external_ref = ${PGBENCH_REF}`;

  return row!.n;
}

async function prepare(ctx: BenchContext, server: BenchServer): Promise<Setup> {
  const client = createGraphQLClient(server.graphqlUrl, ctx.options.client, ctx.options.clients);
  const world = await createWorld(client, ADMIN_KEY);
  const spread = Array.from({ length: SPREAD_OFFERS }, (_, i) => spreadSku(i));
  ctx.log(`seeding ${SPREAD_OFFERS} offers and their stock through the API`);
  await addOffers(client, world, [...spread, HOT_SKU, PLACED_SKU, REFUSED_SKU]);
  await setStock(
    client,
    world,
    spread.map((sku) => ({ sku, onHand: SPREAD_ON_HAND })),
  );
  await setStock(client, world, [
    { sku: HOT_SKU, onHand: 0 },
    { sku: PLACED_SKU, onHand: 1 },
    { sku: REFUSED_SKU, onHand: 0 },
  ]);
  const recorded = await recordPlaceOrderScript(ctx, world, {
    adminApiKey: ADMIN_KEY,
    mutation: PLACE_ORDER,
    placedSku: PLACED_SKU,
    refusedSku: REFUSED_SKU,
    externalRef: PGBENCH_REF,
  });
  const missing = await pgbenchMissing(ctx.log);

  return { ctx, server, client, world, recorded, pgbenchMissing: missing };
}

/** Unmeasured requests first, so that the server's code is compiled when measuring starts. */
async function warmUp(setup: Setup) {
  const requests = Math.min(1_000, Math.max(100, Math.round(setup.ctx.options.requests / 8)));
  setup.ctx.log(`warming up with ${requests} orders`);
  await runLoad({
    concurrency: setup.ctx.options.clients,
    requests,
    send: (i) => placeSpreadOrder(setup, `warm-up-${i}`),
  });
}

/** The pgbench expression of a random one of the spread offers' local ids. */
async function spreadRange(ctx: BenchContext): Promise<string> {
  const ids = await localIds(ctx, [spreadSku(0), spreadSku(SPREAD_OFFERS - 1)]);
  const [first, last] = [ids.get(spreadSku(0))!, ids.get(spreadSku(SPREAD_OFFERS - 1))!];
  if (last - first !== SPREAD_OFFERS - 1) throw new Error('The spread offers have gaps in ids');

  return `random(${first}, ${last})`;
}

/** pgbench over the recorded script, checking it placed `expected` orders (null: all of them). */
async function baseline(
  setup: Setup,
  scenario: string,
  offerId: string,
  expected: number | null,
  beforeCommit: string[] = [],
) {
  if (setup.pgbenchMissing) return null;
  const before = await ordersPlacedByPgbench(setup.ctx);
  const script = setup.recorded.script(offerId, beforeCommit);
  const run = await measurePgbench(setup.ctx, scenario, script);
  const placed = (await ordersPlacedByPgbench(setup.ctx)) - before;
  if (placed !== (expected ?? run.pgbench.transactions)) {
    throw new Error(`pgbench placed ${placed} orders in ${run.pgbench.transactions} transactions`);
  }

  return { run, placed };
}

/** The figures both scenarios print: latency, and CPU per order and per pgbench transaction. */
function details(setup: Setup, run: InterdistRun, pgbench: PgbenchRun | null): [string, string][] {
  const { load, server } = run;
  const rows: [string, string][] = [
    ['requests', `${load.requests} in ${load.seconds.toFixed(1)} s`],
    [
      'placeOrder latency',
      `p50 ${formatMs(load.p50)}, p99 ${formatMs(load.p99)}, max ${formatMs(load.max)}`,
    ],
    ['server event loop busy', `${(server.eventLoopUtilization * 100).toFixed(0)} %`],
    ['CPU per order', interdistCpu(run)],
  ];
  if (pgbench) {
    rows.push(['pgbench latency average', formatMs(pgbench.pgbench.latencyAverageMs)]);
    rows.push(['CPU per pgbench transaction', pgbenchCpu(pgbench)]);
  } else {
    rows.push(['pgbench', `skipped: ${setup.pgbenchMissing}`]);
  }
  rows.push(['statements per order', setup.recorded.statementCount]);

  return rows;
}

function result(
  setup: Setup,
  scenario: string,
  target: number,
  run: InterdistRun,
  pgbench: PgbenchRun | null,
): Omit<ScenarioResult, 'details'> {
  return {
    scenario,
    rate: run.load.rate,
    rateUnit: 'Interdist placeOrder requests/s',
    baseline: pgbench?.pgbench.tps ?? null,
    baselineUnit: `pgbench --protocol=${setup.ctx.options.pgbenchProtocol} transactions/s`,
    target,
  };
}

async function spreadScenario(setup: Setup): Promise<ScenarioResult> {
  const { ctx } = setup;
  ctx.log(`spread: ${ctx.options.requests} orders, each of one random offer of ${SPREAD_OFFERS}`);
  const run = await measureInterdist(ctx, setup.server, 'spread', (i) =>
    placeSpreadOrder(setup, `spread-${i}`),
  );

  const pgbench = await baseline(setup, 'spread', await spreadRange(ctx), null);

  return {
    ...result(
      setup,
      `spread over ${SPREAD_OFFERS} offers`,
      TARGETS.spread,
      run,
      pgbench?.run ?? null,
    ),
    details: details(setup, run, pgbench?.run ?? null),
  };
}

/**
 * Spread orders with event delivery off (nobody subscribed: the outbox is written, nobody reads
 * it), then on: one dashboard following every order of the store over graphql-ws, then several.
 * With the first, what NOTIFY as a wake-up would cost the same transactions in pgbench.
 */
async function deliveryScenarios(setup: Setup): Promise<ScenarioResult[]> {
  const { ctx } = setup;
  ctx.log(`delivery: ${ctx.options.requests} spread orders with no subscriber`);
  const off = await measureInterdist(ctx, setup.server, 'delivery-off', (i) =>
    placeSpreadOrder(setup, `delivery-off-${i}`),
  );
  const results: ScenarioResult[] = [];
  for (const count of LISTENERS) {
    const { on, delivered } = await withListeners(setup, count);
    results.push({
      scenario: `spread, event delivery on (${count} ${count === 1 ? 'subscriber' : 'subscribers'}) against off`,
      rate: on.load.rate,
      rateUnit: 'placeOrder requests/s, delivery on',
      baseline: off.load.rate,
      baselineUnit: 'placeOrder requests/s, delivery off',
      target: TARGETS.delivery,
      details: [
        ['events delivered', delivered],
        ['CPU per order, delivery off', interdistCpu(off)],
        ['CPU per order, delivery on', interdistCpu(on)],
        ['placeOrder p99, off and on', `${formatMs(off.load.p99)}, ${formatMs(on.load.p99)}`],
      ],
    });
  }
  results[0]!.details.push(['pgbench with NOTIFY before commit', await notifyCost(setup)]);

  return results;
}

/** Spread orders while `count` subscribers follow them all; each must get every event. */
async function withListeners(setup: Setup, count: number) {
  const { ctx } = setup;
  const expected = ctx.options.requests * count;
  ctx.log(`delivery: as many with ${count} subscribers following every order`);
  let warm = 0;
  const listeners = await openListeners(
    setup.server.graphqlUrl.replace(/^http/, 'ws'),
    setup.world.storeKey,
    count,
    () => placeSpreadOrder(setup, `listen-${count}-${++warm}`),
  );
  let on: InterdistRun;
  try {
    on = await measureInterdist(ctx, setup.server, `delivery-on-${count}`, (i) =>
      placeSpreadOrder(setup, `delivery-on-${count}-${i}`),
    );
    const drainBy = Date.now() + 30_000;
    while (listeners.received < expected && Date.now() < drainBy) await sleep(20);
  } finally {
    await listeners.close();
  }
  if (listeners.received !== expected) {
    throw new Error(`The subscribers got ${listeners.received} events of ${expected}`);
  }

  return { on, delivered: `${listeners.received} of ${expected}` };
}

/** pgbench's spread rate with a NOTIFY in every placed order, against without. */
async function notifyCost(setup: Setup): Promise<string> {
  if (setup.pgbenchMissing) return `skipped: ${setup.pgbenchMissing}`;
  const offers = await spreadRange(setup.ctx);
  const plain = await baseline(setup, 'delivery-plain', offers, null);
  const notified = await baseline(setup, 'delivery-notify', offers, null, [NOTIFY]);
  const [a, b] = [plain!.run.pgbench.tps, notified!.run.pgbench.tps];

  return `${formatRate(b)} tps against ${formatRate(a)} without: ${(b / a).toFixed(2)}`;
}

/** Checks that exactly `expected` units of the hot offer are held, by as many order lines. */
async function checkNoOversell(setup: Setup, localId: number, expected: number) {
  const stock = await stockOf(setup.client, setup.world, setup.world.offerIds.get(HOT_SKU)!);
  const [held] = await setup.ctx.database.sql<{ lines: number; units: number }[]>`
    select count(distinct l.id)::int as lines, coalesce(sum(h.quantity), 0)::int as units
    from order_lines l join stock_holds h on h.order_line_id = l.id
    where l.offer_id = ${localId}`;
  const figures =
    `onHand ${stock.onHand}, reserved ${stock.reserved}, available ${stock.available}, ` +
    `${held!.units} units held by ${held!.lines} order lines`;
  const exact =
    stock.reserved === expected &&
    stock.available === 0 &&
    held!.units === expected &&
    held!.lines === expected;
  if (!exact) throw new Error(`The hot offer is oversold: ${expected} expected held; ${figures}`);

  return `${figures}: no oversell`;
}

async function hotScenario(setup: Setup): Promise<ScenarioResult> {
  const { ctx, client, world } = setup;
  const { requests } = ctx.options;
  const stock = Math.round(requests * HOT_STOCK_SHARE);
  const offerId = world.offerIds.get(HOT_SKU)!;
  const localId = (await localIds(ctx, [HOT_SKU])).get(HOT_SKU)!;
  await setStock(client, world, [{ sku: HOT_SKU, onHand: stock }]);
  ctx.log(`hot: ${requests} orders of one unit each on one offer with ${stock} in stock`);

  const outcomes = { placed: 0, refused: 0 };
  const run = await measureInterdist(ctx, setup.server, 'hot', async (i) => {
    const payload = await placeOrder(setup, offerId, `hot-${i}`);
    if (payload.order) outcomes.placed++;
    else if (payload.userErrors[0]?.code === 'INSUFFICIENT_STOCK') outcomes.refused++;
    else throw new Error(`A hot order failed: ${JSON.stringify(payload)}`);
  });
  if (outcomes.placed !== stock) {
    throw new Error(`${outcomes.placed} hot orders were placed on ${stock} units`);
  }
  const check = await checkNoOversell(setup, localId, stock);

  // pgbench gets as many units to fight over: the stock goes up by what Interdist holds.
  await setStock(client, world, [{ sku: HOT_SKU, onHand: 2 * stock }]);
  const pgbench = await baseline(setup, 'hot', String(localId), stock);
  const pgbenchCheck = pgbench
    ? `${pgbench.placed} of ${pgbench.run.pgbench.transactions} placed; ` +
      (await checkNoOversell(setup, localId, 2 * stock))
    : 'not run';

  return {
    ...result(setup, 'hot offer', TARGETS.hot, run, pgbench?.run ?? null),
    details: [
      ...details(setup, run, pgbench?.run ?? null),
      ['oversell check', `${outcomes.placed} placed, ${outcomes.refused} refused; ${check}`],
      ['pgbench oversell check', pgbenchCheck],
    ],
  };
}

export const placeOrderBenchmark: Benchmark = {
  name: 'place-order',
  description: 'placeOrder over HTTP from concurrent clients, against pgbench running its SQL',
  async run(ctx) {
    const server = await startServer(ctx.database.url, ADMIN_KEY, ctx.options.serverLogLevel);
    let setup: Setup | null = null;
    try {
      setup = await prepare(ctx, server);
      await warmUp(setup);
      const spread = await spreadScenario(setup);
      const hot = await hotScenario(setup);
      const delivery = await deliveryScenarios(setup);

      return [spread, hot, ...delivery];
    } finally {
      setup?.client.close();
      await server.stop();
    }
  },
};
