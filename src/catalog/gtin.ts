import validator from 'validator';

/**
 * The canonical form of a GTIN, or null when it is not one: GTIN-8 and GTIN-14 as they are,
 * GTIN-12 (UPC-A) and GTIN-13 as 13 digits, a GTIN-14 with a leading zero as its GTIN-13. The
 * check digit must be right.
 */
export function normalizeGtin(value: string): string | null {
  const digits = value.trim();
  if (!/^([0-9]{8}|[0-9]{12,14})$/.test(digits)) return null;

  const canonical =
    digits.length === 12
      ? `0${digits}`
      : digits.length === 14 && digits.startsWith('0')
        ? digits.slice(1)
        : digits;

  return validator.isEAN(canonical) ? canonical : null;
}
