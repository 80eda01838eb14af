import { z } from 'zod';
import type { Context } from '../context.js';
import type { Transaction } from '../db/client.js';
import { inTransaction } from '../db/transaction.js';
import { fitsMinorUnit, minorUnits } from '../money/money.js';
import type { PriceRow, PriceTypeRow } from '../pricing/tables.js';
import { UserErrorsException, type UserError } from '../schema/user-errors.js';
import { parseInput } from '../schema/validation.js';
import * as field from '../schema/zod.js';
import type { OfferValues, ProductValues } from './store.js';
import type { OfferRow } from './tables.js';

/** Most offers one `upsertOffers` call takes. */
export const MAX_UPSERT_OFFERS = 5_000;

/** Most prices (price types times volume breaks) one offer takes. */
export const MAX_PRICES_PER_OFFER = 50;

const DEFAULT_UNIT = 'pcs';

const priceInput = z.object({
  priceTypeCode: field.code,
  amount: z.string().regex(/^(0|[1-9][0-9]*)(\.[0-9]+)?$/, 'must be a non-negative decimal'),
  minQuantity: field.positiveQuantity.default(1),
});

const offerInput = z.object({
  sku: field.code,
  gtin: field.gtin.nullish(),
  name: field.name,
  brand: field.name.nullish(),
  unit: field.code.nullish(),
  packSize: field.positiveQuantity.nullish(),
  minOrderQuantity: field.positiveQuantity.nullish(),
  vatRate: field.vatRate.nullish(),
  prices: z
    .array(priceInput)
    .max(MAX_PRICES_PER_OFFER, `takes at most ${MAX_PRICES_PER_OFFER} prices an offer`)
    .nullish(),
});

const upsertOffersInput = z.object({
  items: z
    .array(offerInput)
    .min(1, 'must name at least one offer')
    .max(MAX_UPSERT_OFFERS, `takes at most ${MAX_UPSERT_OFFERS} offers a call`),
});

type OfferInput = z.output<typeof offerInput>;

/** Problems no schema sees alone: the same SKU twice, unknown price types, too many decimals. */
function crossCheck(items: OfferInput[], priceTypes: Map<string, PriceTypeRow>): UserError[] {
  const errors: UserError[] = [];
  const firstIndexOfSku = new Map<string, number>();

  items.forEach((item, i) => {
    const first = firstIndexOfSku.get(item.sku);
    if (first !== undefined) {
      errors.push({
        code: 'INVALID_INPUT',
        message: `SKU ${item.sku} is already in items[${first}]; name each SKU once`,
        field: ['items', String(i), 'sku'],
      });
    }
    firstIndexOfSku.set(item.sku, first ?? i);

    const breaks = new Set<string>();
    item.prices?.forEach((price, j) => {
      const path = ['items', String(i), 'prices', String(j)];
      const priceType = priceTypes.get(price.priceTypeCode);
      if (!priceType) {
        errors.push({
          code: 'NOT_FOUND',
          message: `No price type has the code ${price.priceTypeCode}`,
          field: [...path, 'priceTypeCode'],
        });
        return;
      }
      if (!fitsMinorUnit(price.amount, priceType.currency)) {
        errors.push({
          code: 'INVALID_INPUT',
          message:
            `${price.amount} has more decimals than ${priceType.currency} allows ` +
            `(${minorUnits(priceType.currency)})`,
          field: [...path, 'amount'],
        });
      }
      const key = `${price.priceTypeCode}:${price.minQuantity}`;
      if (breaks.has(key)) {
        errors.push({
          code: 'INVALID_INPUT',
          message:
            `Price type ${price.priceTypeCode} has two prices ` +
            `from quantity ${price.minQuantity}`,
          field: [...path, 'minQuantity'],
        });
      }
      breaks.add(key);
    });
  });

  return errors;
}

/**
 * Finds or creates the product of each item. Items with a GTIN share the product of that GTIN;
 * the first distributor to name a GTIN describes it. An item that leaves `gtin` out keeps its
 * offer's product. Items with no GTIN have a product of their own, which they describe.
 */
