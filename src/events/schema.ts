import { setTimeout as sleep } from 'node:timers/promises';
import { GraphQLError } from 'graphql';
import type { Viewer } from '../auth/viewer.js';
import { canSeeCatalogOf } from '../auth/viewer.js';
import { loadOffer } from '../catalog/schema.js';
import type { Context } from '../context.js';
import { canSeeOrder, loadOrder } from '../orders/schema.js';
import { builder } from '../schema/builder.js';
import { localId } from '../schema/ids.js';
import { OfferRef, OrderEventRef, RegisterEventRef } from '../schema/refs.js';
import { decodeEventCursor, encodeEventCursor } from './cursor.js';
import { EventQueue } from './queue.js';
import type { EventKind, OutboxEvent } from './store.js';

/** Most ids one subscription may follow. */
const MAX_FOLLOWED = 500;
const REPLAY_PAGE = 500;
/** How often a replay waits to see whether its subscriber has read what it was sent. */
const REPLAY_WAIT_MS = 10;

interface StreamOptions {
  kind: EventKind;
  accepts: (event: OutboxEvent) => boolean;
  after: string | null | undefined;
}

/**
 * The events a subscriber follows: first those after its cursor, in order, then live ones, with
 * none twice and none missed at the seam. It ends when the subscriber leaves or its key is
 * revoked.
 */
async function eventStream(
  ctx: Context,
  { kind, accepts, after }: StreamOptions,
): Promise<AsyncIterable<OutboxEvent>> {
  const { feed, stores } = ctx;
  let last = after == null ? 0 : decodeEventCursor(after);
  if (after != null && !(await stores.events.exists(last))) {
    throw new GraphQLError('after names no event that is still kept', {
      extensions: { code: 'BAD_USER_INPUT', argument: 'after' },
    });
  }

  const queue = new EventQueue<OutboxEvent>(() => feed.remove(listener));
  let replaying = after != null;
  const held: OutboxEvent[] = [];
  // One that does not read them (its client stopped reading its socket) would otherwise hold
  // every later event in memory.
  const tooMany = (waiting: number) => {
    if (waiting < feed.maxWaitingEvents) return false;
    queue.end(tooSlow(feed.maxWaitingEvents));
    return true;
  };
  const emit = (event: OutboxEvent) => {
    if (event.position <= last || tooMany(queue.length)) return;
    last = event.position;
    queue.push(event);
  };
  const listener = {
    kinds: [kind],
    accepts,
    apiKeyId: ctx.viewer.apiKeyId,
    deliver: (event: OutboxEvent) => {
      if (!replaying) emit(event);
      else if (!tooMany(held.length)) held.push(event);
    },
    end: () => queue.end(),
  };
  await feed.add(listener);

  const replay = async () => {
    // A page at a time, as fast as the subscriber reads them: never more waiting than it may.
    const pageSize = Math.max(1, Math.min(REPLAY_PAGE, Math.floor(feed.maxWaitingEvents / 2)));
    for (let from = last; replaying && !queue.ended;) {
      while (queue.length >= pageSize && !queue.ended) await sleep(REPLAY_WAIT_MS);
      const page = await stores.events.after(from, [kind], pageSize);
      for (const event of page) {
        from = event.position;
        if (accepts(event)) emit(event);
      }
      if (page.length < pageSize) replaying = false;
    }
    for (const event of held.splice(0)) emit(event);
  };
  if (replaying) {
    replay().catch((error: unknown) => {
      ctx.logger.error({ err: error }, 'replaying events failed');
      queue.end(unexpected());
    });
  }

  return queue;
}

const tooSlow = (limit: number) =>
  new GraphQLError(
    `More than ${limit} events waited for this subscription: subscribe again, ` +
      'with the cursor of the last event received as after',
    { extensions: { code: 'LIMIT_EXCEEDED' } },
  );

