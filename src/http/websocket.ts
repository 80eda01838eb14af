import type { IncomingMessage, Server } from 'node:http';
import type { YogaServerInstance } from 'graphql-yoga';
import { type DocumentNode, type ExecutionArgs, type ExecutionResult, GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocket, WebSocketServer } from 'ws';
import type { Authenticator } from '../auth/authenticate.js';
import { bearerToken } from '../auth/keys.js';
import type { Viewer } from '../auth/viewer.js';
import { type Context, eventContext } from '../context.js';
import type { EventStore } from '../events/store.js';
import type { Logger } from '../logger.js';
import { maskedResult } from '../schema/unexpected.js';
import { requestIdFrom } from './request-id.js';
import { sharedSubscribe } from '../events/shared-execution.js';

/** graphql-ws's close code for a refused or revoked key. */
const FORBIDDEN = 4403;
const REVOCATION_CHECK_MS = 2_000;

type Extra = {
  socket: WebSocket;
  request: IncomingMessage;
  viewer?: Viewer;
  /** The connection's id in the logs of everything done over it. */
  requestId?: string;
};

export interface WebSocketDeps {
  authenticator: Authenticator;
  events: EventStore;
  /** The context of one operation of an authenticated connection. */
  contextFor: (viewer: Viewer, requestId: string) => Context;
  logger: Logger;
}

/** A subscription's result for every subscriber who shares it, masked and logged once. */
const finished = (args: ExecutionArgs) => (result: ExecutionResult) =>
  maskedResult(result, (args.contextValue as Context).logger);

/**
 * Serves subscriptions with the graphql-transport-ws protocol at Yoga's endpoint, on the same
 * HTTP server. The key comes in the connection_init payload (`authorization`); an unknown one
 * closes the socket with 4403, and so does revoking the key of an open one.
 */
export function serveWebSockets(
  server: Server,
  yoga: YogaServerInstance<Record<string, unknown>, Context>,
  { authenticator, events, contextFor, logger }: WebSocketDeps,
) {
  const wss = new WebSocketServer({ server, path: yoga.graphqlEndpoint });
  const byKey = new Map<number, Set<WebSocket>>();
  // Yoga's execution (masking and logging) is the same for every connection, and so is the
  // request Yoga's plugins see: a socket keeps only its own context.
  const yogaRequest = new Request(`http://localhost${yoga.graphqlEndpoint}`);
  const enveloped = yoga.getEnveloped({ request: yogaRequest, params: { query: '' } });

  const disposable = useServer<Record<string, unknown>, Extra>(
    {
      execute: (args) => enveloped.execute(args as ExecutionArgs),
      // Past Yoga's own subscribe, which would mask and log each subscriber's copy of a result.
      subscribe: (args) =>
        sharedSubscribe(args as ExecutionArgs, {
          finish: finished(args as ExecutionArgs),
          contextOf: eventContext,
        }),
      onConnect: async (ctx) => {
        const given = ctx.connectionParams?.authorization;
        const key = typeof given === 'string' ? (bearerToken(given) ?? given) : null;
        const viewer = await authenticator.authenticate(key).catch((error: unknown) => {
          // Logged here, as every unexpected error is: graphql-ws would print it as it is.
          logger.error({ err: error }, 'authenticating a WebSocket failed');
          throw new Error('Internal server error');
        });
        if (!viewer) return false;

        const header = ctx.extra.request.headers['x-request-id'];
        ctx.extra.viewer = viewer;
        ctx.extra.requestId = requestIdFrom(Array.isArray(header) ? header[0] : header);
        // All that is needed of the upgrade request is read: a connection that stays open for
        // days does not keep its headers and parser state.
        (ctx.extra as { request?: IncomingMessage }).request = undefined;
        if (viewer.apiKeyId) {
          const sockets = byKey.get(viewer.apiKeyId) ?? new Set();
          sockets.add(ctx.extra.socket);
          byKey.set(viewer.apiKeyId, sockets);
        }
        return true;
      },
      onClose: (ctx) => {
        const keyId = ctx.extra.viewer?.apiKeyId;
        if (keyId) byKey.get(keyId)?.delete(ctx.extra.socket);
        if (keyId && byKey.get(keyId)?.size === 0) byKey.delete(keyId);
      },
      onSubscribe: (ctx, _id, payload) => {
        // Yoga's parser and validation (its caches, its document limits) see the operation's
        // parameters: the envelope lives only while the operation is checked.
        const checking = yoga.getEnveloped({ request: yogaRequest, params: payload });
        let document: DocumentNode;
        try {
          document = checking.parse(payload.query);
        } catch (error) {
          // A syntax error, a document past the limits or no operation of that name: an error
          // of this subscription, not of the connection.
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        const errors = checking.validate(checking.schema, document);
        if (errors.length > 0) return errors;

        return {
          schema: checking.schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: contextFor(ctx.extra.viewer!, ctx.extra.requestId!),
        };
      },
    },
    wss,
  );

  const revocations = setInterval(() => {
    events
      .revokedKeys([...byKey.keys()])
      .then((revoked) => {
        for (const keyId of revoked) {
          for (const socket of byKey.get(keyId) ?? []) socket.close(FORBIDDEN, 'Forbidden');
          byKey.delete(keyId);
        }
      })
      .catch((error: unknown) => logger.error({ err: error }, 'checking revoked keys failed'));
  }, REVOCATION_CHECK_MS);
  revocations.unref();

  return {
    async close() {
      clearInterval(revocations);
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
