import { canSeeCatalogOf } from '../auth/viewer.js';
import type { Context } from '../context.js';
import { type Money, toMoney } from '../money/money.js';
import { MoneyInput } from '../money/schema.js';
import { loadDistributor, loadStore, nodeId } from '../organizations/schema.js';
import { builder } from '../schema/builder.js';
import { localId } from '../schema/ids.js';
import { toPayload } from '../schema/mutation.js';
import {
  DeliveryOptionRef,
  DistributorRef,
  MoneyRef,
  PriceTypeRef,
  StoreRef,
  StoreTermsRef,
  WarehouseRef,
} from '../schema/refs.js';
import { UserErrorType } from '../schema/user-errors.js';
import { connectStore, upsertDeliveryOption } from './service.js';
import type { DeliveryOptionRow } from './tables.js';

export const DeliveryKindEnum = builder.enumType('DeliveryKind', {
  values: ['PICKUP', 'COURIER', 'CARRIER', 'DROPSHIP'] as const,
});

async function loadDeliveryOption(ctx: Context, id: number) {
  const option = await ctx.loaders.deliveryOption.load(id);
  return option && canSeeCatalogOf(ctx.viewer, option.distributorId) ? option : null;
}

const amountOf = (option: DeliveryOptionRow, amount: string | null): Money | null =>
  amount === null ? null : toMoney(amount, option.currency!);

builder.node(DeliveryOptionRef, {
  id: nodeId,
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => loadDeliveryOption(ctx, id))),
  fields: (t) => ({
    kind: t.field({ type: DeliveryKindEnum, resolve: (option) => option.kind }),
    warehouse: t.field({
      type: WarehouseRef,
      resolve: async (option, _args, ctx) =>
        (await ctx.loaders.warehouse.load(option.warehouseId))!,
    }),
    cutoff: t.exposeString('cutoff', {
      description: '"16:00", local time: a register after it ships a shipping day later.',
    }),
    leadDays: t.exposeInt('leadDays', { description: 'Days from ship date to delivery.' }),
    weekdays: t.exposeIntList('weekdays', {
      description: 'ISO weekdays the warehouse ships on, 1 = Monday.',
    }),
    cost: t.field({ type: MoneyRef, nullable: true, resolve: (o) => amountOf(o, o.cost) }),
    freeFrom: t.field({ type: MoneyRef, nullable: true, resolve: (o) => amountOf(o, o.freeFrom) }),
    minOrder: t.field({ type: MoneyRef, nullable: true, resolve: (o) => amountOf(o, o.minOrder) }),
  }),
});

/** The options a store's terms grant; all of the distributor's when the terms name none. */
export async function grantedOptions(
  ctx: Context,
  distributorId: number,
  deliveryOptionIds: number[],
): Promise<DeliveryOptionRow[]> {
  const all = await ctx.loaders.deliveryOptionsByDistributor.load(distributorId);
  return deliveryOptionIds.length === 0 ? all : all.filter((o) => deliveryOptionIds.includes(o.id));
}

StoreTermsRef.implement({
  description: 'What a distributor grants a store: its price type and delivery options.',
  fields: (t) => ({
    store: t.field({
      type: StoreRef,
      resolve: async (terms, _args, ctx) => (await loadStore(ctx, terms.storeId))!,
    }),
    distributor: t.field({
      type: DistributorRef,
      resolve: async (terms, _args, ctx) => (await loadDistributor(ctx, terms.distributorId))!,
    }),
    priceType: t.field({
      type: PriceTypeRef,
      resolve: async (terms, _args, ctx) => (await ctx.loaders.priceType.load(terms.priceTypeId))!,
    }),
    deliveryOptions: t.field({
      type: [DeliveryOptionRef],
      resolve: (terms, _args, ctx) =>
        grantedOptions(ctx, terms.distributorId, terms.deliveryOptionIds),
    }),
  }),
});

builder.relayMutationField(
  'upsertDeliveryOption',
  {
    inputFields: (t) => ({
      kind: t.field({ type: DeliveryKindEnum, required: true }),
      warehouseCode: t.string({ required: true }),
      cutoff: t.string({ required: true, description: '"HH:MM" in your time zone.' }),
      leadDays: t.int({ required: true }),
      weekdays: t.intList({ required: true, description: 'ISO weekdays, 1 = Monday.' }),
      cost: t.field({ type: MoneyInput }),
      freeFrom: t.field({ type: MoneyInput }),
      minOrder: t.field({ type: MoneyInput }),
    }),
  },
  {
    authScopes: { distributor: true },
    resolve: (_root, { input }, ctx) =>
      toPayload(ctx, () => upsertDeliveryOption(ctx, ctx.viewer.organizationId!, input)),
  },
  {
    outputFields: (t) => ({
      deliveryOption: t.field({
        type: DeliveryOptionRef,
        nullable: true,
        resolve: (p) => p.deliveryOption,
      }),
      userErrors: t.field({ type: [UserErrorType], resolve: (p) => p.userErrors }),
    }),
  },
);

builder.relayMutationField(
  'connectStore',
  {
    inputFields: (t) => ({
      storeId: t.id({ required: true }),
      priceTypeCode: t.string({ required: true }),
      deliveryOptionIds: t.idList({
        description: 'Omitted: every option of yours, now and later.',
      }),
    }),
  },
  {
    authScopes: { distributor: true },
    resolve: (_root, { input: { storeId, deliveryOptionIds, ...rest } }, ctx) =>
      toPayload(ctx, () =>
        connectStore(ctx, ctx.viewer.organizationId!, localId(storeId, 'Store'), {
          ...rest,
          deliveryOptionIds: deliveryOptionIds?.map((id) => localId(id, 'DeliveryOption')),
        }),
      ),
  },
  {
    outputFields: (t) => ({
      storeTerms: t.field({ type: StoreTermsRef, nullable: true, resolve: (p) => p.storeTerms }),
      userErrors: t.field({ type: [UserErrorType], resolve: (p) => p.userErrors }),
    }),
  },
);