async function resolveProducts(
  ctx: Context,
  items: OfferInput[],
  existing: Map<string, OfferRow>,
  tx: Transaction,
): Promise<number[]> {
  const { catalog } = ctx.stores;
  const describe = (item: OfferInput): ProductValues => ({
    gtin: item.gtin ?? null,
    name: item.name,
    brand: item.brand ?? null,
    unit: item.unit ?? DEFAULT_UNIT,
  });

  const byGtin = new Map(
    (await catalog.ensureProductsByGtin(items.filter((i) => i.gtin).map(describe), tx)).map((p) => [
      p.gtin,
      p.id,
    ]),
  );
  const current = new Map(
    (
      await catalog.findProductsByIds(
        [...existing.values()].map((offer) => offer.productId),
        tx,
      )
    ).map((p) => [p.id, p]),
  );

  const productIds: (number | null)[] = [];
  const renamed: (ProductValues & { id: number })[] = [];
  const created: OfferInput[] = [];
  for (const item of items) {
    const product = current.get(existing.get(item.sku)?.productId ?? 0);
    if (item.gtin) {
      productIds.push(byGtin.get(item.gtin)!);
    } else if (product && (item.gtin === undefined || product.gtin === null)) {
      if (product.gtin === null) renamed.push({ ...describe(item), id: product.id });
      productIds.push(product.id);
    } else {
      productIds.push(null);
      created.push(item);
    }
  }
  await catalog.describeProducts(renamed, tx);
  const newIds = await catalog.insertProducts(created.map(describe), tx);

  return productIds.map((id) => id ?? newIds.shift()!);
}

/** Creates or updates a distributor's offers by SKU, with their products and prices. */
export async function upsertOffers(ctx: Context, distributorId: number, input: unknown) {
  const { items } = parseInput(upsertOffersInput, input);
  const { catalog, pricing } = ctx.stores;

  const saved = await inTransaction(ctx.stores.db, async (tx) => {
    // Locked for the transaction, so that no currency changes under the prices written here.
    const priceTypes = new Map(
      (await pricing.lockPriceTypes(distributorId, tx)).map((p) => [p.code, p]),
    );
    const errors = crossCheck(items, priceTypes);
    if (errors.length > 0) throw new UserErrorsException(errors);

    const skus = items.map((item) => item.sku);
    const existing = new Map(
      (await catalog.lockOffersBySkus(distributorId, skus, tx)).map((o) => [o.sku, o]),
    );
    const productIds = await resolveProducts(ctx, items, existing, tx);

    const values: OfferValues[] = items.map((item, i) => {
      const current = existing.get(item.sku);
      return {
        sku: item.sku,
        productId: productIds[i]!,
        packSize: item.packSize ?? current?.packSize ?? 1,
        minOrderQuantity: item.minOrderQuantity ?? current?.minOrderQuantity ?? 1,
        vatRate: item.vatRate ?? current?.vatRate ?? '0',
      };
    });
    const offers = new Map(
      (await catalog.upsertOffers(distributorId, values, tx)).map((o) => [o.sku, o]),
    );
    const moved = [...existing.values()].filter(
      (o) => offers.get(o.sku)!.productId !== o.productId,
    );
    await catalog.deleteUnoffered(
      moved.map((o) => o.productId),
      tx,
    );

    const priceRows: PriceRow[] = items.flatMap((item) =>
      (item.prices ?? []).map((price) => ({
        offerId: offers.get(item.sku)!.id,
        priceTypeId: priceTypes.get(price.priceTypeCode)!.id,
        minQuantity: price.minQuantity,
        amount: price.amount,
      })),
    );
    await pricing.replacePrices(priceRows, tx);

    return skus.map((sku) => offers.get(sku)!);
  });
  ctx.logger.info({ distributorId, offers: saved.length }, 'offers upserted');

  return { offers: saved };
}
