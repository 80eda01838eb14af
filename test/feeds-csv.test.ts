import { describe, expect, it } from 'vitest';
import { parseCsv } from '../src/feeds/csv.js';
import { bytesFeed } from '../src/feeds/files.js';
import { FeedError } from '../src/feeds/records.js';
import {
  countingFeed,
  countOffers,
  feedOptions,
  fixtureFeed,
  offer,
  parseError,
  readFixture,
  readText,
  recordsOfKind,
  textFeed,
  warningsOf,
} from './support/feed-files.js';

const read = (path: string, options = feedOptions()) => readFixture(parseCsv, path, options);
const text = (csv: string, options = feedOptions()) => readText(parseCsv, csv, options);

describe('parseCsv', () => {
  it('reads ;-separated windows-1251: Russian headers, quotes, CRLF and a blank line', async () => {
    const file = 'semicolon-1251.csv';
    const records = await read('csv/semicolon-1251.csv');

    expect(records.slice(0, 4)).toEqual([
      { kind: 'document', at: { file, line: null, path: null }, full: null },
      { kind: 'warehouse', at: { file, line: 1, path: 'Остаток:msk' }, key: 'msk', name: 'msk' },
      {
        kind: 'priceType',
        at: { file, line: 2, path: 'Цена' },
        key: 'retail',
        name: 'retail',
        currency: 'RUB',
      },
      {
        kind: 'offer',
        at: { file, line: 2, path: null },
        key: '1001',
        parentKey: null,
        description: {
          sku: 'MK-1',
          name: 'Молоко "Белое"; 1 л',
          gtin: '4601234567894',
          brand: 'Молочный край',
          unit: 'шт',
          vatRate: '10',
        },
        deleted: false,
        prices: [{ priceTypeKey: 'retail', amount: '1234.5', currency: 'RUB' }],
        stock: [
          { warehouseKey: null, quantity: 12 },
          { warehouseKey: 'msk', quantity: 3 },
        ],
      },
    ]);
    expect(offer(records, '1002')).toMatchObject({
      at: { line: 3 },
      description: { name: 'Кефир в бутылке', gtin: null, brand: null, vatRate: '0' },
      prices: [{ priceTypeKey: 'retail', amount: '89.9', currency: 'RUB' }],
    });
    expect(offer(records, '1003')).toMatchObject({
      at: { line: 6 },
      description: { vatRate: '20' },
    });
  });

  it("names a bad row's physical line after a cell spanning CRLF lines, a blank line", async () => {
    const records = await read('csv/semicolon-1251.csv');

    expect(warningsOf(records)).toEqual([
      { line: 6, path: 'Цена', message: 'Line 6, column "Цена": "по запросу" is not a price' },
    ]);
    expect(offer(records, '1003')).toMatchObject({
      prices: null,
      stock: [
        { warehouseKey: null, quantity: 5 },
        { warehouseKey: 'msk', quantity: 2 },
      ],
    });
  });

  it('reads a ,-separated UTF-8 list with BOM: price types, warehouses, a currency', async () => {
    const file = 'comma-bom.csv';
    const records = await read('csv/comma-bom.csv');

    expect(records.slice(0, 5)).toEqual([
      { kind: 'document', at: { file, line: null, path: null }, full: null },
      { kind: 'warehouse', at: { file, line: 1, path: 'stock:main' }, key: 'main', name: 'main' },
      { kind: 'warehouse', at: { file, line: 1, path: 'stock:spb' }, key: 'spb', name: 'spb' },
      {
        kind: 'priceType',
        at: { file, line: 2, path: 'price' },
        key: 'retail',
        name: 'retail',
        currency: 'USD',
      },
      {
        kind: 'priceType',
        at: { file, line: 2, path: 'price:wholesale' },
        key: 'wholesale',
        name: 'wholesale',
        currency: 'USD',
      },
    ]);
    expect(offer(records, 'A-1')).toEqual({
      kind: 'offer',
      at: { file, line: 2, path: null },
      key: 'A-1',
      parentKey: null,
      description: {
        sku: 'A-1',
        name: 'Drill, cordless',
        gtin: '4006381333931',
        brand: 'Bosch',
        unit: 'pcs',
        vatRate: '20',
      },
      deleted: false,
      prices: [
        { priceTypeKey: 'retail', amount: '99.95', currency: 'USD' },
        { priceTypeKey: 'wholesale', amount: '80.5', currency: 'USD' },
      ],
      stock: [
        { warehouseKey: 'main', quantity: 5 },
        { warehouseKey: 'spb', quantity: 2 },
      ],
    });
    expect(offer(records, 'A-2').prices).toEqual([
      { priceTypeKey: 'retail', amount: '150', currency: 'USD' },
    ]);
    expect(warningsOf(records)).toEqual([]);
  });

  it('takes the price type currency from the first row, RUR normalized, else options', async () => {
    const fromRow = await read('csv/tab.tsv', feedOptions({ currency: 'EUR' }));
    const fromOptions = await read('csv/prices-only.csv', feedOptions({ currency: 'KZT' }));

    expect(recordsOfKind(fromRow, 'priceType').map((record) => record.currency)).toEqual(['RUB']);
    expect(recordsOfKind(fromOptions, 'priceType').map((record) => record.currency)).toEqual([
      'KZT',
      'KZT',
    ]);
  });

  it("names bad rows' lines, skips a row with no key or SKU, keeps the rest of a row", async () => {
    const records = await read('csv/bad-rows.csv');

    expect(warningsOf(records)).toEqual([
      { line: 2, path: 'price', message: 'Line 2, column "price": "договорная" is not a price' },
      { line: 4, path: 'stock', message: 'Line 4, column "stock": "много" is not a number' },
      {
        line: 5,
        path: null,
        message: 'Line 5 has 2 cells, the header 4: the missing ones are empty',
      },
      { line: 5, path: 'stock', message: 'Line 5, column "stock": is empty; 0 is used' },
      { line: 6, path: null, message: 'Line 6 has neither a key nor a SKU: it is skipped' },
      { line: 7, path: 'stock', message: 'Line 7, column "stock": -3 is negative; 0 is used' },
      { line: 8, path: 'stock', message: 'Line 8, column "stock": 2.5 is not whole; 2 is used' },
      { line: 9, path: 'stock', message: 'Line 9, column "stock": is empty; 0 is used' },
    ]);
    expect(
      recordsOfKind(records, 'offer').map(({ key, at, prices, stock }) => ({
        key,
        line: at.line,
        prices: prices?.map((price) => price.amount) ?? null,
        stock: stock?.map((row) => row.quantity) ?? null,
      })),
    ).toEqual([
      { key: 'B-1', line: 2, prices: null, stock: [5] },
      { key: 'B-2', line: 4, prices: ['300'], stock: [] },
      { key: 'B-3', line: 5, prices: null, stock: [0] },
      { key: 'B-4', line: 7, prices: ['2500'], stock: [0] },
      { key: 'B-5', line: 8, prices: ['150'], stock: [2] },
      { key: 'B-6', line: 9, prices: ['90'], stock: [0] },
    ]);
    expect(offer(records, 'B-1').description?.name).toBe('Лопата штыковая');
  });

  it('skips empty cells a spreadsheet pads a row with, warns of text past the header', async () => {
    const records = await text('sku;name;vat\nE-1;Винт;20;;\nE-2;Гайка;двадцать;;лишнее\n');

    expect(warningsOf(records)).toEqual([
      { line: 3, path: null, message: 'Line 3 has 5 cells, the header 3: the rest are ignored' },
      { line: 3, path: 'vat', message: 'Line 3, column "vat": "двадцать" is not a VAT rate' },
    ]);
    expect(offer(records, 'E-1').description?.vatRate).toBe('20');
    expect(offer(records, 'E-2').description).toMatchObject({ name: 'Гайка', vatRate: null });
  });

  it('keys an offer by its key column, and by its SKU where the file has none', async () => {
    const keyed = await read('csv/semicolon-1251.csv');
    const bySku = await read('csv/tab.tsv');

    expect(offer(keyed, '1001').description?.sku).toBe('MK-1');
    expect(offer(bySku, 'T-1').description?.sku).toBe('T-1');
  });

  it('gives a prices-only list no description, and each price column its price type', async () => {
    const records = await read('csv/prices-only.csv');

    expect(recordsOfKind(records, 'priceType').map((record) => record.key)).toEqual([
      'retail',
      'dealer',
    ]);
    expect(offer(records, 'P-1')).toMatchObject({
      description: null,
      stock: null,
      prices: [
        { priceTypeKey: 'retail', amount: '10', currency: 'RUB' },
        { priceTypeKey: 'dealer', amount: '9', currency: 'RUB' },
      ],
    });
    expect(offer(records, 'P-2').prices).toEqual([
      { priceTypeKey: 'dealer', amount: '8', currency: 'RUB' },
    ]);
  });

  it('reads thousands separated by spaces or commas, and a decimal point or comma', async () => {
    const records = await text('sku;price;price:b;price:c\nN-1;1 234 567,89;1,234.50;1\u00a0000\n');

    expect(offer(records, 'N-1').prices?.map((price) => price.amount)).toEqual([
      '1234567.89',
      '1234.5',
      '1000',
    ]);
  });

  it('throws a FeedError when the first line is data, not a header', async () => {
    const error = await parseError(parseCsv(fixtureFeed('csv/no-header.csv'), feedOptions()));

    expect(error).toBeInstanceOf(FeedError);
    expect((error as FeedError).at).toEqual({ file: 'no-header.csv', line: 1, path: null });
    expect((error as FeedError).message).toBe(
      'Line 1 names no known column: the file needs a header row (id, sku, name, price, stock…)',
    );
  });

  it('throws a FeedError when the header names neither a key nor a SKU column', async () => {
    const error = await parseError(
      parseCsv(textFeed('list.csv', 'name;price\nВинт;2\n'), feedOptions()),
    );

    expect((error as FeedError).message).toBe(
      'The header on line 1 has neither a key nor a SKU column',
    );
  });

  it('throws a FeedError for an empty file', async () => {
    const error = await parseError(parseCsv(fixtureFeed('csv/empty.csv'), feedOptions()));

    expect(error).toBeInstanceOf(FeedError);
    expect((error as FeedError).message).toBe('The file has no header row: a price list needs one');
  });

  it('throws a FeedError for a file in an encoding it cannot read, such as UTF-16', async () => {
    const error = await parseError(parseCsv(fixtureFeed('csv/utf16.csv'), feedOptions()));

    expect(error).toBeInstanceOf(FeedError);
    expect((error as FeedError).at).toEqual({ file: 'utf16.csv', line: 1, path: null });
    expect((error as FeedError).message).toMatch(/^Unknown encoding/);
  });

  it('throws a FeedError naming the line where a quote that never closes opens', async () => {
    const error = await parseError(parseCsv(fixtureFeed('csv/broken-quote.csv'), feedOptions()));

    expect(error).toBeInstanceOf(FeedError);
    expect((error as FeedError).at).toEqual({ file: 'broken-quote.csv', line: 3, path: null });
    expect((error as FeedError).message).toMatch(
      /^The CSV is malformed from line 3 on: Quote Not Closed/,
    );
  });

  it('throws a FeedError when a byte past the first 64 KiB is not UTF-8 after all', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `S-${i};Товар ${i};10\n`).join('');
    const bytes = Buffer.concat([Buffer.from(`sku;name;price\n${rows}`), Buffer.from([0xff])]);
    const error = await parseError(parseCsv(bytesFeed('late.csv', bytes), feedOptions()));

    expect(error).toBeInstanceOf(FeedError);
    expect((error as FeedError).message).toBe('The file is not valid utf-8 text near line 3001');
  });

  it('yields the first offers of a large list before it has read a tenth of the file', async () => {
    const count = 20_000;
    const { file, state } = countingFeed(
      'large.csv',
      'sku;name;price;stock\n',
      (i) => `L-${i};Товар ${i};${i},50;${i}\n`,
      count,
      '',
    );
    const { offers, partsReadAtFirst } = await countOffers(parseCsv(file, feedOptions()), state);

    expect(offers).toBe(count);
    expect(partsReadAtFirst).toBeLessThan(count / 10);
  });
});
