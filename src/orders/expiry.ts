import type { Clock } from '../clock.js';
import { inTransaction } from '../db/transaction.js';
import type { Logger } from '../logger.js';
import type { Stores } from '../stores.js';
import { endOrders } from './cancel.js';
import { queueStockChange } from '../events/outbox.js';
import { lockHeldBy } from './holds-store.js';

/** How many expired orders one sweep transaction ends at most. */
const BATCH = 100;

/**
 * Ends the orders whose hold ran out before a register took them, giving their goods back.
 * Safe to run in several processes at once: each order is locked, checked again and ended
 * by one of them. Returns how many it ended.
 */
export async function expireOrders(stores: Stores, now: Date): Promise<number> {
  let ended = 0;
  for (;;) {
    const due = await stores.orders.findExpired(now, BATCH);
    if (due.length === 0) return ended;

    const count = await inTransaction(stores.db, async (tx) => {
      const offerIds = await lockHeldBy(due, tx);
      const expired = await stores.orders.lockExpired(due, now, tx);
      if (expired.length > 0) queueStockChange(tx, offerIds, now);
      await endOrders(stores.orders, expired, 'EXPIRED', 'hold expired', now, tx);
      return expired.length;
    });
    ended += count;
    if (count === 0 || due.length < BATCH) return ended;
  }
}

export interface Sweeper {
  stop(): Promise<void>;
}

/** How often old stock events are pruned: every ten minutes. */
const PRUNE_EVERY_MS = 600_000;

/**
 * Runs `expireOrders` every `intervalMs` until stopped, and prunes stock events older than the
 * retention now and then; a failed sweep is logged and retried.
 */
export function startExpirySweeper(
  stores: Stores,
  clock: Clock,
  logger: Logger,
  intervalMs: number,
  retentionDays: number,
): Sweeper {
  let running: Promise<void> = Promise.resolve();
  let prunedAt = 0;
  const prune = async (now: Date) => {
    if (now.getTime() - prunedAt < PRUNE_EVERY_MS) return;
    prunedAt = now.getTime();
    const pruned = await stores.events.prune(new Date(now.getTime() - retentionDays * 86_400_000));
    if (pruned > 0) logger.info({ pruned }, 'old stock events pruned');
  };
  const sweep = () => {
    const now = clock();
    running = expireOrders(stores, now)
      .then(async (count) => {
        if (count > 0) logger.info({ count }, 'expired orders released');
        await prune(now);
      })
      .catch((error: unknown) => logger.error({ err: error }, 'expiry sweep failed'));
  };
  const timer = setInterval(sweep, intervalMs);
  timer.unref();

  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
