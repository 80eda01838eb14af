import type { OfferRow } from '../catalog/tables.js';
import type { Context } from '../context.js';
import { type Money, toMoney } from '../money/money.js';
import type { PriceRow } from './tables.js';

/** The volume break that applies to `quantity`: the largest one not above it. */
export function priceForQuantity(prices: PriceRow[], priceTypeId: number, quantity: number) {
  let best: PriceRow | null = null;
  for (const price of prices) {
    const applies = price.priceTypeId === priceTypeId && price.minQuantity <= quantity;
    if (applies && (!best || price.minQuantity > best.minQuantity)) best = price;
  }

  return best;
}

/**
 * The unit price the viewing store pays for `quantity` of an offer: its terms' price type at the
 * volume break for that quantity. Null for other viewers, without terms, or without a price.
 */
export async function storeUnitPrice(
  ctx: Context,
  offer: OfferRow,
  quantity: number,
): Promise<Money | null> {
  if (ctx.viewer.role !== 'STORE') return null;

  const terms = await ctx.loaders.termsWithDistributor.load(offer.distributorId);
  if (!terms) return null;

  const [priceType, prices] = await Promise.all([
    ctx.loaders.priceType.load(terms.priceTypeId),
    ctx.loaders.pricesByOffer.load(offer.id),
  ]);
  const price = priceForQuantity(prices, terms.priceTypeId, quantity);

  return price && priceType ? toMoney(price.amount, priceType.currency) : null;
}
