import { Decimal } from 'decimal.js';

/** An exact amount in a currency; `amount` is a decimal string such as "1499.90". */
export interface Money {
  amount: string;
  currency: string;
}

const currencies = new Set(Intl.supportedValuesOf('currency'));
const minorUnitCache = new Map<string, number>();

export function isCurrencyCode(code: string): boolean {
  return currencies.has(code);
}

/** Digits after the decimal point in the currency's minor unit (ISO 4217): RUB 2, JPY 0, KWD 3. */
export function minorUnits(currency: string): number {
  let digits = minorUnitCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits!;
    minorUnitCache.set(currency, digits);
  }

  return digits;
}

/** Whether `amount` has no more decimals than the currency's minor unit. */
export function fitsMinorUnit(amount: string, currency: string): boolean {
  return new Decimal(amount).decimalPlaces() <= minorUnits(currency);
}

/** The amount written with exactly the currency's decimals, rounded half-up when it has more. */
export function toMoney(amount: Decimal.Value, currency: string): Money {
  return {
    amount: new Decimal(amount).toFixed(minorUnits(currency), Decimal.ROUND_HALF_UP),
    currency,
  };
}

/** `unit` × `quantity`, exact. */
export function multiply(unit: string, quantity: number): string {
  return new Decimal(unit).times(quantity).toString();
}
