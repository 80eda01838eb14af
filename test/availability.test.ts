import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './graphql/index.js';
import { createTestApp, type TestApp } from './support/app.js';
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

const KETTLE = '4601234567800';
const DRILL = '4601234567817';

const Availability = graphql(`
  query Availability($requests: [AvailabilityRequest!]!, $deliveryKind: DeliveryKind) {
    availability(requests: $requests, deliveryKind: $deliveryKind) {
      index
      quantity
      product {
        gtin
        name
      }
      options {
        distributor {
          name
        }
        offer {
          sku
        }
        availableNow
        incoming {
          quantity
          eta
        }
        canFulfil
        shipDate
        deliveryDate
        deliveryOption {
          kind
        }
        unitPrice {
          amount
          currency
        }
        total {
          amount
          currency
        }
      }
    }
  }
`);

/** The parts of each option a test compares, one line per distributor. */
const summary = (options: { distributor: { name: string }; shipDate?: string | null }[]) =>
  options.map((o) => `${o.distributor.name} ${o.shipDate ?? '-'}`);

describe('availability across distributors', () => {
  let t: TestApp;
  let storeA: Org;
  let moscow: Distributor;
  let ural: Distributor;
  let farEast: Distributor;

  beforeAll(async () => {
    t = await createTestApp('2026-12-02T15:59:00+03:00');
    const weekdays = [1, 2, 3, 4, 5];
    moscow = await createDistributor(t, {
      name: 'Moscow',
      timeZone: 'Europe/Moscow',
      warehouses: ['MSK'],
      priceTypes: ['retail', 'wholesale'],
      deliveryOptions: [
        { kind: 'PICKUP', warehouseCode: 'MSK', cutoff: '16:00', weekdays, leadDays: 0 },
        {
          kind: 'COURIER',
          warehouseCode: 'MSK',
          cutoff: '14:00',
          weekdays: [1, 2, 3, 4, 5, 6],
          leadDays: 1,
        },
      ],
    });
    ural = await createDistributor(t, {
      name: 'Ural',
      timeZone: 'Asia/Yekaterinburg',
      warehouses: ['EKB'],
      priceTypes: ['wholesale'],
      deliveryOptions: [
        { kind: 'CARRIER', warehouseCode: 'EKB', cutoff: '16:00', weekdays, leadDays: 3 },
      ],
    });
    farEast = await createDistributor(t, {
      name: 'Far East',
      timeZone: 'Asia/Vladivostok',
      warehouses: ['VVO'],
      priceTypes: ['retail'],
      deliveryOptions: [{ kind: 'PICKUP', warehouseCode: 'VVO', cutoff: '16:00', weekdays }],
    });

    const kettle = { gtin: KETTLE, name: 'Kettle 1.7 l', brand: 'Teplo', vatRate: '20' };
    await upsertOffers(t, moscow.key, [
      {
        ...kettle,
        sku: 'M-KET',
        prices: [
          { priceTypeCode: 'retail', amount: '1200.00' },
          { priceTypeCode: 'wholesale', amount: '1000.00' },
          { priceTypeCode: 'wholesale', amount: '950.00', minQuantity: 5 },
        ],
      },
    ]);
    await upsertOffers(t, ural.key, [
      { ...kettle, sku: 'U-17', prices: [{ priceTypeCode: 'wholesale', amount: '990.50' }] },
      { gtin: DRILL, name: 'Drill', sku: 'U-DRILL' },
    ]);
    await upsertOffers(t, farEast.key, [
      { ...kettle, sku: 'FE-KETTLE', prices: [{ priceTypeCode: 'retail', amount: '900.00' }] },
    ]);
    await setStock(t, moscow.key, 'MSK', [{ sku: 'M-KET', onHand: 10 }]);
    await setStock(t, ural.key, 'EKB', [{ sku: 'U-17', onHand: 2 }]);
    await setStock(t, farEast.key, 'VVO', [{ sku: 'FE-KETTLE', onHand: 5 }]);
    await addIncoming(t, ural.key, {
      warehouseCode: 'EKB',
      sku: 'U-17',
      quantity: 4,
      eta: '2026-12-07',
    });
    await addIncoming(t, ural.key, {
      warehouseCode: 'EKB',
      sku: 'U-17',
      quantity: 5,
      eta: '2026-12-09',
    });

    storeA = await createStore(t, 'Store A');
    await connectStore(t, moscow.key, { storeId: storeA.id, priceTypeCode: 'wholesale' });
    await connectStore(t, ural.key, { storeId: storeA.id, priceTypeCode: 'wholesale' });
  });

  afterAll(() => t.close());

  const ask = async (quantity: number, at: string, deliveryKind?: 'PICKUP' | 'COURIER') => {
    t.setNow(at);
    const { availability } = await t.run(
      Availability,
      { requests: [{ gtin: KETTLE, quantity }], deliveryKind },
      storeA.key,
    );
    return availability[0]!;
  };

  it('gives per distributor stock, ETA slices, ship date, store price, Wed 15:59 MSK', async () => {
    const answer = await ask(5, '2026-12-02T15:59:00+03:00');

    expect(answer.product).toEqual({ gtin: KETTLE, name: 'Kettle 1.7 l' });
    expect(answer.options).toEqual([
      {
        distributor: { name: 'Moscow' },
        offer: { sku: 'M-KET' },
        availableNow: 10,
        incoming: [],
        canFulfil: true,
        shipDate: '2026-12-03',
        deliveryDate: '2026-12-03',
        deliveryOption: { kind: 'PICKUP' },
        unitPrice: { amount: '950.00', currency: 'RUB' },
        total: { amount: '4750.00', currency: 'RUB' },
      },
      {
        // 22:59 in Vladivostok: past its 16:00 cutoff, so Thursday's register, Friday's goods.
        distributor: { name: 'Far East' },
        offer: { sku: 'FE-KETTLE' },
        availableNow: 5,
        incoming: [],
        canFulfil: true,
        shipDate: '2026-12-04',
        deliveryDate: '2026-12-04',
        deliveryOption: { kind: 'PICKUP' },
        unitPrice: null,
        total: null,
      },
      {
        distributor: { name: 'Ural' },
        offer: { sku: 'U-17' },
        availableNow: 2,
        incoming: [{ quantity: 3, eta: '2026-12-07' }],
        canFulfil: true,
        shipDate: '2026-12-07',
        deliveryDate: '2026-12-10',
        deliveryOption: { kind: 'CARRIER' },
        unitPrice: { amount: '990.50', currency: 'RUB' },
        total: { amount: '4952.50', currency: 'RUB' },
      },
    ]);
  });

  it('ships a day later at Wed 16:01 Moscow, ranking equal dates by the lower total', async () => {
    const answer = await ask(5, '2026-12-02T16:01:00+03:00');

    expect(summary(answer.options)).toEqual([
      'Moscow 2026-12-04',
      'Far East 2026-12-04',
      'Ural 2026-12-07',
    ]);
  });

  it('prices below the volume break at the base price', async () => {
    const answer = await ask(4, '2026-12-02T15:59:00+03:00');
    const moscowOption = answer.options.find((o) => o.distributor.name === 'Moscow')!;

    expect(moscowOption.unitPrice).toEqual({ amount: '1000.00', currency: 'RUB' });
    expect(moscowOption.total).toEqual({ amount: '4000.00', currency: 'RUB' });
  });

  it('takes incoming goods from two shipments, the later ETA deciding the ship date', async () => {
    const answer = await ask(9, '2026-12-02T15:59:00+03:00');

    expect(answer.options.map((o) => [o.distributor.name, o.canFulfil, o.shipDate])).toEqual([
      ['Moscow', true, '2026-12-03'],
      ['Ural', true, '2026-12-09'],
      ['Far East', false, null],
    ]);
    expect(answer.options[1]!.incoming).toEqual([
      { quantity: 4, eta: '2026-12-07' },
      { quantity: 3, eta: '2026-12-09' },
    ]);
    expect(answer.options[2]!.availableNow).toBe(5);
  });

  it('puts the only distributor that can fulfil first', async () => {
    const answer = await ask(11, '2026-12-02T15:59:00+03:00');

    expect(answer.options.map((o) => [o.distributor.name, o.canFulfil, o.shipDate])).toEqual([
      ['Ural', true, '2026-12-09'],
      ['Moscow', false, null],
      ['Far East', false, null],
    ]);
  });

  it('on a Friday evening ships Monday by the Saturday courier and Tuesday by pickup', async () => {
    const courier = await ask(1, '2026-12-04T18:00:00+03:00', 'COURIER');
    const pickup = await ask(1, '2026-12-04T18:00:00+03:00', 'PICKUP');
    const best = await ask(1, '2026-12-04T18:00:00+03:00');

    expect(summary(courier.options)).toEqual(['Moscow 2026-12-07']);
    expect(courier.options[0]!.deliveryDate).toBe('2026-12-08');
    expect(summary(pickup.options)).toEqual(['Moscow 2026-12-08', 'Far East 2026-12-08']);
    expect(best.options[0]!.deliveryOption).toEqual({ kind: 'COURIER' });
  });

  it('on a Sunday ships Tuesday at the earliest', async () => {
    const answer = await ask(1, '2026-12-06T12:00:00+03:00');

    // All on Tuesday, so the lower total goes first and the option without a price last.
    expect(summary(answer.options)).toEqual([
      'Ural 2026-12-08',
      'Moscow 2026-12-08',
      'Far East 2026-12-08',
    ]);
  });

  it("reads the cutoff in the distributor's zone, not the store's or UTC", async () => {
    // 08:00 in Moscow is 15:00 in Vladivostok: still before its cutoff, so Thursday.
    const morning = await ask(1, '2026-12-02T08:00:00+03:00', 'PICKUP');
    // 18:30 in Moscow is 01:30 on Thursday in Vladivostok: Thursday's register, Friday's goods.
    const evening = await ask(1, '2026-12-02T18:30:00+03:00', 'PICKUP');

    expect(summary(morning.options)).toEqual(['Moscow 2026-12-03', 'Far East 2026-12-03']);
    expect(summary(evening.options)).toEqual(['Moscow 2026-12-04', 'Far East 2026-12-04']);
  });

  it('answers lines in input order, an unknown product with no options', async () => {
    t.setNow('2026-12-02T15:59:00+03:00');
    const { availability } = await t.run(
      Availability,
      {
        requests: [
          { gtin: DRILL, quantity: 1 },
          { gtin: '4607654321008', quantity: 3 },
          { gtin: KETTLE, quantity: 2 },
        ],
      },
      storeA.key,
    );

    expect(availability.map((a) => [a.index, a.quantity, a.product?.name ?? null])).toEqual([
      [0, 1, 'Drill'],
      [1, 3, null],
      [2, 2, 'Kettle 1.7 l'],
    ]);
    expect(availability[0]!.options).toEqual([
      expect.objectContaining({ availableNow: 0, canFulfil: false, shipDate: null }),
    ]);
    expect(availability[1]!.options).toEqual([]);
  });

  it('refuses a line with no product reference, a bad GTIN or a quantity below one', async () => {
    const cases = [
      [{ quantity: 1 }, 'requests[0]: give exactly one of gtin, productId and offerId'],
      [
        { gtin: '4601234567801', quantity: 1 },
        'requests[0]: "4601234567801" is not a GTIN with a valid check digit',
      ],
      [{ gtin: KETTLE, quantity: 0 }, 'requests[0]: quantity must be at least 1, got 0'],
    ] as const;
    for (const [request, message] of cases) {
      const result = await t.execute(Availability, { requests: [request] }, storeA.key);
      expect(result.errors?.map((e) => e.message)).toEqual([message]);
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('refuses more than 1,000 request lines, naming the limit', async () => {
    const requests = Array.from({ length: 1001 }, () => ({ gtin: KETTLE, quantity: 1 }));
    const result = await t.execute(Availability, { requests }, storeA.key);

    expect(result.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
      ['availability takes at most 1000 request lines, got 1001', 'LIMIT_EXCEEDED'],
    ]);
  });
});
