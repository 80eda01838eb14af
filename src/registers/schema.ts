import type { Context } from '../context.js';
import { toMoney } from '../money/money.js';
import { canSeeOrder, loadOrder } from '../orders/schema.js';
import { loadDistributor, loadStore, nodeId } from '../organizations/schema.js';
import { encodeEventCursor } from '../events/cursor.js';
import { builder } from '../schema/builder.js';
import { connectionType, pageArgs, pageComplexity } from '../schema/connections.js';
import { localId } from '../schema/ids.js';
import { toPayload } from '../schema/mutation.js';
import { parsePage, toConnection } from '../schema/pagination.js';
import {
  DistributorRef,
  InvoiceLineRef,
  InvoiceRef,
  MoneyRef,
  OfferRef,
  OrderRef,
  RegisterEventRef,
  RegisterRef,
  StoreRef,
} from '../schema/refs.js';
import { UserErrorType } from '../schema/user-errors.js';
import { checkFilter } from '../schema/validation.js';
import {
  acceptRegister,
  cancelRegister,
  issueInvoice,
  rejectRegister,
  shipRegister,
} from './service.js';
import type { RegisterQuery } from './store.js';
import { submitRegister } from './submit.js';
import { type InvoiceRow, type RegisterRow, registerStatus } from './tables.js';

export const RegisterStatusEnum = builder.enumType('RegisterStatus', {
  values: registerStatus.enumValues,
});

async function loadRegister(ctx: Context, id: number) {
  const register = await ctx.loaders.register.load(id);
  return register && canSeeOrder(ctx.viewer, register) ? register : null;
}

async function loadInvoice(ctx: Context, id: number) {
  const invoice = await ctx.loaders.invoice.load(id);
  return invoice && (await loadRegister(ctx, invoice.registerId)) ? invoice : null;
}

const money = (amount: string, invoice: { currency: string }) => toMoney(amount, invoice.currency);

builder.node(RegisterRef, {
  id: nodeId,
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => loadRegister(ctx, id))),
  fields: (t) => ({
    store: t.field({
      type: StoreRef,
      resolve: async (register, _args, ctx) => (await loadStore(ctx, register.storeId))!,
    }),
    distributor: t.field({
      type: DistributorRef,
      resolve: async (register, _args, ctx) =>
        (await loadDistributor(ctx, register.distributorId))!,
    }),
    shipDate: t.field({ type: 'Date', resolve: (register) => register.shipDate }),
    status: t.field({ type: RegisterStatusEnum, resolve: (register) => register.status }),
    erpReference: t.exposeString('erpReference', {
      nullable: true,
      description: "The register's number in the distributor's ERP, once accepted.",
    }),
    rejectReason: t.exposeString('rejectReason', { nullable: true }),
    orders: t.field({
      type: [OrderRef],
      description: 'The orders it was submitted with, but those cancelled out of it.',
      resolve: async (register, _args, ctx) => {
        const members = await ctx.loaders.ordersOfRegister.load(register.id);
        return (await ctx.loaders.order.loadMany(members.map((m) => m.orderId))).flatMap((o) =>
          o && !(o instanceof Error) ? [o] : [],
        );
      },
    }),
    invoice: t.field({
      type: InvoiceRef,
      nullable: true,
      resolve: (register, _args, ctx) => ctx.loaders.invoiceOfRegister.load(register.id),
    }),
    total: t.field({
      type: MoneyRef,
      description: 'The sum of its orders at the prices captured on them.',
      resolve: (register) => money(register.total, register),
    }),
    history: t.field({
      type: [RegisterEventRef],
      resolve: (register, _args, ctx) => ctx.loaders.eventsByRegister.load(register.id),
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (register) => register.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (register) => register.updatedAt }),
  }),
});

