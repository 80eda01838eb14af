/**
 * A small dashboard that prints every status change of the orders an API key may see, live, and
 * after a lost connection resumes from the last event it printed, so that it misses nothing.
 *
 *   INTERDIST_URL=ws://localhost:4000/graphql INTERDIST_KEY=idk_... npx tsx examples/dashboard.ts
 */
import { createClient } from 'graphql-ws';
import { WebSocket } from 'ws';

const url = process.env.INTERDIST_URL ?? 'ws://localhost:4000/graphql';
const key = process.env.INTERDIST_KEY;
if (!key) {
  console.error('Set INTERDIST_KEY to a store or distributor API key.');
  process.exit(2);
}

const query = `
  subscription Dashboard($after: String) {
    orderStatusChanged(after: $after) {
      cursor
      at
      status
      previousStatus
      reason
      order { externalRef distributor { name } store { name } }
    }
  }
`;

interface OrderEvent {
  orderStatusChanged: {
    cursor: string;
    at: string;
    status: string;
    previousStatus: string | null;
    reason: string | null;
    order: { externalRef: string; distributor: { name: string }; store: { name: string } };
  };
}

/** The cursor of the last event printed: where to resume after a reconnect. */
let after: string | null = null;

async function follow() {
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${key}` },
    retryAttempts: 0,
  });
  try {
    for await (const message of client.iterate<OrderEvent>({ query, variables: { after } })) {
      if (message.errors) throw new Error(message.errors.map((e) => e.message).join('; '));
      const event = message.data!.orderStatusChanged;
      const { order } = event;
      console.log(
        `${event.at}  ${order.externalRef.padEnd(14)} ${order.store.name} → ${order.distributor.name}: ` +
          `${event.previousStatus ?? '—'} → ${event.status}${event.reason ? ` (${event.reason})` : ''}`,
      );
      after = event.cursor;
    }
  } finally {
    await client.dispose();
  }
}

for (;;) {
  try {
    await follow();
  } catch (error) {
    console.error(`connection lost (${(error as Error).message ?? error}); resuming in 2 s`);
  }
  await new Promise((resolve) => setTimeout(resolve, 2_000));
}
