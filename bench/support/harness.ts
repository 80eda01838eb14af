import type { BenchDatabase } from './database.js';
import type { ClientKind } from './graphql-client.js';
import type { PgbenchProtocol } from './pgbench.js';
import type { LogLevel } from './server.js';

export interface BenchOptions {
  /** Requests per scenario (and pgbench transactions, rounded up to a multiple of the clients). */
  requests: number;
  /** Concurrent clients, for Interdist and for pgbench alike. */
  clients: number;
  /** How the load generator speaks HTTP. */
  client: ClientKind;
  /** How pgbench sends its statements; `prepared` is how a driver that prepares them would. */
  pgbenchProtocol: PgbenchProtocol;
  /** Open subscriptions in the fan-out benchmark. */
  subscribers: number;
  /** Orders placed (events fanned out) in the fan-out benchmark. */
  orders: number;
  /** The server's log level: `silent`, or e.g. `error` to see why a request failed. */
  serverLogLevel: LogLevel;
  /** Profiles the server's CPU during each measured scenario and prints where its time went. */
  profile: boolean;
  /** A folder of this run for scripts and profiles. */
  runDir: string;
}

export interface BenchContext {
  /** A fresh, empty database of the benchmark's own, dropped after it. */
  database: BenchDatabase;
  options: BenchOptions;
  /** Prints a progress line under the benchmark's name. */
  log(line: string): void;
}

/** One scenario's rate next to the rate of its baseline, measured in the same run. */
export interface ScenarioResult {
  scenario: string;
  rate: number;
  /** What `rate` counts, e.g. "placeOrder requests/s". */
  rateUnit: string;
  /** Null when the baseline could not run; `details` says why. */
  baseline: number | null;
  baselineUnit: string;
  /** The least `rate / baseline` the scenario should reach. */
  target: number;
  /** Further figures, as label and printed value. */
  details: [string, string][];
}

export interface Benchmark {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<ScenarioResult[]>;
}

export const formatRate = (rate: number) => rate.toFixed(rate < 100 ? 1 : 0);
export const formatMs = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;

export function formatRatio(result: ScenarioResult): string {
  if (result.baseline === null) return `n/a (target >= ${result.target})`;
  const ratio = result.rate / result.baseline;
  const verdict = ratio >= result.target ? 'meets it' : 'BELOW';

  return `${ratio.toFixed(2)} (target >= ${result.target}: ${verdict})`;
}

/** The printed block of one scenario: its figures, then the ratio against the target. */
export function formatScenario(benchmark: string, result: ScenarioResult): string {
  const rows: [string, string][] = [
    [result.rateUnit, formatRate(result.rate)],
    [result.baselineUnit, result.baseline === null ? 'n/a' : formatRate(result.baseline)],
    ['ratio', formatRatio(result)],
    ...result.details,
  ];
  const width = Math.max(...rows.map(([label]) => label.length));

  return [
    `${benchmark} / ${result.scenario}`,
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
  ].join('\n');
}
