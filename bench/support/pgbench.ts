import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const PGBENCH = '/usr/bin/pgbench';
const PACKAGE = 'postgresql-client-15';

/**
 * Why pgbench cannot run, or null when it can: where it is missing, its package is installed
 * first if apt-get can run. Without it the benchmarks print their figures without a ratio.
 */
export async function pgbenchMissing(log: (line: string) => void): Promise<string | null> {
  if (existsSync(PGBENCH)) return null;
  if (process.getuid?.() !== 0) {
    return `${PGBENCH} is missing; install it with: apt-get install -y ${PACKAGE}`;
  }
  log(`${PGBENCH} is missing: apt-get install -y ${PACKAGE}`);
  try {
    await run('apt-get', ['install', '-y', PACKAGE], { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    return `apt-get install -y ${PACKAGE} failed: ${(error as Error).message}`;
  }

  return existsSync(PGBENCH) ? null : `${PACKAGE} did not install ${PGBENCH}`;
}

export const PGBENCH_PROTOCOLS = ['prepared', 'extended', 'simple'] as const;
export type PgbenchProtocol = (typeof PGBENCH_PROTOCOLS)[number];

export interface PgbenchOptions {
  /** A libpq connection URL of the database. */
  url: string;
  scriptFile: string;
  protocol: PgbenchProtocol;
  clients: number;
  threads: number;
  /** Transactions (runs of the script) per client. */
  transactionsPerClient: number;
  /** Told the process id of pgbench once it runs. */
  onStart?: (pid: number) => void;
}

export interface PgbenchResult {
  transactions: number;
  /** Transactions per second, without the time to connect. */
  tps: number;
  latencyAverageMs: number;
}

function figure(output: string, pattern: RegExp, what: string): number {
  const match = pattern.exec(output);
  if (!match) throw new Error(`pgbench printed no ${what}:\n${output}`);
  return Number(match[1]);
}

/** Runs the script from concurrent clients and reads the rates pgbench prints. */
export async function runPgbench(options: PgbenchOptions): Promise<PgbenchResult> {
  const args = [
    '--no-vacuum',
    `--protocol=${options.protocol}`,
    `--client=${options.clients}`,
    `--jobs=${options.threads}`,
    `--transactions=${options.transactionsPerClient}`,
    `--file=${options.scriptFile}`,
    options.url,
  ];
  const child = spawn(PGBENCH, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid !== undefined) options.onStart?.(child.pid);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`pgbench exited with ${code}:\n${output}`);
  const expected = options.clients * options.transactionsPerClient;
  const processed = figure(output, /actually processed: (\d+)\//, 'transaction count');
  if (processed !== expected || /aborted/.test(output)) {
    throw new Error(`pgbench ran ${processed} of ${expected} transactions:\n${output}`);
  }

  return {
    transactions: processed,
    tps: figure(output, /tps = ([\d.]+) \(without initial connection time\)/, 'tps'),
    latencyAverageMs: figure(output, /latency average = ([\d.]+) ms/, 'latency'),
  };
}