/** What a subscriber is told of a failure that is logged, not shown. */
const unexpected = () =>
  new GraphQLError('Unexpected error.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });

/** Whether the viewer is a party to what the event is about. */
const isParty = (viewer: Viewer, event: { storeId: number; distributorId: number }) =>
  canSeeOrder(viewer, event);

/** The ids a subscription follows, each the viewer's; an error names the first that is not. */
async function followed(
  argument: string,
  ids: readonly (string | number)[] | null | undefined,
  typename: string,
  load: (id: number) => Promise<unknown>,
): Promise<Set<number> | null> {
  if (!ids) return null;
  if (ids.length > MAX_FOLLOWED) {
    throw new GraphQLError(`${argument} takes at most ${MAX_FOLLOWED} ids`, {
      extensions: { code: 'LIMIT_EXCEEDED', argument },
    });
  }
  const local = ids.map((id) => localId(id, typename));
  const found = await Promise.all(local.map((id) => (id ? load(id) : null)));
  const missing = found.findIndex((row) => !row);
  if (missing >= 0) {
    const what =
      typename === 'Offer' ? 'an offer you can see' : `one of your ${typename.toLowerCase()}s`;
    throw new GraphQLError(`${argument}[${missing}] is not ${what}`, {
      extensions: { code: 'FORBIDDEN', argument },
    });
  }

  return new Set(local as number[]);
}

const StockEventType = builder
  .objectRef<Extract<OutboxEvent, { kind: 'stock' }>>('StockEvent')
  .implement({
    fields: (t) => ({
      cursor: t.string({ resolve: (event) => encodeEventCursor(event.position) }),
      offer: t.field({
        type: OfferRef,
        resolve: async (event, _args, ctx) => (await ctx.loaders.offer.load(event.offerId))!,
      }),
      available: t.exposeInt('available'),
      at: t.field({ type: 'DateTime', resolve: (event) => event.at }),
    }),
  });

const asOrderEvent = (event: Extract<OutboxEvent, { kind: 'order' }>) => ({ ...event, id: 0 });
const asRegisterEvent = (event: Extract<OutboxEvent, { kind: 'register' }>) => ({
  ...event,
  id: 0,
});

builder.subscriptionType({});

builder.subscriptionFields((t) => ({
  orderStatusChanged: t.field({
    type: OrderEventRef,
    description:
      'Status changes of your orders (or of these), from `after` on when given, then live.',
    args: { orderIds: t.arg.idList(), after: t.arg.string() },
    subscribe: async (_root, args, ctx) => {
      const ids = await followed('orderIds', args.orderIds, 'Order', (id) => loadOrder(ctx, id));
      return eventStream(ctx, {
        kind: 'order',
        after: args.after,
        accepts: (event) =>
          event.kind === 'order' && isParty(ctx.viewer, event) && (!ids || ids.has(event.orderId)),
      });
    },
    resolve: (event) => asOrderEvent(event as Extract<OutboxEvent, { kind: 'order' }>),
  }),
  registerStatusChanged: t.field({
    type: RegisterEventRef,
    description:
      'Status changes of your registers (or of these), from `after` on when given, then live.',
    args: { registerIds: t.arg.idList(), after: t.arg.string() },
    subscribe: async (_root, args, ctx) => {
      const ids = await followed('registerIds', args.registerIds, 'Register', async (id) => {
        const register = await ctx.loaders.register.load(id);
        return register && canSeeOrder(ctx.viewer, register) ? register : null;
      });
      return eventStream(ctx, {
        kind: 'register',
        after: args.after,
        accepts: (event) =>
          event.kind === 'register' &&
          isParty(ctx.viewer, event) &&
          (!ids || ids.has(event.registerId)),
      });
    },
    resolve: (event) => asRegisterEvent(event as Extract<OutboxEvent, { kind: 'register' }>),
  }),
  stockChanged: t.field({
    type: StockEventType,
    description: 'What these offers have available, each time it changes.',
    args: { offerIds: t.arg.idList({ required: true }), after: t.arg.string() },
    subscribe: async (_root, args, ctx) => {
      const ids = (await followed('offerIds', args.offerIds, 'Offer', (id) => loadOffer(ctx, id)))!;
      return eventStream(ctx, {
        kind: 'stock',
        after: args.after,
        accepts: (event) =>
          event.kind === 'stock' &&
          ids.has(event.offerId) &&
          canSeeCatalogOf(ctx.viewer, event.distributorId),
      });
    },
    resolve: (event) => event as Extract<OutboxEvent, { kind: 'stock' }>,
  }),
}));
