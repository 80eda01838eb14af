import { canSeeCatalogOf } from '../auth/viewer.js';
import type { Context } from '../context.js';
import { nodeId } from '../organizations/schema.js';
import { builder } from '../schema/builder.js';
import { localId } from '../schema/ids.js';
import { toPayload } from '../schema/mutation.js';
import { IncomingShipmentRef, StockLevelRef, WarehouseRef } from '../schema/refs.js';
import { UserErrorType } from '../schema/user-errors.js';
import { addIncoming, createWarehouse, setStock, updateIncoming } from './service.js';

export async function loadWarehouse(ctx: Context, id: number) {
  const warehouse = await ctx.loaders.warehouse.load(id);
  return warehouse && canSeeCatalogOf(ctx.viewer, warehouse.distributorId) ? warehouse : null;
}

async function loadIncoming(ctx: Context, id: number) {
  const shipment = await ctx.loaders.incoming.load(id);
  const offer = shipment && (await ctx.loaders.offer.load(shipment.offerId));

  return offer && canSeeCatalogOf(ctx.viewer, offer.distributorId) ? shipment : null;
}

const warehouseOf = async (ctx: Context, id: number) => (await ctx.loaders.warehouse.load(id))!;

builder.node(WarehouseRef, {
  id: nodeId,
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => loadWarehouse(ctx, id))),
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    city: t.exposeString('city', { nullable: true }),
  }),
});

StockLevelRef.implement({
  fields: (t) => ({
    warehouse: t.field({
      type: WarehouseRef,
      resolve: (level, _args, ctx) => warehouseOf(ctx, level.warehouseId),
    }),
    onHand: t.exposeInt('onHand'),
    reserved: t.exposeInt('reserved'),
    available: t.int({ resolve: (level) => Math.max(0, level.onHand - level.reserved) }),
    updatedAt: t.field({ type: 'DateTime', resolve: (level) => level.updatedAt }),
  }),
});

builder.node(IncomingShipmentRef, {
  id: nodeId,
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => loadIncoming(ctx, id))),
  fields: (t) => ({
    warehouse: t.field({
      type: WarehouseRef,
      resolve: (shipment, _args, ctx) => warehouseOf(ctx, shipment.warehouseId),
    }),
    quantity: t.exposeInt('quantity'),
    unallocated: t.exposeInt('unallocated', { description: 'What no order has claimed yet.' }),
    eta: t.field({ type: 'Date', resolve: (shipment) => shipment.eta }),
    reference: t.exposeString('reference', { nullable: true }),
  }),
});

const StockMode = builder.enumType('StockMode', {
  values: {
    MERGE: { description: 'Set the SKUs listed; leave the others as they are.' },
    REPLACE: { description: 'Set the SKUs listed and every other SKU of the warehouse to 0.' },
  },
});

const StockItemInput = builder.inputType('StockItemInput', {
  fields: (t) => ({
    sku: t.string({ required: true }),
    onHand: t.int({ required: true }),
  }),
});

const distributorOnly = { distributor: true } as const;
const viewerDistributor = (ctx: Context) => ctx.viewer.organizationId!;

builder.relayMutationField(
  'createWarehouse',
  {
    inputFields: (t) => ({
      code: t.string({ required: true, description: 'Unique among your warehouses.' }),
      name: t.string({ required: true }),
      city: t.string(),
    }),
  },
  {
    authScopes: distributorOnly,
    resolve: (_root, { input }, ctx) =>
      toPayload(ctx, () => createWarehouse(ctx, viewerDistributor(ctx), input)),
  },
  {
    outputFields: (t) => ({
      warehouse: t.field({ type: WarehouseRef, nullable: true, resolve: (p) => p.warehouse }),
      userErrors: t.field({ type: [UserErrorType], resolve: (p) => p.userErrors }),
    }),
  },
);

builder.relayMutationField(
  'setStock',
  {
    inputFields: (t) => ({
      warehouseCode: t.string({ required: true }),
      items: t.field({ type: [StockItemInput], required: true, description: 'At most 10,000.' }),
      mode: t.field({ type: StockMode, description: 'Default MERGE.' }),
    }),
  },
  {
    authScopes: distributorOnly,
    resolve: (_root, { input }, ctx) =>
      toPayload(ctx, () => setStock(ctx, viewerDistributor(ctx), input)),
  },
  {
    outputFields: (t) => ({
      stockLevels: t.field({
        type: [StockLevelRef],
        nullable: true,
        description: 'Every level the call changed.',
        resolve: (p) => p.stockLevels,
      }),
      userErrors: t.field({ type: [UserErrorType], resolve: (p) => p.userErrors }),
    }),
  },
);

const incomingPayload = {
  outputFields: (t: PothosSchemaTypes.ObjectFieldBuilder<any, any>) => ({
    incomingShipment: t.field({
      type: IncomingShipmentRef,
      nullable: true,
      resolve: (p: { incomingShipment?: unknown }) => p.incomingShipment,
    }),
    userErrors: t.field({
      type: [UserErrorType],
      resolve: (p: { userErrors: unknown }) => p.userErrors,
    }),
  }),
};

builder.relayMutationField(
  'addIncoming',
  {
    inputFields: (t) => ({
      warehouseCode: t.string({ required: true }),
      sku: t.string({ required: true }),
      quantity: t.int({ required: true }),
      eta: t.field({ type: 'Date', required: true }),
      reference: t.string({ description: "The ERP's document, e.g. a purchase order number." }),
    }),
  },
  {
    authScopes: distributorOnly,
    resolve: (_root, { input }, ctx) =>
      toPayload(ctx, () => addIncoming(ctx, viewerDistributor(ctx), input)),
  },
  incomingPayload,
);

builder.relayMutationField(
  'updateIncoming',
  {
    inputFields: (t) => ({
      id: t.id({ required: true }),
      quantity: t.int(),
      eta: t.field({ type: 'Date' }),
    }),
  },
  {
    authScopes: distributorOnly,
    resolve: (_root, { input: { id, ...changes } }, ctx) =>
      toPayload(ctx, () =>
        updateIncoming(ctx, viewerDistributor(ctx), localId(id, 'IncomingShipment'), changes),
      ),
  },
  incomingPayload,
);
