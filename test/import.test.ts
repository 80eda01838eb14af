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
    // Nine offers of the package are not in the catalog: the package describes them itself. One
    // the catalog marks deleted (Статус="Удален") and the package lists: it is kept out of sale.
    const deleted = idsIn(catalogText, 'Товар Статус="Удален"');
    const keys = new Set(
      [...idsIn(catalogText, 'Товар'), ...idsIn(offersText, 'Предложение')].filter(
        (key) => !deleted.includes(key),
      ),
    );

    const declared = [...offersText.matchAll(/<Склад>\s*<Ид>([^<]+)<\/Ид>/g)].map((m) => m[1]);

    const report = await importFiles([crazyboom.offers, crazyboom.catalog]);

    expect(report.errors).toEqual([]);
    expect(report.offersCreated).toBe(keys.size);
    expect(report.offersDeactivated).toBe(deleted.length);
    expect([keys.size, deleted.length]).toEqual([43, 1]);
    const listed = offersText.replace(
      new RegExp(`<Предложение>\\s*<Ид>${deleted[0]}</Ид>[\\s\\S]*?</Предложение>`),
      '',
    );
    const prices = count(listed, /<Цена>/g);
    const units = unitsByWarehouse(listed);
    expect(report.prices).toBe(prices);
    expect(report.stockRows).toBe(count(listed, /КоличествоНаСкладе="[1-9]/g));
    const warehouses = await query<{ code: string; units: string }>(sql`
      select w.code, coalesce(sum(s.on_hand), 0) as units
      from warehouses w left join stock_levels s on s.warehouse_id = w.id
      where w.distributor_id = ${distributorId} group by w.code order by w.code`);
    expect(warehouses.map((w) => w.code)).toEqual([...declared].sort());
    expect(warehouses.map((w) => [w.code, Number(w.units)])).toEqual(
      [...units.entries()].sort(([a], [b]) => a.localeCompare(b)),
    );
  });

  it('reads the values of one offer as the files give them', async () => {
    const [offer] = await query<Record<string, string | number | null>>(sql`
      select o.sku, p.name, p.gtin, p.unit, o.vat_rate, pr.amount, pt.currency
      from offers o join products p on p.id = o.product_id
      join prices pr on pr.offer_id = o.id join price_types pt on pt.id = pr.price_type_id
      where o.external_id = 'bd8c4e15-18f9-11e7-80c2-0cc47ab29cd1'`);
    const stock = await query<{ name: string; on_hand: number }>(sql`
      select w.name, s.on_hand from stock_levels s join warehouses w on w.id = s.warehouse_id
      join offers o on o.id = s.offer_id
      where o.external_id = 'bd8c4e15-18f9-11e7-80c2-0cc47ab29cd1' order by w.name`);

    expect(offer).toEqual({
      sku: 'PM-421-WP',
      name: 'Портативный коврик Portable 140x200x1 см, Деревянные лошадки',
      gtin: '8809288404089',
      unit: '796',
      vat_rate: '20',
      amount: '100.00',
      currency: 'RUB',
    });
    expect(stock).toEqual([
      { name: 'Владивосток', on_hand: 1 },
      { name: 'Москва', on_hand: 376 },
      { name: 'Новосибирск', on_hand: 0 },
    ]);
  });

  it('reports everything unchanged when the same package comes again', async () => {
    const report = await importFiles([crazyboom.catalog, crazyboom.offers]);

    expect(report).toMatchObject({
      offersCreated: 0,
      offersUpdated: 0,
      offersUnchanged: 44,
      offersDeactivated: 0,
      stockRows: 0,
      prices: 0,
      errors: [],
    });
  });

  it("imports 1C's own 2.04 example with its four price types and variants", async () => {
    const other = await createDistributor(t, {
      name: 'Комплексный',
      timeZone: 'Europe/Moscow',
      warehouses: [],
      priceTypes: [],
    });
    const otherId = localId(other.id, 'Distributor')!;
    const offersText = readFileSync(demo.offers, 'utf8');
    const priceTypes = [
      ...offersText.matchAll(
        /<ТипЦены>\s*<Ид>([^<]+)<\/Ид>\s*<Наименование>([^<]+)<\/Наименование>\s*<Валюта>([^<]+)</g,
      ),
    ].map(([, id, , currency]) => [id, currency === 'руб' ? 'RUB' : currency]);

    const report = await importFeed(
      t.app.contextFor({ role: 'DISTRIBUTOR', organizationId: otherId, apiKeyId: 1 }),
      otherId,
      {
        format: 'COMMERCEML',
        mode: 'FULL',
        files: [fileFeed(demo.catalog), fileFeed(demo.offers)],
      },
    );
    const saved = await query<{ code: string; currency: string }>(sql`
      select code, currency from price_types where distributor_id = ${otherId} order by code`);
    const names = await query<{ name: string }>(sql`
      select p.name from offers o join products p on p.id = o.product_id
      where o.distributor_id = ${otherId} and o.external_id like '05e26d70%' order by p.name`);

    expect(report.errors).toEqual([]);
    expect(report.offersCreated).toBe(count(readFileSync(demo.catalog, 'utf8'), /<Товар>/g));
    expect(report.prices).toBe(count(offersText, /<Цена>/g));
    expect(report.stockRows).toBe(0);
    expect(saved.map((p) => [p.code, p.currency])).toEqual(
      priceTypes.sort(([a], [b]) => a!.localeCompare(b!)),
    );
    expect(names.map((n) => n.name)).toEqual([
      'Стол обеденный (Цвет: Белый)',
      'Стол обеденный (Цвет: Красный)',
    ]);
  });
});
