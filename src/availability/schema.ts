import { DeliveryKindEnum } from '../delivery/schema.js';
import { builder } from '../schema/builder.js';
import { localId } from '../schema/ids.js';
import {
  DeliveryOptionRef,
  DistributorRef,
  MoneyRef,
  OfferRef,
  ProductRef,
} from '../schema/refs.js';
import {
  type AvailabilityAnswer,
  availability,
  type IncomingSlice,
  MAX_AVAILABILITY_LINES,
  type SupplyOption,
} from './availability.js';

const AvailabilityRequest = builder.inputType('AvailabilityRequest', {
  description: 'One line of a customer order: one of gtin, productId and offerId, and a quantity.',
  fields: (t) => ({
    gtin: t.string(),
    productId: t.id(),
    offerId: t.id({ description: "Only this distributor's offer." }),
    quantity: t.int({ required: true }),
  }),
});

const IncomingSliceType = builder.objectRef<IncomingSlice>('IncomingSlice').implement({
  fields: (t) => ({
    quantity: t.exposeInt('quantity'),
    eta: t.field({ type: 'Date', resolve: (slice) => slice.eta }),
  }),
});

const SupplyOptionType = builder.objectRef<SupplyOption>('SupplyOption').implement({
  description: "One distributor's answer to one request line.",
  fields: (t) => ({
    offer: t.field({ type: OfferRef, resolve: (o) => o.offer }),
    distributor: t.field({ type: DistributorRef, resolve: (o) => o.distributor }),
    availableNow: t.exposeInt('availableNow', {
      description:
        'Units free now at the warehouse of the delivery option that gives shipDate; ' +
        'without one, at the warehouses the options ship from.',
    }),
    incoming: t.field({
      type: [IncomingSliceType],
      description: 'Unallocated incoming stock there that covers the rest, earliest first.',
      resolve: (o) => o.incoming,
    }),
    canFulfil: t.exposeBoolean('canFulfil', {
      description:
        'Whether available now plus incoming covers the whole quantity ' +
        "at a delivery option's warehouse.",
    }),
    orderable: t.exposeBoolean('orderable', {
      description: "Whether the quantity meets the offer's minimum order and pack size.",
    }),
    shipDate: t.field({
      type: 'Date',
      nullable: true,
      description: 'The earliest day the whole quantity can ship; null if it cannot.',
      resolve: (o) => o.shipDate,
    }),
    deliveryOption: t.field({
      type: DeliveryOptionRef,
      nullable: true,
      description: 'The delivery option that gives shipDate.',
      resolve: (o) => o.deliveryOption,
    }),
    deliveryDate: t.field({
      type: 'Date',
      nullable: true,
      description: "shipDate plus the delivery option's lead days.",
      resolve: (o) => o.deliveryDate,
    }),
    unitPrice: t.field({
      type: MoneyRef,
      nullable: true,
      description: 'For this store and this quantity (volume breaks); null without terms.',
      resolve: (o) => o.unitPrice,
    }),
    total: t.field({ type: MoneyRef, nullable: true, resolve: (o) => o.total }),
  }),
});

const AvailabilityAnswerType = builder
  .objectRef<AvailabilityAnswer>('AvailabilityAnswer')
  .implement({
    fields: (t) => ({
      index: t.exposeInt('index', { description: 'The position of the request line.' }),
      quantity: t.exposeInt('quantity'),
      product: t.field({ type: ProductRef, nullable: true, resolve: (a) => a.product }),
      options: t.field({
        type: [SupplyOptionType],
        description: 'Best first: can fulfil, then earliest ship date, then lowest total.',
        resolve: (a) => a.options,
      }),
    }),
  });

builder.queryField('availability', (t) =>
  t.field({
    type: [AvailabilityAnswerType],
    description:
      'One answer per request line, in input order; ' + `at most ${MAX_AVAILABILITY_LINES} lines.`,
    args: {
      requests: t.arg({ type: [AvailabilityRequest], required: true }),
      distributorIds: t.arg.idList(),
      deliveryKind: t.arg({ type: DeliveryKindEnum }),
    },
    // Lines are answered in one batch, so a line costs a tenth of a separately fetched object.
    complexity: (args) => ({ field: 1, multiplier: Math.ceil(args.requests.length / 10) }),
    resolve: (_root, args, ctx) =>
      availability(ctx, {
        lines: args.requests.map((line) => ({
          gtin: line.gtin,
          productId: line.productId == null ? null : (localId(line.productId, 'Product') ?? 0),
          offerId: line.offerId == null ? null : (localId(line.offerId, 'Offer') ?? 0),
          quantity: line.quantity,
        })),
        distributorIds: args.distributorIds?.map((id) => localId(id, 'Distributor') ?? 0),
        deliveryKind: args.deliveryKind,
      }),
  }),
);
