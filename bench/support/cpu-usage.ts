import { readFileSync } from 'node:fs';

/*
 * CPU time of the whole machine, from /proc/stat, to split a run's CPU between the server, the
 * load generator and the rest (PostgreSQL, and pgbench when it runs).
 */

/** Kernel clock ticks per second (USER_HZ), 100 on every Linux architecture Node runs on. */
export const TICKS_PER_SECOND = 100;

/** Busy CPU milliseconds of all cores since boot, or null where /proc/stat is missing. */
export function machineBusyMs(): number | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = ticks;
    const busy = user! + nice! + system! + irq! + softirq! + (steal ?? 0);

    return (busy * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** CPU milliseconds this process has used since `since`. */
export function processCpuMs(since?: NodeJS.CpuUsage): number {
  const usage = process.cpuUsage(since);
  return (usage.user + usage.system) / 1000;
}
