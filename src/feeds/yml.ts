import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { headOf, textOf, xmlEncoding } from './decode.js';
import {
  FeedError,
  type FeedFile,
  type FeedOptions,
  type FeedRecord,
  type Place,
  TOO_DEEP,
  TOO_LONG,
  XML_LIMITS,
} from './records.js';
import { currencyCode } from './values.js';
import { writeBounded } from './xml.js';
import {
  baseCurrency,
  OFFER_FIELDS,
  readYmlOffer,
  type YmlCurrencies,
  type YmlOfferDraft,
} from './yml-offer.js';

const ROOT = 'yml_catalog';
const CURRENCY_PATH = 'yml_catalog/shop/currencies/currency';
const OFFER_PATH = 'yml_catalog/shop/offers/offer';
const OUTLET_PATH = `${OFFER_PATH}/outlets/outlet`;
const OFFER_DEPTH = OFFER_PATH.split('/').length;

/**
 * Reads a Yandex Market YML catalog (`yml_catalog/shop/offers/offer`) as a stream: one
 * `document` record first, then the import's price type, each outlet as a warehouse the first
 * time an offer names it, and an `offer` record as each offer closes. Prices go to
 * `options.priceTypeCode`, converted to the shop's base currency where the rate is a number.
 *
 * @throws FeedError when the file is not well-formed XML, is cut short, is not a YML catalog,
 *   or is not valid text in the encoding it declares; the error names the file and line.
 */
export async function* parseYml(file: FeedFile, options: FeedOptions): AsyncGenerator<FeedRecord> {
  const reader = new YmlReader(file, options);
  yield { kind: 'document', at: { file: file.name, line: null, path: null }, full: null };

  for await (const chunk of textOf(file, xmlEncoding(await headOf(file)))) {
    reader.write(chunk);
    yield* reader.take();
  }
  reader.close();
  yield* reader.take();
}

/** Turns saxes's synchronous events into records, held until the generator hands them out. */
class YmlReader {
  private readonly parser = new SaxesParser<{ xmlns: false; position: true }>({
    xmlns: false,
    position: true,
  });
  private readonly path: string[] = [];
  private readonly currencies: YmlCurrencies = new Map();
  private readonly outletsSeen = new Set<string>();
  private records: FeedRecord[] = [];
  private offer: YmlOfferDraft | null = null;
  private field: { name: string; text: string; line: number } | null = null;
  private priceTypeDone = false;
  private priceTypeCurrency: string | null = null;
  private closing = false;

  constructor(
    private readonly file: FeedFile,
    private readonly options: FeedOptions,
  ) {
    this.parser.on('opentag', (tag) => this.opened(tag));
    this.parser.on('text', (text) => this.gotText(text));
    this.parser.on('cdata', (text) => this.gotText(text));
    this.parser.on('closetag', () => this.closed());
    this.parser.on('error', (error) => this.malformed(error.message.replace(/^\d+:\d+: /, '')));
  }

  write(chunk: string): void {
    writeBounded(this.parser, chunk, (message) => this.fail(message));
  }

  close(): void {
    this.closing = true;
    this.parser.close();
    if (!this.priceTypeDone) this.pushPriceType(null);
  }

  take(): FeedRecord[] {
    const records = this.records;
    this.records = [];

    return records;
  }

  private place(): Place {
    return { file: this.file.name, line: this.parser.line, path: this.path.join('/') };
  }

  private malformed(reason: string): never {
    const { line } = this.parser;
    this.fail(
      this.closing
        ? `The file ends at line ${line} before its XML is complete (${reason}): is it cut short?`
        : `The XML is malformed at line ${line}: ${reason}`,
    );
  }

  private fail(message: string): never {
    const { line } = this.parser;

    throw new FeedError({ file: this.file.name, line, path: this.path.join('/') || null }, message);
  }

  private opened(tag: SaxesTagPlain): void {
    if (this.path.length >= XML_LIMITS.depth) this.fail(TOO_DEEP);
    this.path.push(tag.name);
    if (this.path.length === 1 && tag.name !== ROOT) {
      this.fail(`The root element is <${tag.name}>, not <${ROOT}>: this is not a YML catalog`);
    }
    const path = this.path.join('/');
    const { attributes } = tag;

    if (path === CURRENCY_PATH && attributes.id) {
      this.currencies.set(currencyCode(attributes.id), attributes.rate ?? '');
    } else if (path === OFFER_PATH) {
      this.offer = { at: this.place(), attributes, fields: new Map(), outlets: [] };
    } else if (this.offer && path === OUTLET_PATH && attributes.id) {
      const { id, instock } = attributes;
      this.offer.outlets.push({ id, instock, line: this.parser.line });
    } else if (
      this.offer &&
      this.path.length === OFFER_DEPTH + 1 &&
      OFFER_FIELDS.has(tag.name) &&
      !this.offer.fields.has(tag.name)
    ) {
      this.field = { name: tag.name, text: '', line: this.parser.line };
    }
  }

  private gotText(text: string): void {
    if (!this.field) return;
    if (this.field.text.length + text.length > XML_LIMITS.textLength) this.fail(TOO_LONG);
    this.field.text += text;
  }

  private closed(): void {
    const path = this.path.join('/');
    this.path.pop();
    if (this.field && this.path.length === OFFER_DEPTH) {
      this.offer?.fields.set(this.field.name, { text: this.field.text, line: this.field.line });
      this.field = null;
    } else if (path === OFFER_PATH && this.offer) {
      this.finishOffer(this.offer);
      this.offer = null;
    }
  }

  private finishOffer(draft: YmlOfferDraft): void {
    const key = draft.attributes.id?.trim();
    if (!key) {
      this.records.push({ kind: 'warning', at: draft.at, message: 'An offer has no id: skipped' });
      return;
    }

    if (!this.priceTypeDone) {
      const written = draft.fields.get('currencyId')?.text.trim();
      this.pushPriceType(written ? currencyCode(written) : null);
    }
    const reading = readYmlOffer(
      draft,
      this.currencies,
      this.options.priceTypeCode,
      this.priceTypeCurrency,
    );
    for (const problem of reading.problems) {
      this.records.push({ kind: 'warning', at: problem.at, message: problem.message });
    }
    for (const row of reading.stock ?? []) {
      if (row.warehouseKey === null || this.outletsSeen.has(row.warehouseKey)) continue;
      this.outletsSeen.add(row.warehouseKey);
      const at = { ...draft.at, path: OUTLET_PATH };
      const name = `Outlet ${row.warehouseKey}`;
      this.records.push({ kind: 'warehouse', at, key: row.warehouseKey, name });
    }

    this.records.push({
      kind: 'offer',
      at: draft.at,
      key,
      parentKey: draft.attributes.group_id?.trim() || null,
      description: reading.description,
      deleted: false,
      prices: reading.prices,
      stock: reading.stock,
    });
  }

  private pushPriceType(firstOfferCurrency: string | null): void {
    const code = this.options.priceTypeCode;
    const currency = baseCurrency(this.currencies) ?? firstOfferCurrency ?? this.options.currency;
    this.priceTypeCurrency = currency;
    this.priceTypeDone = true;
    const at = { file: this.file.name, line: this.parser.line, path: OFFER_PATH };
    this.records.push({ kind: 'priceType', at, key: code, name: code, currency });
  }
}
