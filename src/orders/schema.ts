import type { Viewer } from '../auth/viewer.js';
import type { Context } from '../context.js';
import { toMoney } from '../money/money.js';
import { loadDistributor, loadStore, nodeId } from '../organizations/schema.js';
import { encodeEventCursor } from '../events/cursor.js';
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
  OrderEventRef,
  OrderLineRef,
  OrderRef,
  StoreRef,
} from '../schema/refs.js';
import { UserErrorType } from '../schema/user-errors.js';
import { checkFilter } from '../schema/validation.js';
import { receiveIncoming } from '../stock/service.js';
import { cancelOrder } from './cancel.js';
import { placeOrder } from './place.js';
import type { OrderQuery } from './store.js';
import { orderLineStatus, type OrderRow, orderStatus } from './tables.js';

export const OrderStatusEnum = builder.enumType('OrderStatus', { values: orderStatus.enumValues });
const OrderLineStatusEnum = builder.enumType('OrderLineStatus', {
  values: orderLineStatus.enumValues,
});

/** Whether the viewer is a party to an order or register: its store, its distributor, or ADMIN. */
export function canSeeOrder(
  viewer: Viewer,
  order: Pick<OrderRow, 'storeId' | 'distributorId'>,
): boolean {
  return (
    viewer.role === 'ADMIN' ||
    viewer.organizationId === order.storeId ||
    viewer.organizationId === order.distributorId
  );
}

export async function loadOrder(ctx: Context, id: number) {
  const order = await ctx.loaders.order.load(id);
  return order && canSeeOrder(ctx.viewer, order) ? order : null;
}

builder.node(OrderRef, {
  id: nodeId,
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => loadOrder(ctx, id))),
  fields: (t) => ({
    externalRef: t.exposeString('externalRef', { description: "The store's own order number." }),
    store: t.field({
      type: StoreRef,
      resolve: async (order, _args, ctx) => (await loadStore(ctx, order.storeId))!,
    }),
    distributor: t.field({
      type: DistributorRef,
      resolve: async (order, _args, ctx) => (await loadDistributor(ctx, order.distributorId))!,
    }),
    status: t.field({ type: OrderStatusEnum, resolve: (order) => order.status }),
    lines: t.field({
      type: [OrderLineRef],
      resolve: (order, _args, ctx) => ctx.loaders.linesByOrder.load(order.id),
    }),
    eta: t.field({
      type: 'Date',
      nullable: true,
      description:
        'When the last missing goods arrive; null when nothing is awaited or it is unknown.',
      resolve: (order) => order.eta,
    }),
    holdUntil: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'Unless a register takes it before then, the order expires and lets its goods go.',
      resolve: (order) => order.holdUntil,
    }),
    total: t.field({ type: MoneyRef, resolve: (order) => toMoney(order.total, order.currency) }),
    createdAt: t.field({ type: 'DateTime', resolve: (order) => order.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (order) => order.updatedAt }),
    history: t.field({
      type: [OrderEventRef],
      description: 'Every status change, oldest first.',
      resolve: (order, _args, ctx) => ctx.loaders.eventsByOrder.load(order.id),
    }),
  }),
});

OrderLineRef.implement({
  fields: (t) => ({
    offer: t.field({
      type: OfferRef,
      resolve: async (line, _args, ctx) => (await ctx.loaders.offer.load(line.offerId))!,
    }),
    quantity: t.exposeInt('quantity'),
    reserved: t.int({
      description: 'Units held for the line in warehouse stock.',
      resolve: async (line, _args, ctx) => (await ctx.loaders.lineHoldings.load(line.id)).held,
    }),
    inTransit: t.int({
      description: 'Units claimed for the line from incoming shipments.',
      resolve: async (line, _args, ctx) => (await ctx.loaders.lineHoldings.load(line.id)).claimed,
    }),
    eta: t.field({ type: 'Date', nullable: true, resolve: (line) => line.eta }),
    status: t.field({ type: OrderLineStatusEnum, resolve: (line) => line.status }),
    unitPrice: t.field({
      type: MoneyRef,
      description: 'Captured when the order was placed.',
      resolve: async (line, _args, ctx) => {
        const order = (await ctx.loaders.order.load(line.orderId))!;
        return toMoney(line.unitPrice, order.currency);
      },
    }),
  }),
});

OrderEventRef.implement({
  fields: (t) => ({
    cursor: t.string({
      description: 'Its place among all events; pass it as `after` to resume from here.',
      resolve: (event) => encodeEventCursor(event.position),
    }),
    order: t.field({
      type: OrderRef,
      // At once when the feed loaded it: a subscription's result is then ready without a tick.
      resolve: (event, _args, ctx) =>
        (event as { order?: OrderRow }).order ??
        ctx.loaders.order.load(event.orderId).then((order) => order!),
    }),
    status: t.field({ type: OrderStatusEnum, resolve: (event) => event.status }),
    previousStatus: t.field({
      type: OrderStatusEnum,
      nullable: true,
      resolve: (event) => event.previousStatus,
    }),
    at: t.field({ type: 'DateTime', resolve: (event) => event.at }),
    reason: t.exposeString('reason', { nullable: true }),
  }),
});

