import type { CsvColumn, CsvField, CsvHeader } from './csv-columns.js';
import type {
  FeedDescription,
  FeedOfferRecord,
  FeedPrice,
  FeedRecord,
  FeedStock,
  Place,
} from './records.js';
import { currencyCode, readDecimal, readQuantity, readVatRate } from './values.js';

type Kind = CsvField['kind'];

function columnOf(header: CsvHeader, kind: Kind): CsvColumn | undefined {
  return header.columns.find((column) => column.field.kind === kind);
}

/** A row's cell for a field, trimmed; null where the header has no such column or it is empty. */
export function cellOf(cells: string[], header: CsvHeader, kind: Kind): string | null {
  const column = columnOf(header, kind);

  return column === undefined ? null : cells[column.index]?.trim() || null;
}

/**
 * The records of one data row: its warnings, then its offer. A cell that cannot be read is a
 * warning naming the line and column, and the rest of the row still applies; a row with neither
 * a key nor a SKU is a warning and no offer.
 */
export function readCsvRow(
  cells: string[],
  header: CsvHeader,
  at: Place,
  priceTypeCurrency: string | null,
): FeedRecord[] {
  const records: FeedRecord[] = [];
  const line = `Line ${at.line}`;
  const warn = (path: string | null, message: string) =>
    records.push({ kind: 'warning', at: { ...at, path }, message });
  const cell = (kind: Kind) => cellOf(cells, header, kind);

  // Spreadsheets pad rows with empty cells past the header; only cells with text are lost.
  const lost = cells.slice(header.width).some((extra) => extra.trim() !== '');
  if (cells.length < header.width || lost) {
    const fate = lost ? 'the rest are ignored' : 'the missing ones are empty';
    warn(null, `${line} has ${cells.length} cells, the header ${header.width}: ${fate}`);
  }
  const sku = cell('sku');
  const key = cell('key') ?? sku;
  if (key === null) {
    warn(null, `${line} has neither a key nor a SKU: it is skipped`);
    return records;
  }

  const currencyText = cell('currency');
  const currency = currencyText === null ? priceTypeCurrency : currencyCode(currencyText);
  const prices: FeedPrice[] = [];
  const stock: FeedStock[] = [];
  let hasStock = false;
  for (const { index, header: column, field } of header.columns) {
    const text = cells[index]?.trim() ?? '';
    if (field.kind === 'price' && text !== '') {
      const amount = readDecimal(text);
      if (amount === null || amount.isNegative()) {
        warn(column, `${line}, column "${column}": "${text}" is not a price`);
      } else {
        prices.push({ priceTypeKey: field.priceTypeKey, amount: amount.toFixed(), currency });
      }
    } else if (field.kind === 'stock') {
      hasStock = true;
      const reading = readQuantity(text);
      if (reading.problem !== null) {
        warn(column, `${line}, column "${column}": ${reading.problem}`);
      }
      if (reading.quantity !== null) {
        stock.push({ warehouseKey: field.warehouseKey, quantity: reading.quantity });
      }
    }
  }

  const offer: FeedOfferRecord = {
    kind: 'offer',
    at,
    key,
    parentKey: null,
    description: describe(cells, header, sku, warn, line),
    deleted: false,
    prices: prices.length > 0 ? prices : null,
    stock: hasStock ? stock : null,
  };
  records.push(offer);

  return records;
}

/**
 * What the row says the offer is; null when the header has no name column, as in a file of
 * prices or stock alone. A row with an empty name is named by its SKU or key, with a warning.
 */
function describe(
  cells: string[],
  header: CsvHeader,
  sku: string | null,
  warn: (path: string | null, message: string) => void,
  line: string,
): FeedDescription | null {
  const cell = (kind: Kind) => cellOf(cells, header, kind);
  if (columnOf(header, 'name') === undefined) return null;

  // A spreadsheet cell may wrap a name over lines; a name is shown on one.
  let name = cell('name')?.replace(/\s+/g, ' ') ?? null;
  if (name === null) {
    name = sku ?? cell('key')!;
    warn(null, `${line} has no name: "${name}" stands for it`);
  }
  const vat = cell('vat');
  const vatRate = vat === null ? null : readVatRate(vat);
  if (vat !== null && vatRate === null) {
    const column = columnOf(header, 'vat')!.header;
    warn(column, `${line}, column "${column}": "${vat}" is not a VAT rate`);
  }

  return { sku, name, gtin: cell('gtin'), brand: cell('brand'), unit: cell('unit'), vatRate };
}
