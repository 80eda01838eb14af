import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../src/config.js';

export type LogLevel = Config['logLevel'];

export type ServerCommand =
  | { type: 'start'; databaseUrl: string; adminApiKey: string; logLevel: LogLevel }
  | { type: 'measure'; profile: boolean }
  | { type: 'usage'; profileFile: string | null }
  | { type: 'memory' }
  | { type: 'stop' };

/** What the server process used since `measure`. */
export interface Usage {
  /** CPU time of the whole process (its JavaScript thread, GC and libuv threads). */
  cpuMs: number;
  /** The part of `cpuMs` spent in the kernel: system calls, mostly socket reads and writes. */
  systemMs: number;
  /** Share of the time its event loop was busy, 0 to 1. */
  eventLoopUtilization: number;
  /** The CPU profile written, when `measure` was asked to profile. */
  profile: string | null;
}

export type ServerReply =
  | { type: 'listening'; port: number }
  | { type: 'measuring' }
  | { type: 'usage'; usage: Usage }
  | { type: 'memory'; memory: RetainedMemory }
  | { type: 'stopped' };

/** What a process holds once a full garbage collection has freed what it no longer uses. */
export interface RetainedMemory {
  /** V8's heap in use plus memory held outside it (buffers): the process's own data. */
  retainedKb: number;
  /** Resident memory, with what the allocators keep for later. */
  rssKb: number;
}

/**
 * The flags of a benchmark's server processes, Interdist's and baselines' alike: young
 * generation as `npm start` sizes it, and `gc` for measuring retained memory.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=32', '--expose-gc'];

/** Collects all garbage, then reads what is left. Needs --expose-gc. */
export function retainedMemory(): RetainedMemory {
  globalThis.gc!();
  const { heapUsed, external, rss } = process.memoryUsage();
  return { retainedKb: (heapUsed + external) / 1024, rssKb: rss / 1024 };
}

export interface BenchServer {
  /** The server process's id, e.g. to read its memory from /proc. */
  pid: number;
  /** The GraphQL endpoint, e.g. http://127.0.0.1:40123/graphql. */
  graphqlUrl: string;
  /** Starts counting the server's CPU time, and with `profile` starts its CPU profiler. */
  measure(profile: boolean): Promise<void>;
  /** What the server used since `measure`; writes the profile to `profileFile` if profiling. */
  usage(profileFile: string | null): Promise<Usage>;
  /** The server's memory after a full garbage collection. */
  memory(): Promise<RetainedMemory>;
  /** Closes the app and waits for the process to exit. */
  stop(): Promise<void>;
}

const entry = fileURLToPath(new URL('./server-main.ts', import.meta.url));
const TIMEOUT_MS = 60_000;

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });

  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Sends commands to the server process and matches its replies to them. */
function createChannel(child: ChildProcess) {
  const pending = new Map<number, (reply: ServerReply) => void>();
  let nextId = 1;
  child.on('message', (message: { id: number; reply: ServerReply }) => {
    pending.get(message.id)?.(message.reply);
    pending.delete(message.id);
  });
  const exited = once(child, 'exit').then(([code, signal]) => {
    throw new Error(`The benchmark server exited (code ${code}, signal ${signal})`);
  });
  exited.catch(() => {});
  // A send to a process that has gone fails through its callback; `exited` says why.
  child.on('error', () => {});

  return <T extends ServerReply['type']>(command: ServerCommand, expected: T) => {
    const id = nextId++;
    const reply = new Promise<ServerReply>((resolve, reject) => {
      pending.set(id, resolve);
      if (!child.connected) return reject(new Error('The benchmark server has gone'));
      child.send({ id, command }, (error) => error && reject(error));
    });

    return within(Promise.race([reply, exited]), TIMEOUT_MS, `The server's ${command.type}`).then(
      (r) => {
        if (r.type !== expected)
          throw new Error(`The server answered ${r.type} to ${command.type}`);
        return r as Extract<ServerReply, { type: T }>;
      },
    );
  };
}

/** Starts the Interdist server in a child process, migrates its database and waits for it. */
export async function startServer(
  databaseUrl: string,
  adminApiKey: string,
  logLevel: LogLevel,
): Promise<BenchServer> {
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', entry], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const send = createChannel(child);
  let port: number;
  try {
    ({ port } = await send({ type: 'start', databaseUrl, adminApiKey, logLevel }, 'listening'));
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }

  return {
    pid: child.pid!,
    graphqlUrl: `http://127.0.0.1:${port}/graphql`,
    async measure(profile) {
      await send({ type: 'measure', profile }, 'measuring');
    },
    async usage(profileFile) {
      return (await send({ type: 'usage', profileFile }, 'usage')).usage;
    },
    async memory() {
      return (await send({ type: 'memory' }, 'memory')).memory;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null || !child.connected) return;
      const exit = once(child, 'exit');
      try {
        await send({ type: 'stop' }, 'stopped');
        await within(exit, TIMEOUT_MS, 'Stopping the benchmark server');
      } catch (error) {
        child.kill('SIGKILL');
        throw error;
      }
    },
  };
}
