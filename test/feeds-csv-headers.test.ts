import { describe, expect, it } from 'vitest';
import { parseCsv } from '../src/feeds/csv.js';
import {
  feedOptions,
  offer,
  readFixture,
  readText,
  recordsOfKind,
  warningsOf,
} from './support/feed-files.js';

const read = (path: string, options = feedOptions()) => readFixture(parseCsv, path, options);
const text = (csv: string, options = feedOptions()) => readText(parseCsv, csv, options);

describe('parseCsv headers', () => {
  it('reads a tab-separated BOM-less UTF-8 list, headers varying in case and spacing', async () => {
    const records = await read('csv/tab.tsv');

    expect(
      recordsOfKind(records, 'offer').map(({ key, description, prices, stock }) => ({
        key,
        name: description?.name,
        prices,
        stock,
      })),
    ).toEqual([
      {
        key: 'T-1',
        name: 'Тестер',
        prices: [{ priceTypeKey: 'retail', amount: '10.5', currency: 'RUB' }],
        stock: [{ warehouseKey: null, quantity: 3 }],
      },
      {
        key: 'T-2',
        name: 'Клещи',
        prices: [{ priceTypeKey: 'retail', amount: '20', currency: 'RUB' }],
        stock: [{ warehouseKey: null, quantity: 4 }],
      },
    ]);
    expect(warningsOf(records)).toEqual([]);
  });

  it('maps unusual headers through the options, which win over the built-in names', async () => {
    const columns = new Map([
      ['цена опт, руб', 'price:wholesale'],
      ['Склад Екб', 'stock:ekb'],
      ['ОСТАТОК', 'stock:main'],
    ]);
    const records = await read('csv/mapped.csv', feedOptions({ columns }));

    expect(recordsOfKind(records, 'warehouse').map(({ key, name }) => ({ key, name }))).toEqual([
      { key: 'ekb', name: 'ekb' },
      { key: 'main', name: 'main' },
    ]);
    expect(recordsOfKind(records, 'priceType').map((record) => record.key)).toEqual(['wholesale']);
    expect(offer(records, 'M-1')).toMatchObject({
      prices: [{ priceTypeKey: 'wholesale', amount: '12.4', currency: 'RUB' }],
      stock: [
        { warehouseKey: 'ekb', quantity: 100 },
        { warehouseKey: 'main', quantity: 5 },
      ],
    });
  });

  it('warns once about each header that maps to nothing and passes its column over', async () => {
    const records = await read('csv/mapped.csv');

    expect(warningsOf(records)).toEqual([
      {
        line: 1,
        path: 'Цена опт, руб',
        message: 'Column "Цена опт, руб" is not a known field: it is passed over',
      },
      {
        line: 1,
        path: 'Склад Екб',
        message: 'Column "Склад Екб" is not a known field: it is passed over',
      },
      {
        line: 1,
        path: 'Комментарий',
        message: 'Column "Комментарий" is not a known field: it is passed over',
      },
    ]);
    expect(offer(records, 'M-2')).toMatchObject({
      prices: null,
      stock: [{ warehouseKey: null, quantity: 6 }],
    });
  });

  it('knows a field by its name plus a unit, and no header by an inherited name', async () => {
    const records = await text('Артикул;Цена, руб.;Остаток (шт);constructor\nU-1;12,5;3;x\n');

    expect(offer(records, 'U-1')).toMatchObject({
      prices: [{ priceTypeKey: 'retail', amount: '12.5', currency: 'RUB' }],
      stock: [{ warehouseKey: null, quantity: 3 }],
    });
    expect(warningsOf(records)).toEqual([
      {
        line: 1,
        path: 'constructor',
        message: 'Column "constructor" is not a known field: it is passed over',
      },
    ]);
  });

  it('skips a column that repeats a field an earlier column holds, with a warning', async () => {
    const records = await text('sku;name;Наименование;price\nR-1;Винт;Болт;5\n');

    expect(warningsOf(records)).toEqual([
      {
        line: 1,
        path: 'Наименование',
        message: 'Column "Наименование" repeats column "name": it is passed over',
      },
    ]);
    expect(offer(records, 'R-1').description?.name).toBe('Винт');
  });

  it('takes the delimiter the header uses most outside quotes', async () => {
    // Three semicolons stand in the header, all inside quotes; the two commas are outside.
    const records = await text('"a;b;c;d",sku,price\nx,S-1,"2,5"\n');

    expect(offer(records, 'S-1').prices).toEqual([
      { priceTypeKey: 'retail', amount: '2.5', currency: 'RUB' },
    ]);
  });

  it('of two delimiters splitting the header alike, takes the one giving field names', async () => {
    const records = await text('Артикул;Цена, руб\nV-1;7,5\n');

    expect(offer(records, 'V-1').prices).toEqual([
      { priceTypeKey: 'retail', amount: '7.5', currency: 'RUB' },
    ]);
    expect(warningsOf(records)).toEqual([]);
  });

  it('finds the header below lines of empty cells, and names the lines as they stand', async () => {
    const records = await text('\n;;\nsku;name;price\nW-1;Шайба;x\n');

    expect(warningsOf(records)).toEqual([
      { line: 4, path: 'price', message: 'Line 4, column "price": "x" is not a price' },
    ]);
    expect(offer(records, 'W-1').at.line).toBe(4);
  });
});
