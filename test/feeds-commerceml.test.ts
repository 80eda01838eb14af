import { describe, expect, it } from 'vitest';
import { parseCommerceMl } from '../src/feeds/commerceml.js';
import type { FeedOfferRecord } from '../src/feeds/records.js';
import {
  feedFileAt,
  recordsOf,
  recordsOfKind,
  sharedFixture,
  textAt,
} from './support/feed-files.js';

const crazyboomImport = sharedFixture('commerceml/crazyboom-2.07/import0_1.xml');
const crazyboomOffers = sharedFixture('commerceml/crazyboom-2.07/offers0_1.xml');
const demoImport = sharedFixture('commerceml/1c-demo-2.04/import.xml');
const demoOffers = sharedFixture('commerceml/1c-demo-2.04/offers.xml');

/** The captures of `pattern` over the file's text: how the tests count, apart from the parser. */
function matchesIn(path: string, pattern: RegExp): RegExpMatchArray[] {
  return [...textAt(path).matchAll(pattern)];
}

/** Each `<tag>…</tag>` block of the file's text. */
function blocksIn(path: string, tag: string): string[] {
  return matchesIn(path, new RegExp(`<${tag}[ >][\\s\\S]*?</${tag}>`, 'g')).map((m) => m[0]);
}

function idOf(block: string): string {
  return /<Ид>([^<]*)<\/Ид>/.exec(block)![1]!;
}

async function offersIn(path: string): Promise<FeedOfferRecord[]> {
  return recordsOfKind(await recordsOf(parseCommerceMl, feedFileAt(path)), 'offer');
}

