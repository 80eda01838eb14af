import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './graphql/index.js';
import { createTestApp, type TestApp } from './support/app.js';
import { CancelOrder, OrderById, placeOrder, ReceiveIncoming, stockOf } from './support/orders.js';
import {
  AcceptRegister,
  CancelRegister,
  IssueInvoice,
  RegisterById,
  RejectRegister,
  ShipRegister,
  SubmitRegister,
} from './support/registers.js';
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

const weekdays = [1, 2, 3, 4, 5];

const IncomingOf = graphql(`
  query RegistersIncomingOf($id: ID!) {
    node(id: $id) {
      ... on Offer {
        incoming {
          id
        }
      }
    }
  }
`);

describe('daily registers and invoices', () => {
  let t: TestApp;
  let store: Org;
  let moscow: Distributor;
  let ural: Distributor;
  const offerIds = new Map<string, string>();
  let sequence = 0;

  beforeAll(async () => {
    // Wednesday 2 December 2026, 10:00 in Moscow, 12:00 in Yekaterinburg.
    t = await createTestApp('2026-12-02T10:00:00+03:00');
    moscow = await createDistributor(t, {
      name: 'Moscow',
      timeZone: 'Europe/Moscow',
      warehouses: ['MSK'],
      priceTypes: ['base', 'yen:JPY', 'dinar:KWD'],
      deliveryOptions: [{ kind: 'PICKUP', warehouseCode: 'MSK', cutoff: '16:00', weekdays }],
    });
    ural = await createDistributor(t, {
      name: 'Ural',
      timeZone: 'Asia/Yekaterinburg',
      warehouses: ['EKB'],
      priceTypes: ['base'],
      deliveryOptions: [{ kind: 'CARRIER', warehouseCode: 'EKB', cutoff: '16:00', weekdays }],
    });
    store = await createStore(t, 'Store');
    await connectStore(t, moscow.key, { storeId: store.id, priceTypeCode: 'base' });
    await connectStore(t, ural.key, { storeId: store.id, priceTypeCode: 'base' });

    const moscowOffers = await upsertOffers(t, moscow.key, [
      {
        sku: 'KET',
        name: 'Kettle',
        vatRate: '20',
        prices: [{ priceTypeCode: 'base', amount: '1000.00' }],
      },
      {
        sku: 'PAN',
        name: 'Pan',
        vatRate: '21',
        prices: [{ priceTypeCode: 'base', amount: '10.70' }],
      },
      {
        sku: 'CUP',
        name: 'Cup',
        vatRate: '20',
        prices: [{ priceTypeCode: 'base', amount: '3.33' }],
      },
    ]);
    const uralOffers = await upsertOffers(t, ural.key, [
      {
        sku: 'DRL',
        name: 'Drill',
        vatRate: '10',
        prices: [{ priceTypeCode: 'base', amount: '2500.00' }],
      },
    ]);
    for (const offer of [...moscowOffers, ...uralOffers]) offerIds.set(offer.sku, offer.id);
    await setStock(t, moscow.key, 'MSK', [
      { sku: 'KET', onHand: 10 },
      { sku: 'PAN', onHand: 5 },
      { sku: 'CUP', onHand: 1000 },
    ]);
    await setStock(t, ural.key, 'EKB', [{ sku: 'DRL', onHand: 1 }]);
  });

  afterAll(() => t.close());

  const order = async (distributor: Distributor, lines: [string, number][], extra: object = {}) => {
    const placed = await placeOrder(t, store.key, {
      distributorId: distributor.id,
      externalRef: `ORD-${++sequence}`,
      lines: lines.map(([sku, quantity]) => ({ offerId: offerIds.get(sku)!, quantity })),
      ...extra,
    });
    if (!placed.order) throw new Error(JSON.stringify(placed.userErrors));
    return placed.order;
  };

  const shipmentIds = async (distributor: Distributor, sku: string) => {
    const { node } = await t.run(IncomingOf, { id: offerIds.get(sku)! }, distributor.key);
    return node && 'incoming' in node ? node.incoming.map((i) => i.id) : [];
  };

  const submit = async (
    distributor: Distributor,
    shipDate: string,
    orderIds: string[],
    key?: string,
  ) =>
    (
      await t.run(
        SubmitRegister,
        {
          input: {
            distributorId: distributor.id,
            shipDate,
            orderIds,
            ...(key ? { idempotencyKey: key } : {}),
          },
        },
        store.key,
      )
    ).submitRegister;

  it('runs a full day: orders, registers by cutoff, acceptance, invoices, shipping', async () => {
    t.setNow('2026-12-02T10:00:00+03:00');
    const first = await order(moscow, [
      ['KET', 2],
      ['PAN', 2],
    ]);
    const second = await order(moscow, [['KET', 1]]);
    await addIncoming(t, ural.key, {
      warehouseCode: 'EKB',
      sku: 'DRL',
      quantity: 4,
      eta: '2026-12-03',
    });
    const backordered = await order(ural, [['DRL', 3]], { allowBackorder: true });
    expect([first.status, second.status, backordered.status]).toEqual([
      'READY',
      'READY',
      'AWAITING_STOCK',
    ]);
    expect(backordered.eta).toBe('2026-12-03');

    const toMoscow = await submit(moscow, '2026-12-03', [first.id, second.id]);
    const toUral = await submit(ural, '2026-12-03', [backordered.id]);
    expect(toMoscow).toMatchObject({
      userErrors: [],
      register: {
        status: 'SUBMITTED',
        shipDate: '2026-12-03',
        total: { amount: '3021.40', currency: 'RUB' },
        orders: [
          { externalRef: first.externalRef, status: 'IN_REGISTER' },
          { externalRef: second.externalRef, status: 'IN_REGISTER' },
        ],
      },
    });
    expect(toUral.register?.total.amount).toBe('7500.00');

    const accepted = await t.run(
      AcceptRegister,
      { input: { id: toMoscow.register!.id, erpReference: 'ERP-0001' } },
      moscow.key,
    );
    // ERP references are unique per distributor, not across them.
    const acceptedUral = await t.run(
      AcceptRegister,
      { input: { id: toUral.register!.id, erpReference: 'ERP-0001' } },
      ural.key,
    );
    expect(accepted.acceptRegister.register).toEqual({
      status: 'ACCEPTED',
      erpReference: 'ERP-0001',
      orders: [{ status: 'ACCEPTED' }, { status: 'ACCEPTED' }],
    });
    expect(acceptedUral.acceptRegister.userErrors).toEqual([]);

    const invoiced = await t.run(
      IssueInvoice,
      { input: { registerId: toMoscow.register!.id, number: 'INV-1', date: '2026-12-02' } },
      moscow.key,
    );
    expect(invoiced.issueInvoice.invoice).toEqual({
      number: 'INV-1',
      date: '2026-12-02',
      net: { amount: '3021.40', currency: 'RUB' },
      vat: { amount: '604.49' },
      gross: { amount: '3625.89' },
      lines: [
        {
          order: { externalRef: first.externalRef },
          offer: { sku: 'KET' },
          quantity: 2,
          unitPrice: { amount: '1000.00' },
          vatRate: '20',
          net: { amount: '2000.00' },
          vat: { amount: '400.00' },
          gross: { amount: '2400.00' },
        },
        {
          order: { externalRef: first.externalRef },
          offer: { sku: 'PAN' },
          quantity: 2,
          unitPrice: { amount: '10.70' },
          vatRate: '21',
          net: { amount: '21.40' },
          vat: { amount: '4.49' },
          gross: { amount: '25.89' },
        },
        {
          order: { externalRef: second.externalRef },
          offer: { sku: 'KET' },
          quantity: 1,
          unitPrice: { amount: '1000.00' },
          vatRate: '20',
          net: { amount: '1000.00' },
          vat: { amount: '200.00' },
          gross: { amount: '1200.00' },
        },
      ],
    });
    expect(invoiced.issueInvoice.register?.status).toBe('INVOICED');

    const shipped = await t.run(ShipRegister, { input: { id: toMoscow.register!.id } }, moscow.key);
    expect(shipped.shipRegister.register).toEqual({
      status: 'SHIPPED',
      orders: [
        {
          status: 'SHIPPED',
          lines: [
            { status: 'SHIPPED', reserved: 0 },
            { status: 'SHIPPED', reserved: 0 },
          ],
        },
        { status: 'SHIPPED', lines: [{ status: 'SHIPPED', reserved: 0 }] },
      ],
    });
    expect((await stockOf(t, moscow.key, offerIds.get('KET')!)).stock).toEqual(['MSK 7/0']);
    expect((await stockOf(t, moscow.key, offerIds.get('PAN')!)).stock).toEqual(['MSK 3/0']);

    const uralInvoice = await t.run(
      IssueInvoice,
      { input: { registerId: toUral.register!.id, number: 'INV-1', date: '2026-12-03' } },
      ural.key,
    );
    expect(uralInvoice.issueInvoice.invoice).toMatchObject({
      net: { amount: '7500.00' },
      vat: { amount: '750.00' },
      gross: { amount: '8250.00' },
    });
    const early = await t.run(ShipRegister, { input: { id: toUral.register!.id } }, ural.key);
    expect(early.shipRegister.userErrors).toEqual([
      {
        code: 'INVALID_STATE',
        message:
          `Order ${backordered.externalRef} line 1 is IN_TRANSIT: ` +
          'it does not hold all its goods',
        field: ['id'],
      },
    ]);
    const { node: shipment } = await t.run(OrderById, { id: backordered.id }, store.key);
    expect(shipment).toMatchObject({
      status: 'INVOICED',
      lines: [{ status: 'IN_TRANSIT', reserved: 1 }],
    });

    const drill = await stockOf(t, ural.key, offerIds.get('DRL')!);
    expect(drill).toMatchObject({ stock: ['EKB 1/1'], incoming: ['2026-12-03 4/2'] });
    const [shipmentId] = await shipmentIds(ural, 'DRL');
    await t.run(ReceiveIncoming, { input: { id: shipmentId! } }, ural.key);
    const shippedUral = await t.run(ShipRegister, { input: { id: toUral.register!.id } }, ural.key);

    expect(shippedUral.shipRegister.register?.status).toBe('SHIPPED');
    expect(await stockOf(t, ural.key, offerIds.get('DRL')!)).toEqual({
      available: 2,
      stock: ['EKB 2/0'],
      incoming: [],
    });
  });

  it('takes a register at 15:59, refuses it at 16:01 for next day, naming next date', async () => {
    t.setNow('2026-12-02T15:59:00+03:00');
    const ontime = await submit(moscow, '2026-12-03', [(await order(moscow, [['CUP', 1]])).id]);
    t.setNow('2026-12-02T16:01:00+03:00');
    const late = await submit(moscow, '2026-12-03', [(await order(moscow, [['CUP', 1]])).id]);

    expect(ontime.userErrors).toEqual([]);
    expect(late.userErrors).toEqual([
      {
        code: 'CUTOFF_PASSED',
        message:
          'Moscow cannot ship these orders on 2026-12-03; the next possible date is 2026-12-04',
        field: ['shipDate'],
      },
    ]);
  });

  it('refuses Monday on Friday evening for a Monday-to-Friday option, offers Tuesday', async () => {
    t.setNow('2026-12-04T18:00:00+03:00');
    const result = await submit(moscow, '2026-12-07', [(await order(moscow, [['CUP', 1]])).id]);
    const saturday = await submit(moscow, '2026-12-05', [(await order(moscow, [['CUP', 1]])).id]);

    expect(result.userErrors.map((e) => e.message)).toEqual([
      'Moscow cannot ship these orders on 2026-12-07; the next possible date is 2026-12-08',
    ]);
    expect(saturday.userErrors.map((e) => e.code)).toEqual(['CUTOFF_PASSED']);
  });

  it("reads the cutoff in the distributor's zone though the store's clock is earlier", async () => {
    // 14:30 in Moscow is 16:30 in Yekaterinburg: too late for Thursday there.
    t.setNow('2026-12-02T14:30:00+03:00');
    await setStock(t, ural.key, 'EKB', [{ sku: 'DRL', onHand: 10 }]);
    const result = await submit(ural, '2026-12-03', [(await order(ural, [['DRL', 1]])).id]);

    expect(result.userErrors.map((e) => e.message)).toEqual([
      'Ural cannot ship these orders on 2026-12-03; the next possible date is 2026-12-04',
    ]);
  });

  it('rounds VAT per line half up: 1 line of 2 at 10.70, 21 % is not 2 lines of 1', async () => {
    t.setNow('2026-12-02T10:00:00+03:00');
    await setStock(t, moscow.key, 'MSK', [{ sku: 'PAN', onHand: 100 }]);
    const oneLine = await order(moscow, [['PAN', 2]]);
    const twoLines = await order(moscow, [
      ['PAN', 1],
      ['PAN', 1],
    ]);
    const invoice = async (orderId: string, number: string) => {
      const { register } = await submit(moscow, '2026-12-03', [orderId]);
      await t.run(
        AcceptRegister,
        { input: { id: register!.id, erpReference: `ERP-${number}` } },
        moscow.key,
      );
      const { issueInvoice } = await t.run(
        IssueInvoice,
        { input: { registerId: register!.id, number, date: '2026-12-02' } },
        moscow.key,
      );
      return issueInvoice.invoice!;
    };

    // 21.40 × 21 % = 4.494, which rounds to 4.49; 10.70 × 21 % = 2.247 rounds to 2.25, twice.
    expect(await invoice(oneLine.id, 'R-1')).toMatchObject({
      net: { amount: '21.40' },
      vat: { amount: '4.49' },
      gross: { amount: '25.89' },
    });
    expect(await invoice(twoLines.id, 'R-2')).toMatchObject({
      net: { amount: '21.40' },
      vat: { amount: '4.50' },
      gross: { amount: '25.90' },
      lines: [{ vat: { amount: '2.25' } }, { vat: { amount: '2.25' } }],
    });
  });

  it('sums a hundred-line invoice exactly from its lines', async () => {
    t.setNow('2026-12-02T10:00:00+03:00');
    const lines = Array.from({ length: 100 }, (_, i): [string, number] => ['CUP', 1 + (i % 7)]);
    const big = await order(moscow, lines);
    const { register } = await submit(moscow, '2026-12-03', [big.id]);
    await t.run(
      AcceptRegister,
      { input: { id: register!.id, erpReference: 'ERP-BIG' } },
      moscow.key,
    );
    const { issueInvoice } = await t.run(
      IssueInvoice,
      { input: { registerId: register!.id, number: 'BIG-1', date: '2026-12-02' } },
      moscow.key,
    );
    const invoice = issueInvoice.invoice!;
    const sum = (key: 'net' | 'vat' | 'gross') =>
      invoice.lines
        .reduce((total, line) => total.plus(line[key].amount), new Decimal(0))
        .toFixed(2);

    expect(invoice.lines).toHaveLength(100);
    expect(invoice.gross.amount).toBe(sum('gross'));
    expect(invoice.net.amount).toBe(sum('net'));
    expect(invoice.vat.amount).toBe(sum('vat'));
    // 3.33 × 1 at 20 % is 0.666, which rounds to 0.67.
    expect(invoice.lines[0]).toMatchObject({ net: { amount: '3.33' }, vat: { amount: '0.67' } });
  });

  it('invoices in yen with no decimals and in dinars with three', async () => {
    t.setNow('2026-12-02T10:00:00+03:00');
    const yenStore = await createStore(t, 'Yen store');
    const dinarStore = await createStore(t, 'Dinar store');
    await connectStore(t, moscow.key, { storeId: yenStore.id, priceTypeCode: 'yen' });
    await connectStore(t, moscow.key, { storeId: dinarStore.id, priceTypeCode: 'dinar' });
    await upsertOffers(t, moscow.key, [
      {
        sku: 'TEA',
        name: 'Tea',
        vatRate: '10',
        prices: [
          { priceTypeCode: 'yen', amount: '1234' },
          { priceTypeCode: 'dinar', amount: '1.125' },
        ],
      },
    ]);
    await setStock(t, moscow.key, 'MSK', [{ sku: 'TEA', onHand: 10 }]);
    const teaId = (await upsertOffers(t, moscow.key, [{ sku: 'TEA', name: 'Tea' }]))[0]!.id;
    const invoiceFor = async (buyer: Org, quantity: number, number: string) => {
      const placed = await placeOrder(t, buyer.key, {
        distributorId: moscow.id,
        externalRef: number,
        lines: [{ offerId: teaId, quantity }],
      });
      const { submitRegister } = await t.run(
        SubmitRegister,
        {
          input: { distributorId: moscow.id, shipDate: '2026-12-03', orderIds: [placed.order!.id] },
        },
        buyer.key,
      );
      const id = submitRegister.register!.id;
      await t.run(AcceptRegister, { input: { id, erpReference: `ERP-${number}` } }, moscow.key);
      const { issueInvoice } = await t.run(
        IssueInvoice,
        { input: { registerId: id, number, date: '2026-12-02' } },
        moscow.key,
      );
      return issueInvoice.invoice!;
    };

    // 1234 × 10 % = 123.4 yen, rounded to 123; 3 × 1.125 = 3.375 dinars, 10 % is 0.3375: 0.338.
    expect(await invoiceFor(yenStore, 1, 'JPY-1')).toMatchObject({
      net: { amount: '1234', currency: 'JPY' },
      vat: { amount: '123' },
      gross: { amount: '1357' },
    });
    expect(await invoiceFor(dinarStore, 3, 'KWD-1')).toMatchObject({
      net: { amount: '3.375', currency: 'KWD' },
      vat: { amount: '0.338' },
      gross: { amount: '3.713' },
    });
  });

  it('refuses every move out of turn and changes nothing', async () => {
    t.setNow('2026-12-02T10:00:00+03:00');
    const placed = await order(moscow, [['CUP', 2]]);
    const { register } = await submit(moscow, '2026-12-03', [placed.id]);
    const id = register!.id;
    const codes = async () => ({
      invoiceEarly: (
        await t.run(
          IssueInvoice,
          { input: { registerId: id, number: 'X-1', date: '2026-12-02' } },
          moscow.key,
        )
      ).issueInvoice.userErrors,
      shipEarly: (await t.run(ShipRegister, { input: { id } }, moscow.key)).shipRegister.userErrors,
      resubmit: (await submit(moscow, '2026-12-03', [placed.id])).userErrors,
      foreignAccept: (await t.run(AcceptRegister, { input: { id, erpReference: 'U-1' } }, ural.key))
        .acceptRegister.userErrors,
    });

    expect(await codes()).toEqual({
      invoiceEarly: [
        {
          code: 'INVALID_STATE',
          message: 'A register that is SUBMITTED cannot be invoiced',
          field: ['id'],
        },
      ],
      shipEarly: [
        {
          code: 'INVALID_STATE',
          message: 'A register that is SUBMITTED cannot be shipped',
          field: ['id'],
        },
      ],
      resubmit: [
        {
          code: 'INVALID_STATE',
          message: `Order ${placed.externalRef} is IN_REGISTER`,
          field: ['orderIds', '0'],
        },
      ],
      foreignAccept: [
        { code: 'NOT_FOUND', message: 'No register of yours has this id', field: ['id'] },
      ],
    });

    await t.run(AcceptRegister, { input: { id, erpReference: 'ERP-TURN' } }, moscow.key);
    const again = await t.run(
      AcceptRegister,
      { input: { id, erpReference: 'ERP-TURN-2' } },
      moscow.key,
    );
    const cancel = await t.run(CancelRegister, { input: { id } }, store.key);
    const reject = await t.run(RejectRegister, { input: { id, reason: 'late' } }, moscow.key);
    const duplicateReference = await t.run(
      AcceptRegister,
      {
        input: {
          id: (await submit(moscow, '2026-12-03', [(await order(moscow, [['CUP', 1]])).id]))
            .register!.id,
          erpReference: 'ERP-TURN',
        },
      },
      moscow.key,
    );
    const { node } = await t.run(RegisterById, { id }, store.key);

    expect(again.acceptRegister.userErrors.map((e) => e.message)).toEqual([
      'A register that is ACCEPTED cannot be accepted',
    ]);
    expect(cancel.cancelRegister.userErrors.map((e) => e.message)).toEqual([
      'A register that is ACCEPTED cannot be cancelled',
    ]);
    expect(reject.rejectRegister.userErrors.map((e) => e.message)).toEqual([
      'A register that is ACCEPTED cannot be rejected',
    ]);
    expect(duplicateReference.acceptRegister.userErrors).toEqual([
      {
        code: 'DUPLICATE',
        message: 'Another register of yours is ERP-TURN in your ERP',
        field: ['erpReference'],
      },
    ]);
    expect(node).toMatchObject({
      status: 'ACCEPTED',
      erpReference: 'ERP-TURN',
      history: [
        { status: 'SUBMITTED', previousStatus: null },
        { status: 'ACCEPTED', previousStatus: 'SUBMITTED' },
      ],
      orders: [
        {
          status: 'ACCEPTED',
          history: [
            { status: 'READY', previousStatus: null },
            { status: 'IN_REGISTER', previousStatus: 'READY' },
            { status: 'ACCEPTED', previousStatus: 'IN_REGISTER' },
          ],
        },
      ],
    });
  });

  it("returns a rejected register's orders to where they were, still holding stock", async () => {
    t.setNow('2026-12-02T10:00:00+03:00');
    await setStock(t, moscow.key, 'MSK', [{ sku: 'KET', onHand: 10 }]);
    const ready = await order(moscow, [['KET', 3]]);
    const { register } = await submit(moscow, '2026-12-03', [ready.id]);
    const { rejectRegister } = await t.run(
      RejectRegister,
      { input: { id: register!.id, reason: 'warehouse closed for stocktaking' } },
      moscow.key,
    );

    expect(rejectRegister.register).toEqual({
      status: 'REJECTED',
      rejectReason: 'warehouse closed for stocktaking',
      orders: [{ status: 'READY', register: null }],
    });
    expect((await stockOf(t, moscow.key, offerIds.get('KET')!)).stock).toEqual(['MSK 10/3']);
    const resubmitted = await submit(moscow, '2026-12-04', [ready.id]);
    expect(resubmitted.register?.status).toBe('SUBMITTED');
  });

  it('makes one register of concurrent submits with the same key', async () => {
    t.setNow('2026-12-02T10:00:00+03:00');
    const placed = await order(moscow, [['CUP', 1]]);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => submit(moscow, '2026-12-03', [placed.id], 'register-key')),
    );

    expect(results.map((r) => r.userErrors)).toEqual(Array(8).fill([]));
    expect(new Set(results.map((r) => r.register!.id)).size).toBe(1);
  });
});

