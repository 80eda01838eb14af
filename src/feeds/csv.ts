import { Readable, pipeline } from 'node:stream';
import { CsvError, parse, type Options } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { readHeader, type CsvHeader } from './csv-columns.js';
import { cellOf, readCsvRow } from './csv-row.js';
import { headOf, textEncoding, textOf } from './decode.js';
import {
  FeedError,
  type FeedFile,
  type FeedOptions,
  type FeedRecord,
  type Place,
} from './records.js';
import { currencyCode } from './values.js';

interface CsvRow {
  record: string[];
  line: number;
}

const DELIMITERS = [',', ';', '\t'] as const;

/** How many rows the header is looked for in, to find the delimiter. */
const HEADER_SEARCH_ROWS = 10;

const NEWLINES = /\r\n|\r|\n/g;

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/**
 * Reads a CSV or TSV price list as a stream: encoding (UTF-8 with or without a BOM, else
 * windows-1251) and delimiter (comma, semicolon or tab) detected, the header row mapped to
 * fields by name (English or Russian, or through `options.columns`). Yields one `document`
 * record, the warnings about the header and a `warehouse` record for each `stock:<code>`
 * column, the price types before the first offer, then an `offer` record per row, each after
 * the warnings about its row.
 *
 * @throws FeedError when the file is empty, has no header row naming a key or SKU column, is
 *   not valid text, or its quoting is broken; the error names the file and line.
 */
export async function* parseCsv(file: FeedFile, options: FeedOptions): AsyncGenerator<FeedRecord> {
  const head = await headOf(file);
  checkText(file, head);
  const encoding = textEncoding(head);
  const delimiter = detectDelimiter(new TextDecoder(encoding).decode(head), options);
  const place = (line: number | null, path: string | null = null): Place => ({
    file: file.name,
    line,
    path,
  });
  yield { kind: 'document', at: place(null), full: null };

  // csv-parse's own line count takes a CRLF inside quotes for two lines; the raw text does not.
  // Counted as the parser reads, so that it stands when an error drops the rows not yet taken.
  let linesRead = 0;
  // csv-parse's types do not follow `raw` and `on_record` through to the records.
  const countLines = (row: unknown): unknown => {
    const { record, raw } = row as { record: string[]; raw: string };
    const line = linesRead + lineBreaks(/^[\r\n]*/.exec(raw)![0]) + 1;
    linesRead += lineBreaks(raw);

    return { record, line } satisfies CsvRow;
  };
  const rows = pipeline(
    Readable.from(textOf(file, encoding)),
    parse({
      delimiter,
      bom: true,
      raw: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      on_record: countLines as Options['on_record'],
    }),
    // Errors reach the loop below through the parser, which the pipeline destroys with them.
    () => {},
  );
  let header: CsvHeader | null = null;
  // Set with the price types, from the first data row: the currency of prices that name none.
  let currency: string | null | undefined;
  try {
    for await (const { record, line } of rows as AsyncIterable<CsvRow>) {
      // Spreadsheets save rows of empty cells (";;;") as well as empty lines.
      if (record.every((cell) => cell.trim() === '')) continue;
      const at = place(line);
      if (header === null) {
        header = readHeader(record, options.columns, options.priceTypeCode, at);
        checkHeader(header, at);
        yield* header.records;
        continue;
      }

      if (currency === undefined) {
        const written = cellOf(record, header, 'currency');
        currency = written === null ? options.currency : currencyCode(written);
        yield* priceTypes(header, currency, at);
      }
      yield* readCsvRow(record, header, at, currency);
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = linesRead + 1;
    throw new FeedError(place(line), `The CSV is malformed from line ${line} on: ${error.message}`);
  }
  if (header === null) {
    throw new FeedError(place(1), 'The file has no header row: a price list needs one');
  }
  if (currency === undefined) yield* priceTypes(header, options.currency, place(null));
}

/**
 * The delimiter the header row uses most: the one that splits it into the most cells, quoted
 * cells kept whole. Between two that split it alike ("Артикул;Цена, руб"), the one whose cells
 * name more known fields; a comma when the header is a single cell. The header is, for each
 * delimiter, the first of the first rows that names a known field, else the first with text.
 */
function detectDelimiter(head: string, options: FeedOptions): string {
  const at = { file: '', line: 1, path: null };
  const known = (cells: string[]) =>
    readHeader(cells, options.columns, options.priceTypeCode, at).columns.length;
  let best = { delimiter: ',', cells: 1, known: 0 };
  for (const delimiter of DELIMITERS) {
    const rows: string[][] = [];
    try {
      parseSync(head, {
        delimiter,
        to: HEADER_SEARCH_ROWS,
        relax_quotes: true,
        relax_column_count: true,
        skip_empty_lines: true,
        on_record: (record) => {
          if (record.some((cell) => cell.trim() !== '')) rows.push(record);
          return null;
        },
      });
    } catch {
      // The head may end inside a quoted cell, or the delimiter break the file's quoting: the
      // rows read before stand.
    }
    const header = rows.find((cells) => known(cells) > 0) ?? rows[0] ?? [];
    const score = { delimiter, cells: header.length, known: known(header) };
    if (score.cells > best.cells || (score.cells === best.cells && score.known > best.known)) {
      best = score;
    }
  }

  return best.delimiter;
}

/**
 * Refuses what is no 8-bit or UTF-8 text, which the decoding would turn into nonsense rather
 * than fail on: a workbook (a ZIP) or UTF-16, as Excel's "Unicode text" is saved.
 */
function checkText(file: FeedFile, head: Uint8Array): void {
  const at = { file: file.name, line: 1, path: null };
  if (ZIP_MAGIC.every((byte, i) => head[i] === byte)) {
    throw new FeedError(at, 'This is a ZIP or an Excel workbook, not CSV: save the sheet as CSV');
  }
  if (head.includes(0)) {
    throw new FeedError(
      at,
      'Unknown encoding (UTF-16 or binary?): save the file as UTF-8 or windows-1251 CSV',
    );
  }
}

function checkHeader(header: CsvHeader, at: Place): void {
  if (header.columns.length === 0) {
    throw new FeedError(
      at,
      `Line ${at.line} names no known column: ` +
        'the file needs a header row (id, sku, name, price, stock…)',
    );
  }
  if (!header.columns.some(({ field }) => field.kind === 'key' || field.kind === 'sku')) {
    throw new FeedError(at, `The header on line ${at.line} has neither a key nor a SKU column`);
  }
}

/** One `priceType` record for each price type the price columns name. */
function priceTypes(header: CsvHeader, currency: string | null, at: Place): FeedRecord[] {
  return header.columns.flatMap(({ header: path, field }) =>
    field.kind === 'price'
      ? [
          {
            kind: 'priceType',
            at: { ...at, path },
            key: field.priceTypeKey,
            name: field.priceTypeKey,
            currency,
          },
        ]
      : [],
  );
}

function lineBreaks(cell: string): number {
  return cell.match(NEWLINES)?.length ?? 0;
}