describe('parseCommerceMl on the crazyboom 2.07 export (BOM, namespace, three warehouses)', () => {
  it('reads every Товар of the catalog as an offer with a description and no stock', async () => {
    const records = await recordsOf(parseCommerceMl, feedFileAt(crazyboomImport));
    const offers = recordsOfKind(records, 'offer');
    const products = blocksIn(crazyboomImport, 'Товар');

    expect(products).toHaveLength(36);
    expect(offers.map((offer) => offer.key)).toEqual(products.map(idOf));
    expect(offers.every((offer) => offer.description && !offer.prices && !offer.stock)).toBe(true);
    expect(recordsOfKind(records, 'document')).toEqual([
      expect.objectContaining({ full: true, at: expect.objectContaining({ line: 137 }) }),
    ]);
    expect(recordsOfKind(records, 'warning')).toEqual([]);
    expect(recordsOfKind(records, 'priceType')).toEqual([]);
  });

  it('keeps the barcodes, brands and VAT rates the catalog gives', async () => {
    const offers = await offersIn(crazyboomImport);
    const barcodes = matchesIn(crazyboomImport, /<Штрихкод>([^<]*)<\/Штрихкод>/g).map((m) => m[1]);
    const rates = matchesIn(crazyboomImport, /<Ставка>([^<]*)<\/Ставка>/g).map((m) => m[1]);

    expect(offers.flatMap((offer) => offer.description?.gtin ?? [])).toEqual(barcodes);
    expect(offers.map((offer) => offer.description?.vatRate)).toEqual(rates);
    expect(new Set(offers.map((offer) => offer.description?.brand))).toEqual(
      new Set(['Crazy Boom']),
    );
  });

  it('trims the unit code written as Код="796 " to 796', async () => {
    const offers = await offersIn(crazyboomImport);

    expect(matchesIn(crazyboomImport, /Код="796 "/g)).toHaveLength(offers.length);
    expect(new Set(offers.map((offer) => offer.description?.unit))).toEqual(new Set(['796']));
  });

  it('marks the one Товар with Статус="Удален" as deleted', async () => {
    const offers = await offersIn(crazyboomImport);
    const deleted = blocksIn(crazyboomImport, 'Товар').filter((b) => b.includes('Статус="Удален"'));

    expect(deleted).toHaveLength(1);
    expect(offers.filter((offer) => offer.deleted).map((offer) => offer.key)).toEqual(
      deleted.map(idOf),
    );
  });

  it('reads the offer package: its price type, 3 warehouses and every Предложение', async () => {
    const records = await recordsOf(parseCommerceMl, feedFileAt(crazyboomOffers));
    const offerBlocks = blocksIn(crazyboomOffers, 'Предложение');

    expect(recordsOfKind(records, 'priceType')).toEqual([
      expect.objectContaining({
        key: '279b6812-740b-11e8-80c8-0cc47ab29cd1',
        name: 'BASE',
        currency: 'RUB',
      }),
    ]);
    expect(recordsOfKind(records, 'warehouse').map(({ key, name }) => ({ key, name }))).toEqual(
      matchesIn(
        crazyboomOffers,
        /<Склад>\s*<Ид>([^<]*)<\/Ид>\s*<Наименование>([^<]*)<\/Наименование>/g,
      ).map((m) => ({ key: m[1], name: m[2] })),
    );
    expect(recordsOfKind(records, 'warehouse')).toHaveLength(3);
    expect(recordsOfKind(records, 'offer').map((offer) => offer.key)).toEqual(
      offerBlocks.map(idOf),
    );
    expect(offerBlocks).toHaveLength(44);
    expect(recordsOfKind(records, 'warning')).toEqual([]);
  });

  it('gives stock per warehouse, summing to the totals the file writes per warehouse', async () => {
    const offers = await offersIn(crazyboomOffers);
    const expected = new Map<string, number>();
    for (const m of matchesIn(crazyboomOffers, /ИдСклада="([^"]*)" КоличествоНаСкладе="(\d+)"/g)) {
      expected.set(m[1]!, (expected.get(m[1]!) ?? 0) + Number(m[2]));
    }
    const read = new Map<string | null, number>();
    for (const row of offers.flatMap((offer) => offer.stock ?? [])) {
      read.set(row.warehouseKey, (read.get(row.warehouseKey) ?? 0) + row.quantity);
    }

    expect(read).toEqual(expected);
    expect([...expected.values()]).toEqual([11, 41, 2763]);
    expect(offers.every((offer) => offer.stock?.length === 3)).toBe(true);
  });

  it('leaves the total Количество out as a row, and it equals the warehouses sum', async () => {
    const offers = await offersIn(crazyboomOffers);
    const totals = blocksIn(crazyboomOffers, 'Предложение').map((block) =>
      Number(/<Количество>(\d+)<\/Количество>/.exec(block)![1]),
    );

    expect(offers.map((offer) => offer.stock!.reduce((sum, row) => sum + row.quantity, 0))).toEqual(
      totals,
    );
  });

  it('prices each offer from ЦенаЗаЕдиницу in its price type', async () => {
    const offers = await offersIn(crazyboomOffers);
    const prices = matchesIn(
      crazyboomOffers,
      new RegExp(
        '<ИдТипаЦены>([^<]*)<\\/ИдТипаЦены>\\s*' +
          '<ЦенаЗаЕдиницу>([^<]*)<\\/ЦенаЗаЕдиницу>\\s*<Валюта>([^<]*)<',
        'g',
      ),
    ).map((m) => ({ priceTypeKey: m[1], amount: m[2], currency: m[3] }));

    expect(offers.flatMap((offer) => offer.prices ?? [])).toEqual(prices);
    expect(prices).toHaveLength(44);
  });

  it('reads offer 5edfbda4 as the file shows it', async () => {
    const offers = await offersIn(crazyboomOffers);

    expect(offers.find((offer) => offer.key === '5edfbda4-19c0-11e7-80c2-0cc47ab29cd1')).toEqual({
      kind: 'offer',
      at: {
        file: 'offers0_1.xml',
        line: 80,
        path: 'КоммерческаяИнформация/ПакетПредложений/Предложения/Предложение',
      },
      key: '5edfbda4-19c0-11e7-80c2-0cc47ab29cd1',
      parentKey: null,
      description: {
        sku: 'PM-421-LE',
        name: 'Портативный коврик Portable 140x200x1 см, Слонята',
        gtin: null,
        brand: null,
        unit: '796',
        vatRate: null,
        partial: true,
      },
      deleted: false,
      prices: [
        { priceTypeKey: '279b6812-740b-11e8-80c8-0cc47ab29cd1', amount: '100', currency: 'RUB' },
      ],
      stock: [
        { warehouseKey: '6abdb0b5-18fd-11e7-80c2-0cc47ab29cd1', quantity: 1 },
        { warehouseKey: 'd2a52d49-19c9-11e7-80c2-0cc47ab29cd1', quantity: 5 },
        { warehouseKey: 'dd306af1-19c9-11e7-80c2-0cc47ab29cd1', quantity: 5 },
      ],
    });
  });

  it('describes the eight offers the catalog does not list from the offer package', async () => {
    const catalog = new Set((await offersIn(crazyboomImport)).map((offer) => offer.key));
    const unlisted = (await offersIn(crazyboomOffers)).filter((offer) => !catalog.has(offer.key));

    expect(unlisted).toHaveLength(8);
    expect(unlisted.find((offer) => offer.key === '8187673e-a752-11e8-80c8-0cc47ab29cd1')).toEqual(
      expect.objectContaining({
        description: expect.objectContaining({
          sku: 'HKS-345-FP',
          name: 'Детское кресло Higher, розовое',
        }),
      }),
    );
  });

  it('yields the same records whatever the chunks the file arrives in', async () => {
    const whole = await recordsOf(parseCommerceMl, feedFileAt(crazyboomOffers));

    expect(await recordsOf(parseCommerceMl, feedFileAt(crazyboomOffers, 7))).toEqual(whole);
  });
});

