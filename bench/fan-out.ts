import { setTimeout as sleep } from 'node:timers/promises';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { type Client, createClient } from 'graphql-ws';
import { WebSocket } from 'ws';
import { join } from 'node:path';
import { formatProfile, summarizeProfile } from './support/cpu-profile.js';
import { createGraphQLClient, type GraphQLClient } from './support/graphql-client.js';
import {
  type BenchContext,
  type Benchmark,
  formatMs,
  type ScenarioResult,
} from './support/harness.js';
import { runLoad } from './support/load.js';
import { type RetainedMemory, SERVER_NODE_FLAGS, startServer } from './support/server.js';
import { addOffers, createWorld, setStock, type World } from './support/world.js';

/*
 * orderStatusChanged fanned out to many graphql-ws subscribers of one store, each order placed
 * over HTTP, against a bare `ws` server broadcasting the same messages to as many clients.
 */

const ADMIN_KEY = 'bench-admin-key-that-is-long-enough';
const SKU = 'FAN-OUT';
/** Sockets opened at the same time while connecting. */
const CONNECT_CONCURRENCY = 100;
/** Most time to wait for the last delivery after the last placement. */
const DRAIN_MS = 300_000;
/** Most time without any new delivery before giving up on the missing ones. */
const STALL_MS = 20_000;
const READY_MS = 60_000;
const TARGETS = { rate: 0.5, p99Ms: 250, memory: 2 };
/** After the burst: events placed one at a time, one a second, for the latency. */
const PACED_EVENTS = 20;
const PACE_MS = 1_000;
const SETTLE_MS = 3_000;

const SUBSCRIPTION = `subscription { orderStatusChanged { cursor status order { id } } }`;
const PLACE_ORDER = `mutation PlaceOrder($input: PlaceOrderInput!) {
  placeOrder(input: $input) { order { id status } userErrors { code message } }
}`;

interface EventData {
  orderStatusChanged: { cursor: string; status: string; order: { id: string } };
}

interface PlaceOrderData {
  placeOrder: { order: { id: string } | null; userErrors: { code: string; message: string }[] };
}

/** A server under test: where its subscribers connect, and how an event is made to happen. */
interface Target {
  wsUrl: string;
  /** The key the subscribers send in connection_init. */
  key: string;
  /** The server's memory after a full garbage collection. */
  memory(): Promise<RetainedMemory>;
  /** Makes event number `index` happen; resolves to its order id once answered. */
  trigger(index: number): Promise<string>;
  /** Makes an unmeasured event happen. */
  warmUp(): Promise<void>;
  /** With --profile: starts the server's CPU profiler, and stops it and prints the profile. */
  profile?: { start(): Promise<void>; stop(): Promise<void> };
}

interface FanOutRun {
  subscribers: number;
  events: number;
  deliveries: number;
  expected: number;
  seconds: number;
  rate: number;
  /** Latencies of the burst's deliveries, most of them waiting behind other events. */
  burst: Latencies;
  /** Latencies of events placed one a second, each sent to all before the next. */
  paced: Latencies;
  pacedExpected: number;
  /** Resident memory after a full garbage collection, per connection. */
  memoryPerConnectionKb: number;
  /** What V8's heap and buffers hold of it. */
  retainedPerConnectionKb: number;
  errors: number;
  /** The data of each event by order id, as the first subscriber got it. */
  data: Map<string, EventData>;
}

const kb = (value: number) => `${Math.round(value)} kB`;

function openFileLimit(): number | null {
  try {
    const limits = readFileSync('/proc/self/limits', 'utf8');
    const match = /^Max open files\s+(\d+|unlimited)/m.exec(limits);
    return !match || match[1] === 'unlimited' ? null : Number(match[1]);
  } catch {
    return null;
  }
}

function percentile(sorted: Float64Array, fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? 0;
}

interface Latencies {
  count: number;
  p50: number;
  p99: number;
  max: number;
  /** Deliveries that arrived before their placement's answer (latency counted as 0). */
  early: number;
  /** When the last of them arrived. */
  last: number;
}

/** From each placement's answer to each of its event's arrivals. */
function latenciesOf(
  answered: Map<string, number>,
  arrivals: Map<string, number[]>,
  since: number,
): Latencies {
  const latencies: number[] = [];
  let early = 0;
  let last = since;
  for (const [id, at] of answered) {
    for (const arrived of arrivals.get(id) ?? []) {
      if (arrived < at) early++;
      latencies.push(Math.max(0, arrived - at));
      if (arrived > last) last = arrived;
    }
  }
  const sorted = Float64Array.from(latencies).sort();

  return {
    count: latencies.length,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? 0,
    early,
    last,
  };
}

