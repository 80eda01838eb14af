import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fanOutBenchmark } from './fan-out.js';
import { importBenchmark } from './import.js';
import { placeOrderBenchmark } from './place-order.js';
import { type BenchDatabase, createBenchDatabase, DEFAULT_SERVER_URL } from './support/database.js';
import { CLIENT_KINDS, type ClientKind } from './support/graphql-client.js';
import { PGBENCH_PROTOCOLS, type PgbenchProtocol } from './support/pgbench.js';
import type { LogLevel } from './support/server.js';
import {
  type Benchmark,
  type BenchOptions,
  formatRate,
  formatRatio,
  formatScenario,
  type ScenarioResult,
} from './support/harness.js';

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Every benchmark, in the order a run without names runs them. */
const benchmarks: Benchmark[] = [placeOrderBenchmark, fanOutBenchmark, importBenchmark];

const names = benchmarks.map((b) => b.name).join(', ');
const usage = `Usage: npm run bench -- [name ...] [options]

  name                  a benchmark to run (default: all): ${names}
  --requests N          requests per scenario (default 4000)
  --clients N           concurrent clients, for Interdist and pgbench alike (default 16)
  --client K            the load generator's HTTP client: undici (default), http or fetch
  --subscribers N       fan-out: graphql-ws subscribers (default 5000)
  --orders N            fan-out: orders placed, each an event to every subscriber (default 200)
  --pgbench-protocol P  ${PGBENCH_PROTOCOLS.join(', ')} (default prepared)
  --log-level L         the server's log level, e.g. error (default silent)
  --profile             profile the server's CPU in each scenario and print where it went
  --keep                keep the run's folder (pgbench scripts, profiles); --profile keeps it

Each benchmark gets a database of its own on the server at BENCH_DATABASE_URL
(default ${DEFAULT_SERVER_URL}), dropped after it.`;

function parseOptions() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      requests: { type: 'string', default: '4000' },
      clients: { type: 'string', default: '16' },
      client: { type: 'string', default: 'undici' },
      subscribers: { type: 'string', default: '5000' },
      orders: { type: 'string', default: '200' },
      'pgbench-protocol': { type: 'string', default: 'prepared' },
      'log-level': { type: 'string', default: 'silent' },
      profile: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const requests = Number(values.requests);
  const clients = Number(values.clients);
  const subscribers = Number(values.subscribers);
  const orders = Number(values.orders);
  const client = values.client as ClientKind;
  const pgbenchProtocol = values['pgbench-protocol'] as PgbenchProtocol;
  const serverLogLevel = values['log-level'] as LogLevel;
  const unknown = positionals.filter((name) => !benchmarks.some((b) => b.name === name));
  const valid =
    Number.isInteger(requests) &&
    Number.isInteger(clients) &&
    clients >= 1 &&
    requests >= clients &&
    Number.isInteger(subscribers) &&
    subscribers >= 1 &&
    Number.isInteger(orders) &&
    orders >= 1 &&
    CLIENT_KINDS.includes(client) &&
    PGBENCH_PROTOCOLS.includes(pgbenchProtocol) &&
    LOG_LEVELS.includes(serverLogLevel);
  if (values.help || unknown.length > 0 || !valid) {
    if (unknown.length > 0) console.error(`No benchmark named ${unknown.join(', ')}\n`);
    console.error(usage);
    process.exit(values.help ? 0 : 2);
  }
  const selected = positionals.length
    ? benchmarks.filter((b) => positionals.includes(b.name))
    : benchmarks;

  return {
    selected,
    requests,
    clients,
    subscribers,
    orders,
    client,
    pgbenchProtocol,
    serverLogLevel,
    profile: values.profile,
    keep: values.keep,
  };
}

async function main() {
  const { selected, keep, ...chosen } = parseOptions();
  const serverUrl = process.env.BENCH_DATABASE_URL || DEFAULT_SERVER_URL;
  const runDir = mkdtempSync(join(tmpdir(), 'interdist-bench-'));
  const options: BenchOptions = { ...chosen, runDir };
  const results: [string, ScenarioResult][] = [];
  let database: BenchDatabase | null = null;
  let failed = false;

  const keepRunDir = keep || options.profile;
  // Ctrl-C still drops the database; the server process exits when its harness goes.
  let interrupted = false;
  process.once('SIGINT', () => {
    interrupted = true;
    console.error('\nInterrupted: dropping the benchmark database');
    void (database?.drop() ?? Promise.resolve()).finally(() => {
      if (!keepRunDir) rmSync(runDir, { recursive: true, force: true });
      process.exit(130);
    });
  });

  console.log(
    `${machine()}; ${options.clients} clients over ${options.client}, ` +
      `${options.requests} requests per scenario, pgbench --protocol=${options.pgbenchProtocol}`,
  );
  for (const benchmark of selected) {
    const started = performance.now();
    console.log(`\n${benchmark.name}: ${benchmark.description}`);
    try {
      database = await createBenchDatabase(serverUrl);
      const log = (line: string) => console.log(`  ${line}`);
      for (const result of await benchmark.run({ database, options, log })) {
        results.push([benchmark.name, result]);
        console.log(`\n${formatScenario(benchmark.name, result)}`);
      }
    } catch (error) {
      failed = true;
      // Dropping the database under a running benchmark makes it fail: that is no news.
      if (!interrupted) console.error(`\n${benchmark.name} failed:`, error);
    } finally {
      await database?.drop();
      database = null;
    }
    console.log(`\n${benchmark.name} took ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }

  if (results.length > 1) {
    console.log('\nSummary');
    for (const [name, r] of results) {
      const baseline = r.baseline === null ? 'n/a' : formatRate(r.baseline);
      console.log(
        `  ${name} / ${r.scenario}: ${formatRate(r.rate)} vs ${baseline}, ${formatRatio(r)}`,
      );
    }
  }
  if (keepRunDir) console.log(`\nScripts and profiles: ${runDir}`);
  else rmSync(runDir, { recursive: true, force: true });
  process.exitCode = failed ? 1 : 0;
}

function machine() {
  return `Node ${process.version}, ${availableParallelism()} cores`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
