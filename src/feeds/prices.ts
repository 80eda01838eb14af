import { Decimal } from 'decimal.js';
import { minorUnits } from '../money/money.js';
import type { PriceRow } from '../pricing/tables.js';
import type { ImportIssues } from './issues.js';
import type { WrittenOffer } from './offers.js';
import type { FeedOfferRecord } from './records.js';
import type { ImportedPriceType, ImportReferences } from './references.js';

/**
 * The prices of written offers as rows to set, one per offer and price type (the file's last),
 * leaving out with a warning those of an undeclared price type, another currency or no amount.
 */
export async function priceRowsOf(
  written: WrittenOffer[],
  references: ImportReferences,
  issues: ImportIssues,
): Promise<Omit<PriceRow, 'minQuantity'>[]> {
  const rows = new Map<string, Omit<PriceRow, 'minQuantity'>>();
  for (const { record, offerId } of written) {
    for (const price of record.prices ?? []) {
      const priceType = await references.priceType(price.priceTypeKey, record.at);
      if (!priceType) continue;
      const amount = amountOf(record, price.amount, price.currency, priceType, issues);
      if (amount === null) continue;
      rows.set(`${offerId}:${priceType.id}`, { offerId, priceTypeId: priceType.id, amount });
    }
  }

  return [...rows.values()];
}

/** The price in the currency's minor units, or null (with a warning) when it cannot be one. */
function amountOf(
  { key, at }: FeedOfferRecord,
  amount: string,
  currency: string | null,
  priceType: ImportedPriceType,
  issues: ImportIssues,
): string | null {
  if (currency && currency !== priceType.currency) {
    issues.warn(
      at,
      `Offer ${key}: a price in ${currency} for price type ${priceType.code}, which is in ` +
        `${priceType.currency}; left out`,
    );
    return null;
  }
  if (!/^[0-9]+(\.[0-9]+)?$/.test(amount)) {
    issues.warn(at, `Offer ${key}: price "${amount}" is not an amount; left out`);
    return null;
  }
  const rounded = new Decimal(amount).toFixed(
    minorUnits(priceType.currency),
    Decimal.ROUND_HALF_UP,
  );
  if (!new Decimal(rounded).equals(amount)) {
    issues.warn(at, `Offer ${key}: price ${amount} is rounded to ${rounded}`);
  }

  return rounded;
}
