import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { rowsOf, transactionOpener } from '../src/db/client.js';
import { lockStock } from '../src/orders/holds-store.js';
import { placeFromStock } from '../src/orders/placement-store.js';
import type { NewOrder } from '../src/orders/store.js';
import { localId } from '../src/schema/ids.js';
import { createTestApp, type TestApp } from './support/app.js';
import { placeOrder, stockOf } from './support/orders.js';
import {
  connectStore,
  createDistributor,
  createStore,
  type Distributor,
  type Org,
  setStock,
  upsertOffers,
} from './support/world.js';

describe('orders placed at the same moment', () => {
  let t: TestApp;
  let store: Org;
  let distributor: Distributor;

  beforeAll(async () => {
    t = await createTestApp('2026-12-02T10:00:00+03:00');
    distributor = await createDistributor(t, {
      name: 'Moscow',
      timeZone: 'Europe/Moscow',
      warehouses: ['A', 'B'],
      priceTypes: ['base'],
    });
    store = await createStore(t, 'Store');
    await connectStore(t, distributor.key, { storeId: store.id, priceTypeCode: 'base' });
  });

  afterAll(() => t.close());

  async function offer(sku: string, stock: Record<string, number>) {
    const [created] = await upsertOffers(t, distributor.key, [
      { sku, name: sku, prices: [{ priceTypeCode: 'base', amount: '10.00' }] },
    ]);
    for (const [code, onHand] of Object.entries(stock)) {
      await setStock(t, distributor.key, code, [{ sku, onHand }]);
    }
    return created!.id;
  }

  const order = (
    externalRef: string,
    lines: { offerId: string; quantity: number }[],
    key?: string,
  ) =>
    placeOrder(t, store.key, {
      distributorId: distributor.id,
      externalRef,
      lines,
      ...(key ? { idempotencyKey: key } : {}),
    });

  it('holds stock for exactly 10 of 50 concurrent single-unit orders on 10 units', async () => {
    const hot = await offer('HOT', { A: 6, B: 4 });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => order(`HOT-${i}`, [{ offerId: hot, quantity: 1 }])),
    );
    const codes = results.map((r) => r.userErrors[0]?.code ?? 'OK');

    expect(codes.filter((c) => c === 'OK')).toHaveLength(10);
    expect(codes.filter((c) => c === 'INSUFFICIENT_STOCK')).toHaveLength(40);
    expect(await stockOf(t, distributor.key, hot)).toMatchObject({
      available: 0,
      stock: ['A 6/6', 'B 4/4'],
    });
  });

  it('places 20 two-line orders on shared offers in opposite line order, no deadlock', async () => {
    const a = await offer('PAIR-A', { A: 20 });
    const b = await offer('PAIR-B', { A: 25, B: 15 });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        order(
          `PAIR-${i}`,
          i % 2
            ? [
                { offerId: a, quantity: 1 },
                { offerId: b, quantity: 2 },
              ]
            : [
                { offerId: b, quantity: 2 },
                { offerId: a, quantity: 1 },
              ],
        ),
      ),
    );

    expect(results.map((r) => r.userErrors)).toEqual(Array(20).fill([]));
    expect(results.map((r) => r.order!.total.amount)).toEqual(Array(20).fill('30.00'));
    expect(await stockOf(t, distributor.key, a)).toMatchObject({
      available: 0,
      stock: ['A 20/20'],
    });
    expect(await stockOf(t, distributor.key, b)).toMatchObject({
      available: 0,
      stock: ['A 25/25', 'B 15/15'],
    });
  });

  it('makes one order of concurrent calls with the same idempotency key', async () => {
    const cable = await offer('IDEM', { A: 100 });
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        order('IDEM-1', [{ offerId: cable, quantity: 3 }], 'same-key'),
      ),
    );

    expect(results.map((r) => r.userErrors)).toEqual(Array(12).fill([]));
    expect(new Set(results.map((r) => r.order!.id)).size).toBe(1);
    expect(await stockOf(t, distributor.key, cable)).toMatchObject({
      available: 97,
      stock: ['A 100/3'],
    });
  });

  it('gives concurrent calls of one key the first order when it took the last units', async () => {
    const plug = await offer('IDEM-LAST', { A: 3 });
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        order('IDEM-2', [{ offerId: plug, quantity: 3 }], 'last-units-key'),
      ),
    );

    expect(results.map((r) => r.userErrors)).toEqual(Array(12).fill([]));
    expect(new Set(results.map((r) => r.order!.id)).size).toBe(1);
    expect(await stockOf(t, distributor.key, plug)).toMatchObject({
      available: 0,
      stock: ['A 3/3'],
    });
  });

  it("refuses the second order for a warehouse's first unit, which neither locked", async () => {
    const id = await offer('FIRST-UNIT', {});
    const offerId = localId(id, 'Offer')!;
    const { orders } = t.app.stores;
    const newOrder = async (externalRef: string): Promise<NewOrder> => ({
      id: await orders.nextOrderId(),
      storeId: localId(store.id, 'Store')!,
      distributorId: localId(distributor.id, 'Distributor')!,
      externalRef,
      status: 'READY',
      deliveryOptionId: null,
      eta: null,
      holdUntil: null,
      total: '10.00',
      currency: 'RUB',
      idempotencyKey: null,
      requestHash: null,
    });
    const lines = [{ position: 0, offerId, quantity: 1, unitPrice: '10.00' }];
    const open = transactionOpener(t.database.db)!;
    const [first, second] = [await open({}), await open({})];
    // Both lock the offer's stock while it has none: no row to lock.
    await lockStock([offerId], null, first.tx);
    await lockStock([offerId], null, second.tx);
    await setStock(t, distributor.key, 'A', [{ sku: 'FIRST-UNIT', onHand: 1 }]);

    const placed = await placeFromStock(await newOrder('FIRST-1'), lines, null, first.tx);
    const refused = placeFromStock(await newOrder('FIRST-2'), lines, null, second.tx);
    // The second waits for the row the first holds; only then does the first commit.
    const waiting = async () =>
      (
        await rowsOf<{ n: number }>(
          t.database.db,
          sql`select count(*)::int as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock'`,
        )
      )[0]!.n;
    for (const deadline = Date.now() + 10_000; (await waiting()) === 0; await sleep(10)) {
      if (Date.now() > deadline) throw new Error('The second order never waited for the first');
    }
    await first.commit();
    await first.close(false);
    const outcome = await refused;
    await second.commit();
    await second.close(false);

    expect(placed.outcome).toBe('placed');
    expect(outcome).toEqual({ outcome: 'short', taken: [{ offerId, quantity: 0 }] });
    expect(await stockOf(t, distributor.key, id)).toMatchObject({
      available: 0,
      stock: ['A 1/1'],
    });
  });
});
