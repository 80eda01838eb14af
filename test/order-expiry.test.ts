import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { defineConfig } from '../src/config.js';
import { createDatabase } from '../src/db/client.js';
import { expireOrders } from '../src/orders/expiry.js';
import { pino } from 'pino';
import { createTestApp, type TestApp } from './support/app.js';
import { OrderById, placeOrder, stockOf } from './support/orders.js';
import {
  addIncoming,
  connectStore,
  createDistributor,
  createStore,
  type Distributor,
  type Org,
  setStock,
  upsertOffers,
} from './support/world.js';

describe('order expiry', () => {
  let t: TestApp;
  let store: Org;
  let distributor: Distributor;
  let offerId: string;

  beforeAll(async () => {
    // Wednesday 2 December 2026, 10:00 in Moscow.
    t = await createTestApp('2026-12-02T10:00:00+03:00');
    distributor = await createDistributor(t, {
      name: 'Moscow',
      timeZone: 'Europe/Moscow',
      warehouses: ['A'],
      priceTypes: ['base'],
    });
    store = await createStore(t, 'Store');
    await connectStore(t, distributor.key, { storeId: store.id, priceTypeCode: 'base' });
    const [tape] = await upsertOffers(t, distributor.key, [
      { sku: 'TAPE', name: 'Tape', prices: [{ priceTypeCode: 'base', amount: '50.00' }] },
    ]);
    offerId = tape!.id;
    await setStock(t, distributor.key, 'A', [{ sku: 'TAPE', onHand: 100 }]);
    await addIncoming(t, distributor.key, {
      warehouseCode: 'A',
      sku: 'TAPE',
      quantity: 20,
      eta: '2026-12-07',
    });
  });

  afterAll(() => t.close());

  const order = (quantity: number, extra: object = {}) =>
    placeOrder(t, store.key, {
      distributorId: distributor.id,
      externalRef: `E-${quantity}`,
      lines: [{ offerId, quantity }],
      ...extra,
    });

  it("holds to the next day's end in distributor zone, then expires, giving all back", async () => {
    const placed = await order(105, { allowBackorder: true });
    expect(placed.order?.holdUntil).toBe('2026-12-03T20:59:59.999Z');
    expect(await stockOf(t, distributor.key, offerId)).toEqual({
      available: 0,
      stock: ['A 100/100'],
      incoming: ['2026-12-07 20/15'],
    });

    expect(await expireOrders(t.app.stores, new Date('2026-12-03T23:59:59+03:00'))).toBe(0);
    expect(await expireOrders(t.app.stores, new Date('2026-12-04T00:00:00+03:00'))).toBe(1);
    expect(await expireOrders(t.app.stores, new Date('2026-12-04T00:00:00+03:00'))).toBe(0);

    const { node } = await t.run(OrderById, { id: placed.order!.id }, store.key);
    expect(node).toMatchObject({
      status: 'EXPIRED',
      lines: [{ reserved: 0, inTransit: 0, status: 'CANCELLED' }],
      history: [
        { status: 'AWAITING_STOCK', previousStatus: null },
        { status: 'EXPIRED', previousStatus: 'AWAITING_STOCK', reason: 'hold expired' },
      ],
    });
    expect(await stockOf(t, distributor.key, offerId)).toEqual({
      available: 100,
      stock: ['A 100/0'],
      incoming: ['2026-12-07 20/20'],
    });
  });

  it('keeps an explicit holdUntil and refuses one in the past', async () => {
    const kept = await order(1, { holdUntil: '2026-12-10T12:00:00+03:00' });
    const past = await order(1, { holdUntil: '2026-12-01T12:00:00+03:00' });

    expect(kept.order?.holdUntil).toBe('2026-12-10T09:00:00.000Z');
    expect(past.userErrors).toEqual([
      {
        code: 'INVALID_INPUT',
        message: 'holdUntil 2026-12-01T09:00:00.000Z is not in the future',
        field: ['holdUntil'],
      },
    ]);
  });

  it('ends each expired order once when several processes sweep at the same moment', async () => {
    const placed = [];
    for (let i = 0; i < 30; i++) placed.push(await order(2));
    const now = new Date('2026-12-05T00:00:00+03:00');
    // Three more processes over the same database, each with its own connection pool.
    const others = Array.from({ length: 3 }, () =>
      createApp(defineConfig({ logLevel: 'silent' }), {
        database: createDatabase({ databaseUrl: t.database.url }),
        logger: pino({ level: 'silent' }),
        expiryIntervalMs: 0,
      }),
    );
    const counts = await Promise.all(
      [t.app, ...others].map((app) => expireOrders(app.stores, now)),
    );
    await Promise.all(others.map((app) => app.close()));

    // The 30 placed here; the order of the previous test held to 10 December stays.
    expect(counts.reduce((a, b) => a + b, 0)).toBe(30);
    const histories = await Promise.all(
      placed.map(async (p) => (await t.run(OrderById, { id: p.order!.id }, store.key)).node),
    );
    expect(
      histories.every(
        (h) => h && 'history' in h && h.history.filter((e) => e.status === 'EXPIRED').length === 1,
      ),
    ).toBe(true);
    expect((await stockOf(t, distributor.key, offerId)).stock).toEqual(['A 100/1']);
  });
});
