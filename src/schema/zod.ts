import { IANAZone } from 'luxon';
import { z } from 'zod';
import { normalizeGtin } from '../catalog/gtin.js';
import { isCurrencyCode } from '../money/money.js';

/** A value quoted for a message, cut short when it is long. */
export function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}..."` : text;
}

/** PostgreSQL text cannot hold NUL, and no name or code needs control characters. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Half of a UTF-16 surrogate pair without its other half, which no text encoding can store. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text with no control characters, that UTF-8 can hold as it is. */
export const text = () =>
  z
    .string()
    .refine((value) => !CONTROL.test(value), 'must not contain control characters')
    .refine((value) => !LONE_SURROGATE.test(value), 'must not contain a lone UTF-16 surrogate');

/** Shared zod pieces for mutation inputs, each with a message that says what is wrong. */
export const name = text()
  .trim()
  .min(1, 'must not be blank')
  .max(200, 'must be at most 200 characters');

export const code = text()
  .trim()
  .min(1, 'must not be blank')
  .max(100, 'must be at most 100 characters');

export const timeZone = z.string().refine((zone) => IANAZone.isValidZone(zone), {
  error: (issue) => `${quote(issue.input)} is not an IANA time zone such as "Europe/Moscow"`,
});

export const currency = z.string().refine(isCurrencyCode, {
  error: (issue) => `${quote(issue.input)} is not an ISO 4217 currency code`,
});

export const gtin = z.string().transform((value, ctx) => {
  const normalized = normalizeGtin(value);
  if (normalized === null) {
    ctx.addIssue({
      code: 'custom',
      message: `${quote(value)} is not a GTIN: 8, 12, 13 or 14 digits with a valid check digit`,
    });
    return z.NEVER;
  }

  return normalized;
});

/** Most units one quantity may be: a hundred million, so that sums stay within GraphQL's Int. */
export const MAX_QUANTITY = 100_000_000;

export const quantity = z
  .number()
  .int('must be a whole number')
  .min(0, 'must not be negative')
  .max(MAX_QUANTITY, 'must be at most 100,000,000');

export const positiveQuantity = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(MAX_QUANTITY, 'must be at most 100,000,000');

/** A percentage with up to two decimals, from 0 up to (not including) 100. */
export const vatRate = z
  .string()
  .regex(/^(0|[1-9][0-9]?)(\.[0-9]{1,2})?$/, 'must be a percentage from 0 to 99.99, e.g. "20"');
