import { readFileSync } from 'node:fs';
import type postgres from 'postgres';
import { TICKS_PER_SECOND } from './cpu-usage.js';

/*
 * CPU time of the PostgreSQL backends serving one database (and of any other processes named),
 * read from /proc while a run goes on, so that what other databases on the same server, or other
 * programs on the machine, use is not counted.
 */

const POLL_MS = 100;

/** User and system CPU milliseconds of a process, or null once it has gone. */
export function cpuMsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces; the fields after it are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);

    return (ticks * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

export interface CpuSampler {
  /** Processes to count besides the backends, e.g. pgbench itself. */
  add(pid: number): void;
  /** Stops polling; returns the CPU milliseconds used since the start, by backends and others. */
  stop(): Promise<{ backendsMs: number; othersMs: number }>;
}

/**
 * Polls the backends of `database` until stopped. A backend that exits between two polls loses
 * at most its last poll interval; one that was there at the start counts only from then.
 */
export async function sampleCpu(sql: postgres.Sql, database: string): Promise<CpuSampler> {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const others = new Set<number>();
  const backends = new Set<number>();

  const poll = async () => {
    const rows = await sql<{ pid: number }[]>`
      select pid from pg_stat_activity where datname = ${database} and pid <> pg_backend_pid()`;
    for (const { pid } of rows) backends.add(pid);
    for (const pid of [...backends, ...others]) {
      const ms = cpuMsOf(pid);
      if (ms === null) continue;
      if (!first.has(pid)) first.set(pid, started ? 0 : ms);
      last.set(pid, ms);
    }
  };

  let started = false;
  await poll();
  started = true;
  let polling: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    polling = polling.then(poll);
  }, POLL_MS);
  const used = (pids: Iterable<number>) =>
    [...pids].reduce((sum, pid) => sum + (last.get(pid) ?? 0) - (first.get(pid) ?? 0), 0);

  return {
    add: (pid) => others.add(pid),
    async stop() {
      clearInterval(timer);
      await polling;
      await poll();

      return {
        backendsMs: used([...backends].filter((pid) => !others.has(pid))),
        othersMs: used(others),
      };
    },
  };
}
