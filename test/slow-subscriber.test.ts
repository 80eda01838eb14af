import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/app.js';
import { collect, listen, waitFor, wsClient } from './support/live.js';
import { placeOrder } from './support/orders.js';
import {
  connectStore,
  createDistributor,
  createStore,
  type Org,
  setStock,
  upsertOffers,
} from './support/world.js';

describe('a subscriber that falls behind', () => {
  let t: TestApp;
  let url: string;
  let store: Org;
  let distributorId: string;
  let offerId: string;

  beforeAll(async () => {
    // The feed reads only when told to, and lets at most three events wait for a subscriber.
    t = await createTestApp('2026-12-02T10:00:00+03:00', {
      feed: { pollMs: 600_000, wakeMs: 600_000, maxWaitingEvents: 3 },
    });
    url = await listen(t.app);
    const distributor = await createDistributor(t, {
      name: 'Moscow',
      timeZone: 'Europe/Moscow',
      warehouses: ['A'],
      priceTypes: ['base'],
    });
    distributorId = distributor.id;
    store = await createStore(t, 'Store');
    await connectStore(t, distributor.key, { storeId: store.id, priceTypeCode: 'base' });
    const [offer] = await upsertOffers(t, distributor.key, [
      { sku: 'KET', name: 'Kettle', prices: [{ priceTypeCode: 'base', amount: '10.00' }] },
    ]);
    offerId = offer!.id;
    await setStock(t, distributor.key, 'A', [{ sku: 'KET', onHand: 1_000 }]);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('replays more than may wait, as fast as the subscriber reads, without ending it', async () => {
    const before = wsClient(url, store.key);
    const firsts = collect<{ orderStatusChanged: { cursor: string } }>(
      before,
      'subscription { orderStatusChanged { cursor } }',
    );
    await waitFor(() => t.app.feed.size === 1, 'the first subscription to start');
    await placeOrder(t, store.key, {
      distributorId,
      externalRef: 'REPLAY-0',
      lines: [{ offerId, quantity: 1 }],
    });
    t.app.feed.poll();
    await waitFor(() => firsts.received.length === 1, 'the first event');
    const cursor = firsts.received[0]!.orderStatusChanged.cursor;
    firsts.stop();
    await before.dispose();
    await waitFor(() => t.app.feed.size === 0, 'the first subscription to end');
    for (let i = 1; i <= 6; i++) {
      await placeOrder(t, store.key, {
        distributorId,
        externalRef: `REPLAY-${i}`,
        lines: [{ offerId, quantity: 1 }],
      });
    }

    const client = wsClient(url, store.key);
    const events = collect<{ orderStatusChanged: { order: { externalRef: string } } }>(
      client,
      `subscription ($after: String) {
        orderStatusChanged(after: $after) { order { externalRef } }
      }`,
      { after: cursor },
    );
    await waitFor(() => events.received.length >= 6, 'the replay');

    expect(events.received.map((e) => e.orderStatusChanged.order.externalRef)).toEqual(
      [1, 2, 3, 4, 5, 6].map((i) => `REPLAY-${i}`),
    );
    expect(events.errors).toEqual([]);
    events.stop();
    await client.dispose();
    await waitFor(() => t.app.feed.size === 0, 'its listener to be freed');
  });

  it('gets what waited up to the limit, then an error that says how to resume', async () => {
    const client = wsClient(url, store.key);
    const events = collect<{ orderStatusChanged: { cursor: string } }>(
      client,
      'subscription { orderStatusChanged { cursor status } }',
    );
    await waitFor(() => t.app.feed.size === 1, 'the subscription to start');

    for (let i = 0; i < 6; i++) {
      await placeOrder(t, store.key, {
        distributorId,
        externalRef: `SLOW-${i}`,
        lines: [{ offerId, quantity: 1 }],
      });
    }
    t.app.feed.poll();
    await waitFor(() => events.done, 'the subscription to end');

    // The first went at once to the subscription waiting for it; three more waited.
    expect(events.received).toHaveLength(4);
    expect(events.errors).toHaveLength(1);
    expect(events.errors[0]).toMatchObject({
      message: expect.stringContaining('More than 3 events waited for this subscription'),
      extensions: { code: 'LIMIT_EXCEEDED' },
    });
    await waitFor(() => t.app.feed.size === 0, 'its listener to be freed');
    await client.dispose();
  });
});
