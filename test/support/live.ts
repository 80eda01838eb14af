import type { AddressInfo } from 'node:net';
import { createClient, type Client } from 'graphql-ws';
import { WebSocket } from 'ws';
import type { App } from '../../src/app.js';

/** Starts the app's HTTP server on a free port and returns its GraphQL URL. */
export async function listen(app: App): Promise<string> {
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const { port } = app.server.address() as AddressInfo;
  return `http://127.0.0.1:${port}/graphql`;
}

/** A graphql-ws client of the server at `url`, authenticated with `key`. */
export function wsClient(url: string, key: string): Client {
  return createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${key}` },
    retryAttempts: 0,
    lazy: true,
  });
}

/** Collects what a subscription sends until stopped. */
export function collect<T>(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const received: T[] = [];
  const errors: unknown[] = [];
  let done = false;
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (message) => {
        if (message.errors) errors.push(...message.errors);
        if (message.data) received.push(message.data);
      },
      error: (error) => {
        errors.push(error);
        done = true;
      },
      complete: () => {
        done = true;
      },
    },
  );

  return {
    received,
    errors,
    get done() {
      return done;
    },
    stop,
  };
}

/** Waits until `check` holds, polling every `everyMs`, for at most `ms`; then fails with `what`. */
export async function waitFor(check: () => boolean, what: string, ms = 10_000, everyMs = 20) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