describe('registers at their edges', () => {
  let t: TestApp;
  let store: Org;
  let moscow: Distributor;
  let kettle: string;
  let sequence = 0;

  beforeAll(async () => {
    t = await createTestApp('2026-12-02T10:00:00+03:00');
    moscow = await createDistributor(t, {
      name: 'Moscow',
      timeZone: 'Europe/Moscow',
      warehouses: ['MSK'],
      priceTypes: ['base', 'euro:EUR'],
      deliveryOptions: [{ kind: 'PICKUP', warehouseCode: 'MSK', cutoff: '16:00', weekdays }],
    });
    store = await createStore(t, 'Store');
    await connectStore(t, moscow.key, { storeId: store.id, priceTypeCode: 'base' });
    const [offer] = await upsertOffers(t, moscow.key, [
      {
        sku: 'KET',
        name: 'Kettle',
        vatRate: '20',
        prices: [
          { priceTypeCode: 'base', amount: '1000.00' },
          { priceTypeCode: 'euro', amount: '10.00' },
        ],
      },
    ]);
    kettle = offer!.id;
    await setStock(t, moscow.key, 'MSK', [{ sku: 'KET', onHand: 100 }]);
  });

  afterAll(() => t.close());

  const order = async (quantity = 1, extra: object = {}) =>
    (
      await placeOrder(t, store.key, {
        distributorId: moscow.id,
        externalRef: `EDGE-${++sequence}`,
        lines: [{ offerId: kettle, quantity }],
        ...extra,
      })
    ).order!;
  const submit = async (orderIds: string[], shipDate = '2026-12-03') =>
    (
      await t.run(
        SubmitRegister,
        { input: { distributorId: moscow.id, shipDate, orderIds } },
        store.key,
      )
    ).submitRegister;
  const accept = (id: string, erpReference: string) =>
    t.run(AcceptRegister, { input: { id, erpReference } }, moscow.key);

  it('refuses one register for orders in two currencies', async () => {
    const rubles = await order();
    await connectStore(t, moscow.key, { storeId: store.id, priceTypeCode: 'euro' });
    const euros = await order();
    await connectStore(t, moscow.key, { storeId: store.id, priceTypeCode: 'base' });
    const result = await submit([rubles.id, euros.id]);

    expect(euros.total).toEqual({ amount: '10.00', currency: 'EUR' });
    expect(result.userErrors).toEqual([
      {
        code: 'INVALID_STATE',
        message: 'A register is in one currency; these orders are in RUB and EUR',
        field: ['orderIds'],
      },
    ]);
  });

  it('refuses an order whose hold ran out, before the sweep has released it', async () => {
    const placed = await order(1, { holdUntil: '2026-12-02T12:00:00+03:00' });
    t.setNow('2026-12-02T12:30:00+03:00');
    const result = await submit([placed.id]);
    t.setNow('2026-12-02T10:00:00+03:00');

    expect(result.userErrors).toEqual([
      {
        code: 'INVALID_STATE',
        message: `Order ${placed.externalRef} expired at 2026-12-02T09:00:00.000Z`,
        field: ['orderIds', '0'],
      },
    ]);
  });

  it('takes a cancelled order out of its register, and cancels a register left empty', async () => {
    const before = await stockOf(t, moscow.key, kettle);
    const kept = await order(2);
    const dropped = await order(3);
    const { register } = await submit([kept.id, dropped.id]);
    await t.run(CancelOrder, { input: { id: dropped.id } }, store.key);
    const { node: afterOne } = await t.run(RegisterById, { id: register!.id }, store.key);
    await t.run(CancelOrder, { input: { id: kept.id } }, store.key);
    const { node: afterBoth } = await t.run(RegisterById, { id: register!.id }, store.key);

    expect(afterOne).toMatchObject({
      status: 'SUBMITTED',
      total: { amount: '2000.00' },
      orders: [{ externalRef: kept.externalRef, status: 'IN_REGISTER' }],
    });
    expect(afterBoth).toMatchObject({ status: 'CANCELLED', orders: [] });
    expect(await stockOf(t, moscow.key, kettle)).toEqual(before);
  });

  it('refuses to invoice lines that lost goods, invoice twice or ship unaccepted', async () => {
    const placed = await order(5);
    const { register } = await submit([placed.id]);
    const id = register!.id;
    const shipUnaccepted = await t.run(ShipRegister, { input: { id } }, moscow.key);
    await accept(id, 'ERP-EDGE-1');
    const shipUninvoiced = await t.run(ShipRegister, { input: { id } }, moscow.key);
    const cancelAccepted = await t.run(CancelOrder, { input: { id: placed.id } }, store.key);
    await setStock(t, moscow.key, 'MSK', [{ sku: 'KET', onHand: 2 }]);
    const invoice = (number: string) =>
      t.run(IssueInvoice, { input: { registerId: id, number, date: '2026-12-02' } }, moscow.key);
    const short = await invoice('E-1');
    await setStock(t, moscow.key, 'MSK', [{ sku: 'KET', onHand: 100 }]);

    expect(shipUnaccepted.shipRegister.userErrors.map((e) => e.message)).toEqual([
      'A register that is SUBMITTED cannot be shipped',
    ]);
    expect(shipUninvoiced.shipRegister.userErrors.map((e) => e.message)).toEqual([
      'A register that is ACCEPTED cannot be shipped',
    ]);
    expect(cancelAccepted.cancelOrder.userErrors.map((e) => e.message)).toEqual([
      'An order that is ACCEPTED cannot be cancelled',
    ]);
    expect(short.issueInvoice.userErrors).toEqual([
      {
        code: 'INVALID_STATE',
        message: '1 line(s) of this register lack goods nobody expects; they cannot be invoiced',
        field: ['registerId'],
      },
    ]);
  });

  it('refuses a second invoice for a register and an invoice number used before', async () => {
    const [first, second] = [await order(1), await order(1)];
    const a = (await submit([first.id])).register!.id;
    const b = (await submit([second.id])).register!.id;
    await accept(a, 'ERP-EDGE-A');
    await accept(b, 'ERP-EDGE-B');
    const invoice = (registerId: string, number: string) =>
      t.run(IssueInvoice, { input: { registerId, number, date: '2026-12-02' } }, moscow.key);
    await invoice(a, 'N-1');
    const twice = await invoice(a, 'N-2');
    const reused = await invoice(b, 'N-1');

    expect(twice.issueInvoice.userErrors.map((e) => e.message)).toEqual([
      'A register that is INVOICED cannot be invoiced',
    ]);
    expect(reused.issueInvoice.userErrors).toEqual([
      { code: 'DUPLICATE', message: 'You have issued invoice N-1 before', field: ['number'] },
    ]);
  });
});
