import { Decimal } from 'decimal.js';
import { GraphQLError } from 'graphql';
import { canSeeCatalogOf } from '../auth/viewer.js';
import { normalizeGtin } from '../catalog/gtin.js';
import { loadOffer, loadProduct, sumAvailable } from '../catalog/schema.js';
import type { OfferRow, ProductRow } from '../catalog/tables.js';
import type { Context } from '../context.js';
import { addDays, earliestShipDate } from '../delivery/ship-date.js';
import type { DeliveryOptionRow } from '../delivery/tables.js';
import { type Money, toMoney } from '../money/money.js';
import type { OrganizationRow } from '../organizations/tables.js';
import { priceForQuantity } from '../pricing/store-price.js';
import type { PriceRow, PriceTypeRow } from '../pricing/tables.js';
import type { IncomingShipmentRow } from '../stock/tables.js';
import { MAX_FILTER_VALUES } from '../schema/validation.js';
import { quote } from '../schema/zod.js';

/** Most request lines one availability call takes. */
export const MAX_AVAILABILITY_LINES = 1_000;

export interface AvailabilityLine {
  gtin?: string | null;
  productId?: number | null;
  offerId?: number | null;
  quantity: number;
}

export interface IncomingSlice {
  quantity: number;
  eta: string;
}

export interface SupplyOption {
  offer: OfferRow;
  distributor: OrganizationRow;
  availableNow: number;
  incoming: IncomingSlice[];
  canFulfil: boolean;
  /** Whether the quantity meets the offer's minimum order and pack size. */
  orderable: boolean;
  shipDate: string | null;
  deliveryOption: DeliveryOptionRow | null;
  deliveryDate: string | null;
  unitPrice: Money | null;
  total: Money | null;
}

export interface AvailabilityAnswer {
  index: number;
  quantity: number;
  product: ProductRow | null;
  options: SupplyOption[];
}

export interface AvailabilityQuery {
  lines: AvailabilityLine[];
  /** Only these distributors; all when absent. */
  distributorIds?: number[] | null;
  deliveryKind?: DeliveryOptionRow['kind'] | null;
}

function badLine(index: number, message: string): GraphQLError {
  return new GraphQLError(`requests[${index}]: ${message}`, {
    extensions: { code: 'BAD_USER_INPUT', argument: 'requests', index },
  });
}

export function checkLines(lines: AvailabilityLine[], distributorIds?: number[] | null) {
  if (distributorIds && distributorIds.length > MAX_FILTER_VALUES) {
    throw new GraphQLError(`distributorIds takes at most ${MAX_FILTER_VALUES} ids`, {
      extensions: { code: 'LIMIT_EXCEEDED', argument: 'distributorIds', limit: MAX_FILTER_VALUES },
    });
  }
  if (lines.length > MAX_AVAILABILITY_LINES) {
    throw new GraphQLError(
      `availability takes at most ${MAX_AVAILABILITY_LINES} request lines, got ${lines.length}`,
      {
        extensions: { code: 'LIMIT_EXCEEDED', argument: 'requests', limit: MAX_AVAILABILITY_LINES },
      },
    );
  }
  lines.forEach((line, i) => {
    const given = [line.gtin, line.productId, line.offerId].filter((v) => v != null).length;
    if (given !== 1) throw badLine(i, 'give exactly one of gtin, productId and offerId');
    if (!Number.isInteger(line.quantity) || line.quantity < 1) {
      throw badLine(i, `quantity must be at least 1, got ${line.quantity}`);
    }
    if (line.gtin != null && normalizeGtin(line.gtin) === null) {
      throw badLine(i, `${quote(line.gtin)} is not a GTIN with a valid check digit`);
    }
  });
}

/** The product a line names and the offers it may be served from. */
async function resolveLine(ctx: Context, line: AvailabilityLine) {
  if (line.offerId != null) {
    const offer = await loadOffer(ctx, line.offerId);
    const product = offer && (await ctx.loaders.product.load(offer.productId));
    return { product: product ?? null, offers: offer ? [offer] : [] };
  }

  const product =
    line.gtin != null
      ? await ctx.loaders.productByGtin.load(normalizeGtin(line.gtin)!)
      : await loadProduct(ctx, line.productId!);
  if (!product) return { product: null, offers: [] };

  const offers = (await ctx.loaders.offersByProduct.load(product.id)).filter((o) =>
    canSeeCatalogOf(ctx.viewer, o.distributorId),
  );
  // A distributor learns nothing of a product it does not carry, not even that it exists.
  const hidden = ctx.viewer.role === 'DISTRIBUTOR' && offers.length === 0;

  return { product: hidden ? null : product, offers };
}

