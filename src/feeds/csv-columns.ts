import type { FeedRecord, Place } from './records.js';

/** The fields a CSV column can hold, once its header is understood. */
export type CsvField =
  | { kind: 'key' | 'sku' | 'name' | 'gtin' | 'brand' | 'unit' | 'vat' | 'currency' }
  | { kind: 'price'; priceTypeKey: string }
  | { kind: 'stock'; warehouseKey: string | null };

/** A column of the file that holds a field: its place in the row and its header as written. */
export interface CsvColumn {
  index: number;
  header: string;
  field: CsvField;
}

/** The header row as understood, and the records it gives before any offer. */
export interface CsvHeader {
  columns: CsvColumn[];
  /** The number of cells in the header row, which every row is expected to have. */
  width: number;
  records: FeedRecord[];
}

const NAMES = new Map<string, Exclude<CsvField['kind'], 'price' | 'stock'>>([
  ['id', 'key'],
  ['external_id', 'key'],
  ['код', 'key'],
  ['ид', 'key'],
  ['sku', 'sku'],
  ['article', 'sku'],
  ['артикул', 'sku'],
  ['name', 'name'],
  ['наименование', 'name'],
  ['название', 'name'],
  ['товар', 'name'],
  ['gtin', 'gtin'],
  ['ean', 'gtin'],
  ['barcode', 'gtin'],
  ['штрихкод', 'gtin'],
  ['brand', 'brand'],
  ['vendor', 'brand'],
  ['бренд', 'brand'],
  ['производитель', 'brand'],
  ['unit', 'unit'],
  ['ед', 'unit'],
  ['ед.', 'unit'],
  ['единица', 'unit'],
  ['ед. изм.', 'unit'],
  ['ед.изм.', 'unit'],
  ['vat', 'vat'],
  ['ндс', 'vat'],
  ['ставка ндс', 'vat'],
  ['currency', 'currency'],
  ['валюта', 'currency'],
]);

const PRICE_NAMES = new Set(['price', 'цена']);
const STOCK_NAMES = new Set(['stock', 'quantity', 'qty', 'остаток', 'количество']);

/** A header as compared: case, surrounding and repeated white space, and ё do not count. */
export function normalizeHeader(header: string): string {
  return header.trim().toLowerCase().replace(/\s+/g, ' ').replaceAll('ё', 'е');
}

/**
 * The field a header or a mapped field name stands for: a known name, or `price:<code>` and
 * `stock:<code>` (in English or Russian) for a price type or a warehouse; null for none.
 */
export function fieldNamed(name: string, priceTypeCode: string): CsvField | null {
  const colon = name.indexOf(':');
  if (colon === -1) {
    const header = normalizeHeader(name);
    // "Цена, руб." and "Остаток (шт)" write the unit after the field's name.
    const unitless = header.split(/\s*[,(]/)[0]!;

    return simpleField(header, priceTypeCode) ?? simpleField(unitless, priceTypeCode);
  }

  const base = normalizeHeader(name.slice(0, colon));
  const code = name.slice(colon + 1).trim();
  if (code === '') return null;
  if (PRICE_NAMES.has(base)) return { kind: 'price', priceTypeKey: code };
  if (STOCK_NAMES.has(base)) return { kind: 'stock', warehouseKey: code };

  return null;
}

function simpleField(header: string, priceTypeCode: string): CsvField | null {
  if (PRICE_NAMES.has(header)) return { kind: 'price', priceTypeKey: priceTypeCode };
  if (STOCK_NAMES.has(header)) return { kind: 'stock', warehouseKey: null };
  const kind = NAMES.get(header);

  return kind ? { kind } : null;
}

/** What two columns must not share: a field, a price type, or a warehouse. */
function slotOf(field: CsvField): string {
  if (field.kind === 'price') return `price:${field.priceTypeKey}`;
  if (field.kind === 'stock') return `stock:${field.warehouseKey ?? ''}`;

  return field.kind;
}

/**
 * Maps the header row's cells to fields, `mapping` (header → field name) first. A header that
 * maps to nothing, or to a field an earlier column already holds, is a warning and its column
 * is passed over; each warehouse a stock column names is a `warehouse` record.
 */
export function readHeader(
  cells: string[],
  mapping: Map<string, string>,
  priceTypeCode: string,
  at: Place,
): CsvHeader {
  const mapped = new Map([...mapping].map(([header, field]) => [normalizeHeader(header), field]));
  const header: CsvHeader = { columns: [], width: cells.length, records: [] };
  const taken = new Map<string, string>();
  const warn = (path: string, message: string) =>
    header.records.push({ kind: 'warning', at: { ...at, path }, message });

  cells.forEach((cell, index) => {
    const text = cell.trim();
    if (text === '') return;
    const name = mapped.get(normalizeHeader(text)) ?? text;
    const field = fieldNamed(name, priceTypeCode);
    if (field === null) {
      const said = name === text ? '' : ` (mapped to "${name}")`;
      warn(text, `Column "${text}"${said} is not a known field: it is passed over`);
      return;
    }
    const slot = slotOf(field);
    const earlier = taken.get(slot);
    if (earlier !== undefined) {
      warn(text, `Column "${text}" repeats column "${earlier}": it is passed over`);
      return;
    }
    taken.set(slot, text);
    header.columns.push({ index, header: text, field });
    if (field.kind === 'stock' && field.warehouseKey !== null) {
      const key = field.warehouseKey;
      header.records.push({ kind: 'warehouse', at: { ...at, path: text }, key, name: key });
    }
  });

  return header;
}
