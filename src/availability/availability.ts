import { Decimal } from 'decimal.js';
import { GraphQLError } from 'graphql';
import { canSeeCatalogOf } from '../auth/viewer.js';
import { normalizeGtin } from '../catalog/gtin.js';
import { availableOf, loadOffer, loadProduct } from '../catalog/schema.js';
import type { OfferRow, ProductRow } from '../catalog/tables.js';
import type { Context } from '../context.js';
import { grantedOptions } from '../delivery/schema.js';
import { addDays, earliestShipDate } from '../delivery/ship-date.js';
import type { DeliveryOptionRow } from '../delivery/tables.js';
import { type Money, toMoney } from '../money/money.js';
import type { OrganizationRow } from '../organizations/tables.js';
import { storeUnitPrice } from '../pricing/store-price.js';
import type { IncomingShipmentRow } from '../stock/tables.js';

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

export function checkLines(lines: AvailabilityLine[]) {
  if (lines.length > MAX_AVAILABILITY_LINES) {
    throw new GraphQLError(
      `availability takes at most ${MAX_AVAILABILITY_LINES} request lines, got ${lines.length}`,
      { extensions: { code: 'LIMIT_EXCEEDED', argument: 'requests', limit: MAX_AVAILABILITY_LINES } },
    );
  }
  lines.forEach((line, i) => {
    const given = [line.gtin, line.productId, line.offerId].filter((v) => v != null).length;
    if (given !== 1) throw badLine(i, 'give exactly one of gtin, productId and offerId');
    if (!Number.isInteger(line.quantity) || line.quantity < 1) {
      throw badLine(i, `quantity must be at least 1, got ${line.quantity}`);
    }
    if (line.gtin != null && normalizeGtin(line.gtin) === null) {
      throw badLine(i, `${JSON.stringify(line.gtin)} is not a GTIN with a valid check digit`);
    }
  });
}

/** The product a line names and the offers it may be served from. */
async function resolveLine(ctx: Context, line: AvailabilityLine) {
  if (line.offerId != null) {
    const offer = await loadOffer(ctx, line.offerId);
    const product = offer && (await ctx.loaders.product.load(offer.productId));
    return { product: product ?? null, offers: offer?.active ? [offer] : [] };
  }

  const product =
    line.gtin != null
      ? await ctx.loaders.productByGtin.load(normalizeGtin(line.gtin)!)
      : await loadProduct(ctx, line.productId!);
  if (!product) return { product: null, offers: [] };

  const offers = await ctx.loaders.offersByProduct.load(product.id);
  return { product, offers: offers.filter((o) => canSeeCatalogOf(ctx.viewer, o.distributorId)) };
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

/** Best first: those that can fulfil, then the earliest ship date, then the lowest total. */
function compareOptions(a: SupplyOption, b: SupplyOption): number {
  return (
    Number(b.canFulfil) - Number(a.canFulfil) ||
    compareNullable(a.shipDate, b.shipDate, (x, y) => x.localeCompare(y)) ||
    compareNullable(a.total, b.total, (x, y) => new Decimal(x.amount).cmp(y.amount)) ||
    a.offer.id - b.offer.id
  );
}

/**
 * Answers, for each line of a customer order, which distributors can supply it, how much now
 * and how much more by when, on which day the whole quantity can ship, and at what price.
 */
export async function availability(
  ctx: Context,
  query: AvailabilityQuery,
): Promise<AvailabilityAnswer[]> {
  checkLines(query.lines);
  const now = ctx.clock();
  const shipDates = new Map<string, string>();

  /** The delivery options of the store's terms (or all), narrowed to the kind asked for. */
  const consideredOptions = async (distributorId: number) => {
    const terms = await ctx.loaders.termsWithDistributor.load(distributorId);
    const options = await grantedOptions(ctx, distributorId, terms?.deliveryOptionIds ?? []);

    return options.filter((option) => !query.deliveryKind || option.kind === query.deliveryKind);
  };

  /** The earliest ship date over the options, memoized per option and ready day. */
  const earliestShipment = (
    options: DeliveryOptionRow[],
    distributor: OrganizationRow,
    ready?: string,
  ) => {
    let best: { option: DeliveryOptionRow; shipDate: string } | null = null;
    for (const option of options) {
      const key = `${option.id}:${ready ?? ''}`;
      let shipDate = shipDates.get(key);
      if (shipDate === undefined) {
        const schedule = { timeZone: distributor.timeZone!, cutoff: option.cutoff, weekdays: option.weekdays };
        shipDate = earliestShipDate(schedule, now, ready);
        shipDates.set(key, shipDate);
      }
      if (!best || shipDate < best.shipDate) best = { option, shipDate };
    }

    return best;
  };

  const supplyOption = async (offer: OfferRow, quantity: number): Promise<SupplyOption | null> => {
    const [distributor, options, availableNow, shipments, unitPrice] = await Promise.all([
      ctx.loaders.organization.load(offer.distributorId),
      consideredOptions(offer.distributorId),
      availableOf(ctx, offer.id),
      ctx.loaders.incomingByOffer.load(offer.id),
      storeUnitPrice(ctx, offer, quantity),
    ]);
    // A distributor without the kind of delivery asked for cannot serve the line at all.
    if (query.deliveryKind && options.length === 0) return null;

    const { slices, covered } = coverShortfall(shipments, quantity - availableNow);
    const ready = slices.at(-1)?.eta;
    const shipment = covered ? earliestShipment(options, distributor!, ready) : null;

    return {
      offer,
      distributor: distributor!,
      availableNow,
      incoming: slices,
      canFulfil: covered,
      shipDate: shipment?.shipDate ?? null,
      deliveryOption: shipment?.option ?? null,
      deliveryDate: shipment ? addDays(shipment.shipDate, shipment.option.leadDays) : null,
      unitPrice,
      total: unitPrice && toMoney(new Decimal(unitPrice.amount).times(quantity), unitPrice.currency),
    };
  };

  const distributorIds = query.distributorIds && new Set(query.distributorIds);

  return Promise.all(
    query.lines.map(async (line, index) => {
      const { product, offers } = await resolveLine(ctx, line);
      const candidates = offers.filter((o) => !distributorIds || distributorIds.has(o.distributorId));
      const options = await Promise.all(candidates.map((offer) => supplyOption(offer, line.quantity)));
      const served = options.filter((option) => option !== null);

      return { index, quantity: line.quantity, product, options: served.sort(compareOptions) };
    }),
  );
}
