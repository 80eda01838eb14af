import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../src/db/client.js';
import { fileFeed } from '../src/feeds/files.js';
import type { ImportMode } from '../src/feeds/report.js';
import { importFeed } from '../src/feeds/service.js';
import { localId } from '../src/schema/ids.js';
import { createTestApp, type TestApp } from './support/app.js';
import { testFixture } from './support/feed-files.js';
import { createDistributor } from './support/world.js';

/*
 * A small catalog and three offer packages of its own (test/fixtures/import), imported in turn
 * as a distributor's 1C would send them: stock first, then a delta with bad quantities and a
 * price of an undeclared price type, then a full package that replaces the warehouse's stock.
 */

describe('importing a delta, then a full package', () => {
  let t: TestApp;
  let distributorId: number;

  const importing = (files: string[], mode: ImportMode = 'DELTA') =>
    importFeed(
      t.app.contextFor({ role: 'DISTRIBUTOR', organizationId: distributorId, apiKeyId: 1 }),
      distributorId,
      { format: 'COMMERCEML', mode, files: files.map((f) => fileFeed(testFixture(`import/${f}`))) },
    );

  const stock = async () =>
    Object.fromEntries(
      (
        await rowsOf<{ sku: string; on_hand: number }>(
          t.database.db,
          sql`select o.sku, s.on_hand from stock_levels s join offers o on o.id = s.offer_id
              where o.distributor_id = ${distributorId} order by o.sku`,
        )
      ).map((r) => [r.sku, r.on_hand]),
    );

  beforeAll(async () => {
    t = await createTestApp();
    const distributor = await createDistributor(t, {
      name: 'Rules',
      timeZone: 'Europe/Samara',
      warehouses: [],
      priceTypes: [],
    });
    distributorId = localId(distributor.id, 'Distributor')!;
  });

  afterAll(() => t.close());

  it('loads the catalog and its first stock', async () => {
    const report = await importing(['catalog.xml', 'stock-first.xml']);

    expect(report).toMatchObject({ offersCreated: 3, stockRows: 2, warnings: [], errors: [] });
    expect(await stock()).toEqual({ 'B-1': 8, 'C-1': 3 });
  });

  it('reads empty, negative quantity as 0, omits undeclared-type prices, says where', async () => {
    const report = await importing(['delta.xml']);
    const [price] = await rowsOf<{ amount: string; currency: string }>(
      t.database.db,
      sql`select p.amount, pt.currency from prices p join price_types pt on pt.id = p.price_type_id
          join offers o on o.id = p.offer_id where o.sku = 'A-1'`,
    );

    expect(report.errors).toEqual([]);
    expect(report.warnings.map((w) => [w.file, w.line])).toEqual([
      ['delta.xml', 37],
      ['delta.xml', 41],
      ['delta.xml', 19],
    ]);
    expect(report.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/^Offer good-b: .*empty/),
      expect.stringMatching(/^Offer good-c: .*negative/),
      'Price type pt-unknown is not declared; its prices are left out',
    ]);
    expect(report).toMatchObject({ offersUnchanged: 3, stockRows: 3, prices: 1 });
    expect(price).toEqual({ amount: '1200.50', currency: 'RUB' });
    expect(await stock()).toEqual({ 'A-1': 5, 'B-1': 0, 'C-1': 0 });
  });

  it('sets to 0 what a full package leaves out of the warehouse it covers', async () => {
    const report = await importing(['full.xml']);

    expect(report).toMatchObject({ stockRows: 2, warnings: [], errors: [] });
    expect(await stock()).toEqual({ 'A-1': 0, 'B-1': 4, 'C-1': 0 });
  });
});