/** Unclaimed incoming goods, earliest first, as much of them as covers `shortfall`. */
export function coverShortfall(shipments: IncomingShipmentRow[], shortfall: number) {
  const slices: IncomingSlice[] = [];
  let rest = shortfall;
  for (const shipment of shipments) {
    if (rest <= 0) break;
    if (shipment.unallocated <= 0) continue;
    const quantity = Math.min(shipment.unallocated, rest);
    slices.push({ quantity, eta: shipment.eta });
    rest -= quantity;
  }

  return { slices, covered: rest <= 0 };
}

const compareNullable = <T>(a: T | null, b: T | null, compare: (a: T, b: T) => number) =>
  a === null ? (b === null ? 0 : 1) : b === null ? -1 : compare(a, b);

interface Ranked {
  option: SupplyOption;
  total: Decimal | null;
}

/** Best first: those that can fulfil, then the earliest ship date, then the lowest total. */
function compareOptions({ option: a, total: x }: Ranked, { option: b, total: y }: Ranked): number {
  return (
    Number(b.canFulfil) - Number(a.canFulfil) ||
    compareNullable(a.shipDate, b.shipDate, (p, q) => (p < q ? -1 : p > q ? 1 : 0)) ||
    compareNullable(x, y, (p, q) => p.cmp(q)) ||
    a.offer.id - b.offer.id
  );
}

/** What answering needs to know about one offer, loaded for all offers of a request at once. */
interface OfferFacts {
  distributor: OrganizationRow;
  /** The delivery options considered: the store's terms' (or all), of the kind asked for. */
  options: DeliveryOptionRow[];
  /** Free units per warehouse. */
  freeAt: Map<number, number>;
  shipments: IncomingShipmentRow[];
  prices: PriceRow[];
  /** The store's price type with this distributor; null without terms. */
  priceType: PriceTypeRow | null;
}

async function loadFacts(
  ctx: Context,
  offers: OfferRow[],
  deliveryKind: AvailabilityQuery['deliveryKind'],
): Promise<Map<number, OfferFacts>> {
  const { loaders } = ctx;
  const distributorIds = [...new Set(offers.map((offer) => offer.distributorId))];
  const offerIds = offers.map((offer) => offer.id);

  const [distributors, terms, allOptions, stock, shipments, prices] = await Promise.all([
    loaders.organization.loadMany(distributorIds),
    loaders.termsWithDistributor.loadMany(distributorIds),
    loaders.deliveryOptionsByDistributor.loadMany(distributorIds),
    loaders.stockByOffer.loadMany(offerIds),
    loaders.incomingByOffer.loadMany(offerIds),
    ctx.viewer.role === 'STORE' ? loaders.pricesByOffer.loadMany(offerIds) : [],
  ]);
  const termsOf = new Map(distributorIds.map((id, i) => [id, settled(terms[i])]));
  const priceTypeIds = [...termsOf.values()].flatMap((t) => (t ? [t.priceTypeId] : []));
  const priceTypes = new Map(
    (await loaders.priceType.loadMany(priceTypeIds)).map((p, i) => [priceTypeIds[i]!, settled(p)]),
  );

  const byDistributor = new Map(
    distributorIds.map((id, i) => {
      const granted = termsOf.get(id)?.deliveryOptionIds ?? [];
      const options = settled(allOptions[i])!.filter(
        (o) =>
          (granted.length === 0 || granted.includes(o.id)) &&
          (!deliveryKind || o.kind === deliveryKind),
      );
      const priceTypeId = termsOf.get(id)?.priceTypeId;

      return [
        id,
        {
          distributor: settled(distributors[i])!,
          options,
          priceType: priceTypes.get(priceTypeId!) ?? null,
        },
      ];
    }),
  );

  return new Map(
    offers.map((offer, i) => {
      const freeAt = new Map(settled(stock[i])!.map((l) => [l.warehouseId, sumAvailable([l])]));
      return [
        offer.id,
        {
          ...byDistributor.get(offer.distributorId)!,
          freeAt,
          shipments: settled(shipments[i])!,
          prices: settled(prices[i]) ?? [],
        },
      ];
    }),
  );
}

/** A DataLoader `loadMany` result, with a failed key rethrown. */
function settled<T>(value: T | Error | undefined): T | undefined {
  if (value instanceof Error) throw value;
  return value;
}

