import { canManageDistributor } from '../auth/viewer.js';
import type { Context } from '../context.js';
import { toMoney } from '../money/money.js';
import { nodeId } from '../organizations/schema.js';
import { builder } from '../schema/builder.js';
import { toPayload } from '../schema/mutation.js';
import { MoneyRef, PriceRef, PriceTypeRef } from '../schema/refs.js';
import { UserErrorType } from '../schema/user-errors.js';
import { upsertPriceType } from './service.js';

/** A price type is the distributor's own; a store sees only the one its terms name. */
async function loadPriceType(ctx: Context, id: number) {
  const priceType = await ctx.loaders.priceType.load(id);
  if (!priceType || canManageDistributor(ctx.viewer, priceType.distributorId)) return priceType;

  const terms = await ctx.loaders.termsWithDistributor.load(priceType.distributorId);
  return terms?.priceTypeId === id ? priceType : null;
}

builder.node(PriceTypeRef, {
  id: nodeId,
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => loadPriceType(ctx, id))),
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    currency: t.exposeString('currency', { description: 'ISO 4217 code.' }),
  }),
});

PriceRef.implement({
  description: 'One volume break of a price type for an offer.',
  fields: (t) => ({
    priceType: t.field({
      type: PriceTypeRef,
      resolve: async (price, _args, ctx) => (await ctx.loaders.priceType.load(price.priceTypeId))!,
    }),
    amount: t.field({
      type: MoneyRef,
      resolve: async (price, _args, ctx) => {
        const priceType = (await ctx.loaders.priceType.load(price.priceTypeId))!;
        return toMoney(price.amount, priceType.currency);
      },
    }),
    minQuantity: t.exposeInt('minQuantity', { description: 'The price applies from here up.' }),
  }),
});

builder.relayMutationField(
  'upsertPriceType',
  {
    inputFields: (t) => ({
      code: t.string({ required: true, description: 'Unique among your price types.' }),
      name: t.string({ required: true }),
      currency: t.string({ required: true, description: 'ISO 4217 code, e.g. "RUB".' }),
    }),
  },
  {
    authScopes: { distributor: true },
    resolve: (_root, { input }, ctx) =>
      toPayload(ctx, () => upsertPriceType(ctx, ctx.viewer.organizationId!, input)),
  },
  {
    outputFields: (t) => ({
      priceType: t.field({ type: PriceTypeRef, nullable: true, resolve: (p) => p.priceType }),
      userErrors: t.field({ type: [UserErrorType], resolve: (p) => p.userErrors }),
    }),
  },
);
