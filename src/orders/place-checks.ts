import { DateTime } from 'luxon';
import { z } from 'zod';
import type { OfferRow } from '../catalog/tables.js';
import type { Context } from '../context.js';
import { grantedOptions } from '../delivery/schema.js';
import { priceForQuantity } from '../pricing/store-price.js';
import { type UserError, userError, UserErrorsException } from '../schema/user-errors.js';
import * as field from '../schema/zod.js';
import type { OfferQuantity } from './holds-store.js';
import { defaultHoldUntil } from './rules.js';

/*
 * What an order must be to be placed: its input, and the checks against the catalog, the
 * store's terms and prices, and delivery, before anything is held.
 */

/** Most lines one order takes. */
export const MAX_ORDER_LINES = 500;

/** How long an order may hold goods before a register takes it, at most. */
export const MAX_HOLD_DAYS = 30;

export const placeOrderInput = z.object({
  externalRef: field.code,
  lines: z
    .array(z.object({ offerId: z.number().nullable(), quantity: field.positiveQuantity }))
    .min(1, 'must have at least one line')
    .max(MAX_ORDER_LINES, `takes at most ${MAX_ORDER_LINES} lines`),
  allowBackorder: z.boolean().nullish(),
  holdUntil: z.date().nullish(),
  deliveryOptionId: z.number().nullable().optional(),
  idempotencyKey: field
    .text()
    .trim()
    .min(1, 'must not be blank')
    .max(200, 'must be at most 200 characters')
    .nullish(),
});

export type PlaceOrderInput = z.output<typeof placeOrderInput>;

export interface PricedLine {
  position: number;
  offer: OfferRow;
  quantity: number;
  unitPrice: string;
}

/** The checks that need the catalog: offers, quantities, prices and delivery. */
export async function checkOrder(
  ctx: Context,
  storeId: number,
  distributorId: number | null,
  input: PlaceOrderInput,
) {
  const { loaders } = ctx;
  const offerIds = input.lines.map((line) => line.offerId ?? 0);
  // Sent together: they do not depend on each other, and what is found is checked below. The
  // distributor's price types come with the rest rather than after the terms that name one.
  const [distributor, terms, priceTypes, offers, offerPrices] = await Promise.all([
    distributorId ? loaders.organization.load(distributorId) : null,
    distributorId ? loaders.termsWithDistributor.load(distributorId) : null,
    distributorId ? loaders.priceTypesByDistributor.load(distributorId) : [],
    loaders.offer.loadMany(offerIds),
    loaders.pricesByOffer.loadMany(offerIds),
  ]);
  if (!distributor || distributor.kind !== 'distributor') {
    throw userError('NOT_FOUND', 'No distributor has this id', ['distributorId']);
  }
  if (!terms) {
    throw userError('NO_TERMS', `${distributor.name} has not granted your store terms`, [
      'distributorId',
    ]);
  }
  const priceType = priceTypes.find((p) => p.id === terms.priceTypeId)!;

  const errors: UserError[] = [];
  const fail = (code: UserError['code'], message: string, path: (string | number)[]) =>
    errors.push({ code, message, field: path.map(String) });

  const lines: PricedLine[] = [];
  for (const [position, line] of input.lines.entries()) {
    const offer = offers[position];
    const path = ['lines', position];
    if (
      !offer ||
      offer instanceof Error ||
      offer.distributorId !== distributor.id ||
      !offer.active
    ) {
      fail('NOT_FOUND', `No active offer of ${distributor.name} has this id`, [...path, 'offerId']);
      continue;
    }
    if (line.quantity < offer.minOrderQuantity) {
      fail('BELOW_MIN_ORDER', `SKU ${offer.sku} sells from ${offer.minOrderQuantity} units`, [
        ...path,
        'quantity',
      ]);
    } else if (line.quantity % offer.packSize !== 0) {
      fail('NOT_PACK_MULTIPLE', `SKU ${offer.sku} sells in packs of ${offer.packSize}`, [
        ...path,
        'quantity',
      ]);
    }
    const offerPrice = offerPrices[position]!;
    if (offerPrice instanceof Error) throw offerPrice;
    const price = priceForQuantity(offerPrice, priceType.id, line.quantity);
    if (!price) {
      fail(
        'NO_PRICE',
        `SKU ${offer.sku} has no ${priceType.code} price for ${line.quantity} units`,
        [...path, 'offerId'],
      );
      continue;
    }
    lines.push({ position, offer, quantity: line.quantity, unitPrice: price.amount });
  }

  // A line is held in the named option's warehouse; without one, in any of the distributor's.
  let warehouseIds: number[] | null = null;
  if (input.deliveryOptionId !== undefined) {
    const granted = await grantedOptions(ctx, distributor.id, terms.deliveryOptionIds);
    const option = granted.find((o) => o.id === input.deliveryOptionId);
    if (!option) {
      fail('NOT_FOUND', 'No delivery option your terms grant has this id', ['deliveryOptionId']);
    } else {
      warehouseIds = [option.warehouseId];
    }
  }
  const wanted = wantedPerOffer(lines);
  for (const { offerId, quantity } of wanted) {
    if (quantity > field.MAX_QUANTITY) {
      const position = lines.find((l) => l.offer.id === offerId)!.position;
      fail(
        'INVALID_INPUT',
        `The lines of one offer may ask for ${field.MAX_QUANTITY} units at most`,
        ['lines', position, 'quantity'],
      );
    }
  }
  const now = ctx.clock();
  if (input.holdUntil) {
    const longest = DateTime.fromJSDate(now).plus({ days: MAX_HOLD_DAYS }).toJSDate();
    if (input.holdUntil > longest) {
      fail('INVALID_INPUT', `holdUntil may be at most ${MAX_HOLD_DAYS} days ahead`, ['holdUntil']);
    }
    if (input.holdUntil <= now) {
      fail('INVALID_INPUT', `holdUntil ${input.holdUntil.toISOString()} is not in the future`, [
        'holdUntil',
      ]);
    }
  }
  if (errors.length > 0) throw new UserErrorsException(errors);

  return {
    distributor,
    currency: priceType.currency,
    lines,
    /** What the lines ask for per offer, in the lock order. */
    wanted,
    warehouseIds,
    holdUntil: input.holdUntil ?? defaultHoldUntil(now, distributor.timeZone!),
  };
}

/** Sums what the lines ask for per offer, in offer id order (the lock order). */
function wantedPerOffer(lines: PricedLine[]): OfferQuantity[] {
  const wanted = new Map<number, number>();
  for (const line of lines)
    wanted.set(line.offer.id, (wanted.get(line.offer.id) ?? 0) + line.quantity);

  return [...wanted]
    .map(([offerId, quantity]) => ({ offerId, quantity }))
    .sort((a, b) => a.offerId - b.offerId);
}
