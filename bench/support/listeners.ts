import { type Client, createClient } from 'graphql-ws';
import { WebSocket } from 'ws';

const SUBSCRIPTION = `subscription { orderStatusChanged { cursor status order { id } } }`;

/** Dashboards following a store's orders while a benchmark runs, counting what they get. */
export interface Listeners {
  /** Events received, by all of them together. */
  readonly received: number;
  close(): Promise<void>;
}

/** Opens `count` graphql-ws subscriptions to orderStatusChanged with `key`, all live. */
export async function openListeners(
  wsUrl: string,
  key: string,
  count: number,
  /** Makes an event happen, so that a subscription shows it is live. */
  warmUp: () => Promise<void>,
): Promise<Listeners> {
  let received = 0;
  let errors = 0;
  const live = new Set<number>();
  const clients: Client[] = [];
  for (let i = 0; i < count; i++) {
    const client = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${key}` },
      retryAttempts: 0,
    });
    clients.push(client);
    client.subscribe(
      { query: SUBSCRIPTION },
      {
        next: () => {
          received++;
          live.add(i);
        },
        error: () => errors++,
        complete: () => {},
      },
    );
  }
  const readyBy = Date.now() + 30_000;
  while (live.size < count) {
    if (errors > 0) throw new Error(`${errors} of ${count} listeners failed`);
    if (Date.now() > readyBy) throw new Error(`Only ${live.size} of ${count} listeners are live`);
    await warmUp();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  received = 0;

  return {
    get received() {
      return received;
    },
    async close() {
      await Promise.all(clients.map((client) => client.dispose()));
    },
  };
}
