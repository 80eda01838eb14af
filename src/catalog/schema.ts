import { canManageDistributor, canSeeCatalogOf } from '../auth/viewer.js';
import type { Context } from '../context.js';
import { loadDistributor, nodeId } from '../organizations/schema.js';
import { storeUnitPrice } from '../pricing/store-price.js';
import { builder } from '../schema/builder.js';
import { connectionType, pageArgs, pageComplexity } from '../schema/connections.js';
import { localId } from '../schema/ids.js';
import { toPayload } from '../schema/mutation.js';
import { parsePage, toConnection } from '../schema/pagination.js';
import {
  DistributorRef,
  IncomingShipmentRef,
  MoneyRef,
  OfferRef,
  PriceRef,
  ProductRef,
  StockLevelRef,
} from '../schema/refs.js';
import { UserErrorType } from '../schema/user-errors.js';
import { checkFilter } from '../schema/validation.js';
import { normalizeGtin } from './gtin.js';
import { upsertOffers } from './service.js';
import type { ProductQuery } from './store.js';
import type { OfferRow, ProductRow } from './tables.js';

/** The offers of a product that the viewer may see. */
async function visibleOffers(ctx: Context, productId: number): Promise<OfferRow[]> {
  const offers = await ctx.loaders.offersByProduct.load(productId);
  return offers.filter((offer) => canSeeCatalogOf(ctx.viewer, offer.distributorId));
}

export async function loadProduct(ctx: Context, id: number): Promise<ProductRow | null> {
  const product = await ctx.loaders.product.load(id);
  if (!product || ctx.viewer.role !== 'DISTRIBUTOR') return product;

  return (await visibleOffers(ctx, id)).length > 0 ? product : null;
}

export async function loadOffer(ctx: Context, id: number): Promise<OfferRow | null> {
  const offer = await ctx.loaders.offer.load(id);
  return offer && canSeeCatalogOf(ctx.viewer, offer.distributorId) ? offer : null;
}

/** GraphQL's Int cannot go higher; a sum over many full warehouses stops there. */
const MAX_INT = 2_147_483_647;

/** Units free over these stock levels, never below zero or above GraphQL's Int. */
export function sumAvailable(levels: { onHand: number; reserved: number }[]): number {
  const sum = levels.reduce(
    (total, level) => total + Math.max(0, level.onHand - level.reserved),
    0,
  );
  return Math.min(sum, MAX_INT);
}

/** Units free to promise over all warehouses: on hand less reserved, never below zero. */
export async function availableOf(ctx: Context, offerId: number): Promise<number> {
  const levels = await ctx.loaders.stockByOffer.load(offerId);
  return sumAvailable(levels);
}

builder.node(ProductRef, {
  id: nodeId,
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => loadProduct(ctx, id))),
  fields: (t) => ({
    gtin: t.exposeString('gtin', { nullable: true }),
    brand: t.exposeString('brand', { nullable: true }),
    name: t.exposeString('name'),
    unit: t.exposeString('unit'),
    offers: t.field({
      type: [OfferRef],
      resolve: (product, _args, ctx) => visibleOffers(ctx, product.id),
    }),
  }),
});

builder.node(OfferRef, {
  id: nodeId,
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => loadOffer(ctx, id))),
  fields: (t) => ({
    sku: t.exposeString('sku'),
    product: t.field({
      type: ProductRef,
      resolve: async (offer, _args, ctx) => (await ctx.loaders.product.load(offer.productId))!,
    }),
    distributor: t.field({
      type: DistributorRef,
      resolve: async (offer, _args, ctx) => (await loadDistributor(ctx, offer.distributorId))!,
    }),
    packSize: t.exposeInt('packSize'),
    minOrderQuantity: t.exposeInt('minOrderQuantity'),
    vatRate: t.field({
      type: 'Decimal',
      description: '"20" means 20 %.',
      resolve: (offer) => offer.vatRate,
    }),
    active: t.exposeBoolean('active'),
    available: t.int({
      description: 'Over all warehouses: on hand less reserved, never below zero.',
      resolve: (offer, _args, ctx) => availableOf(ctx, offer.id),
    }),
    stock: t.field({
      type: [StockLevelRef],
      resolve: (offer, _args, ctx) => ctx.loaders.stockByOffer.load(offer.id),
    }),
    incoming: t.field({
      type: [IncomingShipmentRef],
      resolve: (offer, _args, ctx) => ctx.loaders.incomingByOffer.load(offer.id),
    }),
    price: t.field({
      type: MoneyRef,
      nullable: true,
      description:
        "The viewing store's unit price at the minimum order quantity; null without terms.",
      resolve: (offer, _args, ctx) => storeUnitPrice(ctx, offer, offer.minOrderQuantity),
    }),
    prices: t.field({
      type: [PriceRef],
      description: 'Every price type and volume break; the distributor itself and ADMIN only.',
      resolve: (offer, _args, ctx) =>
        canManageDistributor(ctx.viewer, offer.distributorId)
          ? ctx.loaders.pricesByOffer.load(offer.id)
          : [],
    }),
  }),
});

