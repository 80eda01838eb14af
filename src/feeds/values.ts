/**
 * Reading the numbers and codes that export files write as text, the way 1C, other ERPs and
 * spreadsheets in this market write them: decimal commas, spaces between thousands, `руб` for
 * roubles, "Без НДС" for no VAT. Every parser (CommerceML, YML, CSV) reads them here.
 */
import { Decimal } from 'decimal.js';

const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/** Spaces a spreadsheet puts between thousands: plain, no-break and narrow no-break. */
const GROUP_SPACES = /[\s\u00a0\u202f]/g;

/**
 * A number written with a decimal point or comma ("1499.90", "1 499,90", "1,5"), or null when
 * the text is not one. Where both a point and a comma stand, the last one is the decimal mark.
 * "-0" is 0.
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
  if (!PLAIN_NUMBER.test(plain)) return null;

  const value = new Decimal(plain);

  // A negative zero would fail the checks for negative prices, rates and quantities.
  return value.isZero() ? new Decimal(0) : value;
}

/** A quantity as read, and what was wrong with the text when it had to be changed. */
export type QuantityReading =
  { quantity: number; problem: string | null } | { quantity: null; problem: string };

/**
 * A stock quantity in whole units: empty (or absent) and negative ones are 0 and fractional
 * ones rounded down, each with the problem said; text that is no number has no quantity at all,
 * and the parser decides what stands for it.
 */
export function readQuantity(text: string | null): QuantityReading {
  if (text === null || text.trim() === '') return { quantity: 0, problem: 'is empty; 0 is used' };
  const value = readDecimal(text);
  if (value === null) return { quantity: null, problem: `"${text.trim()}" is not a number` };
  if (value.isNegative()) {
    return { quantity: 0, problem: `${value.toFixed()} is negative; 0 is used` };
  }
  const whole = value.floor();
  if (!whole.equals(value)) {
    return {
      quantity: whole.toNumber(),
      problem: `${value.toFixed()} is not whole; ${whole.toFixed()} is used`,
    };
  }

  return { quantity: whole.toNumber(), problem: null };
}

/** The rouble as 1C and price lists write it: codes old and new, the numeric code, its names. */
const ROUBLE = /^(rub|rur|643|руб\.?|р\.?|₽)$/i;

/**
 * A currency as an ISO 4217 code: the rouble's ways (`RUR`, `643`, `руб.`, `р.`, `₽`) become
 * `RUB`, other three-letter codes are upper-cased, and anything else is kept as written (but
 * trimmed) so that the importer can report it. Null stays null.
 */
export function currencyCode(written: string): string;
export function currencyCode(written: string | null): string | null;
export function currencyCode(written: string | null): string | null {
  if (written === null) return null;
  const code = written.trim();
  if (ROUBLE.test(code)) return 'RUB';

  return /^[a-z]{3}$/i.test(code) ? code.toUpperCase() : code;
}

const NO_VAT = /^(без\s*ндс|no\s*vat|не\s*облагается|-|—)$/i;

/**
 * VAT in percent as a decimal string ("20"), from what a price list or 1C writes: "20", "20%",
 * "НДС 20 %", "10,0", "10/110" (the rate 1C derives from a price with VAT), or "без НДС" for
 * none; null when the text says no rate.
 */
export function readVatRate(text: string): string | null {
  const plain = text.trim();
  if (NO_VAT.test(plain)) return '0';
  const rate = readDecimal(plain.replace(/^(ндс|vat)/i, '').replace(/(%|\/\s*1\d\d)$/, ''));

  return rate === null || rate.isNegative() ? null : rate.toFixed();
}