RegisterEventRef.implement({
  fields: (t) => ({
    cursor: t.string({
      description: 'Its place among all events; pass it as `after` to resume from here.',
      resolve: (event) => encodeEventCursor(event.position),
    }),
    register: t.field({
      type: RegisterRef,
      resolve: async (event, _args, ctx) =>
        (event as { register?: RegisterRow }).register ??
        (await ctx.loaders.register.load(event.registerId))!,
    }),
    status: t.field({ type: RegisterStatusEnum, resolve: (event) => event.status }),
    previousStatus: t.field({
      type: RegisterStatusEnum,
      nullable: true,
      resolve: (event) => event.previousStatus,
    }),
    at: t.field({ type: 'DateTime', resolve: (event) => event.at }),
    reason: t.exposeString('reason', { nullable: true }),
  }),
});

builder.node(InvoiceRef, {
  id: nodeId,
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => loadInvoice(ctx, id))),
  fields: (t) => ({
    number: t.exposeString('number'),
    date: t.field({ type: 'Date', resolve: (invoice) => invoice.date }),
    lines: t.field({
      type: [InvoiceLineRef],
      resolve: (invoice, _args, ctx) => ctx.loaders.linesByInvoice.load(invoice.id),
    }),
    net: t.field({ type: MoneyRef, resolve: (invoice) => money(invoice.net, invoice) }),
    vat: t.field({ type: MoneyRef, resolve: (invoice) => money(invoice.vat, invoice) }),
    gross: t.field({ type: MoneyRef, resolve: (invoice) => money(invoice.gross, invoice) }),
  }),
});

const invoiceOfLine = async (ctx: Context, invoiceId: number): Promise<InvoiceRow> =>
  (await ctx.loaders.invoice.load(invoiceId))!;

InvoiceLineRef.implement({
  fields: (t) => ({
    order: t.field({
      type: OrderRef,
      resolve: async (line, _args, ctx) => (await loadOrder(ctx, line.orderId))!,
    }),
    offer: t.field({
      type: OfferRef,
      resolve: async (line, _args, ctx) => (await ctx.loaders.offer.load(line.offerId))!,
    }),
    quantity: t.exposeInt('quantity'),
    unitPrice: t.field({
      type: MoneyRef,
      resolve: async (line, _args, ctx) =>
        money(line.unitPrice, await invoiceOfLine(ctx, line.invoiceId)),
    }),
    vatRate: t.field({ type: 'Decimal', resolve: (line) => line.vatRate }),
    net: t.field({
      type: MoneyRef,
      resolve: async (line, _args, ctx) =>
        money(line.net, await invoiceOfLine(ctx, line.invoiceId)),
    }),
    vat: t.field({
      type: MoneyRef,
      resolve: async (line, _args, ctx) =>
        money(line.vat, await invoiceOfLine(ctx, line.invoiceId)),
    }),
    gross: t.field({
      type: MoneyRef,
      resolve: async (line, _args, ctx) =>
        money(line.gross, await invoiceOfLine(ctx, line.invoiceId)),
    }),
  }),
});

builder.objectField(OrderRef, 'register', (t) =>
  t.field({
    type: RegisterRef,
    nullable: true,
    description: 'The register the order is in; null before one takes it or after it left one.',
    resolve: async (order, _args, ctx) => {
      const membership = await ctx.loaders.registerOfOrder.load(order.id);
      return membership && ctx.loaders.register.load(membership.registerId);
    },
  }),
);

const RegisterFilter = builder.inputType('RegisterFilter', {
  fields: (t) => ({
    statuses: t.field({ type: [RegisterStatusEnum] }),
    shipDates: t.field({ type: ['Date'] }),
  }),
});

const RegisterConnection = connectionType(RegisterRef, 'RegisterConnection');

builder.queryField('registers', (t) =>
  t.field({
    type: RegisterConnection,
    description: "A store's own registers, or those addressed to a distributor; oldest first.",
    args: { filter: t.arg({ type: RegisterFilter }), ...pageArgs(t.arg) },
    complexity: pageComplexity,
    resolve: async (_root, { filter, ...args }, ctx) => {
      checkFilter('filter', filter);
      const page = parsePage(args);
      const { viewer } = ctx;
      const query: RegisterQuery = {
        storeId: viewer.role === 'STORE' ? viewer.organizationId : undefined,
        distributorId: viewer.role === 'DISTRIBUTOR' ? viewer.organizationId : undefined,
        statuses: filter?.statuses ?? undefined,
        shipDates: filter?.shipDates ?? undefined,
      };
      const { registers } = ctx.stores;

      return toConnection(await registers.list(query, page), page, () => registers.count(query));
    },
  }),
);

