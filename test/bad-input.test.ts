import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './graphql/index.js';
import type { UpsertDeliveryOptionInput } from './graphql/graphql.js';
import { createTestApp, type TestApp } from './support/app.js';
import {
  addIncoming,
  createDistributor,
  type Distributor,
  setStock,
  upsertOffers,
} from './support/world.js';

const KETTLE = '4601234567800';

const State = graphql(`
  query BadInputState($id: ID!) {
    node(id: $id) {
      ... on Distributor {
        offers(first: 500) {
          totalCount
          edges {
            node {
              sku
              packSize
              product {
                gtin
                name
              }
              stock {
                warehouse {
                  code
                }
                onHand
              }
              incoming {
                quantity
                eta
              }
              prices {
                priceType {
                  code
                }
                amount {
                  amount
                  currency
                }
                minQuantity
              }
            }
          }
        }
        deliveryOptions {
          kind
          cutoff
          leadDays
          weekdays
        }
      }
    }
  }
`);

const Distributors = graphql(`
  query BadInputDistributors($first: Int) {
    distributors(first: $first) {
      totalCount
      edges {
        node {
          name
          timeZone
        }
      }
    }
  }
`);

const UpsertOffers = graphql(`
  mutation BadInputUpsertOffers($input: UpsertOffersInput!) {
    upsertOffers(input: $input) {
      offers {
        sku
      }
      userErrors {
        code
        message
        field
      }
    }
  }
`);

const SetStock = graphql(`
  mutation BadInputSetStock($input: SetStockInput!) {
    setStock(input: $input) {
      stockLevels {
        onHand
      }
      userErrors {
        code
        message
        field
      }
    }
  }
`);

const AddIncoming = graphql(`
  mutation BadInputAddIncoming($input: AddIncomingInput!) {
    addIncoming(input: $input) {
      incomingShipment {
        quantity
      }
      userErrors {
        code
        message
        field
      }
    }
  }
`);

const UpdateIncoming = graphql(`
  mutation BadInputUpdateIncoming($input: UpdateIncomingInput!) {
    updateIncoming(input: $input) {
      incomingShipment {
        eta
      }
      userErrors {
        code
        message
        field
      }
    }
  }
`);

const CreateDistributor = graphql(`
  mutation BadInputCreateDistributor($input: CreateDistributorInput!) {
    createDistributor(input: $input) {
      distributor {
        name
      }
      userErrors {
        code
        message
        field
      }
    }
  }
`);

const UpsertDeliveryOption = graphql(`
  mutation BadInputUpsertDeliveryOption($input: UpsertDeliveryOptionInput!) {
    upsertDeliveryOption(input: $input) {
      deliveryOption {
        cutoff
      }
      userErrors {
        code
        message
        field
      }
    }
  }
`);

type Code = 'INVALID_INPUT' | 'NOT_FOUND';

/** The payload of a refused mutation: no result, just the one user error. */
const refused = (result: string, code: Code, message: string, field: string[]) => ({
  [result]: null,
  userErrors: [{ code, message, field }],
});

