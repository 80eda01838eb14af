import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { graphql } from './graphql/index.js';
import { createTestApp, type TestApp } from './support/app.js';
import { collect, listen, waitFor, wsClient } from './support/live.js';
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

const Revoke = graphql(`
  mutation LiveRevoke($input: RevokeApiKeyInput!) {
    revokeApiKey(input: $input) {
      revoked
    }
  }
`);

const OrderEvents = `
  subscription OrderEvents($after: String, $orderIds: [ID!]) {
    orderStatusChanged(after: $after, orderIds: $orderIds) {
      cursor
      status
      previousStatus
      reason
      order { externalRef }
    }
  }
`;

interface OrderEvent {
  orderStatusChanged: {
    cursor: string;
    status: string;
    previousStatus: string | null;
    reason: string | null;
    order: { externalRef: string };
  };
}

const summary = (events: OrderEvent[]) =>
  events.map((e) => `${e.orderStatusChanged.order.externalRef} ${e.orderStatusChanged.status}`);

describe('live order status', () => {
  let t: TestApp;
  let url: string;
  let store: Org;
  let otherStore: Org;
  let distributor: Distributor;
  let offerId: string;
  let sequence = 0;

  beforeAll(async () => {
    t = await createTestApp('2026-12-02T10:00:00+03:00', {
      feed: { pollMs: 20, revocationMs: 200 },
    });
    url = await listen(t.app);
    distributor = await createDistributor(t, {
      name: 'Moscow',
      timeZone: 'Europe/Moscow',
      warehouses: ['A'],
      priceTypes: ['base'],
    });
    store = await createStore(t, 'Store');
    otherStore = await createStore(t, 'Other');
    await connectStore(t, distributor.key, { storeId: store.id, priceTypeCode: 'base' });
    await connectStore(t, distributor.key, { storeId: otherStore.id, priceTypeCode: 'base' });
    const [offer] = await upsertOffers(t, distributor.key, [
      { sku: 'KET', name: 'Kettle', prices: [{ priceTypeCode: 'base', amount: '10.00' }] },
    ]);
    offerId = offer!.id;
    await setStock(t, distributor.key, 'A', [{ sku: 'KET', onHand: 100_000 }]);
  });

  afterAll(() => t.close());

  const order = (who: Org = store, quantity = 1) =>
    placeOrder(t, who.key, {
      distributorId: distributor.id,
      externalRef: `LIVE-${++sequence}`,
      lines: [{ offerId, quantity }],
    });

  it("delivers a store's own order changes once each, in order, not another store's", async () => {
    const client = wsClient(url, store.key);
    const mine = collect<OrderEvent>(client, OrderEvents);
    await waitFor(() => t.app.feed.size === 1, 'the subscription to start');

    const placed = await order();
    await order(otherStore);
    await t.run(CancelOrder, { input: { id: placed.order!.id, reason: 'test' } }, store.key);
    await waitFor(() => mine.received.length >= 2, 'two events');
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(summary(mine.received)).toEqual([
      `${placed.order!.externalRef} READY`,
      `${placed.order!.externalRef} CANCELLED`,
    ]);
    expect(mine.received[1]!.orderStatusChanged).toMatchObject({
      previousStatus: 'READY',
      reason: 'test',
    });
    mine.stop();
    await client.dispose();
  });

  it('shows each event its order as it is then, not as an earlier event loaded it', async () => {
    const query = `subscription { orderStatusChanged { status order { lines { status } } } }`;
    type LinesEvent = {
      orderStatusChanged: { status: string; order: { lines: { status: string }[] } };
    };
    const client = wsClient(url, store.key);
    const events = collect<LinesEvent>(client, query);
    await waitFor(() => t.app.feed.size === 1, 'the subscription to start');

    const placed = await order();
    await waitFor(() => events.received.length >= 1, 'the first event');
    await t.run(CancelOrder, { input: { id: placed.order!.id, reason: 'test' } }, store.key);
    await waitFor(() => events.received.length >= 2, 'the second event');

    expect(
      events.received.map((e) => [
        e.orderStatusChanged.status,
        e.orderStatusChanged.order.lines.map((line) => line.status),
      ]),
    ).toEqual([
      ['READY', ['RESERVED']],
      ['CANCELLED', ['CANCELLED']],
    ]);
    events.stop();
    await client.dispose();
  });

  it('follows the operation a document of several names', async () => {
    const query = `
      subscription Statuses { orderStatusChanged { status } }
      subscription Cursors { orderStatusChanged { cursor } }
    `;
    const client = wsClient(url, store.key);
    const received: unknown[] = [];
    client.subscribe(
      { query, operationName: 'Cursors' },
      { next: (message) => received.push(message), error: (e) => received.push(e), complete() {} },
    );
    await waitFor(() => t.app.feed.size === 1, 'the subscription to start');
    // A name the document lacks is that subscription's error; the connection stays.
    const refused: unknown[] = [];
    client.subscribe(
      { query, operationName: 'Nope' },
      { next() {}, error: (e) => refused.push(e), complete() {} },
    );
    await waitFor(() => refused.length === 1, 'the unknown operation to be refused');

    await order();
    await waitFor(() => received.length >= 1, 'an event');

    expect(refused).toEqual([
      [expect.objectContaining({ message: 'Could not determine what operation to execute.' })],
    ]);
    expect(received).toEqual([{ data: { orderStatusChanged: { cursor: expect.any(String) } } }]);
    await client.dispose();
  });

  it('emits nothing for a change that rolled back', async () => {
    const client = wsClient(url, store.key);
    const events = collect<OrderEvent>(client, OrderEvents);
    await waitFor(() => t.app.feed.size === 1, 'the subscription to start');

    const refused = await order(store, 1_000_000);
    const placed = await order();
    await waitFor(() => events.received.length >= 1, 'one event');
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(refused.userErrors.map((e) => e.code)).toEqual(['INSUFFICIENT_STOCK']);
    expect(summary(events.received)).toEqual([`${placed.order!.externalRef} READY`]);
    events.stop();
    await client.dispose();
  });

  it('replays exactly what a subscriber missed after its cursor, then continues live', async () => {
    const first = await order();
    const client = wsClient(url, store.key);
    const before = collect<OrderEvent>(client, OrderEvents, { orderIds: [first.order!.id] });
    const seen = await t.run(CancelOrder, { input: { id: first.order!.id } }, store.key);
    await waitFor(() => before.received.length === 1, 'the cancellation');
    const cursor = before.received[0]!.orderStatusChanged.cursor;
    before.stop();
    expect(seen.cancelOrder.userErrors).toEqual([]);

    const missedA = await order();
    const missedB = await order();
    const resumed = collect<OrderEvent>(client, OrderEvents, { after: cursor });
    await waitFor(() => resumed.received.length >= 2, 'the replay');
    const live = await order();
    await waitFor(() => resumed.received.length >= 3, 'the live event');
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(summary(resumed.received)).toEqual([
      `${missedA.order!.externalRef} READY`,
      `${missedB.order!.externalRef} READY`,
      `${live.order!.externalRef} READY`,
    ]);
    resumed.stop();
    await client.dispose();
  });

  it("refuses another tenant's order ids and a malformed cursor with an error", async () => {
    const theirs = await order(otherStore);
    const client = wsClient(url, store.key);
    const foreign = collect<OrderEvent>(client, OrderEvents, { orderIds: [theirs.order!.id] });
    const badCursor = collect<OrderEvent>(client, OrderEvents, { after: 'nonsense' });
    await waitFor(() => foreign.done && badCursor.done, 'both to be refused');

    expect(JSON.stringify(foreign.errors)).toContain('orderIds[0] is not one of your orders');
    expect(JSON.stringify(badCursor.errors)).toContain('after is not an event cursor: nonsense');
    await client.dispose();
  });

  it('closes with 4403 for an unknown key, 4401 for subscribe before connection_init', async () => {
    const ws = url.replace(/^http/, 'ws');
    const badKey = new WebSocket(ws, 'graphql-transport-ws');
    badKey.on('open', () =>
      badKey.send(
        JSON.stringify({ type: 'connection_init', payload: { authorization: 'Bearer nope' } }),
      ),
    );
    const early = new WebSocket(ws, 'graphql-transport-ws');
    early.on('open', () =>
      early.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: OrderEvents } })),
    );
    const closeCode = (socket: WebSocket) =>
      new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));

    expect(await Promise.all([closeCode(badKey), closeCode(early)])).toEqual([4403, 4401]);
  });

  it('ends the subscriptions of a key within seconds of its revocation', async () => {
    const doomed = await createStore(t, 'Doomed');
    const client = wsClient(url, doomed.key);
    const events = collect<OrderEvent>(client, OrderEvents);
    await waitFor(() => t.app.feed.size === 1, 'the subscription to start');
    await t.run(Revoke, { input: { apiKey: doomed.key } });

    await waitFor(() => events.done, 'the subscription to end', 5_000);
    await waitFor(() => t.app.feed.size === 0, 'the listener to go');
    await client.dispose();
  });

  it('frees its listener when a subscriber leaves, heap flat over a thousand cycles', async () => {
    const client = wsClient(url, store.key);
    const start = t.app.feed.size;
    const heap = () => {
      (globalThis as { gc?: () => void }).gc?.();
      return process.memoryUsage().heapUsed;
    };
    let afterHundred = 0;
    for (let i = 1; i <= 1_000; i++) {
      const sub = collect<OrderEvent>(client, OrderEvents);
      await waitFor(() => t.app.feed.size === start + 1, 'a listener', 5_000, 1);
      sub.stop();
      await waitFor(() => t.app.feed.size === start, 'the listener to go', 5_000, 1);
      if (i === 100) afterHundred = heap();
    }

    expect(t.app.feed.size).toBe(start);
    expect(heap()).toBeLessThan(afterHundred * 1.1);
    await client.dispose();
  }, 120_000);

  it('delivers the same events over server-sent events', async () => {
    const controller = new AbortController();
    const response = await fetch(url, {
      method: 'POST',
      signal: controller.signal,
      headers: {
        accept: 'text/event-stream',
        'content-type': 'application/json',
        authorization: `Bearer ${store.key}`,
      },
      body: JSON.stringify({ query: OrderEvents }),
    });
    const reader = response.body!.getReader();
    let text = '';
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += new TextDecoder().decode(value);
      }
    })().catch(() => {});
    await waitFor(() => t.app.feed.size >= 1, 'the stream to start');

    const placed = await order();
    await waitFor(() => text.includes(placed.order!.externalRef), 'the event over SSE');
    controller.abort();
    await reading;

    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(text).toContain(`"status":"READY"`);
  });

  it('delivers exactly 500 events to one subscriber while 8 writers place 500 orders', async () => {
    // The stream of the test before may still be open: its listener would pass for this one.
    await waitFor(() => t.app.feed.size === 0, 'the streams before to end');
    const client = wsClient(url, distributor.key);
    const events = collect<OrderEvent>(client, OrderEvents);
    await waitFor(() => t.app.feed.size >= 1, 'the subscription to start');
    const refs: string[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (refs.length < 500) {
          refs.push('');
          const placed = await order();
          refs[refs.indexOf('')] = placed.order!.externalRef;
        }
      }),
    );
    await waitFor(() => events.received.length >= 500, '500 events', 30_000);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const received = events.received.map((e) => e.orderStatusChanged.order.externalRef);
    expect(received).toHaveLength(500);
    expect(new Set(received)).toEqual(new Set(refs));
    events.stop();
    await client.dispose();
  }, 60_000);

  it('prunes stock events past the retention and keeps order events as histories', async () => {
    t.setNow('2026-11-01T10:00:00+03:00');
    await setStock(t, distributor.key, 'A', [{ sku: 'KET', onHand: 99_000 }]);
    const placed = await order();
    t.setNow('2026-12-02T10:00:00+03:00');
    const pruned = await t.app.stores.events.prune(new Date('2026-11-25T00:00:00Z'));
    const again = await t.app.stores.events.prune(new Date('2026-11-25T00:00:00Z'));
    const history = await t.app.stores.orders.findEventsByOrderIds([
      Number(Buffer.from(placed.order!.id, 'base64').toString().split(':')[1]),
    ]);

    expect(pruned).toBe(2);
    expect(again).toBe(0);
    expect(history.map((e) => e.status)).toEqual(['READY']);
  });
});
