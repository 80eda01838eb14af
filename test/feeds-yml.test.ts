import { describe, expect, it } from 'vitest';
import { parseYml } from '../src/feeds/yml.js';
import {
  countingFeed,
  countOffers,
  exampleFile,
  feedFileAt,
  feedOptions,
  offer,
  readFixture,
  recordsOf,
  recordsOfKind,
  testFixture,
} from './support/feed-files.js';

const OFFER = 'yml_catalog/shop/offers/offer';

const read = (path: string, options = feedOptions()) => readFixture(parseYml, path, options);

/** Whether the last digit of a 13-digit code is the EAN-13 check digit of the others. */
function isEan13(code: string): boolean {
  if (!/^\d{13}$/.test(code)) return false;
  const digits = [...code].map(Number);
  const sum = digits.slice(0, 12).reduce((total, digit, i) => total + digit * (i % 2 ? 3 : 1), 0);

  return (10 - (sum % 10)) % 10 === digits[12];
}

describe('parseYml', () => {
  it('reads a windows-1251 catalog into a document, price type and offers, in order', async () => {
    const file = 'shop-1251.xml';
    expect(await read('yml/shop-1251.xml')).toEqual([
      { kind: 'document', at: { file, line: null, path: null }, full: null },
      {
        kind: 'priceType',
        at: { file, line: 26, path: OFFER },
        key: 'retail',
        name: 'retail',
        currency: 'RUB',
      },
      {
        kind: 'offer',
        at: { file, line: 13, path: OFFER },
        key: '101',
        parentKey: null,
        description: {
          sku: 'МК-101',
          name: 'Молоко «Белое» 3,2 %, 1 л',
          gtin: '4601234567893',
          brand: 'Молочный край',
          unit: null,
          vatRate: '10',
        },
        deleted: false,
        prices: [{ priceTypeKey: 'retail', amount: '89.9', currency: 'RUB' }],
        stock: [{ warehouseKey: null, quantity: 12 }],
      },
      {
        kind: 'offer',
        at: { file, line: 27, path: OFFER },
        key: '102',
        parentKey: null,
        description: {
          sku: null,
          name: 'Кефир & ряженка, набор',
          gtin: null,
          brand: null,
          unit: null,
          vatRate: '0',
        },
        deleted: false,
        prices: [{ priceTypeKey: 'retail', amount: '1249.5', currency: 'RUB' }],
        stock: [{ warehouseKey: null, quantity: 30 }],
      },
    ]);
  });

  it('reads the same records from a file on disk as from its bytes cut every 3 bytes', async () => {
    const path = testFixture('yml/shop-1251.xml');
    const whole = await recordsOf(parseYml, feedFileAt(path));
    const cut = await recordsOf(parseYml, feedFileAt(path, 3));

    expect(cut).toEqual(whole);
  });

  it('sends prices to the price type the import names', async () => {
    const records = await read('yml/shop-1251.xml', feedOptions({ priceTypeCode: 'dealer' }));

    expect(recordsOfKind(records, 'priceType').map(({ key, name }) => ({ key, name }))).toEqual([
      { key: 'dealer', name: 'dealer' },
    ]);
    expect(offer(records, '101').prices).toEqual([
      { priceTypeKey: 'dealer', amount: '89.9', currency: 'RUB' },
    ]);
  });

  it('names a vendor.model offer by its type prefix, vendor and model', async () => {
    const records = await read('yml/outlets-bom.xml');

    expect(offer(records, 'D-13').description).toEqual({
      sku: '06012271R1',
      name: 'Дрель ударная Bosch GSB 13 RE',
      gtin: null,
      brand: 'Bosch',
      unit: null,
      vatRate: '20',
    });
    expect(offer(records, 'S-2').description?.name).toBe('Makita HP1630');
  });

  it('gives a stock row per outlet, not their total, each outlet once as a warehouse', async () => {
    const records = await read('yml/outlets-bom.xml');

    expect(offer(records, 'D-13').stock).toEqual([
      { warehouseKey: 'ekb-1', quantity: 3 },
      { warehouseKey: 'ekb-2', quantity: 0 },
    ]);
    expect(offer(records, 'S-2').stock).toEqual([
      { warehouseKey: 'ekb-2', quantity: 5 },
      { warehouseKey: 'chel', quantity: 2 },
    ]);
    expect(records.map((record) => record.kind)).toEqual([
      'document',
      'priceType',
      'warehouse',
      'warehouse',
      'offer',
      'warning',
      'warehouse',
      'offer',
    ]);
    expect(recordsOfKind(records, 'warehouse').map(({ key, name }) => ({ key, name }))).toEqual([
      { key: 'ekb-1', name: 'Outlet ekb-1' },
      { key: 'ekb-2', name: 'Outlet ekb-2' },
      { key: 'chel', name: 'Outlet chel' },
    ]);
  });

  it('converts a price to base currency at a decimal-comma rate, half up to kopecks', async () => {
    const records = await read('yml/outlets-bom.xml');

    // 50.25 USD × 90.5 = 4547.625 RUB
    expect(offer(records, 'D-13').prices).toEqual([
      { priceTypeKey: 'retail', amount: '4547.63', currency: 'RUB' },
    ]);
  });

  it("keeps a price in its currency, warning, if its rate is the bank's of the day", async () => {
    const records = await read('yml/outlets-bom.xml');

    expect(offer(records, 'S-2').prices).toEqual([
      { priceTypeKey: 'retail', amount: '70', currency: 'EUR' },
    ]);
    expect(recordsOfKind(records, 'warning')).toEqual([
      {
        kind: 'warning',
        at: { file: 'outlets-bom.xml', line: 26, path: `${OFFER}/price` },
        message: 'Offer "S-2": EUR has the rate "CBRF", so its price stays in EUR',
      },
    ]);
  });

  it('takes price type currency from the first offer if no shop currency has rate 1', async () => {
    const records = await read('yml/availability.xml', feedOptions({ currency: 'USD' }));

    expect(recordsOfKind(records, 'priceType')[0]?.currency).toBe('RUB');
    expect(offer(records, '2').prices).toEqual([
      { priceTypeKey: 'retail', amount: '2500', currency: 'RUB' },
    ]);
  });

  it('reads available="false" with no count as made to order: no stock, no warning', async () => {
    const records = await read('yml/availability.xml');

    expect(offer(records, '1').stock).toEqual([]);
    expect(
      recordsOfKind(records, 'warning').some((warning) => warning.message.includes('"1"')),
    ).toBe(false);
  });

  it('leaves stock unknown for an available offer with no count, and says nothing', async () => {
    const records = await read('yml/availability.xml');

    expect(offer(records, '2').stock).toBeNull();
    expect(
      recordsOfKind(records, 'warning').some((warning) => warning.message.includes('"2"')),
    ).toBe(false);
  });

  it('counts an available="false" offer that gives a quantity by that quantity', async () => {
    const records = await read('yml/availability.xml');

    expect(offer(records, '4').stock).toEqual([{ warehouseKey: null, quantity: 7 }]);
  });

  it('makes negative or empty counts 0, a fraction its whole part, all with warnings', async () => {
    const records = await read('yml/availability.xml');
    const file = 'availability.xml';

    expect(offer(records, '3-red').stock).toEqual([{ warehouseKey: null, quantity: 0 }]);
    expect(offer(records, '3-blue').stock).toEqual([{ warehouseKey: null, quantity: 0 }]);
    expect(offer(records, '4').stock).toEqual([{ warehouseKey: null, quantity: 7 }]);
    expect(recordsOfKind(records, 'warning').slice(0, 3)).toEqual([
      {
        kind: 'warning',
        at: { file, line: 16, path: `${OFFER}/count` },
        message: 'Offer "3-red": count -2 is negative; 0 is used',
      },
      {
        kind: 'warning',
        at: { file, line: 20, path: `${OFFER}/count` },
        message: 'Offer "3-blue": count is empty; 0 is used',
      },
      {
        kind: 'warning',
        at: { file, line: 24, path: `${OFFER}/stock_quantity` },
        message: 'Offer "4": stock_quantity 7.6 is not whole; 7 is used',
      },
    ]);
  });

  it('keys each variant by its own id and points it at its group_id', async () => {
    const records = await read('yml/availability.xml');

    expect(offer(records, '3-red').parentKey).toBe('3');
    expect(offer(records, '3-blue').parentKey).toBe('3');
    expect(offer(records, '1').parentKey).toBeNull();
  });

  it('warns in line order of bad counts, prices, VAT, a missing id or name', async () => {
    const records = await read('yml/availability.xml');
    const file = 'availability.xml';

    expect(offer(records, '5')).toMatchObject({ prices: null, stock: null });
    expect(offer(records, '5').description?.vatRate).toBeNull();
    expect(recordsOfKind(records, 'warning').slice(3)).toEqual([
      {
        kind: 'warning',
        at: { file, line: 28, path: `${OFFER}/count` },
        message: 'Offer "5": count "много" is not a number',
      },
      {
        kind: 'warning',
        at: { file, line: 29, path: `${OFFER}/price` },
        message: 'Offer "5": price "бесплатно" is not a price',
      },
      {
        kind: 'warning',
        at: { file, line: 30, path: `${OFFER}/vat` },
        message: 'Offer "5": VAT "VAT_99X" is not a known code',
      },
      {
        kind: 'warning',
        at: { file, line: 32, path: OFFER },
        message: 'An offer has no id: skipped',
      },
      {
        kind: 'warning',
        at: { file, line: 35, path: `${OFFER}/name` },
        message: 'Offer "6" has no name: "X-6" stands for it',
      },
    ]);
    expect(offer(records, '6').description?.name).toBe('X-6');
    expect(recordsOfKind(records, 'offer')).toHaveLength(7);
  });

  it('yields the first offers of a large catalog before reading a tenth of the file', async () => {
    const count = 20_000;
    const { file, state } = countingFeed(
      'large.xml',
      '<?xml version="1.0" encoding="UTF-8"?>\n<yml_catalog><shop><offers>\n',
      (i) =>
        `<offer id="${i}"><name>Товар ${i}</name><price>1,5</price><count>${i}</count></offer>\n`,
      count,
      '</offers></shop></yml_catalog>\n',
    );
    const { offers, partsReadAtFirst } = await countOffers(parseYml(file, feedOptions()), state);

    expect(offers).toBe(count);
    expect(partsReadAtFirst).toBeLessThan(count / 10);
  });

  it('reads the Iset Tools demo catalog warning-free, every barcode a valid EAN-13', async () => {
    const records = await recordsOf(parseYml, feedFileAt(exampleFile('yml/catalog.xml')));
    const offers = recordsOfKind(records, 'offer');

    expect(recordsOfKind(records, 'warning')).toEqual([]);
    expect(recordsOfKind(records, 'warehouse').map((record) => record.key)).toEqual([
      'EKB-1',
      'EKB-2',
    ]);
    expect(offers).toHaveLength(11);
    expect(offers.every((record) => isEan13(record.description?.gtin ?? ''))).toBe(true);
    expect(
      offers.filter((record) => record.stock?.length === 0).map((record) => record.key),
    ).toEqual(['US-6001']);
    expect(offer(records, 'US-2002').prices).toEqual([
      { priceTypeKey: 'retail', amount: '1249.5', currency: 'RUB' },
    ]);
    expect(offer(records, 'US-3001-9').parentKey).toBe('US-3001');
  });
});