describe('bad input', () => {
  let t: TestApp;
  let volga: Distributor;
  let shipmentId: string;

  /** Everything a bad input could have touched: offers, stock, prices, incoming, delivery. */
  const state = async () => (await t.run(State, { id: volga.id }, volga.key)).node;
  const distributorCount = async () => (await t.run(Distributors, {})).distributors.totalCount;

  const upsert = async (items: Parameters<typeof upsertOffers>[2]) =>
    (await t.run(UpsertOffers, { input: { items } }, volga.key)).upsertOffers;
  const stock = async (items: { sku: string; onHand: number }[], warehouseCode = 'MAIN') =>
    (await t.run(SetStock, { input: { warehouseCode, items } }, volga.key)).setStock;
  const deliveryOption = async (changes: Partial<UpsertDeliveryOptionInput>) => {
    const input = {
      kind: 'PICKUP' as const,
      warehouseCode: 'MAIN',
      cutoff: '16:00',
      leadDays: 0,
      weekdays: [1, 2, 3, 4, 5],
      ...changes,
    };
    return (await t.run(UpsertDeliveryOption, { input }, volga.key)).upsertDeliveryOption;
  };

  beforeAll(async () => {
    t = await createTestApp('2026-12-02T10:00:00+03:00');
    volga = await createDistributor(t, {
      name: 'Volga',
      timeZone: 'Europe/Moscow',
      warehouses: ['MAIN'],
      priceTypes: ['retail', 'yen:JPY', 'dinar:KWD'],
      deliveryOptions: [
        { kind: 'PICKUP', warehouseCode: 'MAIN', cutoff: '16:00', weekdays: [1, 2, 3, 4, 5] },
      ],
    });
    await upsertOffers(t, volga.key, [
      {
        sku: 'KET',
        gtin: KETTLE,
        name: 'Kettle 1.7 l',
        prices: [{ priceTypeCode: 'retail', amount: '1200.00' }],
      },
      { sku: 'IRON', name: 'Iron' },
      { sku: 'PAN', name: 'Pan' },
    ]);
    await setStock(t, volga.key, 'MAIN', [
      { sku: 'KET', onHand: 7 },
      { sku: 'IRON', onHand: 3 },
      { sku: 'PAN', onHand: 2 },
    ]);
    const shipment = await addIncoming(t, volga.key, {
      warehouseCode: 'MAIN',
      sku: 'KET',
      quantity: 5,
      eta: '2026-12-09',
    });
    shipmentId = shipment.id;
  });

  afterAll(() => t.close());

  it('starts with three offers in stock, one incoming shipment, one delivery option', async () => {
    const main = (onHand: number) => [{ warehouse: { code: 'MAIN' }, onHand }];

    // One call's offers are saved in SKU order, so that concurrent calls lock rows alike.
    expect(await state()).toEqual({
      offers: {
        totalCount: 3,
        edges: [
          {
            node: {
              sku: 'IRON',
              packSize: 1,
              product: { gtin: null, name: 'Iron' },
              stock: main(3),
              incoming: [],
              prices: [],
            },
          },
          {
            node: {
              sku: 'KET',
              packSize: 1,
              product: { gtin: KETTLE, name: 'Kettle 1.7 l' },
              stock: main(7),
              incoming: [{ quantity: 5, eta: '2026-12-09' }],
              prices: [
                {
                  priceType: { code: 'retail' },
                  amount: { amount: '1200.00', currency: 'RUB' },
                  minQuantity: 1,
                },
              ],
            },
          },
          {
            node: {
              sku: 'PAN',
              packSize: 1,
              product: { gtin: null, name: 'Pan' },
              stock: main(2),
              incoming: [],
              prices: [],
            },
          },
        ],
      },
      deliveryOptions: [
        { kind: 'PICKUP', cutoff: '16:00', leadDays: 0, weekdays: [1, 2, 3, 4, 5] },
      ],
    });
  });

  it('refuses a GTIN with a wrong check digit at its item, and saves no other item', async () => {
    const before = await state();

    const payload = await upsert([
      { sku: 'KET', gtin: KETTLE, name: 'Kettle 1.7 l', packSize: 6 },
      { sku: 'NEW', gtin: '4601234567801', name: 'Toaster' },
    ]);

    expect(payload).toEqual(
      refused(
        'offers',
        'INVALID_INPUT',
        '"4601234567801" is not a GTIN: 8, 12, 13 or 14 digits with a valid check digit',
        ['items', '1', 'gtin'],
      ),
    );
    expect(await state()).toEqual(before);
  });

  it('refuses a negative onHand', async () => {
    const before = await state();

    const payload = await stock([{ sku: 'KET', onHand: -1 }]);

    expect(payload).toEqual(
      refused('stockLevels', 'INVALID_INPUT', 'must not be negative', ['items', '0', 'onHand']),
    );
    expect(await state()).toEqual(before);
  });

  it('rejects a non-integer quantity before any resolver runs, naming its path', async () => {
    const before = await state();

    const onHand = await t.execute(
      SetStock,
      { input: { warehouseCode: 'MAIN', items: [{ sku: 'KET', onHand: 2.5 }] } },
      volga.key,
    );
    const quantity = await t.execute(
      AddIncoming,
      { input: { warehouseCode: 'MAIN', sku: 'KET', quantity: 1.5, eta: '2026-12-20' } },
      volga.key,
    );

    expect(onHand.data ?? null).toBeNull();
    expect(onHand.errors?.map((e) => e.message)).toEqual([
      'Variable "$input" got invalid value 2.5 at "input.items[0].onHand"; ' +
        'Int cannot represent non-integer value: 2.5',
    ]);
    expect(quantity.data ?? null).toBeNull();
    expect(quantity.errors?.map((e) => e.message)).toEqual([
      'Variable "$input" got invalid value 1.5 at "input.quantity"; ' +
        'Int cannot represent non-integer value: 1.5',
    ]);
    expect(await state()).toEqual(before);
  });

  it('refuses an unknown warehouse code in setStock and addIncoming', async () => {
    const before = await state();

    const set = await stock([{ sku: 'KET', onHand: 9 }], 'NOPE');
    const { addIncoming: incoming } = await t.run(
      AddIncoming,
      { input: { warehouseCode: 'NOPE', sku: 'KET', quantity: 2, eta: '2026-12-20' } },
      volga.key,
    );

    const message = 'No warehouse of yours has the code NOPE';
    expect(set).toEqual(refused('stockLevels', 'NOT_FOUND', message, ['warehouseCode']));
    expect(incoming).toEqual(refused('incomingShipment', 'NOT_FOUND', message, ['warehouseCode']));
    expect(await state()).toEqual(before);
  });

  it('refuses an unknown SKU in setStock and addIncoming', async () => {
    const before = await state();

    const set = await stock([{ sku: 'GHOST', onHand: 9 }]);
    const { addIncoming: incoming } = await t.run(
      AddIncoming,
      { input: { warehouseCode: 'MAIN', sku: 'GHOST', quantity: 2, eta: '2026-12-20' } },
      volga.key,
    );

    const message = 'No offer of yours has the SKU GHOST';
    expect(set).toEqual(refused('stockLevels', 'NOT_FOUND', message, ['items', '0', 'sku']));
    expect(incoming).toEqual(refused('incomingShipment', 'NOT_FOUND', message, ['sku']));
    expect(await state()).toEqual(before);
  });

  it('refuses the same SKU twice in one setStock call at its second occurrence', async () => {
    const before = await state();

    const payload = await stock([
      { sku: 'KET', onHand: 1 },
      { sku: 'IRON', onHand: 2 },
      { sku: 'KET', onHand: 4 },
    ]);

    expect(payload).toEqual(
      refused(
        'stockLevels',
        'INVALID_INPUT',
        'SKU KET is already in items[0]; name each SKU once',
        ['items', '2', 'sku'],
      ),
    );
    expect(await state()).toEqual(before);
  });

  it('refuses the same SKU twice in one upsertOffers call at its second occurrence', async () => {
    const before = await state();

    const payload = await upsert([
      { sku: 'IRON', name: 'Steam iron' },
      { sku: 'PAN', name: 'Frying pan' },
      { sku: 'IRON', name: 'Travel iron' },
    ]);

    expect(payload).toEqual(
      refused('offers', 'INVALID_INPUT', 'SKU IRON is already in items[0]; name each SKU once', [
        'items',
        '2',
        'sku',
      ]),
    );
    expect(await state()).toEqual(before);
  });

  it('refuses a time zone that is not an IANA zone and creates no distributor', async () => {
    const before = await distributorCount();
    const answers = [];
    for (const timeZone of ['Mars/Olympus', 'Moscow', '']) {
      const { createDistributor } = await t.run(CreateDistributor, {
        input: { name: 'Nowhere', timeZone },
      });
      answers.push(createDistributor);
    }

    expect(answers).toEqual([
      refused(
        'distributor',
        'INVALID_INPUT',
        '"Mars/Olympus" is not an IANA time zone such as "Europe/Moscow"',
        ['timeZone'],
      ),
      refused(
        'distributor',
        'INVALID_INPUT',
        '"Moscow" is not an IANA time zone such as "Europe/Moscow"',
        ['timeZone'],
      ),
      refused(
        'distributor',
        'INVALID_INPUT',
        '"" is not an IANA time zone such as "Europe/Moscow"',
        ['timeZone'],
      ),
    ]);
    expect(await distributorCount()).toBe(before);
  });

  it('refuses a cutoff that is not "HH:MM" and keeps the option as it was', async () => {
    const before = await state();

    const answers = [
      await deliveryOption({ cutoff: '25:00' }),
      await deliveryOption({ cutoff: '4pm' }),
    ];

    const message = 'must be a local time "HH:MM" such as "16:00"';
    expect(answers).toEqual([
      refused('deliveryOption', 'INVALID_INPUT', message, ['cutoff']),
      refused('deliveryOption', 'INVALID_INPUT', message, ['cutoff']),
    ]);
    expect(await state()).toEqual(before);
  });

  it('refuses weekday 0 at its place and an empty list of weekdays', async () => {
    const before = await state();

    const zero = await deliveryOption({ cutoff: '12:00', weekdays: [0] });
    const none = await deliveryOption({ cutoff: '12:00', weekdays: [] });

    expect(zero).toEqual(
      refused('deliveryOption', 'INVALID_INPUT', 'must be 1 (Monday) to 7', ['weekdays', '0']),
    );
    expect(none).toEqual(
      refused(
        'deliveryOption',
        'INVALID_INPUT',
        'must name at least one ISO weekday (1 = Monday)',
        ['weekdays'],
      ),
    );
    expect(await state()).toEqual(before);
  });

  it('refuses a price with more decimals than its currency: 10.999 RUB, 100.5 JPY', async () => {
    const before = await state();

    const rub = await upsert([
      { sku: 'KET', name: 'Kettle 1.7 l', prices: [{ priceTypeCode: 'retail', amount: '10.999' }] },
    ]);
    const jpy = await upsert([
      { sku: 'KET', name: 'Kettle 1.7 l', prices: [{ priceTypeCode: 'yen', amount: '100.5' }] },
    ]);

    const amount = ['items', '0', 'prices', '0', 'amount'];
    expect(rub).toEqual(
      refused('offers', 'INVALID_INPUT', '10.999 has more decimals than RUB allows (2)', amount),
    );
    expect(jpy).toEqual(
      refused('offers', 'INVALID_INPUT', '100.5 has more decimals than JPY allows (0)', amount),
    );
    expect(await state()).toEqual(before);
  });

  it('accepts three decimals in KWD and none in JPY', async () => {
    const payload = await upsert([
      {
        sku: 'PAN',
        name: 'Pan',
        prices: [
          { priceTypeCode: 'dinar', amount: '1.125' },
          { priceTypeCode: 'yen', amount: '100' },
        ],
      },
    ]);
    const pan = (await state())!.offers!.edges.find((e) => e.node.sku === 'PAN')!.node;

    expect(payload).toEqual({ offers: [{ sku: 'PAN' }], userErrors: [] });
    expect(pan.prices).toEqual([
      { priceType: { code: 'yen' }, amount: { amount: '100', currency: 'JPY' }, minQuantity: 1 },
      {
        priceType: { code: 'dinar' },
        amount: { amount: '1.125', currency: 'KWD' },
        minQuantity: 1,
      },
    ]);
  });

  it('refuses an unknown price type code', async () => {
    const before = await state();

    const payload = await upsert([
      { sku: 'KET', name: 'Kettle 1.7 l', prices: [{ priceTypeCode: 'vip', amount: '999.00' }] },
    ]);

    expect(payload).toEqual(
      refused('offers', 'NOT_FOUND', 'No price type has the code vip', [
        'items',
        '0',
        'prices',
        '0',
        'priceTypeCode',
      ]),
    );
    expect(await state()).toEqual(before);
  });

  it("refuses an ETA before the distributor's today in addIncoming or updateIncoming", async () => {
    const before = await state();
    // Still 1 December in UTC, but 2 December in Moscow.
    t.setNow('2026-12-01T22:30:00Z');

    const { addIncoming: added } = await t.run(
      AddIncoming,
      { input: { warehouseCode: 'MAIN', sku: 'KET', quantity: 2, eta: '2026-12-01' } },
      volga.key,
    );
    const { updateIncoming: updated } = await t.run(
      UpdateIncoming,
      { input: { id: shipmentId, eta: '2026-11-30' } },
      volga.key,
    );
    t.setNow('2026-12-02T10:00:00+03:00');

    expect(added).toEqual(
      refused(
        'incomingShipment',
        'INVALID_INPUT',
        'eta 2026-12-01 is in the past (today is 2026-12-02)',
        ['eta'],
      ),
    );
    expect(updated).toEqual(
      refused(
        'incomingShipment',
        'INVALID_INPUT',
        'eta 2026-11-30 is in the past (today is 2026-12-02)',
        ['eta'],
      ),
    );
    expect(await state()).toEqual(before);
  });

  it('refuses more than 10,000 setStock items with one error naming the limit', async () => {
    const before = await state();
    const items = Array.from({ length: 10_001 }, (_, i) => ({
      sku: i === 0 ? 'KET' : `SKU-${i}`,
      onHand: 1,
    }));

    const payload = await stock(items);

    expect(payload).toEqual(
      refused('stockLevels', 'INVALID_INPUT', 'takes at most 10,000 items a call', ['items']),
    );
    expect(await state()).toEqual(before);
  });

  it('writes none of a setStock batch whose middle item is bad', async () => {
    const before = await state();

    const unknown = await stock([
      { sku: 'KET', onHand: 11 },
      { sku: 'GHOST', onHand: 1 },
      { sku: 'IRON', onHand: 12 },
    ]);
    const negative = await stock([
      { sku: 'KET', onHand: 11 },
      { sku: 'PAN', onHand: -3 },
      { sku: 'IRON', onHand: 12 },
    ]);

    expect(unknown).toEqual(
      refused('stockLevels', 'NOT_FOUND', 'No offer of yours has the SKU GHOST', [
        'items',
        '1',
        'sku',
      ]),
    );
    expect(negative).toEqual(
      refused('stockLevels', 'INVALID_INPUT', 'must not be negative', ['items', '1', 'onHand']),
    );
    expect(await state()).toEqual(before);
  });

  it('writes none of an upsertOffers batch whose middle item is bad', async () => {
    const before = await state();

    const payload = await upsert([
      { sku: 'KET', gtin: KETTLE, name: 'Kettle 1.7 l', packSize: 6 },
      { sku: 'NEW', name: 'Toaster', prices: [{ priceTypeCode: 'vip', amount: '10.00' }] },
      { sku: 'IRON', name: 'Steam iron', packSize: 2 },
    ]);

    expect(payload).toEqual(
      refused('offers', 'NOT_FOUND', 'No price type has the code vip', [
        'items',
        '1',
        'prices',
        '0',
        'priceTypeCode',
      ]),
    );
    expect(await state()).toEqual(before);
  });

  it('refuses a page of more than 500, naming the limit, and serves a page of 500', async () => {
    const tooMany = await t.execute(Distributors, { first: 501 });
    const most = await t.execute(Distributors, { first: 500 });

    expect(tooMany.data ?? null).toBeNull();
    expect(tooMany.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
      ['first must be between 0 and 500, got 501', 'BAD_USER_INPUT'],
    ]);
    expect(most.errors).toBeUndefined();
    expect(most.data?.distributors.edges.map((e) => e.node)).toEqual([
      { name: 'Volga', timeZone: 'Europe/Moscow' },
    ]);
  });
});
