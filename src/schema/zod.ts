import { IANAZone } from 'luxon';
import { z } from 'zod';
import { normalizeGtin } from '../catalog/gtin.js';
import { isCurrencyCode } from '../money/money.js';

/** Shared zod pieces for mutation inputs, each with a message that says what is wrong. */
export const name = z
  .string()
  .trim()
  .min(1, 'must not be blank')
  .max(200, 'must be at most 200 characters');

export const code = z
  .string()
  .trim()
  .min(1, 'must not be blank')
  .max(100, 'must be at most 100 characters');

export const timeZone = z.string().refine((zone) => IANAZone.isValidZone(zone), {
  error: (issue) =>
    `${JSON.stringify(issue.input)} is not an IANA time zone such as "Europe/Moscow"`,
});

export const currency = z.string().refine(isCurrencyCode, {
  error: (issue) => `${JSON.stringify(issue.input)} is not an ISO 4217 currency code`,
});

export const gtin = z.string().transform((value, ctx) => {
  const normalized = normalizeGtin(value);
  if (normalized === null) {
    ctx.addIssue({
      code: 'custom',
      message: `${JSON.stringify(value)} is not a GTIN: 8, 12, 13 or 14 digits with a valid check digit`,
    });
    return z.NEVER;
  }

  return normalized;
});

export const quantity = z
  .number()
  .int('must be a whole number')
  .min(0, 'must not be negative')
  .max(1_000_000_000, 'must be at most 1,000,000,000');

export const positiveQuantity = quantity.min(1, 'must be at least 1');

/** A percentage with up to two decimals, from 0 up to (not including) 100. */
export const vatRate = z
  .string()
  .regex(/^(0|[1-9][0-9]?)(\.[0-9]{1,2})?$/, 'must be a percentage from 0 to 99.99, e.g. "20"');