/**
 * Answers, for each line of a customer order, which distributors can supply it, how much now
 * and how much more by when, on which day the whole quantity can ship, and at what price.
 */
export async function availability(
  ctx: Context,
  query: AvailabilityQuery,
): Promise<AvailabilityAnswer[]> {
  checkLines(query.lines, query.distributorIds);
  const now = ctx.clock();
  const wanted = query.distributorIds && new Set(query.distributorIds);

  const resolved = await Promise.all(query.lines.map((line) => resolveLine(ctx, line)));
  const candidates = resolved.map(({ offers }) =>
    offers.filter((o) => o.active && (!wanted || wanted.has(o.distributorId))),
  );
  const uniqueOffers = [...new Map(candidates.flat().map((o) => [o.id, o])).values()];
  const facts = await loadFacts(ctx, uniqueOffers, query.deliveryKind);

  /** Ship and delivery dates per delivery option and day the goods are ready. */
  const schedules = new Map<string, { shipDate: string; deliveryDate: string }>();
  const datesFor = (option: DeliveryOptionRow, timeZone: string, ready: string | undefined) => {
    const key = `${option.id}:${ready ?? ''}`;
    let dates = schedules.get(key);
    if (!dates) {
      const shipDate = earliestShipDate(
        { timeZone, cutoff: option.cutoff, weekdays: option.weekdays },
        now,
        ready,
      );
      dates = { shipDate, deliveryDate: addDays(shipDate, option.leadDays) };
      schedules.set(key, dates);
    }

    return dates;
  };

  /** Stock and incoming goods at one warehouse, or at all of them, for `quantity`. */
  const coverAt = (facts: OfferFacts, quantity: number, warehouseIds: Set<number> | null) => {
    const at = (id: number) => !warehouseIds || warehouseIds.has(id);
    const availableNow = sumAvailable(
      [...facts.freeAt].filter(([id]) => at(id)).map(([, free]) => ({ onHand: free, reserved: 0 })),
    );
    const shipments = facts.shipments.filter((s) => at(s.warehouseId));

    return { availableNow, ...coverShortfall(shipments, quantity - availableNow) };
  };

  /**
   * One distributor's answer: each delivery option ships from its own warehouse, so it serves
   * the line when that warehouse's stock and incoming goods cover it; the earliest one wins.
   */
  const supplyOption = (offer: OfferRow, quantity: number): Ranked | null => {
    const offerFacts = facts.get(offer.id)!;
    const { distributor, options, prices, priceType } = offerFacts;
    // A distributor without the kind of delivery asked for cannot serve the line at all.
    if (query.deliveryKind && options.length === 0) return null;

    let best: {
      option: DeliveryOptionRow;
      shipDate: string;
      deliveryDate: string;
      cover: ReturnType<typeof coverAt>;
    } | null = null;
    for (const option of options) {
      const cover = coverAt(offerFacts, quantity, new Set([option.warehouseId]));
      if (!cover.covered) continue;
      const dates = datesFor(option, distributor.timeZone!, cover.slices.at(-1)?.eta);
      if (!best || dates.shipDate < best.shipDate) best = { option, ...dates, cover };
    }
    // Served by no option: what the warehouses of its options hold, and all of them if none.
    const shipping = options.length > 0 ? new Set(options.map((o) => o.warehouseId)) : null;
    const cover = best?.cover ?? coverAt(offerFacts, quantity, shipping);
    const price = priceType && priceForQuantity(prices, priceType.id, quantity);
    const total = price ? new Decimal(price.amount).times(quantity) : null;

    return {
      total,
      option: {
        offer,
        distributor,
        availableNow: cover.availableNow,
        incoming: cover.slices,
        canFulfil: best !== null,
        orderable: quantity >= offer.minOrderQuantity && quantity % offer.packSize === 0,
        shipDate: best?.shipDate ?? null,
        deliveryOption: best?.option ?? null,
        deliveryDate: best?.deliveryDate ?? null,
        unitPrice: price && toMoney(price.amount, priceType.currency),
        total: total && toMoney(total, priceType!.currency),
      },
    };
  };

  return query.lines.map((line, index) => {
    const ranked = candidates[index]!.flatMap((offer) => supplyOption(offer, line.quantity) ?? []);
    const options = ranked.sort(compareOptions).map((r) => r.option);

    return { index, quantity: line.quantity, product: resolved[index]!.product, options };
  });
}