describe('parseCommerceMl on 1C’s own 2.04 example (variants, four price types)', () => {
  it('reads each guid#guid Товар as a variant named with its colour', async () => {
    const offers = await offersIn(demoImport);

    expect(offers.map((offer) => [offer.parentKey, offer.description?.name])).toEqual([
      ['05e26d70-01e4-11dc-a411-00055d80a2d1', 'Стол обеденный (Цвет: Белый)'],
      ['05e26d70-01e4-11dc-a411-00055d80a2d1', 'Стол обеденный (Цвет: Красный)'],
      ['05e26d77-01e4-11dc-a411-00055d80a2d1', 'Стулья (Цвет: Белый)'],
      ['05e26d77-01e4-11dc-a411-00055d80a2d1', 'Стулья (Цвет: Красный)'],
    ]);
    expect(offers.map((offer) => offer.key)).toEqual(blocksIn(demoImport, 'Товар').map(idOf));
    expect(offers[0]!.description).toEqual({
      sku: null,
      name: 'Стол обеденный (Цвет: Белый)',
      gtin: null,
      brand: null,
      unit: 'шт',
      vatRate: '18',
    });
  });

  it('reads the four price types, the one in руб as RUB', async () => {
    const records = await recordsOf(parseCommerceMl, feedFileAt(demoOffers));

    expect(
      recordsOfKind(records, 'priceType').map(({ name, currency }) => [name, currency]),
    ).toEqual([
      ['Оптовая', 'USD'],
      ['Закупочная', 'USD'],
      ['Плановая', 'USD'],
      ['Розничная', 'RUB'],
    ]);
    expect(recordsOfKind(records, 'warehouse')).toEqual([]);
  });

  it('reads every price by ЦенаЗаЕдиницу, not Представление, and a zero total stock', async () => {
    const offers = await offersIn(demoOffers);
    const prices = blocksIn(demoOffers, 'Предложение').map((block) =>
      [...block.matchAll(/<ИдТипаЦены>([^<]*)<\/ИдТипаЦены>\s*<ЦенаЗаЕдиницу>([^<]*)</g)].map(
        (m) => [m[1], m[2]],
      ),
    );

    expect(offers.map((offer) => offer.prices?.map((p) => [p.priceTypeKey, p.amount]))).toEqual(
      prices,
    );
    expect(prices.flat()).toHaveLength(matchesIn(demoOffers, /<Цена>/g).length);
    expect(offers[0]!.prices?.find((p) => p.currency === 'RUB')?.amount).toBe('7');
    expect(offers.map((offer) => offer.stock)).toEqual(
      offers.map(() => [{ warehouseKey: null, quantity: 0 }]),
    );
  });
});
