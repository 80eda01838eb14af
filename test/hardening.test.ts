import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../src/db/client.js';
import { graphql } from './graphql/index.js';
import { createTestApp, type TestApp } from './support/app.js';
import { stockOf } from './support/orders.js';
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

const ProductOfOffer = graphql(`
  query HardeningProductOfOffer($id: ID!) {
    node(id: $id) {
      ... on Offer {
        product {
          gtin
          name
        }
      }
    }
  }
`);

const ProductCount = graphql(`
  query HardeningProductCount {
    products {
      totalCount
    }
  }
`);

const KettleAvailability = graphql(`
  query HardeningAvailability($requests: [AvailabilityRequest!]!) {
    availability(requests: $requests) {
      options {
        availableNow
        incoming {
          quantity
          eta
        }
        canFulfil
        orderable
        shipDate
        deliveryOption {
          warehouse {
            code
          }
        }
      }
    }
  }
`);

const UpsertAndRead = graphql(`
  mutation HardeningUpsertAndRead($stock: SetStockInput!, $offers: UpsertOffersInput!) {
    first: upsertOffers(input: $offers) {
      offers {
        available
      }
    }
    setStock(input: $stock) {
      userErrors {
        code
      }
    }
    again: upsertOffers(input: $offers) {
      offers {
        available
      }
    }
  }
`);

const Nodes = graphql(`
  query HardeningNodes($ids: [ID!]!) {
    nodes(ids: $ids) {
      id
    }
  }
`);

const CreateWarehouse = graphql(`
  mutation HardeningCreateWarehouse($input: CreateWarehouseInput!) {
    createWarehouse(input: $input) {
      userErrors {
        code
        message
        field
      }
    }
  }
`);

const AddIncoming = graphql(`
  mutation HardeningAddIncoming($input: AddIncomingInput!) {
    addIncoming(input: $input) {
      userErrors {
        code
        message
        field
      }
    }
  }
`);

/** Sends a raw operation, as a client could write it by hand. */
async function raw(t: TestApp, query: string, key: string) {
  const response = await t.app.yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: unknown; errors?: { message: string }[] };
}

