import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, createTestApp, type TestApp } from './support/app.js';
import { collect, waitFor, wsClient } from './support/live.js';
import { CancelOrder, placeOrder } from './support/orders.js';
import {
  connectStore,
  createDistributor,
  createStore,
  type Distributor,
  type Org,
  setStock,
  upsertOffers,
} from './support/world.js';

interface Server {
  process: ChildProcess;
  url: string;
}

/** A server process of its own, as `npm start` runs it, on the test's database and port 0. */
async function startServer(databaseUrl: string): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      LOG_LEVEL: 'silent',
      ADMIN_API_KEY: ADMIN_KEY,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await waitFor(
    () => /serving GraphiQL at http:\S+/.test(output) || child.exitCode !== null,
    'a server to start',
    60_000,
  );
  const url = /serving GraphiQL at (http:\S+)/.exec(output)?.[1];
  if (!url) throw new Error(`the server did not start:\n${output}`);

  return { process: child, url: url.replace('localhost', '127.0.0.1') };
}

async function post(server: Server, key: string, query: string, variables: object) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as {
    data: Record<string, { order: { id: string; externalRef: string } | null }>;
  };
}

interface OrderEvent {
  orderStatusChanged: { status: string; order: { externalRef: string } };
}

describe('two server processes on one database', () => {
  let t: TestApp;
  let first: Server;
  let second: Server;
  let store: Org;
  let distributor: Distributor;
  let offerId: string;

  beforeAll(async () => {
    t = await createTestApp();
    distributor = await createDistributor(t, {
      name: 'Moscow',
      timeZone: 'Europe/Moscow',
      warehouses: ['A'],
      priceTypes: ['base'],
    });
    store = await createStore(t, 'Store');
    await connectStore(t, distributor.key, { storeId: store.id, priceTypeCode: 'base' });
    const [offer] = await upsertOffers(t, distributor.key, [
      { sku: 'KET', name: 'Kettle', prices: [{ priceTypeCode: 'base', amount: '10.00' }] },
    ]);
    offerId = offer!.id;
    await setStock(t, distributor.key, 'A', [{ sku: 'KET', onHand: 1_000 }]);
    [first, second] = await Promise.all([startServer(t.database.url), startServer(t.database.url)]);
  }, 120_000);

  afterAll(async () => {
    for (const server of [first, second]) {
      server?.process.kill('SIGTERM');
      if (server) await once(server.process, 'exit');
    }
    await t.close();
  });

  it("delivers one process's commits to the other's subscriber once each, in order", async () => {
    const client = wsClient(first.url, store.key);
    const events = collect<OrderEvent>(
      client,
      'subscription { orderStatusChanged { status order { externalRef } } }',
    );
    // The subscription is live once an order placed after it reaches it: probe until one does.
    for (let probe = 0; events.received.length === 0; probe++) {
      const placed = await placeOrder(t, store.key, {
        distributorId: distributor.id,
        externalRef: `PROBE-${probe}`,
        lines: [{ offerId, quantity: 1 }],
      });
      expect(placed.userErrors).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (probe > 50) throw new Error('the subscription never started');
    }
    const probes = events.received.length;

    const place = (ref: string) =>
      post(
        second,
        store.key,
        'mutation($input: PlaceOrderInput!) ' +
          '{ placeOrder(input: $input) { order { id externalRef } } }',
        {
          input: {
            distributorId: distributor.id,
            externalRef: ref,
            lines: [{ offerId, quantity: 1 }],
          },
        },
      );
    const refs = Array.from({ length: 10 }, (_, i) => `TWO-${i}`);
    const placed = [];
    for (const ref of refs) placed.push((await place(ref)).data.placeOrder!.order!);
    for (const order of placed.slice(0, 5)) {
      await t.run(CancelOrder, { input: { id: order.id } }, store.key);
    }
    await waitFor(() => events.received.length >= probes + 15, 'fifteen more events', 20_000);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const seen = events.received
      .slice(probes)
      .map((e) => `${e.orderStatusChanged.order.externalRef} ${e.orderStatusChanged.status}`);
    expect(seen).toEqual([
      ...refs.map((ref) => `${ref} READY`),
      ...refs.slice(0, 5).map((ref) => `${ref} CANCELLED`),
    ]);
    events.stop();
    await client.dispose();
  }, 60_000);
});
