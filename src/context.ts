import type { Logger } from 'pino';
import type { Viewer } from './auth/viewer.js';
import type { Clock } from './clock.js';
import type { EventFeed } from './events/feed.js';
import { createLoaders, type Loaders } from './loaders.js';
import type { Stores } from './stores.js';

/** What every resolver of one request gets. */
export interface Context {
  viewer: Viewer;
  stores: Stores;
  loaders: Loaders;
  clock: Clock;
  /** This process's delivery of committed events to subscribers. */
  feed: EventFeed;
  logger: Logger;
  requestId: string;
}

/**
 * The context an event of a subscription is executed in: the subscriber's, with loaders of its
 * own, so that what one event loaded is not what the next one shows.
 */
export function eventContext(ctx: Context): Context {
  const { viewer, stores, feed, clock, requestId } = ctx;
  return {
    viewer,
    stores,
    feed,
    clock,
    requestId,
    loaders: createLoaders(stores, viewer),
    // The subscription's, made only if an event's execution logs.
    get logger() {
      return ctx.logger;
    },
  };
}