const registerPayload = {
  outputFields: (t: PothosSchemaTypes.ObjectFieldBuilder<any, any>) => ({
    register: t.field({
      type: RegisterRef,
      nullable: true,
      resolve: (p: { register?: RegisterRow }) => p.register,
    }),
    userErrors: t.field({
      type: [UserErrorType],
      resolve: (p: { userErrors: [] }) => p.userErrors,
    }),
  }),
};

builder.relayMutationField(
  'submitRegister',
  {
    inputFields: (t) => ({
      distributorId: t.id({ required: true }),
      shipDate: t.field({ type: 'Date', required: true }),
      orderIds: t.idList({ required: true }),
      idempotencyKey: t.string({
        description: 'The same key with the same input returns the first register again.',
      }),
    }),
  },
  {
    authScopes: { store: true },
    resolve: (_root, { input: { distributorId, orderIds, ...input } }, ctx) =>
      toPayload(ctx, () =>
        submitRegister(ctx, ctx.viewer.organizationId!, localId(distributorId, 'Distributor'), {
          ...input,
          orderIds: orderIds.map((id) => localId(id, 'Order')),
        }),
      ),
  },
  registerPayload,
);

builder.relayMutationField(
  'cancelRegister',
  { inputFields: (t) => ({ id: t.id({ required: true }), reason: t.string() }) },
  {
    authScopes: { store: true },
    resolve: (_root, { input: { id, ...input } }, ctx) =>
      toPayload(ctx, () => cancelRegister(ctx, localId(id, 'Register'), input)),
  },
  registerPayload,
);

builder.relayMutationField(
  'acceptRegister',
  {
    inputFields: (t) => ({
      id: t.id({ required: true }),
      erpReference: t.string({ required: true, description: "The register's number in your ERP." }),
    }),
  },
  {
    authScopes: { distributor: true },
    resolve: (_root, { input: { id, ...input } }, ctx) =>
      toPayload(ctx, () => acceptRegister(ctx, localId(id, 'Register'), input)),
  },
  registerPayload,
);

builder.relayMutationField(
  'rejectRegister',
  {
    inputFields: (t) => ({ id: t.id({ required: true }), reason: t.string({ required: true }) }),
  },
  {
    authScopes: { distributor: true },
    resolve: (_root, { input: { id, ...input } }, ctx) =>
      toPayload(ctx, () => rejectRegister(ctx, localId(id, 'Register'), input)),
  },
  registerPayload,
);

builder.relayMutationField(
  'issueInvoice',
  {
    inputFields: (t) => ({
      registerId: t.id({ required: true }),
      number: t.string({ required: true, description: 'Unique among your invoices.' }),
      date: t.field({ type: 'Date', required: true }),
    }),
  },
  {
    authScopes: { distributor: true },
    resolve: (_root, { input: { registerId, ...input } }, ctx) =>
      toPayload(ctx, () => issueInvoice(ctx, localId(registerId, 'Register'), input)),
  },
  {
    outputFields: (t) => ({
      invoice: t.field({ type: InvoiceRef, nullable: true, resolve: (p) => p.invoice }),
      register: t.field({ type: RegisterRef, nullable: true, resolve: (p) => p.register }),
      userErrors: t.field({ type: [UserErrorType], resolve: (p) => p.userErrors }),
    }),
  },
);

builder.relayMutationField(
  'shipRegister',
  { inputFields: (t) => ({ id: t.id({ required: true }) }) },
  {
    authScopes: { distributor: true },
    resolve: (_root, { input: { id } }, ctx) =>
      toPayload(ctx, () => shipRegister(ctx, localId(id, 'Register'))),
  },
  registerPayload,
);