function post(agent: Agent, url: string, body: string, headers: Record<string, string> = {}) {
  return new Promise<string>((resolve, reject) => {
    const sent = httpRequest(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          ...headers,
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          response.statusCode === 200
            ? resolve(text)
            : reject(new Error(`HTTP ${response.statusCode}: ${text.slice(0, 500)}`)),
        );
        response.on('error', reject);
      },
    );
    sent.on('error', reject);
    sent.end(body);
  });
}

/** Runs the whole measurement against one target: connect, warm up, fan out, disconnect. */
async function fanOut(ctx: BenchContext, name: string, target: Target): Promise<FanOutRun> {
  const { subscribers, orders, clients } = ctx.options;
  const arrivals = new Map<string, number[]>();
  const data = new Map<string, EventData>();
  const ready = new Uint8Array(subscribers);
  let readyCount = 0;
  let measuring = false;
  let errors = 0;
  const sockets: Client[] = [];

  const before = await target.memory();
  ctx.log(
    `${name}: connecting ${subscribers} subscribers ` +
      `(${kb(before.retainedKb)} retained, ${kb(before.rssKb)} RSS before)`,
  );
  let nextSubscriber = 0;
  const connectOne = async (index: number) => {
    let connected!: () => void;
    let failed!: (error: unknown) => void;
    const up = new Promise<void>((resolve, reject) => {
      connected = resolve;
      failed = reject;
    });
    const client = createClient({
      url: target.wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${target.key}` },
      retryAttempts: 0,
      lazy: true,
      on: { connected: () => connected(), closed: (event) => failed(event), error: failed },
    });
    sockets.push(client);
    client.subscribe<EventData>(
      { query: SUBSCRIPTION },
      {
        next: (message) => {
          const now = performance.now();
          const event = message.data?.orderStatusChanged;
          if (!event) {
            errors++;
            return;
          }
          if (!ready[index]) {
            ready[index] = 1;
            readyCount++;
          }
          if (!measuring) return;
          const id = event.order.id;
          let times = arrivals.get(id);
          if (!times) {
            times = [];
            arrivals.set(id, times);
            data.set(id, message.data!);
          }
          times.push(now);
        },
        error: () => errors++,
        complete: () => {},
      },
    );
    await up;
  };
  await Promise.all(
    Array.from({ length: Math.min(CONNECT_CONCURRENCY, subscribers) }, async () => {
      for (let i = nextSubscriber++; i < subscribers; i = nextSubscriber++) await connectOne(i);
    }),
  );

  try {
    // A subscription is live once it delivers: unmeasured events until every one has.
    const readyBy = Date.now() + READY_MS;
    while (readyCount < subscribers) {
      if (Date.now() > readyBy)
        throw new Error(`${name}: only ${readyCount} of ${subscribers} subscriptions delivered`);
      await target.warmUp();
      const waitUntil = Date.now() + 2_000;
      while (readyCount < subscribers && Date.now() < waitUntil) await sleep(20);
    }
    await sleep(500);
    const after = await target.memory();
    const memoryPerConnectionKb = (after.rssKb - before.rssKb) / subscribers;
    const retainedPerConnectionKb = (after.retainedKb - before.retainedKb) / subscribers;
    ctx.log(
      `${name}: all subscribed (${kb(after.retainedKb)} retained, ${kb(after.rssKb)} RSS); ` +
        `${orders} events from ${clients} clients`,
    );

    if (ctx.options.profile) await target.profile?.start();
    measuring = true;
    const answered = new Map<string, number>();
    const started = performance.now();
    await runLoad({
      concurrency: Math.min(clients, orders),
      requests: orders,
      send: async (index) => {
        const id = await target.trigger(index);
        answered.set(id, performance.now());
      },
    });
    const expected = subscribers * orders;
    const delivered = () => {
      let n = 0;
      for (const id of answered.keys()) n += arrivals.get(id)?.length ?? 0;
      return n;
    };
    const drainBy = Date.now() + DRAIN_MS;
    let seen = -1;
    let seenAt = Date.now();
    for (let n = delivered(); n < expected; n = delivered()) {
      if (n !== seen) [seen, seenAt] = [n, Date.now()];
      if (Date.now() > drainBy || Date.now() - seenAt > STALL_MS) break;
      await sleep(20);
    }
    measuring = false;
    if (ctx.options.profile) await target.profile?.stop();

    const burst = latenciesOf(answered, arrivals, started);

    // Then a stream the server keeps up with, one event at a time: its latency is delivery's,
    // not the time an event waits behind others. It starts once the burst's garbage is
    // collected, a pace after the burst.
    await sleep(SETTLE_MS);
    const paced = new Map<string, number>();
    measuring = true;
    for (let i = 0; i < PACED_EVENTS; i++) {
      const due = performance.now() + PACE_MS;
      const id = await target.trigger(orders + i);
      paced.set(id, performance.now());
      const waitUntil = Date.now() + PACE_MS * 10;
      while ((arrivals.get(id)?.length ?? 0) < subscribers && Date.now() < waitUntil) {
        await sleep(5);
      }
      await sleep(Math.max(0, due - performance.now()));
    }
    measuring = false;
    const stream = latenciesOf(paced, arrivals, performance.now());

    return {
      subscribers,
      events: answered.size,
      deliveries: burst.count,
      expected,
      seconds: (burst.last - started) / 1000,
      rate: burst.count / ((burst.last - started) / 1000),
      burst,
      paced: stream,
      pacedExpected: PACED_EVENTS * subscribers,
      memoryPerConnectionKb,
      retainedPerConnectionKb,
      errors,
      data,
    };
  } finally {
    await Promise.all(sockets.map((client) => client.dispose()));
  }
}

interface BareServer {
  port: number;
  memory(): Promise<RetainedMemory>;
  stop(): Promise<void>;
}

const bareEntry = fileURLToPath(new URL('./support/bare-broadcast.ts', import.meta.url));

async function startBareServer(): Promise<BareServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    [...SERVER_NODE_FLAGS, '--import', 'tsx', bareEntry],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exit = once(child, 'exit');
    if (child.connected) child.send({ type: 'stop' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exit;
    clearTimeout(timer);
  };
  try {
    const listening = new Promise<number>((resolve, reject) => {
      child.once('message', (m: { port: number }) => resolve(m.port));
      child.once('exit', (code) => reject(new Error(`The bare server exited (${code})`)));
    });
    const timeout = sleep(60_000).then(() => {
      throw new Error('The bare server did not start');
    });
    const port = await Promise.race([listening, timeout]);
    const memory = async () => {
      const reply = new Promise<RetainedMemory>((resolve) => {
        const onMessage = (m: { type: string; memory?: RetainedMemory }) => {
          if (m.type !== 'memory') return;
          child.off('message', onMessage);
          resolve(m.memory!);
        };
        child.on('message', onMessage);
      });
      child.send({ type: 'memory' });
      return reply;
    };
    return { port, memory, stop };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

function formatLatencies(latencies: Latencies): string {
  return (
    `p50 ${formatMs(latencies.p50)}, p99 ${formatMs(latencies.p99)}, ` +
    `max ${formatMs(latencies.max)}` +
    (latencies.early > 0 ? ` (${latencies.early} before the answer, as 0)` : '')
  );
}

function formatRun(run: FanOutRun): [string, string][] {
  const missing = run.expected - run.deliveries;
  const pacedMissing = run.pacedExpected - run.paced.count;
  return [
    [
      'deliveries',
      `${run.deliveries} of ${run.expected} (${run.events} events x ${run.subscribers}) ` +
        `in ${run.seconds.toFixed(2)} s` +
        (missing > 0 ? `, ${missing} MISSING` : '') +
        (run.errors > 0 ? `, ${run.errors} errors` : ''),
    ],
    ['latency in the burst', formatLatencies(run.burst)],
    [
      `latency at 1 event/s`,
      formatLatencies(run.paced) + (pacedMissing > 0 ? `, ${pacedMissing} MISSING` : ''),
    ],
    [
      'memory per connection',
      `${run.memoryPerConnectionKb.toFixed(1)} kB of RSS ` +
        `(${run.retainedPerConnectionKb.toFixed(1)} kB of it heap and buffers)`,
    ],
  ];
}

async function measureInterdist(ctx: BenchContext) {
  const server = await startServer(ctx.database.url, ADMIN_KEY, ctx.options.serverLogLevel);
  let client: GraphQLClient | null = null;
  try {
    client = createGraphQLClient(server.graphqlUrl, 'http', ctx.options.clients);
    const world: World = await createWorld(client, ADMIN_KEY);
    await addOffers(client, world, [SKU]);
    await setStock(client, world, [{ sku: SKU, onHand: 10_000_000 }]);
    const offerId = world.offerIds.get(SKU)!;
    let sequence = 0;
    const place = async (externalRef: string) => {
      const input = {
        distributorId: world.distributorId,
        externalRef,
        lines: [{ offerId, quantity: 1 }],
      };
      const { placeOrder } = await client!.request<PlaceOrderData>(
        PLACE_ORDER,
        { input },
        world.storeKey,
      );
      if (!placeOrder.order) throw new Error(`An order failed: ${JSON.stringify(placeOrder)}`);
      return placeOrder.order.id;
    };
    // Compiles the server's order path before anyone subscribes.
    for (let i = 0; i < 20; i++) await place(`pre-${i}`);

    const run = await fanOut(ctx, 'Interdist', {
      wsUrl: server.graphqlUrl.replace(/^http/, 'ws'),
      key: world.storeKey,
      memory: () => server.memory(),
      trigger: (index) => place(`fan-out-${index}`),
      warmUp: async () => {
        await place(`warm-up-${++sequence}`);
      },
      profile: {
        start: () => server.measure(true),
        stop: async () => {
          const { profile } = await server.usage(join(ctx.options.runDir, 'fan-out.cpuprofile'));
          if (!profile) return;
          ctx.log(`server profile: ${profile}`);
          for (const line of formatProfile(summarizeProfile(profile))) ctx.log(line);
        },
      },
    });
    return run;
  } finally {
    client?.close();
    await server.stop();
  }
}

async function measureBare(ctx: BenchContext, interdist: FanOutRun) {
  const payloads = [...interdist.data.values()].map((data) => JSON.stringify({ data }));
  if (payloads.length === 0) throw new Error('Interdist delivered nothing to replay');
  const ids = [...interdist.data.keys()];
  const bare = await startBareServer();
  const agent = new Agent({ keepAlive: true, maxSockets: ctx.options.clients });
  const url = `http://127.0.0.1:${bare.port}/broadcast`;
  try {
    return await fanOut(ctx, 'bare ws', {
      wsUrl: `ws://127.0.0.1:${bare.port}/graphql`,
      key: 'none',
      memory: () => bare.memory(),
      trigger: async (index) => {
        await post(agent, url, payloads[index % payloads.length]!);
        return ids[index % ids.length]!;
      },
      warmUp: async () => {
        await post(agent, url, payloads[0]!.replace(ids[0]!, 'w'.repeat(ids[0]!.length)));
      },
    });
  } finally {
    agent.destroy();
    await bare.stop();
  }
}

export const fanOutBenchmark: Benchmark = {
  name: 'fan-out',
  description: 'orderStatusChanged to many graphql-ws subscribers, against a bare ws broadcast',
  async run(ctx): Promise<ScenarioResult[]> {
    const { subscribers, orders } = ctx.options;
    const limit = openFileLimit();
    if (limit !== null && limit < subscribers + 1_000) {
      throw new Error(
        `${subscribers} subscribers need more open files than the limit of ${limit}: ` +
          `raise it (ulimit -n ${subscribers + 1_000}) or pass fewer --subscribers`,
      );
    }
    ctx.log(`${subscribers} subscribers of one store, ${orders} orders placed over HTTP`);
    const interdist = await measureInterdist(ctx);
    if (interdist.data.size < interdist.events) {
      throw new Error(`Only ${interdist.data.size} of ${interdist.events} events were delivered`);
    }
    const bare = await measureBare(ctx, interdist);

    const p99Verdict = interdist.paced.p99 < TARGETS.p99Ms ? 'meets it' : 'BELOW';
    const memoryRatio = interdist.memoryPerConnectionKb / bare.memoryPerConnectionKb;
    const memoryVerdict = memoryRatio <= TARGETS.memory ? 'meets it' : 'BELOW';

    return [
      {
        scenario: `${subscribers} subscribers, ${orders} orders`,
        rate: interdist.rate,
        rateUnit: 'Interdist deliveries/s',
        baseline: bare.rate,
        baselineUnit: 'bare ws deliveries/s',
        target: TARGETS.rate,
        details: [
          ...formatRun(interdist).map(([k, v]): [string, string] => [`Interdist ${k}`, v]),
          ...formatRun(bare).map(([k, v]): [string, string] => [`bare ws ${k}`, v]),
          [
            'p99 latency at 1 event/s',
            `${formatMs(interdist.paced.p99)} (bare ${formatMs(bare.paced.p99)}; ` +
              `target < ${TARGETS.p99Ms} ms: ${p99Verdict})`,
          ],
          [
            'memory per connection ratio',
            `${memoryRatio.toFixed(2)} (target <= ${TARGETS.memory}: ${memoryVerdict})`,
          ],
        ],
      },
    ];
  },
};
