import { Decimal } from 'decimal.js';
import type { FeedDescription, FeedPrice, FeedStock, Place } from './records.js';
import { currencyCode, readDecimal, readQuantity } from './values.js';

/** An `offer` element as read: its attributes, the first text of each child, its outlets. */
export interface YmlOfferDraft {
  at: Place;
  attributes: Record<string, string>;
  fields: Map<string, { text: string; line: number }>;
  outlets: { id: string; instock: string | undefined; line: number }[];
}

/** The shop's `currencies`: each code (as normalized) with its rate, as written. */
export type YmlCurrencies = Map<string, string>;

/** What one offer says, and the problems found in it, each with its place. */
export interface YmlOfferReading {
  description: FeedDescription;
  prices: FeedPrice[] | null;
  stock: FeedStock[] | null;
  problems: { at: Place; message: string }[];
}

/** The child elements of an offer that a record is made of; the rest is passed over. */
export const OFFER_FIELDS = new Set([
  'name',
  'typePrefix',
  'vendor',
  'model',
  'vendorCode',
  'barcode',
  'price',
  'currencyId',
  'count',
  'stock_quantity',
  'quantity',
  'vat',
]);

const COUNT_FIELDS = ['count', 'stock_quantity', 'quantity'];

const VAT_CODE = /^VAT_(\d+)(_\d+)?$/;

/** The shop's base currency: the first whose rate is 1. */
export function baseCurrency(currencies: YmlCurrencies): string | null {
  for (const [code, rate] of currencies) {
    if (readDecimal(rate)?.equals(1)) return code;
  }

  return null;
}

/** Reads one offer against the shop's currencies and the import's price type. */
export function readYmlOffer(
  draft: YmlOfferDraft,
  currencies: YmlCurrencies,
  priceTypeKey: string,
  fallbackCurrency: string | null,
): YmlOfferReading {
  const problems: YmlOfferReading['problems'] = [];
  const offer = `Offer "${draft.attributes.id}"`;
  const text = (name: string) => draft.fields.get(name)?.text.trim() || null;
  const warn: Warn = (name, line, message) =>
    problems.push({ at: { ...draft.at, line, path: `${draft.at.path}/${name}` }, message });

  let name = offerName(draft, text);
  if (name === null) {
    name = text('vendorCode') ?? draft.attributes.id!;
    warn('name', draft.at.line ?? 0, `${offer} has no name: "${name}" stands for it`);
  }
  const vat = draft.fields.get('vat');
  const description: FeedDescription = {
    sku: text('vendorCode'),
    name,
    gtin: text('barcode'),
    brand: text('vendor'),
    unit: null,
    vatRate: vat ? vatRateOf(vat, offer, warn) : null,
  };
  const price = draft.fields.get('price');
  const currency = text('currencyId');
  const prices = price
    ? readPrice(price, currency && currencyCode(currency), offer, warn, currencies)
    : null;
  const stock = readStock(draft, offer, warn);
  problems.sort((a, b) => (a.at.line ?? 0) - (b.at.line ?? 0));

  return {
    description,
    prices: prices && [{ priceTypeKey, ...prices, currency: prices.currency ?? fallbackCurrency }],
    stock,
    problems,
  };
}

type Warn = (name: string, line: number, message: string) => void;

/** `VAT_20`, `VAT_10`, `VAT_0` and the like as percent, `NO_VAT` as 0. */
function vatRateOf(vat: { text: string; line: number }, offer: string, warn: Warn): string | null {
  const written = vat.text.trim().toUpperCase();
  const code = VAT_CODE.exec(written);
  if (code) return String(Number(code[1]));
  if (written === 'NO_VAT') return '0';
  warn('vat', vat.line, `${offer}: VAT "${vat.text.trim()}" is not a known code`);

  return null;
}

/** The offer's price as a decimal string, in the base currency where it can be converted. */
function readPrice(
  price: { text: string; line: number },
  own: string | null,
  offer: string,
  warn: Warn,
  currencies: YmlCurrencies,
): { amount: string; currency: string | null } | null {
  const amount = readDecimal(price.text.trim());
  if (amount === null || amount.isNegative()) {
    warn('price', price.line, `${offer}: price "${price.text.trim()}" is not a price`);
    return null;
  }

  const converted = convert(amount, own, currencies);
  const base = baseCurrency(currencies);
  if (own !== null && base !== null && converted.currency !== base) {
    const rate = currencies.get(own);
    const why =
      rate === undefined ? "is not among the shop's currencies" : `has the rate "${rate}"`;
    warn('price', price.line, `${offer}: ${own} ${why}, so its price stays in ${own}`);
  }

  return { amount: converted.amount.toFixed(), currency: converted.currency };
}

function offerName(draft: YmlOfferDraft, text: (name: string) => string | null): string | null {
  const model = [text('typePrefix'), text('vendor'), text('model')].filter(Boolean).join(' ');
  const name = draft.attributes.type === 'vendor.model' && text('model') ? model : text('name');

  // Feeds wrap long names over lines; a name is shown on one.
  return (name ?? model).replace(/\s+/g, ' ') || null;
}

/**
 * A price in the shop's base currency where its own currency has a numeric rate; a price whose
 * rate is the bank's of the day (`CBRF`) stays in its currency, for the importer to report.
 */
function convert(
  amount: Decimal,
  currency: string | null,
  currencies: YmlCurrencies,
): { amount: Decimal; currency: string | null } {
  const base = baseCurrency(currencies);
  const rate = currency === null ? null : readDecimal(currencies.get(currency) ?? '');
  if (base === null || currency === null || currency === base || rate === null) {
    return { amount, currency };
  }

  return { amount: amount.times(rate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP), currency: base };
}

function readStock(draft: YmlOfferDraft, offer: string, warn: Warn): FeedStock[] | null {
  const read = (text: string, path: string, line: number, what: string): number | null => {
    const reading = readQuantity(text);
    if (reading.problem !== null) warn(path, line, `${offer}: ${what} ${reading.problem}`);

    return reading.quantity;
  };

  // The outlets say where the goods are; a count beside them is only their total.
  if (draft.outlets.length > 0) {
    const stock: FeedStock[] = [];
    for (const outlet of draft.outlets) {
      const what = `outlet "${outlet.id}" instock`;
      const quantity = read(outlet.instock ?? '', 'outlets/outlet', outlet.line, what);
      if (quantity !== null) stock.push({ warehouseKey: outlet.id, quantity });
    }

    return stock;
  }

  const count = COUNT_FIELDS.find((name) => draft.fields.has(name));
  if (count !== undefined) {
    const field = draft.fields.get(count)!;
    const quantity = read(field.text, count, field.line, count);
    if (quantity !== null) return [{ warehouseKey: null, quantity }];
  }

  // Made to order: nothing in stock anywhere, which is not an error.
  if (draft.attributes.available === 'false') return [];

  return null;
}