const ProductFilter = builder.inputType('ProductFilter', {
  fields: (t) => ({
    gtins: t.stringList(),
    search: t.string({ description: 'Part of the name or brand, any case.' }),
    distributorIds: t.idList(),
    inStock: t.boolean({ description: 'Only products with units available now.' }),
  }),
});

const OfferFilter = builder.inputType('OfferFilter', {
  fields: (t) => ({
    skus: t.stringList(),
    gtins: t.stringList(),
    search: t.string({ description: 'Part of the product name or brand, any case.' }),
    inStock: t.boolean({ description: 'Only offers with units available now.' }),
  }),
});

const normalizeGtins = (gtins: readonly string[] | null | undefined) =>
  gtins?.map((gtin) => normalizeGtin(gtin) ?? gtin);

const ProductConnection = connectionType(ProductRef, 'ProductConnection');
const OfferConnection = connectionType(OfferRef, 'OfferConnection');

builder.queryField('products', (t) =>
  t.field({
    type: ProductConnection,
    args: { filter: t.arg({ type: ProductFilter }), ...pageArgs(t.arg) },
    complexity: pageComplexity,
    resolve: async (_root, { filter, ...args }, ctx) => {
      checkFilter('filter', filter);
      const page = parsePage(args);
      const { viewer } = ctx;
      const requested = filter?.distributorIds?.map((id) => localId(id, 'Distributor') ?? 0);
      const query: ProductQuery = {
        gtins: normalizeGtins(filter?.gtins),
        search: filter?.search ?? undefined,
        inStock: filter?.inStock ?? undefined,
        distributorIds:
          viewer.role === 'DISTRIBUTOR'
            ? [viewer.organizationId].filter((id) => !requested || requested.includes(id))
            : requested,
      };
      const { catalog } = ctx.stores;

      return toConnection(await catalog.listProducts(query, page), page, () =>
        catalog.countProducts(query),
      );
    },
  }),
);

builder.objectField(DistributorRef, 'offers', (t) =>
  t.field({
    type: OfferConnection,
    args: { filter: t.arg({ type: OfferFilter }), ...pageArgs(t.arg) },
    complexity: pageComplexity,
    resolve: async (distributor, { filter, ...args }, ctx) => {
      checkFilter('filter', filter);
      const page = parsePage(args);
      const query = {
        distributorId: distributor.id,
        skus: filter?.skus ?? undefined,
        gtins: normalizeGtins(filter?.gtins),
        search: filter?.search ?? undefined,
        inStock: filter?.inStock ?? undefined,
      };
      const { catalog } = ctx.stores;

      return toConnection(await catalog.listOffers(query, page), page, () =>
        catalog.countOffers(query),
      );
    },
  }),
);

const PriceInput = builder.inputType('OfferPriceInput', {
  fields: (t) => ({
    priceTypeCode: t.string({ required: true }),
    amount: t.field({ type: 'Decimal', required: true }),
    minQuantity: t.int({ description: 'The volume break: from this quantity up. Default 1.' }),
  }),
});

const OfferItemInput = builder.inputType('UpsertOfferItemInput', {
  fields: (t) => ({
    sku: t.string({ required: true }),
    gtin: t.string(),
    name: t.string({ required: true }),
    brand: t.string(),
    unit: t.string({ description: 'Default "pcs" for a new product.' }),
    packSize: t.int({ description: 'Default 1 for a new offer; kept when omitted.' }),
    minOrderQuantity: t.int({ description: 'Default 1 for a new offer; kept when omitted.' }),
    vatRate: t.field({ type: 'Decimal', description: 'Percent; default "0" for a new offer.' }),
    prices: t.field({
      type: [PriceInput],
      description: 'Replaces the volume breaks of each price type named; others are kept.',
    }),
  }),
});

builder.relayMutationField(
  'upsertOffers',
  { inputFields: (t) => ({ items: t.field({ type: [OfferItemInput], required: true }) }) },
  {
    authScopes: { distributor: true },
    resolve: (_root, { input }, ctx) =>
      toPayload(ctx, () => upsertOffers(ctx, ctx.viewer.organizationId!, input)),
  },
  {
    outputFields: (t) => ({
      offers: t.field({ type: [OfferRef], nullable: true, resolve: (p) => p.offers }),
      userErrors: t.field({ type: [UserErrorType], resolve: (p) => p.userErrors }),
    }),
  },
);