const OrderFilter = builder.inputType('OrderFilter', {
  fields: (t) => ({
    statuses: t.field({ type: [OrderStatusEnum] }),
    externalRefs: t.stringList(),
    distributorIds: t.idList({ description: 'For a store: only orders to these distributors.' }),
    storeIds: t.idList({ description: 'For a distributor: only orders from these stores.' }),
  }),
});

const OrderConnection = connectionType(OrderRef, 'OrderConnection');

builder.queryField('orders', (t) =>
  t.field({
    type: OrderConnection,
    description: "A store's own orders, or a distributor's orders addressed to it; oldest first.",
    args: { filter: t.arg({ type: OrderFilter }), ...pageArgs(t.arg) },
    complexity: pageComplexity,
    resolve: async (_root, { filter, ...args }, ctx) => {
      checkFilter('filter', filter);
      const page = parsePage(args);
      const { viewer } = ctx;
      const query: OrderQuery = {
        storeId: viewer.role === 'STORE' ? viewer.organizationId : undefined,
        distributorId: viewer.role === 'DISTRIBUTOR' ? viewer.organizationId : undefined,
        statuses: filter?.statuses ?? undefined,
        externalRefs: filter?.externalRefs ?? undefined,
        distributorIds: filter?.distributorIds?.map((id) => localId(id, 'Distributor') ?? 0),
        storeIds: filter?.storeIds?.map((id) => localId(id, 'Store') ?? 0),
      };
      const { orders } = ctx.stores;

      return toConnection(await orders.list(query, page), page, () => orders.count(query));
    },
  }),
);

const PlaceOrderLineInput = builder.inputType('PlaceOrderLineInput', {
  fields: (t) => ({
    offerId: t.id({ required: true }),
    quantity: t.int({ required: true }),
  }),
});

const orderPayload = {
  outputFields: (t: PothosSchemaTypes.ObjectFieldBuilder<any, any>) => ({
    order: t.field({
      type: OrderRef,
      nullable: true,
      resolve: (p: { order?: OrderRow }) => p.order,
    }),
    userErrors: t.field({
      type: [UserErrorType],
      resolve: (p: { userErrors: [] }) => p.userErrors,
    }),
  }),
};

builder.relayMutationField(
  'placeOrder',
  {
    inputFields: (t) => ({
      distributorId: t.id({ required: true }),
      externalRef: t.string({ required: true, description: "The store's own order number." }),
      lines: t.field({ type: [PlaceOrderLineInput], required: true }),
      allowBackorder: t.boolean({
        description: 'Claim what stock lacks from incoming shipments. Default false.',
      }),
      holdUntil: t.field({
        type: 'DateTime',
        description: "Default: the end of the next day in the distributor's time zone.",
      }),
      deliveryOptionId: t.id({ description: "Hold the goods in this option's warehouse only." }),
      idempotencyKey: t.string({
        description: 'The same key with the same input returns the first order again.',
      }),
    }),
  },
  {
    authScopes: { store: true },
    resolve: (_root, { input: { distributorId, lines, deliveryOptionId, ...input } }, ctx) =>
      toPayload(ctx, () =>
        placeOrder(ctx, ctx.viewer.organizationId!, localId(distributorId, 'Distributor'), {
          ...input,
          lines: lines.map((line) => ({ ...line, offerId: localId(line.offerId, 'Offer') })),
          ...(deliveryOptionId == null
            ? {}
            : { deliveryOptionId: localId(deliveryOptionId, 'DeliveryOption') }),
        }),
      ),
  },
  orderPayload,
);

builder.relayMutationField(
  'cancelOrder',
  {
    inputFields: (t) => ({
      id: t.id({ required: true }),
      reason: t.string(),
    }),
  },
  {
    authScopes: { store: true, distributor: true },
    resolve: (_root, { input: { id, ...input } }, ctx) =>
      toPayload(ctx, () => cancelOrder(ctx, localId(id, 'Order'), input)),
  },
  orderPayload,
);

builder.relayMutationField(
  'receiveIncoming',
  {
    inputFields: (t) => ({
      id: t.id({ required: true }),
      quantity: t.int({ description: 'Default: all that is still to come.' }),
    }),
  },
  {
    authScopes: { distributor: true },
    resolve: (_root, { input: { id, ...input } }, ctx) =>
      toPayload(ctx, () =>
        receiveIncoming(ctx, ctx.viewer.organizationId!, localId(id, 'IncomingShipment'), input),
      ),
  },
  {
    outputFields: (t) => ({
      incomingShipment: t.field({
        type: IncomingShipmentRef,
        nullable: true,
        resolve: (p) => p.incomingShipment,
      }),
      userErrors: t.field({ type: [UserErrorType], resolve: (p) => p.userErrors }),
    }),
  },
);
