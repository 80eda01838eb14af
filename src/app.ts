import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { GraphQLError } from 'graphql';
import {
  createYoga,
  useErrorHandler,
  useReadinessCheck,
  type YogaServerInstance,
} from 'graphql-yoga';
import { createAuthenticator } from './auth/authenticate.js';
import { bearerToken } from './auth/keys.js';
import type { Viewer } from './auth/viewer.js';
import { type Clock, systemClock } from './clock.js';
import type { Config } from './config.js';
import { type Context, eventContext } from './context.js';
import { createDatabase, type DatabaseHandle, ping } from './db/client.js';
import { useRequestBodyLimit } from './http/body-limit.js';
import { requestIdOf, useRequestId } from './http/request-id.js';
import { createEventFeed, type EventFeed, type FeedOptions } from './events/feed.js';
import { watchCommits } from './events/outbox.js';
import { useSharedSubscriptions } from './events/shared-execution.js';
import { createExchange, type ExchangeOptions } from './exchange/http.js';
import { serveWebSockets } from './http/websocket.js';
import { startExpirySweeper } from './orders/expiry.js';
import { createLoaders } from './loaders.js';
import { createLogger, type Logger } from './logger.js';
import { documentLimits } from './schema/builder.js';
import { schema } from './schema/index.js';
import { logUnexpected } from './schema/unexpected.js';
import { createStores, type Stores } from './stores.js';

export interface AppOptions {
  /** The current instant; tests inject a fixed one. */
  clock?: Clock;
  logger?: Logger;
  /** An open database to use instead of the one the configuration names. */
  database?: DatabaseHandle;
  /** How often expired orders are released; 0 turns the sweep off. Default 15 seconds. */
  expiryIntervalMs?: number;
  /** How often subscriptions read the outbox and check revoked keys. */
  feed?: FeedOptions;
  /** Limits and timings of 1C's exchange at `/exchange/1c`. */
  exchange?: ExchangeOptions;
}

export interface App {
  yoga: YogaServerInstance<Record<string, unknown>, Context>;
  /** The HTTP server; not listening until the caller says so. */
  server: Server;
  database: DatabaseHandle;
  stores: Stores;
  logger: Logger;
  feed: EventFeed;
  /** A context outside any HTTP request, for scripts and jobs acting as `viewer`. */
  contextFor(viewer: Viewer): Context;
  close(): Promise<void>;
}

const unauthenticated = () =>
  new GraphQLError('A valid API key is required: send "Authorization: Bearer <key>"', {
    extensions: {
      code: 'UNAUTHENTICATED',
      http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="interdist"' } },
    },
  });

/**
 * Yoga's own logger. Unexpected errors are logged once, with their request, by the error handler
 * below, so Yoga's copy of them goes to debug.
 */
function yogaLogger(logger: Logger) {
  const yoga = logger.child({ component: 'yoga' });
  return {
    debug: (...args: unknown[]) => yoga.debug(args),
    info: (...args: unknown[]) => yoga.info(args),
    warn: (...args: unknown[]) => yoga.warn(args),
    error: (...args: unknown[]) => yoga.debug({ err: args[0] }, 'masked error'),
  };
}

/** Builds the application: the GraphQL endpoint over the database. It does not listen. */
export function createApp(config: Config, options: AppOptions = {}): App {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const database =
    options.database ??
    createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const stores = createStores(database.db);
  const authenticator = createAuthenticator(stores.apiKeys, config.adminApiKey);
  const feed = createEventFeed(stores.events, logger, options.feed, async (batch) => {
    const orderIds = batch.flatMap((e) => (e.kind === 'order' ? [e.orderId] : []));
    const registerIds = batch.flatMap((e) => (e.kind === 'register' ? [e.registerId] : []));
    const [orders, registers] = await Promise.all([
      orderIds.length ? stores.orders.findOrdersByIds(orderIds) : [],
      registerIds.length ? stores.registers.findRegistersByIds(registerIds) : [],
    ]);
    const orderOf = new Map(orders.map((o) => [o.id, o]));
    const registerOf = new Map(registers.map((r) => [r.id, r]));
    for (const event of batch) {
      if (event.kind === 'order') event.order = orderOf.get(event.orderId);
      if (event.kind === 'register') event.register = registerOf.get(event.registerId);
    }
  });
  const unwatchCommits = watchCommits(database.db, feed.wake);
  const contextFor = (viewer: Viewer, requestId: string = randomUUID()): Context => {
    // Made when first used: a subscription keeps its context while open, and most never log.
    let log: Logger | undefined;
    return {
      viewer,
      stores,
      feed,
      loaders: createLoaders(stores, viewer),
      clock,
      requestId,
      get logger() {
        const { role, organizationId } = viewer;
        return (log ??= logger.child({ requestId, role, organizationId }));
      },
    };
  };

  const exchange = createExchange({
    stores,
    authenticator,
    contextFor,
    clock,
    logger,
    options: options.exchange,
  });

  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/live',
    landingPage: false,
    // Limited by useRequestBodyLimit instead.
    maxRequestBodySize: false,
    graphiql: { title: 'Interdist' },
    logging: yogaLogger(logger),
    context: async ({ request }: { request: Request }) => {
      const key = bearerToken(request.headers.get('authorization'));
      const viewer = await authenticator.authenticate(key);
      if (!viewer) throw unauthenticated();

      return contextFor(viewer, requestIdOf(request));
    },
    plugins: [
      maxTokensPlugin({ n: documentLimits.tokens }),
      maxAliasesPlugin({ n: documentLimits.aliases, allowList: [] }),
      useRequestId(),
      useRequestBodyLimit(),
      useSharedSubscriptions({ contextOf: eventContext }),
      exchange.plugin(),
      useReadinessCheck({ endpoint: '/health', check: () => ping(database.db) }),
      useErrorHandler(({ errors, context, phase }) => {
        // In the execution phase the handler gets the execution arguments, not the context.
        const value =
          phase === 'execution' ? (context as { contextValue: object }).contextValue : context;
        logUnexpected(errors, (value as Partial<Context>).logger ?? logger);
      }),
    ],
  });

  const server = createServer(yoga);
  const sockets = serveWebSockets(server, yoga, {
    authenticator,
    events: stores.events,
    contextFor,
    logger,
  });
  const intervalMs = options.expiryIntervalMs ?? 15_000;
  const sweeper =
    intervalMs > 0
      ? startExpirySweeper(stores, clock, logger, intervalMs, config.eventRetentionDays)
      : null;

  return {
    yoga,
    server,
    database,
    stores,
    logger,
    feed,
    contextFor,
    async close() {
      await sockets.close();
      await exchange.close();
      unwatchCommits();
      await feed.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sweeper?.stop();
      await database.close();
    },
  };
}
