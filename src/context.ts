import type { Logger } from 'pino';
import type { Viewer } from './auth/viewer.js';
import type { Clock } from './clock.js';
import type { EventFeed } from './events/feed.js';
import type { Loaders } from './loaders.js';
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
 * What a transport that authenticated its caller itself hands Yoga with each operation: a
 * WebSocket, authenticated once by its connection_init payload, with the id of its connection.
 */
export interface TransportContext {
  viewer?: Viewer;
  requestId?: string;
}
