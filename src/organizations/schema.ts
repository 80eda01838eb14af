import type { Viewer } from '../auth/viewer.js';
import { canManageDistributor } from '../auth/viewer.js';
import type { Context } from '../context.js';
import { builder } from '../schema/builder.js';
import { parseLocalId } from '../schema/ids.js';
import { connectionType, pageArgs, pageComplexity } from '../schema/connections.js';
import { toPayload } from '../schema/mutation.js';
import { parsePage, toConnection } from '../schema/pagination.js';
import {
  DeliveryOptionRef,
  DistributorRef,
  PriceTypeRef,
  StoreRef,
  StoreTermsRef,
  WarehouseRef,
} from '../schema/refs.js';
import { UserErrorType } from '../schema/user-errors.js';
import { createDistributor, createStore } from './service.js';
import type { OrganizationRow } from './tables.js';

export const RoleEnum = builder.enumType('Role', { values: ['STORE', 'DISTRIBUTOR', 'ADMIN'] });

export const OrganizationInterface = builder
  .interfaceRef<OrganizationRow>('Organization')
  .implement({
    fields: (t) => ({
      id: t.globalID({
        resolve: (org) => ({ id: org.id, type: org.kind === 'store' ? StoreRef : DistributorRef }),
      }),
      name: t.exposeString('name'),
    }),
    resolveType: (org) => (org.kind === 'store' ? 'Store' : 'Distributor'),
  });

/** Whether the viewer may see this distributor: stores and admins see all, a distributor itself. */
function isDistributorVisible(viewer: Viewer, distributor: OrganizationRow) {
  return viewer.role !== 'DISTRIBUTOR' || viewer.organizationId === distributor.id;
}

/** Whether the viewer may see this store: itself, admins, and distributors that grant it terms. */
async function isStoreVisible(ctx: Context, store: OrganizationRow) {
  const { viewer } = ctx;
  if (viewer.role === 'ADMIN' || viewer.organizationId === store.id) return true;
  if (viewer.role !== 'DISTRIBUTOR') return false;

  return (await ctx.loaders.termsWithStore.load(store.id)) !== null;
}

export async function loadDistributor(ctx: Context, id: number) {
  const org = await ctx.loaders.organization.load(id);
  return org?.kind === 'distributor' && isDistributorVisible(ctx.viewer, org) ? org : null;
}

export async function loadStore(ctx: Context, id: number) {
  const org = await ctx.loaders.organization.load(id);
  return org?.kind === 'store' && (await isStoreVisible(ctx, org)) ? org : null;
}

/** How a node's global id maps to its row id; a malformed one matches no row. */
export const nodeId = {
  resolve: (row: { id: number }) => row.id,
  parse: (id: string) => parseLocalId(id) ?? 0,
};

builder.node(DistributorRef, {
  interfaces: [OrganizationInterface],
  id: nodeId,
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => loadDistributor(ctx, id))),
  fields: (t) => ({
    name: t.exposeString('name'),
    timeZone: t.string({
      description: 'IANA zone, e.g. "Europe/Moscow"; ship dates and cutoffs are in it.',
      resolve: (d) => d.timeZone!,
    }),
    warehouses: t.field({
      type: [WarehouseRef],
      resolve: (d, _args, ctx) => ctx.loaders.warehousesByDistributor.load(d.id),
    }),
    deliveryOptions: t.field({
      type: [DeliveryOptionRef],
      resolve: (d, _args, ctx) => ctx.loaders.deliveryOptionsByDistributor.load(d.id),
    }),
    priceTypes: t.field({
      type: [PriceTypeRef],
      description: 'Only for the distributor itself and ADMIN; empty for anyone else.',
      resolve: (d, _args, ctx) =>
        canManageDistributor(ctx.viewer, d.id)
          ? ctx.loaders.priceTypesByDistributor.load(d.id)
          : [],
    }),
    terms: t.field({
      type: StoreTermsRef,
      nullable: true,
      description: 'For a STORE viewer: its agreement with this distributor, or null.',
      resolve: (d, _args, ctx) => ctx.loaders.termsWithDistributor.load(d.id),
    }),
  }),
});

builder.node(StoreRef, {
  interfaces: [OrganizationInterface],
  id: nodeId,
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => loadStore(ctx, id))),
  fields: (t) => ({ name: t.exposeString('name') }),
});

const ViewerType = builder.objectRef<Viewer>('Viewer').implement({
  fields: (t) => ({
    role: t.field({ type: RoleEnum, resolve: (v) => v.role }),
    organization: t.field({
      type: OrganizationInterface,
      nullable: true,
      description: 'Null for ADMIN.',
      resolve: (v, _args, ctx) =>
        v.organizationId === null ? null : ctx.loaders.organization.load(v.organizationId),
    }),
  }),
});

const DistributorConnection = connectionType(DistributorRef, 'DistributorConnection');

builder.queryFields((t) => ({
  viewer: t.field({ type: ViewerType, resolve: (_root, _args, ctx) => ctx.viewer }),
  distributors: t.field({
    type: DistributorConnection,
    args: pageArgs(t.arg),
    complexity: pageComplexity,
    resolve: async (_root, args, ctx) => {
      const page = parsePage(args);
      const { organizations } = ctx.stores;
      const only = ctx.viewer.role === 'DISTRIBUTOR' ? [ctx.viewer.organizationId] : undefined;
      const rows = await organizations.list('distributor', page, only);

      return toConnection(rows, page, () => organizations.count('distributor', only));
    },
  }),
}));

builder.relayMutationField(
  'createDistributor',
  {
    inputFields: (t) => ({
      name: t.string({ required: true }),
      timeZone: t.string({ required: true, description: 'IANA zone, e.g. "Europe/Moscow".' }),
    }),
  },
  {
    authScopes: { admin: true },
    resolve: (_root, { input }, ctx) => toPayload(ctx, () => createDistributor(ctx, input)),
  },
  {
    outputFields: (t) => ({
      distributor: t.field({ type: DistributorRef, nullable: true, resolve: (p) => p.distributor }),
      userErrors: t.field({ type: [UserErrorType], resolve: (p) => p.userErrors }),
    }),
  },
);

builder.relayMutationField(
  'createStore',
  { inputFields: (t) => ({ name: t.string({ required: true }) }) },
  {
    authScopes: { admin: true },
    resolve: (_root, { input }, ctx) => toPayload(ctx, () => createStore(ctx, input)),
  },
  {
    outputFields: (t) => ({
      store: t.field({ type: StoreRef, nullable: true, resolve: (p) => p.store }),
      userErrors: t.field({ type: [UserErrorType], resolve: (p) => p.userErrors }),
    }),
  },
);
