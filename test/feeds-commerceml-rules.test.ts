import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCommerceMl } from '../src/feeds/commerceml.js';
import type { FeedRecord } from '../src/feeds/records.js';
import { feedFileAt, recordsOf, recordsOfKind, testFixture } from './support/feed-files.js';

async function recordsIn(name: string): Promise<FeedRecord[]> {
  return recordsOf(parseCommerceMl, feedFileAt(testFixture(`commerceml/${name}`)));
}

async function offersIn(name: string) {
  return recordsOfKind(await recordsIn(name), 'offer');
}

describe('CommerceML encodings and namespaces', () => {
  it('reads a windows-1251 file as it declares, decimal comma included', async () => {
    const bytes = readFileSync(testFixture('commerceml/windows-1251.xml'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();

    const [offer] = await offersIn('windows-1251.xml');

    expect(offer?.description).toEqual(
      expect.objectContaining({ sku: 'ЧЭ-1700', name: 'Чайник электрический «Волжанка» 1,7 л' }),
    );
    expect(offer?.prices).toEqual([
      { priceTypeKey: '5a3d7e90-1c2b-11ee-8f00-001c42000010', amount: '1299.5', currency: 'RUB' },
    ]);
  });

  it('reads a UTF-8 file with a BOM and the urn:1C.ru:commerceml_2 namespace', async () => {
    const bytes = readFileSync(testFixture('commerceml/bom-namespace.xml'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    const records = await recordsIn('bom-namespace.xml');

    expect(recordsOfKind(records, 'offer')[0]?.description).toEqual({
      sku: 'LED-E27-10W',
      name: 'Лампа светодиодная E27 10 Вт',
      gtin: '4601234567893',
      brand: 'Светлый дом',
      unit: 'шт',
      vatRate: '20',
    });
  });

  it('reads a file with no namespace and one whose elements carry a prefix alike', async () => {
    const [plain] = await offersIn('no-namespace.xml');
    const [prefixed] = await offersIn('prefixed.xml');

    expect(plain?.prices).toEqual([
      { priceTypeKey: '7c0e4a10-5b1d-11ee-9a01-0050569a0010', amount: '450', currency: 'RUB' },
    ]);
    expect(prefixed?.description).toEqual(
      expect.objectContaining({ sku: 'EXT-3-5M', brand: 'Контакт', unit: 'шт' }),
    );
  });
});

describe('CommerceML documents', () => {
  it('takes full from СодержитТолькоИзменения, as an attribute or a child element', async () => {
    const fullness = async (name: string) =>
      recordsOfKind(await recordsIn(name), 'document').map((document) => document.full);

    expect(await fullness('bom-namespace.xml')).toEqual([false]);
    expect(await fullness('no-namespace.xml')).toEqual([true]);
    expect(await fullness('deletion.xml')).toEqual([null]);
    expect(await fullness('v3/changes.xml')).toEqual([false]);
  });

  it('yields the document record before anything inside it', async () => {
    const records = await recordsIn('no-namespace.xml');

    expect(records.map((record) => record.kind)).toEqual(['document', 'priceType', 'offer']);
  });
});

describe('CommerceML 3.x split files', () => {
  it('reads price types and warehouses from a classifier-only file, with no document', async () => {
    const records = await recordsIn('v3/classifier.xml');

    expect(records.map((record) => record.kind)).toEqual(['priceType', 'warehouse', 'warehouse']);
    expect(recordsOfKind(records, 'priceType')[0]).toEqual(
      expect.objectContaining({ name: 'Розничная', currency: 'RUB' }),
    );
    expect(recordsOfKind(records, 'warehouse').map((warehouse) => warehouse.name)).toEqual([
      'Склад Самара',
      'Склад Казань',
    ]);
  });

  it('reads the catalog, and the variant that only offers.xml describes', async () => {
    const [product] = await offersIn('v3/import.xml');
    const [variant] = await offersIn('v3/offers.xml');

    expect(product?.description?.brand).toBe('Лучик');
    expect(variant).toEqual(
      expect.objectContaining({
        parentKey: product?.key,
        description: expect.objectContaining({
          name: 'Настольная лампа (Цвет: Чёрный)',
          partial: true,
        }),
        prices: null,
        stock: null,
      }),
    );
  });

  it('reads prices.xml as prices only and rests.xml as Остатки/Остаток stock', async () => {
    const [priced] = await offersIn('v3/prices.xml');
    const rests = await offersIn('v3/rests.xml');

    expect(priced).toEqual(
      expect.objectContaining({
        description: null,
        stock: null,
        prices: [
          { priceTypeKey: '84f1b2c3-9d8e-11ee-9b00-005056000011', amount: '2490', currency: 'RUB' },
        ],
      }),
    );
    expect(rests.map((offer) => offer.stock)).toEqual([
      [
        { warehouseKey: '84f1b2c3-9d8e-11ee-9b00-005056000a01', quantity: 14 },
        { warehouseKey: '84f1b2c3-9d8e-11ee-9b00-005056000a02', quantity: 0 },
      ],
      [{ warehouseKey: null, quantity: 6 }],
    ]);
    expect(rests.every((offer) => offer.prices === null && offer.description === null)).toBe(true);
  });
});

describe('CommerceML variants', () => {
  it('names 2.04 import.xml variants by characteristics, GTIN in ЗначенияРеквизитов', async () => {
    const offers = await offersIn('variants-2.04-import.xml');

    expect(offers.map((offer) => offer.description)).toEqual([
      {
        sku: null,
        name: 'Стол обеденный (Цвет: Белый)',
        gtin: '4600000000011',
        brand: null,
        unit: 'шт',
        vatRate: '18',
      },
      {
        sku: null,
        name: 'Стол обеденный (Цвет: Венге, Размер: 120x80)',
        gtin: null,
        brand: null,
        unit: 'шт',
        vatRate: '0',
      },
    ]);
    expect(new Set(offers.map((offer) => offer.parentKey))).toEqual(
      new Set(['c41f0b22-77aa-11ee-a0b0-0050560b0101']),
    );
  });

  it('names 2.07 variants in offers.xml once, even when 1C already named them', async () => {
    const offers = await offersIn('variants-2.07-offers.xml');

    expect(offers.map((offer) => offer.description?.name)).toEqual([
      'Футболка хлопковая (Размер: XL)',
      'Футболка хлопковая (Размер: M)',
    ]);
    expect(offers[0]?.description).toEqual(
      expect.objectContaining({ gtin: '4600000000028', unit: '796', partial: true }),
    );
  });
});
