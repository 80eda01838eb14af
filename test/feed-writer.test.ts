import { encodeGlobalID } from '@pothos/plugin-relay';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../src/db/client.js';
import { importRecords, type RecordSource } from '../src/feeds/import.js';
import {
  FeedError,
  type FeedOfferRecord,
  type FeedRecord,
  type FeedStock,
  type Place,
} from '../src/feeds/records.js';
import type { ImportMode } from '../src/feeds/report.js';
import { localId } from '../src/schema/ids.js';
import { createTestApp, type TestApp } from './support/app.js';
import { OrderById, placeOrder } from './support/orders.js';
import {
  connectStore,
  createDistributor,
  createStore,
  type Distributor,
  type Org,
} from './support/world.js';

/*
 * The importer's rules, fed records as a parser yields them, so that each rule is seen apart
 * from any file format.
 */

const at: Place = { file: 'test.xml', line: 1, path: null };

function offer(key: string, extra: Partial<FeedOfferRecord> = {}): FeedOfferRecord {
  return {
    kind: 'offer',
    at,
    key,
    parentKey: null,
    description: {
      sku: `SKU-${key}`,
      name: `Goods ${key}`,
      gtin: null,
      brand: null,
      unit: 'pcs',
      vatRate: '20',
    },
    deleted: false,
    prices: null,
    stock: null,
    ...extra,
  };
}

const stockAt = (warehouseKey: string | null, quantity: number): FeedStock => ({
  warehouseKey,
  quantity,
});

const packageOf = (...offers: FeedOfferRecord[]): FeedRecord[] => [
  { kind: 'document', at, full: null },
  { kind: 'priceType', at, key: 'PT-1', name: 'Retail', currency: 'RUB' },
  { kind: 'warehouse', at, key: 'W-1', name: 'Moscow' },
  { kind: 'warehouse', at, key: 'W-2', name: 'Kazan' },
  ...offers,
];

const source = (records: FeedRecord[], name = 'test.xml'): RecordSource => ({
  name,
  async *records() {
    yield* records;
  },
});

describe('the feed importer', () => {
  let t: TestApp;
  let distributor: Distributor;
  let store: Org;
  let distributorId: number;

  const run = (records: FeedRecord[][], mode: ImportMode = 'DELTA') =>
    importRecords(
      t.app.contextFor({ role: 'DISTRIBUTOR', organizationId: distributorId, apiKeyId: 1 }),
      distributorId,
      records.map((r, i) => source(r, `file-${i}.xml`)),
      { mode },
    );

  const stock = async () =>
    (
      await rowsOf<{ external_id: string; code: string; on_hand: number; reserved: number }>(
        t.database.db,
        sql`select o.external_id, w.code, s.on_hand, s.reserved
            from stock_levels s join offers o on o.id = s.offer_id
            join warehouses w on w.id = s.warehouse_id
            where o.distributor_id = ${distributorId}
            order by o.external_id, w.code`,
      )
    ).map((r) => `${r.external_id}@${r.code}=${r.on_hand}/${r.reserved}`);

  beforeAll(async () => {
    t = await createTestApp('2026-12-02T10:00:00+03:00');
    distributor = await createDistributor(t, {
      name: 'Feeds',
      timeZone: 'Europe/Moscow',
      warehouses: [],
      priceTypes: [],
    });
    distributorId = localId(distributor.id, 'Distributor')!;
    store = await createStore(t, 'Store');
  });

  afterAll(() => t.close());

  it('creates offers, prices and stock, and reports all of it unchanged the second time', async () => {
    const records = packageOf(
      offer('A', {
        prices: [{ priceTypeKey: 'PT-1', amount: '100.5', currency: 'RUB' }],
        stock: [stockAt('W-1', 5), stockAt('W-2', 7)],
      }),
      offer('B', {
        prices: [{ priceTypeKey: 'PT-1', amount: '20', currency: null }],
        stock: [stockAt('W-1', 1)],
      }),
    );

    const first = await run([records]);
    const second = await run([records]);

    expect(first).toMatchObject({
      offersCreated: 2,
      offersUpdated: 0,
      offersUnchanged: 0,
      stockRows: 3,
      prices: 2,
      warnings: [],
      errors: [],
    });
    expect(second).toMatchObject({
      offersCreated: 0,
      offersUpdated: 0,
      offersUnchanged: 2,
      stockRows: 0,
      prices: 0,
    });
    expect(await stock()).toEqual(['A@W-1=5/0', 'A@W-2=7/0', 'B@W-1=1/0']);
    const prices = await rowsOf<{ amount: string }>(
      t.database.db,
      sql`select p.amount from prices p join offers o on o.id = p.offer_id
          where o.external_id = 'A'`,
    );
    expect(prices.map((p) => p.amount)).toEqual(['100.50']);
  });
});
