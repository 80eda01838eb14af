import { Decimal } from 'decimal.js';

const ROUBLE = /^(руб\.?|rur|rub|643)$/i;

/**
 * A currency as an ISO 4217 code: the ways 1C writes the rouble (`руб`, `руб.`, `RUR`, the
 * numeric `643`) become `RUB`, other three-letter codes are uppercased, and anything else is
 * kept as written so that the importer can report it.
 */
export function normalizeCurrency(written: string | null): string | null {
  if (written === null) return null;
  if (ROUBLE.test(written)) return 'RUB';

  return /^[a-z]{3}$/i.test(written) ? written.toUpperCase() : written;
}

/**
 * A number as 1C and spreadsheets write it: a decimal comma or point, spaces (also no-break
 * ones) between thousands. Null when the text is not a number.
 */
export function readDecimal(written: string): Decimal | null {
  const plain = written.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(plain)) return null;

  const value = new Decimal(plain);

  // "-0" is zero, and must not come out as a negative zero.
  return value.isZero() ? new Decimal(0) : value;
}

/**
 * A VAT rate in percent as a decimal string: "18", "20%", "10/110" (the rate 1C derives from a
 * price with VAT), "Без НДС" as "0". Null when it is none of these.
 */
export function readVatRate(written: string): string | null {
  if (/^без\s+ндс$/i.test(written.trim())) return '0';
  const rate = /^(.+?)\s*(%|\/\s*1\d\d)?$/.exec(written.trim());
  const value = rate?.[1] === undefined ? null : readDecimal(rate[1]);
  if (value === null || value.isNegative()) return null;

  return value.toString();
}

/** A quantity read for stock: whole, never negative, and what was wrong with it if anything. */
export interface Quantity {
  value: number;
  problem: string | null;
}

/** A stock quantity as the API keeps it, whole units, with a problem to warn of when it is not. */
export function readQuantity(written: string | null): Quantity {
  if (written === null) return { value: 0, problem: 'is empty; read as 0' };
  const quantity = readDecimal(written);
  if (quantity === null) return { value: 0, problem: `is not a number ("${written}"); read as 0` };
  if (quantity.isNegative()) {
    return { value: 0, problem: `is negative (${quantity.toString()}); read as 0` };
  }
  const whole = quantity.floor();
  if (!whole.equals(quantity)) {
    return {
      value: whole.toNumber(),
      problem: `is fractional (${quantity.toString()}); read as ${whole.toString()}`,
    };
  }

  return { value: whole.toNumber(), problem: null };
}