describe('the edges of the catalog', () => {
  let t: TestApp;
  let distributor: Distributor;
  let store: Org;

  beforeAll(async () => {
    t = await createTestApp('2026-12-02T10:00:00+03:00');
    distributor = await createDistributor(t, {
      name: 'Moscow',
      timeZone: 'Europe/Moscow',
      warehouses: ['NORTH', 'SOUTH'],
      priceTypes: ['base'],
      deliveryOptions: [
        { kind: 'PICKUP', warehouseCode: 'NORTH', cutoff: '16:00', weekdays: [1, 2, 3, 4, 5] },
      ],
    });
    store = await createStore(t, 'Store');
    await connectStore(t, distributor.key, { storeId: store.id, priceTypeCode: 'base' });
  });

  afterAll(() => t.close());

  it("ships only from the delivery option's warehouse, ignoring stock elsewhere", async () => {
    await upsertOffers(t, distributor.key, [
      { sku: 'KET', gtin: KETTLE, name: 'Kettle', minOrderQuantity: 2 },
    ]);
    await setStock(t, distributor.key, 'SOUTH', [{ sku: 'KET', onHand: 50 }]);
    await setStock(t, distributor.key, 'NORTH', [{ sku: 'KET', onHand: 1 }]);
    await addIncoming(t, distributor.key, {
      warehouseCode: 'NORTH',
      sku: 'KET',
      quantity: 4,
      eta: '2026-12-08',
    });
    const ask = async (quantity: number) =>
      (await t.run(KettleAvailability, { requests: [{ gtin: KETTLE, quantity }] }, store.key))
        .availability[0]!.options[0]!;

    expect(await ask(4)).toEqual({
      availableNow: 1,
      incoming: [{ quantity: 3, eta: '2026-12-08' }],
      canFulfil: true,
      orderable: true,
      shipDate: '2026-12-08',
      deliveryOption: { warehouse: { code: 'NORTH' } },
    });
    expect(await ask(6)).toMatchObject({ availableNow: 1, canFulfil: false, shipDate: null });
    expect(await ask(1)).toMatchObject({ canFulfil: true, orderable: false });
  });

  it('keeps the product of an offer whose update leaves the GTIN out', async () => {
    const [kettle] = await upsertOffers(t, distributor.key, [{ sku: 'KET', name: 'Kettle' }]);
    const { node } = await t.run(ProductOfOffer, { id: kettle!.id }, distributor.key);

    expect(node).toEqual({ product: { gtin: KETTLE, name: 'Kettle' } });
  });

  it('leaves no product behind when an offer moves to another', async () => {
    const before = (await t.run(ProductCount, {}, distributor.key)).products.totalCount;
    await upsertOffers(t, distributor.key, [{ sku: 'LAMP', name: 'Lamp' }]);
    await upsertOffers(t, distributor.key, [{ sku: 'LAMP', gtin: '4601234567817', name: 'Lamp' }]);
    const after = (await t.run(ProductCount, {}, distributor.key)).products.totalCount;

    expect(after).toBe(before + 1);
  });

  it('reads fresh rows in each mutation of one document', async () => {
    await setStock(t, distributor.key, 'NORTH', [{ sku: 'KET', onHand: 1 }]);
    const data = await t.run(
      UpsertAndRead,
      {
        offers: { items: [{ sku: 'KET', name: 'Kettle' }] },
        stock: { warehouseCode: 'NORTH', items: [{ sku: 'KET', onHand: 9 }] },
      },
      distributor.key,
    );

    expect(data.first.offers![0]!.available).toBe(51);
    expect(data.again.offers![0]!.available).toBe(59);
  });

  it('saves 5,000 offers of four volume breaks each in one call', async () => {
    const items = Array.from({ length: 5_000 }, (_, i) => ({
      sku: `BULK-${i}`,
      name: `Bulk ${i}`,
      prices: [1, 10, 100, 1000].map((minQuantity) => ({
        priceTypeCode: 'base',
        amount: `${100 - Math.log10(minQuantity)}.00`,
        minQuantity,
      })),
    }));
    const saved = await upsertOffers(t, distributor.key, items);

    expect(saved).toHaveLength(5_000);
    expect(saved[4_999]!.sku).toBe('BULK-4999');
  }, 60_000);

  it('survives concurrent stock, offer updates of the same SKUs in different orders', async () => {
    const skus = Array.from({ length: 40 }, (_, i) => `RACE-${i}`);
    await upsertOffers(
      t,
      distributor.key,
      skus.map((sku) => ({ sku, name: sku })),
    );
    // Each call names the SKUs from another starting point, half of them backwards.
    const shuffled = (i: number) => {
      const rotated = [...skus.slice((i * 7) % 40), ...skus.slice(0, (i * 7) % 40)];
      return i % 4 < 2 ? rotated : rotated.reverse();
    };
    const calls = Array.from({ length: 12 }, (_, i) =>
      i % 2
        ? setStock(
            t,
            distributor.key,
            'SOUTH',
            shuffled(i).map((sku) => ({ sku, onHand: i })),
          )
        : upsertOffers(
            t,
            distributor.key,
            shuffled(i).map((sku) => ({ sku, name: `${sku} v${i}` })),
          ),
    );

    await expect(Promise.all(calls)).resolves.toHaveLength(12);
  });

  it('refuses control characters in names and codes as user errors', async () => {
    const { createWarehouse } = await t.run(
      CreateWarehouse,
      { input: { code: 'W\u0000X', name: 'Nul' } },
      distributor.key,
    );

    expect(createWarehouse.userErrors).toEqual([
      { code: 'INVALID_INPUT', message: 'must not contain control characters', field: ['code'] },
    ]);
  });

  it('refuses an ETA more than two years away', async () => {
    const { addIncoming: payload } = await t.run(
      AddIncoming,
      { input: { warehouseCode: 'NORTH', sku: 'KET', quantity: 1, eta: '2999-12-31' } },
      distributor.key,
    );

    expect(payload.userErrors).toEqual([
      {
        code: 'INVALID_INPUT',
        message: 'eta 2999-12-31 is more than two years away (2028-12-01 at most)',
        field: ['eta'],
      },
    ]);
  });

  it('resolves an id written with a leading zero to nothing', async () => {
    const ids = [Buffer.from('Offer:01').toString('base64')];
    const { nodes } = await t.run(Nodes, { ids }, distributor.key);

    expect(nodes).toEqual([null]);
  });

  it('refuses more than 500 ids in nodes, and more than ten aliases in an operation', async () => {
    const many = await t.execute(Nodes, { ids: Array(501).fill('x') }, distributor.key);
    const aliases = Array.from({ length: 11 }, (_, i) => `a${i}: viewer { role }`).join(' ');
    const aliased = await raw(t, `{ ${aliases} }`, distributor.key);

    expect(many.errors?.map((e) => e.message)).toEqual(['nodes takes at most 500 ids, got 501']);
    expect(aliased.errors?.map((e) => e.message)).toEqual([
      'Syntax Error: Aliases limit of 10 exceeded, found 11.',
    ]);
  });

  it('refuses a search with NUL in it as bad input, not an internal error', async () => {
    const result = await raw(
      t,
      '{ products(filter: { search: "a\\u0000b" }) { totalCount } }',
      store.key,
    );

    expect(result.errors?.map((e) => e.message)).toEqual([
      'filter.search values must not contain NUL',
    ]);
  });

  it('keeps a document within its token limit', async () => {
    const document = print(ProductCount).replace('totalCount', 'totalCount '.repeat(20_001));
    const result = await raw(t, document, store.key);

    expect(result.errors?.[0]?.message).toMatch(/Token limit of 20000 exceeded/);
  });
});

describe('the embedded database', () => {
  it('refuses a second process on the same folder instead of writing past the first', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'interdist-lock-'));
    const first = createDatabase({ dataDir });
    try {
      expect(() => createDatabase({ dataDir })).toThrow(
        `The embedded database in ${dataDir} is in use by another process`,
      );
    } finally {
      await first.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
