import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../src/db/client.js';
import { fileFeed } from '../src/feeds/files.js';
import type { ImportRequest } from '../src/feeds/report.js';
import { importFeed } from '../src/feeds/service.js';
import { localId } from '../src/schema/ids.js';
import { createTestApp, type TestApp } from './support/app.js';
import { sharedFixture } from './support/feed-files.js';
import { createDistributor, type Distributor } from './support/world.js';

/*
 * The real exports in ../shared/fixtures imported end to end. Every expected figure is counted
 * here from the file's text with regular expressions, apart from the importer's parser.
 */

const crazyboom = {
  catalog: sharedFixture('commerceml/crazyboom-2.07/import0_1.xml'),
  offers: sharedFixture('commerceml/crazyboom-2.07/offers0_1.xml'),
};
const demo = {
  catalog: sharedFixture('commerceml/1c-demo-2.04/import.xml'),
  offers: sharedFixture('commerceml/1c-demo-2.04/offers.xml'),
};

const count = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].length;

/** Units per warehouse id, summed over every `<Склад ИдСклада КоличествоНаСкладе>`. */
function unitsByWarehouse(text: string): Map<string, number> {
  const units = new Map<string, number>();
  for (const [, id, quantity] of text.matchAll(
    /<Склад ИдСклада="([^"]+)" КоличествоНаСкладе="([^"]*)"/g,
  )) {
    units.set(id!, (units.get(id!) ?? 0) + Number(quantity));
  }

  return units;
}

describe('importing real CommerceML exports', () => {
  let t: TestApp;
  let distributor: Distributor;
  let distributorId: number;

  const importFiles = (paths: string[], mode: ImportRequest['mode'] = 'DELTA') =>
    importFeed(
      t.app.contextFor({ role: 'DISTRIBUTOR', organizationId: distributorId, apiKeyId: 1 }),
      distributorId,
      { format: 'COMMERCEML', mode, files: paths.map((path) => fileFeed(path)) },
    );

  const query = <T>(statement: ReturnType<typeof sql>) => rowsOf<T>(t.database.db, statement);

  beforeAll(async () => {
    t = await createTestApp();
    distributor = await createDistributor(t, {
      name: 'Crazy Boom',
      timeZone: 'Asia/Vladivostok',
      warehouses: [],
      priceTypes: [],
    });
    distributorId = localId(distributor.id, 'Distributor')!;
  });

  afterAll(() => t.close());

  it('imports the 2.07 package with its warehouses, stock and prices exactly', async () => {
    const catalogText = readFileSync(crazyboom.catalog, 'utf8');
    const offersText = readFileSync(crazyboom.offers, 'utf8');
    const idsIn = (text: string, element: string) =>
      [...text.matchAll(new RegExp(`<${element}>\\s*<Ид>([^<]+)</Ид>`, 'g'))].map((m) => m[1]);
    // Nine offers of the package are not in the catalog: the package describes them itself.
    const keys = new Set([...idsIn(catalogText, 'Товар'), ...idsIn(offersText, 'Предложение')]);
    const prices = count(offersText, /<Цена>/g);
    const declared = [...offersText.matchAll(/<Склад>\s*<Ид>([^<]+)<\/Ид>/g)].map((m) => m[1]);
    const units = unitsByWarehouse(offersText);

    const report = await importFiles([crazyboom.offers, crazyboom.catalog]);

    expect(report.errors).toEqual([]);
    expect(report.offersCreated).toBe(keys.size);
    expect(keys.size).toBe(44);
    expect(report.prices).toBe(prices);
    expect(report.stockRows).toBe([...offersText.matchAll(/КоличествоНаСкладе="[1-9]/g)].length);
    const warehouses = await query<{ code: string; units: string }>(sql`
      select w.code, coalesce(sum(s.on_hand), 0) as units
      from warehouses w left join stock_levels s on s.warehouse_id = w.id
      where w.distributor_id = ${distributorId} group by w.code order by w.code`);
    expect(warehouses.map((w) => w.code)).toEqual([...declared].sort());
    expect(warehouses.map((w) => [w.code, Number(w.units)])).toEqual(
      [...units.entries()].sort(([a], [b]) => a.localeCompare(b)),
    );
  });
});
