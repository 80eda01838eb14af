import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../src/db/client.js';
import { graphql } from './graphql/index.js';
import { createTestApp, type TestApp } from './support/app.js';
import {
  CancelOrder,
  OrderById,
  placeOrder,
  ReceiveIncoming,
  stockOf,
  UpdateIncoming,
} from './support/orders.js';
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

const Orders = graphql(`
  query StoreOrders($filter: OrderFilter) {
    orders(filter: $filter) {
      totalCount
      edges {
        node {
          externalRef
          status
        }
      }
    }
  }
`);

describe('orders that hold stock', () => {
  let t: TestApp;
  let store: Org;
  let otherStore: Org;
  let distributor: Distributor;
  let sequence = 0;

  beforeAll(async () => {
    // Wednesday 2 December 2026, 10:00 in Moscow.
    t = await createTestApp('2026-12-02T10:00:00+03:00');
    distributor = await createDistributor(t, {
      name: 'Moscow',
      timeZone: 'Europe/Moscow',
      warehouses: ['A', 'B'],
      priceTypes: ['base'],
      deliveryOptions: [
        { kind: 'PICKUP', warehouseCode: 'B', cutoff: '16:00', weekdays: [1, 2, 3, 4, 5] },
      ],
    });
    store = await createStore(t, 'Store');
    otherStore = await createStore(t, 'Other store');
    await connectStore(t, distributor.key, { storeId: store.id, priceTypeCode: 'base' });
  });

  afterAll(() => t.close());

  /** A new offer with its own SKU, stock per warehouse and incoming shipments. */
  async function offer(setup: {
    stock?: { A?: number; B?: number };
    incoming?: { warehouseCode: 'A' | 'B'; quantity: number; eta: string }[];
    packSize?: number;
    minOrderQuantity?: number;
    prices?: { amount: string; minQuantity?: number }[];
  }) {
    const sku = `SKU-${++sequence}`;
    const [created] = await upsertOffers(t, distributor.key, [
      {
        sku,
        name: `Product ${sku}`,
        packSize: setup.packSize,
        minOrderQuantity: setup.minOrderQuantity,
        vatRate: '20',
        prices: (setup.prices ?? [{ amount: '100.00' }]).map((p) => ({
          priceTypeCode: 'base',
          ...p,
        })),
      },
    ]);
    for (const [code, onHand] of Object.entries(setup.stock ?? {})) {
      await setStock(t, distributor.key, code, [{ sku, onHand }]);
    }
    const incomingIds: string[] = [];
    for (const shipment of setup.incoming ?? []) {
      incomingIds.push((await addIncoming(t, distributor.key, { ...shipment, sku })).id);
    }

    return { id: created!.id, sku, incomingIds };
  }

  const order = (lines: { offerId: string; quantity: number }[], extra: object = {}) =>
    placeOrder(t, store.key, {
      distributorId: distributor.id,
      externalRef: `ORD-${++sequence}`,
      lines,
      ...extra,
    });

  it('splits a line across warehouses, most stock first; cancelling gives back that', async () => {
    const kettle = await offer({ stock: { A: 5, B: 3 } });
    const placed = await order([{ offerId: kettle.id, quantity: 7 }]);

    expect(placed.userErrors).toEqual([]);
    expect(placed.order).toMatchObject({
      status: 'READY',
      eta: null,
      total: { amount: '700.00', currency: 'RUB' },
      lines: [{ quantity: 7, reserved: 7, inTransit: 0, status: 'RESERVED', eta: null }],
      history: [{ status: 'READY', previousStatus: null, reason: 'placed' }],
    });
    expect(await stockOf(t, distributor.key, kettle.id)).toMatchObject({
      available: 1,
      stock: ['A 5/5', 'B 3/2'],
    });

    const { cancelOrder } = await t.run(
      CancelOrder,
      { input: { id: placed.order!.id, reason: 'customer changed their mind' } },
      store.key,
    );
    expect(cancelOrder.order).toMatchObject({
      status: 'CANCELLED',
      lines: [{ status: 'CANCELLED', reserved: 0, inTransit: 0 }],
      history: [
        { status: 'READY', previousStatus: null },
        { status: 'CANCELLED', previousStatus: 'READY', reason: 'customer changed their mind' },
      ],
    });
    expect(await stockOf(t, distributor.key, kettle.id)).toMatchObject({
      available: 8,
      stock: ['A 5/0', 'B 3/0'],
    });
  });

  it('sends the stock lock, the order with its lines and holds, then the events', async () => {
    const kettle = await offer({ stock: { A: 5, B: 3 } });
    t.database.statements.length = 0;
    const placed = await order([{ offerId: kettle.id, quantity: 7 }]);
    const sent = t.database.statements.map((s) => s.trim());
    const at = (pattern: RegExp) => sent.findIndex((s) => pattern.test(s));

    expect(placed.userErrors).toEqual([]);
    const steps = [
      at(/^select nextval\('orders_id_seq'\)/),
      at(/^select 1 from "stock_levels"[\s\S]*for update$/),
      at(/^with line_input as [\s\S]*insert into "orders"[\s\S]*insert into "stock_holds"/),
      at(/^with outbox_lock as [\s\S]*insert into "order_events"[\s\S]*"stock_events"/),
    ];
    expect(steps[0]).toBeGreaterThanOrEqual(0);
    expect(steps[1]).toBeGreaterThan(steps[0]!);
    expect(steps.slice(2)).toEqual([1, 2].map((n) => steps[1]! + n));
  });

  it('writes no order, line or event for an order short of stock', async () => {
    const kettle = await offer({ stock: { A: 2 } });
    const written = () =>
      rowsOf<{ orders: number; lines: number; events: number; stock: number }>(
        t.database.db,
        sql`select (select count(*) from orders)::int as orders,
          (select count(*) from order_lines)::int as lines,
          (select count(*) from order_events)::int as events,
          (select count(*) from stock_events)::int as stock`,
      );
    const before = await written();
    const refused = await order([{ offerId: kettle.id, quantity: 3 }]);

    expect(refused.userErrors.map((e) => e.code)).toEqual(['INSUFFICIENT_STOCK']);
    expect(await written()).toEqual(before);
    expect(await stockOf(t, distributor.key, kettle.id)).toMatchObject({
      available: 2,
      stock: ['A 2/0'],
    });
  });

  it("shares an offer's stock among its lines across warehouses, in line order", async () => {
    const lamp = await offer({ stock: { A: 5, B: 3 } });
    const placed = await order([
      { offerId: lamp.id, quantity: 4 },
      { offerId: lamp.id, quantity: 4 },
    ]);
    const holds = await rowsOf<{ position: number; code: string; quantity: number }>(
      t.database.db,
      sql`
        select l.position, w.code, h.quantity
        from stock_holds h
          join order_lines l on l.id = h.order_line_id
          join orders o on o.id = l.order_id
          join warehouses w on w.id = h.warehouse_id
        where o.external_ref = ${placed.order!.externalRef}
        order by l.position, w.code`,
    );

    expect(placed.order?.lines.map((l) => [l.reserved, l.status])).toEqual([
      [4, 'RESERVED'],
      [4, 'RESERVED'],
    ]);
    expect(holds).toEqual([
      { position: 0, code: 'A', quantity: 4 },
      { position: 1, code: 'A', quantity: 1 },
      { position: 1, code: 'B', quantity: 3 },
    ]);
    expect(await stockOf(t, distributor.key, lamp.id)).toMatchObject({
      available: 0,
      stock: ['A 5/5', 'B 3/3'],
    });
  });

  it("holds only from the delivery option's warehouse when the order names one", async () => {
    const kettle = await offer({ stock: { A: 5, B: 3 } });
    const fromB = await order([{ offerId: kettle.id, quantity: 3 }], {
      deliveryOptionId: distributor.deliveryOptionIds[0],
    });
    const tooMany = await order([{ offerId: kettle.id, quantity: 1 }], {
      deliveryOptionId: distributor.deliveryOptionIds[0],
    });

    expect(fromB.order?.status).toBe('READY');
    expect(tooMany.userErrors).toEqual([
      {
        code: 'INSUFFICIENT_STOCK',
        message: `SKU ${kettle.sku}: 1 asked, 0 available now, none incoming`,
        field: ['lines', '0', 'quantity'],
      },
    ]);
    expect((await stockOf(t, distributor.key, kettle.id)).stock).toEqual(['A 5/0', 'B 3/3']);
  });

  it('backorders across two shipments: the later ETA is the line and order ETA', async () => {
    const drill = await offer({
      stock: { A: 5, B: 3 },
      incoming: [
        { warehouseCode: 'A', quantity: 4, eta: '2026-12-07' },
        { warehouseCode: 'B', quantity: 5, eta: '2026-12-09' },
      ],
    });
    const placed = await order([{ offerId: drill.id, quantity: 15 }], { allowBackorder: true });

    expect(placed.order).toMatchObject({
      status: 'AWAITING_STOCK',
      eta: '2026-12-09',
      lines: [{ quantity: 15, reserved: 8, inTransit: 7, status: 'IN_TRANSIT', eta: '2026-12-09' }],
      history: [{ status: 'AWAITING_STOCK', previousStatus: null, reason: 'placed' }],
    });
    expect(await stockOf(t, distributor.key, drill.id)).toEqual({
      available: 0,
      stock: ['A 5/5', 'B 3/3'],
      incoming: ['2026-12-07 4/0', '2026-12-09 5/2'],
    });
  });

  it('refuses a short line without backorder, saying what there is now and by when', async () => {
    const drill = await offer({
      stock: { A: 5, B: 3 },
      incoming: [
        { warehouseCode: 'A', quantity: 4, eta: '2026-12-07' },
        { warehouseCode: 'B', quantity: 5, eta: '2026-12-09' },
      ],
    });
    const refused = await order([{ offerId: drill.id, quantity: 9 }]);
    const tooMuch = await order([{ offerId: drill.id, quantity: 18 }], { allowBackorder: true });

    expect(refused.order).toBeNull();
    expect(refused.userErrors).toEqual([
      {
        code: 'INSUFFICIENT_STOCK',
        message: `SKU ${drill.sku}: 9 asked, 8 available now, 9 more by 2026-12-09`,
        field: ['lines', '0', 'quantity'],
      },
    ]);
    expect(tooMuch.userErrors.map((e) => e.message)).toEqual([
      `SKU ${drill.sku}: 18 asked, 8 available now, 9 more by 2026-12-09`,
    ]);
    expect(await stockOf(t, distributor.key, drill.id)).toEqual({
      available: 8,
      stock: ['A 5/0', 'B 3/0'],
      incoming: ['2026-12-07 4/4', '2026-12-09 5/5'],
    });
  });

  it('counts the same offer on two lines together', async () => {
    const bulb = await offer({ stock: { A: 8 } });
    const refused = await order([
      { offerId: bulb.id, quantity: 5 },
      { offerId: bulb.id, quantity: 4 },
    ]);
    const fits = await order([
      { offerId: bulb.id, quantity: 5 },
      { offerId: bulb.id, quantity: 3 },
    ]);

    expect(refused.userErrors.map((e) => e.field)).toEqual([
      ['lines', '0', 'quantity'],
      ['lines', '1', 'quantity'],
    ]);
    expect(fits.order?.lines.map((l) => [l.quantity, l.reserved, l.status])).toEqual([
      [5, 5, 'RESERVED'],
      [3, 3, 'RESERVED'],
    ]);
  });

  it('turns waiting lines RESERVED as goods arrive, oldest first, whole or in part', async () => {
    const saw = await offer({
      stock: { A: 2 },
      incoming: [{ warehouseCode: 'A', quantity: 6, eta: '2026-12-07' }],
    });
    const first = await order([{ offerId: saw.id, quantity: 5 }], { allowBackorder: true });
    const second = await order([{ offerId: saw.id, quantity: 3 }], { allowBackorder: true });
    expect(first.order?.lines[0]).toMatchObject({ reserved: 2, inTransit: 3 });
    expect(second.order?.lines[0]).toMatchObject({ reserved: 0, inTransit: 3 });

    const partial = await t.run(
      ReceiveIncoming,
      { input: { id: saw.incomingIds[0]!, quantity: 4 } },
      distributor.key,
    );
    expect(partial.receiveIncoming.incomingShipment).toMatchObject({ quantity: 2, unallocated: 0 });
    const afterPartial = await Promise.all(
      [first, second].map((o) => t.run(OrderById, { id: o.order!.id }, store.key)),
    );
    expect(afterPartial.map(({ node }) => node)).toMatchObject([
      { status: 'READY', eta: null, lines: [{ reserved: 5, inTransit: 0, status: 'RESERVED' }] },
      {
        status: 'AWAITING_STOCK',
        eta: '2026-12-07',
        lines: [{ reserved: 1, inTransit: 2, status: 'IN_TRANSIT' }],
      },
    ]);
    expect(afterPartial[0]!.node).toMatchObject({
      history: [
        { status: 'AWAITING_STOCK', previousStatus: null },
        {
          status: 'READY',
          previousStatus: 'AWAITING_STOCK',
          reason: expect.stringMatching(/^goods received \(shipment \d+\)$/),
        },
      ],
    });

    await t.run(ReceiveIncoming, { input: { id: saw.incomingIds[0]! } }, distributor.key);
    const { node } = await t.run(OrderById, { id: second.order!.id }, store.key);
    expect(node).toMatchObject({ status: 'READY', lines: [{ reserved: 3, inTransit: 0 }] });
    expect(await stockOf(t, distributor.key, saw.id)).toEqual({
      available: 0,
      stock: ['A 8/8'],
      incoming: [],
    });
  });

  it('moves the ETA of every waiting line and order when the shipment is late', async () => {
    const lamp = await offer({
      incoming: [{ warehouseCode: 'B', quantity: 10, eta: '2026-12-07' }],
    });
    const placed = await order([{ offerId: lamp.id, quantity: 4 }], { allowBackorder: true });
    const moved = await t.run(
      UpdateIncoming,
      { input: { id: lamp.incomingIds[0]!, eta: '2026-12-11' } },
      distributor.key,
    );
    const { node } = await t.run(OrderById, { id: placed.order!.id }, store.key);

    expect(moved.updateIncoming.incomingShipment).toMatchObject({
      eta: '2026-12-11',
      unallocated: 6,
    });
    expect(node).toMatchObject({
      status: 'AWAITING_STOCK',
      eta: '2026-12-11',
      lines: [{ eta: '2026-12-11', status: 'IN_TRANSIT', inTransit: 4 }],
    });
  });

  it('takes claims back from the latest orders first when a shipment is cut', async () => {
    const rope = await offer({
      incoming: [{ warehouseCode: 'A', quantity: 10, eta: '2026-12-08' }],
    });
    const early = await order([{ offerId: rope.id, quantity: 6 }], { allowBackorder: true });
    const late = await order([{ offerId: rope.id, quantity: 4 }], { allowBackorder: true });
    await t.run(
      UpdateIncoming,
      { input: { id: rope.incomingIds[0]!, quantity: 7 } },
      distributor.key,
    );
    const [kept, cut] = await Promise.all(
      [early, late].map(async (o) => (await t.run(OrderById, { id: o.order!.id }, store.key)).node),
    );

    expect(kept).toMatchObject({
      status: 'AWAITING_STOCK',
      lines: [{ inTransit: 6, status: 'IN_TRANSIT' }],
    });
    expect(cut).toMatchObject({
      status: 'AWAITING_STOCK',
      eta: null,
      lines: [{ inTransit: 1, reserved: 0, status: 'SHORTAGE', eta: null }],
      history: [
        { status: 'AWAITING_STOCK', previousStatus: null },
        {
          status: 'AWAITING_STOCK',
          previousStatus: 'AWAITING_STOCK',
          reason: 'incoming shipment cut',
        },
      ],
    });
    expect((await stockOf(t, distributor.key, rope.id)).incoming).toEqual(['2026-12-08 7/0']);
  });

  it("drops the latest orders' goods first when the ERP counts less than orders hold", async () => {
    const glue = await offer({ stock: { A: 4 } });
    const early = await order([{ offerId: glue.id, quantity: 2 }]);
    const late = await order([{ offerId: glue.id, quantity: 2 }]);
    await setStock(t, distributor.key, 'A', [{ sku: glue.sku, onHand: 3 }]);
    const [kept, short] = await Promise.all(
      [early, late].map(async (o) => (await t.run(OrderById, { id: o.order!.id }, store.key)).node),
    );

    expect(kept).toMatchObject({ status: 'READY', lines: [{ reserved: 2, status: 'RESERVED' }] });
    expect(short).toMatchObject({
      status: 'AWAITING_STOCK',
      eta: null,
      lines: [{ reserved: 1, status: 'SHORTAGE' }],
      history: [
        { status: 'READY' },
        {
          status: 'AWAITING_STOCK',
          previousStatus: 'READY',
          reason: 'stock count fell below what orders hold',
        },
      ],
    });
    expect(await stockOf(t, distributor.key, glue.id)).toMatchObject({
      available: 0,
      stock: ['A 3/3'],
    });

    // More stock later re-holds nothing by itself: the store decides.
    await setStock(t, distributor.key, 'A', [{ sku: glue.sku, onHand: 10 }]);
    expect(await stockOf(t, distributor.key, glue.id)).toMatchObject({
      available: 7,
      stock: ['A 10/3'],
    });
  });

  it('captures the volume-break unit price when placed; later price changes leave it', async () => {
    const paper = await offer({
      stock: { A: 50 },
      prices: [{ amount: '250.00' }, { amount: '237.50', minQuantity: 10 }],
    });
    const placed = await order([
      { offerId: paper.id, quantity: 12 },
      { offerId: paper.id, quantity: 3 },
    ]);
    await upsertOffers(t, distributor.key, [
      { sku: paper.sku, name: 'Paper', prices: [{ priceTypeCode: 'base', amount: '300.00' }] },
    ]);
    const { node } = await t.run(OrderById, { id: placed.order!.id }, store.key);

    expect(placed.order?.lines.map((l) => l.unitPrice.amount)).toEqual(['237.50', '250.00']);
    expect(placed.order?.total).toEqual({ amount: '3600.00', currency: 'RUB' });
    expect(node).toMatchObject({ status: 'READY' });
  });

  it('refuses a lone surrogate in the key and a negative quantity, one error each', async () => {
    const cup = await offer({ stock: { A: 5 } });
    const surrogate = await order([{ offerId: cup.id, quantity: 1 }], {
      idempotencyKey: 'z\ud800',
    });
    const negative = await order([{ offerId: cup.id, quantity: -1 }]);

    expect(surrogate.userErrors).toEqual([
      {
        code: 'INVALID_INPUT',
        message: 'must not contain a lone UTF-16 surrogate',
        field: ['idempotencyKey'],
      },
    ]);
    expect(negative.userErrors).toEqual([
      { code: 'INVALID_INPUT', message: 'must be at least 1', field: ['lines', '0', 'quantity'] },
    ]);
    expect(await stockOf(t, distributor.key, cup.id)).toMatchObject({ stock: ['A 5/0'] });
  });

  it('enforces minimum order and pack size per line, and terms', async () => {
    const box = await offer({ stock: { A: 100 }, packSize: 6, minOrderQuantity: 12 });
    const below = await order([{ offerId: box.id, quantity: 6 }]);
    const odd = await order([{ offerId: box.id, quantity: 14 }]);
    const noTerms = await placeOrder(t, otherStore.key, {
      distributorId: distributor.id,
      externalRef: 'X-1',
      lines: [{ offerId: box.id, quantity: 12 }],
    });

    expect(below.userErrors).toEqual([
      {
        code: 'BELOW_MIN_ORDER',
        message: `SKU ${box.sku} sells from 12 units`,
        field: ['lines', '0', 'quantity'],
      },
    ]);
    expect(odd.userErrors).toEqual([
      {
        code: 'NOT_PACK_MULTIPLE',
        message: `SKU ${box.sku} sells in packs of 6`,
        field: ['lines', '0', 'quantity'],
      },
    ]);
    expect(noTerms.userErrors).toEqual([
      {
        code: 'NO_TERMS',
        message: 'Moscow has not granted your store terms',
        field: ['distributorId'],
      },
    ]);
    expect((await stockOf(t, distributor.key, box.id)).stock).toEqual(['A 100/0']);
  });

  it('returns the first order for a reused idempotency key, refuses it for new input', async () => {
    const cable = await offer({ stock: { A: 10 } });
    const input = {
      distributorId: distributor.id,
      externalRef: 'IDEM-1',
      lines: [{ offerId: cable.id, quantity: 4 }],
      idempotencyKey: 'key-1',
    };
    const first = await placeOrder(t, store.key, input);
    const again = await placeOrder(t, store.key, input);
    const changed = await placeOrder(t, store.key, {
      ...input,
      lines: [{ offerId: cable.id, quantity: 5 }],
    });

    expect(again.order?.id).toBe(first.order?.id);
    expect(changed.userErrors).toEqual([
      {
        code: 'DUPLICATE',
        message: 'This idempotency key was already used with a different input',
        field: ['idempotencyKey'],
      },
    ]);
    expect((await stockOf(t, distributor.key, cable.id)).stock).toEqual(['A 10/4']);
  });

  it('refuses to cancel an order twice, and another store cannot see or cancel it', async () => {
    const nail = await offer({ stock: { A: 10 } });
    const placed = await order([{ offerId: nail.id, quantity: 1 }]);
    const id = placed.order!.id;
    const foreign = await t.run(CancelOrder, { input: { id } }, otherStore.key);
    await t.run(CancelOrder, { input: { id } }, store.key);
    const twice = await t.run(CancelOrder, { input: { id } }, store.key);
    const seen = await t.run(OrderById, { id }, otherStore.key);

    expect(foreign.cancelOrder.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    expect(twice.cancelOrder.userErrors).toEqual([
      {
        code: 'INVALID_STATE',
        message: 'An order that is CANCELLED cannot be cancelled',
        field: ['id'],
      },
    ]);
    expect(seen.node).toBeNull();
  });

  it("lists a store's own orders by status, and a distributor those addressed to it", async () => {
    const { orders: ready } = await t.run(Orders, { filter: { statuses: ['READY'] } }, store.key);
    const { orders: mine } = await t.run(Orders, {}, otherStore.key);
    const { orders: addressed } = await t.run(Orders, {}, distributor.key);
    const { orders: all } = await t.run(Orders, {}, store.key);

    expect(ready.edges.every((e) => e.node.status === 'READY')).toBe(true);
    expect(ready.totalCount).toBe(ready.edges.length);
    expect(ready.totalCount).toBeGreaterThan(0);
    expect(mine.totalCount).toBe(0);
    expect(addressed.totalCount).toBe(all.totalCount);
  });
});
