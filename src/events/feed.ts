import type { Logger } from '../logger.js';
import type { EventKind, EventStore, OutboxEvent } from './store.js';

/** Who receives what: the kinds and the test an event must pass. */
export interface Listener {
  kinds: EventKind[];
  accepts(event: OutboxEvent): boolean;
  deliver(event: OutboxEvent): void;
  /** The API key the listener was opened with; its revocation ends the listener. */
  apiKeyId: number | null;
  end(): void;
}

/** Loads, once per batch for every listener, what the events' resolvers will ask for. */
export type Enrich = (events: OutboxEvent[]) => Promise<void>;

export interface FeedOptions {
  /** How often the outbox is read while anyone listens. Default 100 ms. */
  pollMs?: number;
  /** How often the keys of open listeners are checked for revocation. Default 2 seconds. */
  revocationMs?: number;
  /**
   * After a commit of this process the outbox is read at once, unless it was read less than this
   * long ago: then when this has passed, with whatever committed meanwhile. Default 25 ms.
   */
  wakeMs?: number;
  /**
   * Most events that may wait for one subscriber, sent to it or not yet; past that its
   * subscription ends with an error saying to resume with `after`. Default 2,000: two pages of
   * the outbox, so that a subscriber that reads is never ended by one large transaction.
   */
  maxWaitingEvents?: number;
}

const PAGE = 1_000;

/**
 * Delivers the outbox to this process's listeners: every event that any process committed,
 * once each, in position order. It reads the outbox only while someone listens.
 */
export function createEventFeed(
  events: EventStore,
  logger: Logger,
  options: FeedOptions = {},
  enrich: Enrich = async () => {},
) {
  const listeners = new Set<Listener>();
  const pollMs = options.pollMs ?? 100;
  const revocationMs = options.revocationMs ?? 2_000;
  let position: number | null = null;
  let timer: NodeJS.Timeout | null = null;
  let revocationTimer: NodeJS.Timeout | null = null;
  const wakeMs = options.wakeMs ?? 25;
  let wakeTimer: NodeJS.Timeout | null = null;
  let lastRead = 0;
  let reading: Promise<void> | null = null;
  /** Whether a poll came while reading: what committed since must be read too. */
  let again = false;

  const kinds = () => [...new Set([...listeners].flatMap((l) => l.kinds))];

  async function read() {
    position ??= await events.latestPosition();
    for (;;) {
      const wanted = kinds();
      if (wanted.length === 0) return;
      const batch = await events.after(position, ['order', 'register', 'stock'], PAGE);
      await enrich(batch);
      for (const event of batch) {
        position = event.position;
        for (const listener of listeners) {
          if (listener.kinds.includes(event.kind) && listener.accepts(event))
            listener.deliver(event);
        }
      }
      if (batch.length < PAGE) return;
    }
  }

  function poll() {
    if (listeners.size === 0) return;
    if (reading) {
      again = true;
      return;
    }
    lastRead = performance.now();
    reading = read()
      .catch((error: unknown) => logger.error({ err: error }, 'reading the outbox failed'))
      .finally(() => {
        reading = null;
        if (again) {
          again = false;
          poll();
        }
      });
  }

  async function checkRevocations() {
    const keyIds = [...new Set([...listeners].flatMap((l) => (l.apiKeyId ? [l.apiKeyId] : [])))];
    const revoked = new Set(await events.revokedKeys(keyIds));
    for (const listener of listeners) {
      if (listener.apiKeyId && revoked.has(listener.apiKeyId)) listener.end();
    }
  }

  function start() {
    if (timer) return;
    timer = setInterval(poll, pollMs);
    revocationTimer = setInterval(() => {
      checkRevocations().catch((error: unknown) =>
        logger.error({ err: error }, 'checking revoked keys failed'),
      );
    }, revocationMs);
    timer.unref();
    revocationTimer.unref();
  }

  function stop() {
    if (timer) clearInterval(timer);
    if (wakeTimer) clearTimeout(wakeTimer);
    wakeTimer = null;
    if (revocationTimer) clearInterval(revocationTimer);
    timer = revocationTimer = null;
    position = null;
  }

  return {
    /**
     * Starts delivering to a listener every event committed after it resolves: a feed that was
     * idle learns where the outbox stands before it counts the listener in.
     */
    async add(listener: Listener) {
      if (!timer) position ??= await events.latestPosition();
      listeners.add(listener);
      if (!timer) start();
    },

    remove(listener: Listener) {
      listeners.delete(listener);
      if (listeners.size === 0) stop();
    },

    /** Most events that may wait for one subscriber (a client that stopped reading). */
    maxWaitingEvents: options.maxWaitingEvents ?? 2_000,

    /** How many listeners are open: a socket that closed leaves none behind. */
    get size() {
      return listeners.size;
    },

    /** Reads the outbox now instead of at the next tick. */
    poll,

    /** Reads the outbox soon, with whatever else commits meanwhile: after each commit. */
    wake() {
      if (wakeTimer || listeners.size === 0) return;
      const wait = lastRead + wakeMs - performance.now();
      if (wait <= 0) {
        poll();
        return;
      }
      wakeTimer = setTimeout(() => {
        wakeTimer = null;
        poll();
      }, wait);
    },

    async close() {
      for (const listener of [...listeners]) listener.end();
      stop();
      await reading;
    },
  };
}

export type EventFeed = ReturnType<typeof createEventFeed>;
