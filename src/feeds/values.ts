/**
 * Reading the numbers and codes that YML and CSV exports write as text, the way spreadsheets and
 * ERPs in this market write them: decimal commas, spaces between thousands, `руб` for roubles.
 */
import { Decimal } from 'decimal.js';

const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/** Spaces a spreadsheet puts between thousands: plain, no-break and narrow no-break. */
const GROUP_SPACES = /[\s\u00a0\u202f]/g;

/**
 * A number written with a decimal point or comma ("1499.90", "1 499,90", "1,5"), or null when
 * the text is not one. Where both a point and a comma stand, the last one is the decimal mark.
 */
export function readDecimal(text: string): Decimal | null {
  let plain = text.replace(GROUP_SPACES, '');
  const comma = plain.lastIndexOf(',');
  const point = plain.lastIndexOf('.');
  if (comma !== -1 && point !== -1) {
    plain = comma > point ? plain.replaceAll('.', '').replace(',', '.') : plain.replaceAll(',', '');
  } else {
    plain = plain.replace(',', '.');
  }

  return PLAIN_NUMBER.test(plain) ? new Decimal(plain) : null;
}

/** A quantity as read, and what was wrong with the text when it had to be changed. */
export type QuantityReading =
  { quantity: number; problem: string | null } | { quantity: null; problem: string };

/**
 * A stock quantity in whole units: empty and negative ones are 0 and fractional ones rounded
 * down, each with the problem said; text that is no number has no quantity at all.
 */
export function readQuantity(text: string): QuantityReading {
  if (text.trim() === '') return { quantity: 0, problem: 'is empty; 0 is used' };
  const value = readDecimal(text);
  if (value === null) return { quantity: null, problem: `"${text.trim()}" is not a number` };
  if (value.isNegative() && !value.isZero()) {
    return { quantity: 0, problem: `${value.toFixed()} is negative; 0 is used` };
  }
  const whole = value.floor();
  // "-0" is a zero, never a negative zero in the records.
  const quantity = whole.toNumber() || 0;
  if (!whole.equals(value)) {
    return {
      quantity,
      problem: `${value.toFixed()} is not whole; ${whole} is used`,
    };
  }

  return { quantity, problem: null };
}

const ROUBLE_NAMES = new Set(['RUB', 'RUR', 'РУБ', 'РУБ.', 'Р', 'Р.', '₽']);

/** An ISO 4217 code: the rouble's old code `RUR` and its Russian names become `RUB`. */
export function currencyCode(text: string): string {
  const code = text.trim().toUpperCase();

  return ROUBLE_NAMES.has(code) ? 'RUB' : code;
}

const NO_VAT = /^(без\s*ндс|no\s*vat|не\s*облагается|-|—)$/i;

/**
 * VAT in percent as a decimal string ("20"), from what a price list writes: "20", "20%",
 * "НДС 20 %", "10,0", or "без НДС" for none; null when the text says no rate.
 */
export function readVatRate(text: string): string | null {
  const plain = text.trim();
  if (NO_VAT.test(plain)) return '0';
  const rate = readDecimal(plain.replace(/^(ндс|vat)/i, '').replace(/%$/, ''));

  return rate === null || rate.isNegative() ? null : rate.toFixed();
}
