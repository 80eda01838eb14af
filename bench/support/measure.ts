import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatProfile, summarizeProfile } from './cpu-profile.js';
import { machineBusyMs, processCpuMs } from './cpu-usage.js';
import type { BenchContext } from './harness.js';
import { type LoadResult, runLoad } from './load.js';
import { type PgbenchResult, runPgbench } from './pgbench.js';
import { type CpuSampler, sampleCpu } from './postgres-cpu.js';
import type { BenchServer, Usage } from './server.js';

/*
 * One measured run of the Interdist server or of pgbench, with the CPU it cost, split between
 * the server, the PostgreSQL backends of the benchmark's database and the load generator.
 */

/** pgbench's threads (-j): one per core of the machine these benchmarks were made on. */
const PGBENCH_THREADS = 2;

/** CPU milliseconds a run used, by whom. */
export interface CpuSplit {
  /** The PostgreSQL backends of the benchmark's database. */
  postgresMs: number;
  /** The load generator: this process's clients, or pgbench. */
  clientsMs: number;
  /** Everything else on the machine (other programs, other databases), when /proc tells. */
  othersMs: number | null;
}

/** Runs `work` while counting the CPU of the database's backends and of the whole machine. */
async function withCpu<T>(ctx: BenchContext, work: (sampler: CpuSampler) => Promise<T>) {
  const sampler = await sampleCpu(ctx.database.sql, ctx.database.name);
  const machineBefore = machineBusyMs();
  const result = await work(sampler);
  const machineAfter = machineBusyMs();
  const { backendsMs, othersMs } = await sampler.stop();
  const machineMs =
    machineBefore === null || machineAfter === null ? null : machineAfter - machineBefore;

  return { result, machineMs, postgresMs: backendsMs, othersPidMs: othersMs };
}

export interface InterdistRun {
  load: LoadResult;
  server: Usage;
  cpu: CpuSplit;
}

/**
 * Sends `ctx.options.requests` requests from `ctx.options.clients` clients, counting the CPU
 * of the server, the clients and PostgreSQL; with `--profile`, prints the server's profile.
 */
export async function measureInterdist(
  ctx: BenchContext,
  server: BenchServer,
  scenario: string,
  send: (index: number) => Promise<void>,
): Promise<InterdistRun> {
  const { requests, clients, profile, runDir } = ctx.options;
  await server.measure(profile);
  const clientStart = process.cpuUsage();
  const run = await withCpu(ctx, () => runLoad({ concurrency: clients, requests, send }));
  const clientsMs = processCpuMs(clientStart);
  const usage = await server.usage(profile ? join(runDir, `${scenario}.cpuprofile`) : null);
  if (usage.profile) {
    ctx.log(`server profile of ${scenario}: ${usage.profile}`);
    for (const line of formatProfile(summarizeProfile(usage.profile))) ctx.log(line);
  }
  const othersMs =
    run.machineMs === null ? null : run.machineMs - usage.cpuMs - clientsMs - run.postgresMs;

  return {
    load: run.result,
    server: usage,
    cpu: { postgresMs: run.postgresMs, clientsMs, othersMs },
  };
}

export interface PgbenchRun {
  pgbench: PgbenchResult;
  cpu: CpuSplit;
}

/** Runs the script with as many clients as Interdist had, for at least as many transactions. */
export async function measurePgbench(
  ctx: BenchContext,
  scenario: string,
  script: string,
): Promise<PgbenchRun> {
  const scriptFile = join(ctx.options.runDir, `${scenario}.pgbench.sql`);
  await writeFile(scriptFile, script);
  ctx.log(`pgbench ${scenario}: ${scriptFile}`);
  const run = await withCpu(ctx, (sampler) =>
    runPgbench({
      url: ctx.database.url,
      scriptFile,
      protocol: ctx.options.pgbenchProtocol,
      clients: ctx.options.clients,
      threads: PGBENCH_THREADS,
      transactionsPerClient: Math.ceil(ctx.options.requests / ctx.options.clients),
      onStart: (pid) => sampler.add(pid),
    }),
  );
  const othersMs = run.machineMs === null ? null : run.machineMs - run.postgresMs - run.othersPidMs;

  return {
    pgbench: run.result,
    cpu: { postgresMs: run.postgresMs, clientsMs: run.othersPidMs, othersMs },
  };
}

const perRequest = (ms: number, count: number) => `${(ms / count).toFixed(2)} ms`;

function cpuSplit(parts: [string, number][], cpu: CpuSplit, count: number): string {
  const total = parts.reduce((sum, [, ms]) => sum + ms, 0);
  const split = parts.map(([who, ms]) => `${who} ${perRequest(ms, count)}`).join(' + ');
  const others = cpu.othersMs === null ? '' : `; other programs ${perRequest(cpu.othersMs, count)}`;

  return `${split} = ${perRequest(total, count)}${others}`;
}

/** "server 1.20 ms + PostgreSQL 0.80 ms + clients 0.20 ms = 2.20 ms; other programs 0.10 ms" */
export function interdistCpu({ load, server, cpu }: InterdistRun): string {
  const kernel = perRequest(server.systemMs, load.requests);
  const parts: [string, number][] = [
    [`server (kernel ${kernel})`, server.cpuMs],
    ['PostgreSQL', cpu.postgresMs],
    ['clients', cpu.clientsMs],
  ];

  return cpuSplit(parts, cpu, load.requests);
}

export function pgbenchCpu({ pgbench, cpu }: PgbenchRun): string {
  const parts: [string, number][] = [
    ['PostgreSQL', cpu.postgresMs],
    ['pgbench', cpu.clientsMs],
  ];

  return cpuSplit(parts, cpu, pgbench.transactions);
}
