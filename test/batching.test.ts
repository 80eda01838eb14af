import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './graphql/index.js';
import { createTestApp, type TestApp } from './support/app.js';
import {
  addIncoming,
  connectStore,
  createDistributor,
  createStore,
  type Org,
  setStock,
  upsertOffers,
} from './support/world.js';

const Availability = graphql(`
  query BatchedAvailability($requests: [AvailabilityRequest!]!) {
    availability(requests: $requests) {
      index
      product {
        gtin
        name
        brand
      }
      options {
        distributor {
          name
          timeZone
        }
        offer {
          sku
          packSize
          available
        }
        availableNow
        incoming {
          quantity
          eta
        }
        canFulfil
        shipDate
        deliveryOption {
          kind
          warehouse {
            code
          }
        }
        unitPrice {
          amount
        }
        total {
          amount
        }
      }
    }
  }
`);

/** EAN-13 codes with their check digit: prefix 46 then `base` as ten digits. */
function gtinFor(base: number): string {
  const body = `46${String(base).padStart(10, '0')}`;
  const sum = [...body].reduce((acc, d, i) => acc + Number(d) * (i % 2 ? 3 : 1), 0);
  return body + ((10 - (sum % 10)) % 10);
}

/** Distributors named `prefix1..n`, each carrying every product, with stock, incoming and terms. */
async function supplyWorld(
  t: TestApp,
  store: Org,
  prefix: string,
  distributors: number,
  gtins: string[],
) {
  for (let d = 1; d <= distributors; d++) {
    const distributor = await createDistributor(t, {
      name: `${prefix}${d}`,
      timeZone: d % 2 ? 'Europe/Moscow' : 'Asia/Novosibirsk',
      warehouses: ['W1'],
      priceTypes: ['base'],
      deliveryOptions: [
        { kind: 'PICKUP', warehouseCode: 'W1', cutoff: '16:00', weekdays: [1, 2, 3, 4, 5] },
        { kind: 'COURIER', warehouseCode: 'W1', cutoff: '12:00', weekdays: [1, 2, 3, 4, 5, 6] },
      ],
    });
    const items = gtins.map((gtin, p) => ({
      sku: `${prefix}${d}-${p}`,
      gtin,
      name: `Product ${gtin}`,
      prices: [
        { priceTypeCode: 'base', amount: `${100 + d}.00` },
        { priceTypeCode: 'base', amount: `${90 + d}.00`, minQuantity: 10 },
      ],
    }));
    await upsertOffers(t, distributor.key, items);
    await setStock(
      t,
      distributor.key,
      'W1',
      items.map((item, p) => ({ sku: item.sku, onHand: p * d })),
    );
    await addIncoming(t, distributor.key, {
      warehouseCode: 'W1',
      sku: items[0]!.sku,
      quantity: 50,
      eta: '2026-12-10',
    });
    if (d % 3 !== 0)
      await connectStore(t, distributor.key, { storeId: store.id, priceTypeCode: 'base' });
  }
}

describe('availability batching', () => {
  let t: TestApp;
  let store: Org;
  const large = Array.from({ length: 10 }, (_, i) => gtinFor(1000 + i));
  const small = Array.from({ length: 10 }, (_, i) => gtinFor(2000 + i));

  beforeAll(async () => {
    t = await createTestApp('2026-12-02T11:00:00+03:00');
    store = await createStore(t, 'Store');
    await supplyWorld(t, store, 'Large', 20, large);
    await supplyWorld(t, store, 'Small', 2, small);
  }, 120_000);

  afterAll(() => t.close());

  /** Runs one availability request and returns how many SQL statements it sent. */
  async function statementsOf(gtins: string[], lines: number) {
    const requests = Array.from({ length: lines }, (_, i) => ({
      gtin: gtins[i % gtins.length]!,
      quantity: 1 + (i % 15),
    }));
    t.database.statements.length = 0;
    const { availability } = await t.run(Availability, { requests }, store.key);
    const statements = t.database.statements.length;

    return { availability, statements };
  }

  it('answers 200 lines over 20 distributors in as few statements as 20 lines over 2', async () => {
    const wide = await statementsOf(large, 200);
    const narrow = await statementsOf(small, 20);

    expect(wide.availability).toHaveLength(200);
    expect(wide.availability.every((a) => a.options.length === 20)).toBe(true);
    expect(narrow.availability.every((a) => a.options.length === 2)).toBe(true);
    // key, products by GTIN, offers, distributors, stock, incoming, terms, delivery options,
    // price types, prices, warehouses.
    expect(wide.statements).toBe(11);
    expect(narrow.statements).toBe(11);
  });

  it('prices each line of the wide request by its own volume break', async () => {
    const { availability } = await statementsOf(large, 200);
    const line = availability[9]!; // quantity 10, product 9
    const first = line.options.find((o) => o.distributor.name === 'Large1')!;
    const noTerms = line.options.find((o) => o.distributor.name === 'Large3')!;

    expect(first.unitPrice).toEqual({ amount: '91.00' });
    expect(first.total).toEqual({ amount: '910.00' });
    expect(noTerms.unitPrice).toBeNull();
  });
});
