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
import { graphql } from './graphql/index.js';
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

const UpsertOffers = graphql(`
  mutation FeedUpsertOffers($input: UpsertOffersInput!) {
    upsertOffers(input: $input) {
      userErrors {
        message
      }
    }
  }
`);

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

  it('creates offers, prices and stock, and reports all unchanged the second time', async () => {
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

  it('zeroes absent offers in warehouses a full document covers; a delta leaves them', async () => {
    const both = packageOf(
      offer('F1', { stock: [stockAt('W-1', 4)] }),
      offer('F2', { stock: [stockAt('W-1', 6), stockAt('W-2', 2)] }),
    );
    await run([both]);

    const delta = await run([packageOf(offer('F1', { stock: [stockAt('W-1', 3)] }))], 'DELTA');
    const afterDelta = (await stock()).filter((s) => s.startsWith('F'));
    const full = await run(
      [
        [
          { kind: 'document', at, full: null },
          { kind: 'warehouse', at, key: 'W-1', name: 'Moscow' },
          offer('F1', { description: null, stock: [stockAt('W-1', 3)] }),
        ],
      ],
      'FULL',
    );
    const afterFull = (await stock()).filter((s) => s.startsWith('F'));

    expect(delta.stockRows).toBe(1);
    expect(afterDelta).toEqual(['F1@W-1=3/0', 'F2@W-1=6/0', 'F2@W-2=2/0']);
    // F2 and the offers of the first test are all this distributor has in W-1.
    expect(full.stockRows).toBe(3);
    expect(afterFull).toEqual(['F1@W-1=3/0', 'F2@W-1=0/0', 'F2@W-2=2/0']);
  });

  it('lets a document that says it is complete replace stock even in a DELTA import', async () => {
    await run([
      packageOf(
        offer('C1', { stock: [stockAt('W-2', 9)] }),
        offer('C2', { stock: [stockAt('W-2', 1)] }),
      ),
    ]);

    const report = await run([
      [
        { kind: 'document', at, full: true },
        offer('C1', { description: null, stock: [stockAt('W-2', 8)] }),
      ],
    ]);

    expect(report.stockRows).toBeGreaterThanOrEqual(2);
    expect((await stock()).filter((s) => s.startsWith('C'))).toEqual(['C1@W-2=8/0', 'C2@W-2=0/0']);
  });

  it('reclaims goods from the latest order if an import counts less than orders hold', async () => {
    await run([
      packageOf(
        offer('H', {
          prices: [{ priceTypeKey: 'PT-1', amount: '10', currency: 'RUB' }],
          stock: [stockAt('W-1', 5)],
        }),
      ),
    ]);
    await connectStore(t, distributor.key, { storeId: store.id, priceTypeCode: 'PT-1' });
    const [held] = await rowsOf<{ id: string }>(
      t.database.db,
      sql`select id from offers where external_id = 'H'`,
    );
    const lines = [{ offerId: encodeGlobalID('Offer', held!.id), quantity: 2 }];
    const first = await placeOrder(t, store.key, {
      distributorId: distributor.id,
      externalRef: 'H-1',
      lines,
    });
    const second = await placeOrder(t, store.key, {
      distributorId: distributor.id,
      externalRef: 'H-2',
      lines,
    });

    const report = await run([
      packageOf(offer('H', { description: null, stock: [stockAt('W-1', 3)] })),
    ]);
    const status = async (id: string) =>
      ((await t.run(OrderById, { id }, store.key)).node as { lines: { status: string }[] })
        .lines[0]!.status;

    expect(report.errors).toEqual([]);
    expect((await stock()).filter((s) => s.startsWith('H'))).toEqual(['H@W-1=3/3']);
    expect(await status(first.order!.id)).toBe('RESERVED');
    expect(await status(second.order!.id)).toBe('SHORTAGE');
  });

  it('deactivates an offer marked for deletion and keeps it otherwise intact', async () => {
    await run([packageOf(offer('D', { stock: [stockAt('W-1', 2)] }))]);

    const report = await run([packageOf(offer('D', { deleted: true }))]);
    const [row] = await rowsOf<{ active: boolean; sku: string }>(
      t.database.db,
      sql`select active, sku from offers where external_id = 'D'`,
    );

    expect(report).toMatchObject({ offersDeactivated: 1, offersCreated: 0, offersUpdated: 0 });
    expect(row).toEqual({ active: false, sku: 'SKU-D' });
    expect((await stock()).filter((s) => s.startsWith('D'))).toEqual(['D@W-1=2/0']);
  });

  it('changes nothing when a price type has a currency that is not one, saying where', async () => {
    const before = await stock();
    const report = await run([
      [
        { kind: 'document', at, full: null },
        {
          kind: 'priceType',
          at: { file: 'offers.xml', line: 12, path: 'ТипЦены' },
          key: 'BAD',
          name: 'Bad',
          currency: 'у.е.',
        },
        offer('E1', { stock: [stockAt('W-1', 1)] }),
      ],
    ]);
    const created = await rowsOf(t.database.db, sql`select 1 from offers where external_id = 'E1'`);

    expect(report.errors).toEqual([
      {
        file: 'offers.xml',
        line: 12,
        path: 'ТипЦены',
        message: 'Price type BAD (Bad): currency "у.е." is not an ISO 4217 code',
      },
    ]);
    expect(report.offersCreated).toBe(1);
    expect(created).toEqual([]);
    expect(await stock()).toEqual(before);
  });

  it('changes nothing when a file turns out malformed halfway', async () => {
    const before = await stock();
    const broken: RecordSource = {
      name: 'broken.xml',
      async *records() {
        yield* packageOf(offer('M1', { stock: [stockAt('W-1', 50)] }));
        throw new FeedError(
          { file: 'broken.xml', line: 40, path: null },
          'Unclosed tag Предложение',
        );
      },
    };
    const report = await importRecords(
      t.app.contextFor({ role: 'DISTRIBUTOR', organizationId: distributorId, apiKeyId: 1 }),
      distributorId,
      [source(packageOf(offer('M0'))), broken],
      { mode: 'DELTA' },
    );

    expect(report.errors).toEqual([
      { file: 'broken.xml', line: 40, path: null, message: 'Unclosed tag Предложение' },
    ]);
    expect(
      await rowsOf(t.database.db, sql`select 1 from offers where external_id in ('M0', 'M1')`),
    ).toEqual([]);
    expect(await stock()).toEqual(before);
  });

  it('adopts a same-SKU offer that has no ERP id, and gives a taken SKU the ERP id', async () => {
    await t.run(
      UpsertOffers,
      { input: { items: [{ sku: 'SKU-P', name: 'Made by hand' }] } },
      distributor.key,
    );

    const report = await run([
      packageOf(
        offer('P'),
        offer('Q', { description: { ...offer('Q').description!, sku: 'SKU-P' } }),
      ),
    ]);
    const rows = await rowsOf<{ external_id: string; sku: string }>(
      t.database.db,
      sql`select external_id, sku from offers where external_id in ('P', 'Q') order by external_id`,
    );

    expect(report).toMatchObject({ offersCreated: 1, offersUpdated: 1 });
    expect(rows).toEqual([
      { external_id: 'P', sku: 'SKU-P' },
      { external_id: 'Q', sku: 'Q' },
    ]);
    expect(report.warnings.map((w) => w.message)).toEqual([
      'Offer Q: SKU SKU-P belongs to another offer; its ERP id is its SKU',
    ]);
  });

  it('warns of a price for an undeclared price type, a bad GTIN and a price rounded', async () => {
    const report = await run([
      packageOf(
        offer('W', {
          description: { ...offer('W').description!, gtin: '4600000000001' },
          prices: [
            { priceTypeKey: 'NOPE', amount: '5', currency: 'RUB' },
            { priceTypeKey: 'PT-1', amount: '9.999', currency: 'RUB' },
          ],
        }),
      ),
    ]);

    expect(report.warnings.map((w) => w.message)).toEqual([
      'Offer W: "4600000000001" is not a valid GTIN; left out',
      'Price type NOPE is not declared; its prices are left out',
      'Offer W: price 9.999 is rounded to 10.00',
    ]);
    expect(report.prices).toBe(1);
  });

  it('describes a variant first seen in an offer package by its product', async () => {
    await run([packageOf(offer('V'))]);

    const report = await run([
      packageOf(offer('V#red', { parentKey: 'V', description: null, stock: [stockAt('W-1', 1)] })),
    ]);
    const [row] = await rowsOf<{ sku: string; name: string }>(
      t.database.db,
      sql`select o.sku, p.name from offers o join products p on p.id = o.product_id
          where o.external_id = 'V#red'`,
    );

    expect(report.offersCreated).toBe(1);
    expect(row).toEqual({ sku: 'V#red', name: 'Goods V' });
  });

  it('sells a product with variants only as its variants, the same on every import', async () => {
    const records = (key: string) => [
      packageOf(offer(key)),
      packageOf(
        offer(`${key}#blue`, { parentKey: key, description: null, stock: [stockAt('W-1', 2)] }),
      ),
    ];

    const first = await run(records('VP'));
    const second = await run(records('VP'));
    const active = await rowsOf<{ external_id: string; active: boolean }>(
      t.database.db,
      sql`select external_id, active from offers where external_id like 'VP%' order by 1`,
    );

    expect(first).toMatchObject({ offersCreated: 2, offersUpdated: 0 });
    expect(second).toMatchObject({ offersCreated: 0, offersUpdated: 0, offersUnchanged: 2 });
    expect(active).toEqual([
      { external_id: 'VP', active: false },
      { external_id: 'VP#blue', active: true },
    ]);
  });
});
