import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BULB = '4607012000217';

interface Started {
  process: ChildProcess;
  url: string;
  output: () => string;
}

/** Every server a test started, so that none outlives the tests whatever happens. */
const children = new Set<ChildProcess>();

/**
 * Starts `src/main.ts` as `npm start` does, on port 0, and waits until it says where it
 * listens.
 */
async function start(dataDir: string): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));

  const deadline = Date.now() + 60_000;
  for (;;) {
    const match = /serving GraphiQL at (http:\S+)/.exec(output);
    if (match) return { process: child, url: match[1]!, output: () => output };
    if (child.exitCode !== null) throw new Error(`the server exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`the server did not start in time:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until the server has printed `text`, which follows the line with its address. */
async function printed(started: Started, text: string) {
  const deadline = Date.now() + 10_000;
  while (!started.output().includes(text) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return started.output();
}

async function stop(started: Started) {
  started.process.kill('SIGTERM');
  const [code] = await once(started.process, 'exit');
  return code as number;
}

/** The demo keys as the start wrote them to `demo-keys.env`. */
function demoKeys(dataDir: string): Record<string, string> {
  const lines = readFileSync(join(dataDir, 'demo-keys.env'), 'utf8').split('\n');
  return Object.fromEntries(
    lines.filter((l) => l.includes('=')).map((l) => l.split('=') as [string, string]),
  );
}

describe('npm start on a bare machine', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'interdist-start-'));

  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrates and seeds the embedded database, prints keys and answers a demo query', async () => {
    const server = await start(dataDir);
    const keys = demoKeys(dataDir);
    const response = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${keys.DEMO_STORE_A_KEY}`,
      },
      body: JSON.stringify({
        query: `{ availability(requests: [{ gtin: "${BULB}", quantity: 1 }]) {
          product { name } options { distributor { name } canFulfil unitPrice { currency } } } }`,
      }),
    });
    const body = (await response.json()) as {
      data: { availability: { product: { name: string }; options: unknown[] }[] };
    };
    const health = await fetch(new URL('/health', server.url));

    expect(await printed(server, keys.DEMO_STORE_A_KEY!)).toContain(keys.DEMO_STORE_A_KEY);
    expect(Object.keys(keys).sort()).toEqual([
      'DEMO_DISTRIBUTOR_ISET_KEY',
      'DEMO_DISTRIBUTOR_SAMARA_KEY',
      'DEMO_DISTRIBUTOR_SIBIR_KEY',
      'DEMO_DISTRIBUTOR_URAL_KEY',
      'DEMO_DISTRIBUTOR_VOLGA_KEY',
      'DEMO_STORE_A_KEY',
      'DEMO_STORE_B_KEY',
    ]);
    expect(body.data.availability[0]!.product.name).toBe('LED bulb E27, 10 W, 3000 K');
    expect(body.data.availability[0]!.options).toHaveLength(3);
    expect(health.status).toBe(200);
    expect(await stop(server)).toBe(0);
  }, 90_000);

  it('starts again on the same folder without seeding twice and shows the same keys', async () => {
    const before = demoKeys(dataDir);
    const server = await start(dataDir);
    const after = demoKeys(dataDir);

    expect(after).toEqual(before);
    expect(await printed(server, before.DEMO_DISTRIBUTOR_VOLGA_KEY!)).toContain(
      before.DEMO_DISTRIBUTOR_VOLGA_KEY,
    );
    expect(await stop(server)).toBe(0);
  }, 90_000);

  it('refuses to start with bad configuration, naming every problem', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, PORT: 'x', LOG_LEVEL: 'loud', DATABASE_URL: 'nope' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const [code] = await once(child, 'exit');

    expect(code).toBe(1);
    expect(stderr).toContain('PORT:');
    expect(stderr).toContain('LOG_LEVEL:');
    expect(stderr).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL');
  }, 30_000);
});
