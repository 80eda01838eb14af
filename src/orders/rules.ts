import { DateTime } from 'luxon';
import type { IncomingClaim, StockTake } from './holds-store.js';
import type { OrderLineStatus, OrderStatus } from './tables.js';

/** Per time zone, the last answer of `defaultHoldUntil` and the local day it holds for. */
const holdUntilByZone = new Map<string, { from: number; until: number; holdUntil: number }>();

/** The default end of an order's hold: the end of the next day in the distributor's zone. */
export function defaultHoldUntil(now: Date, timeZone: string): Date {
  // Luxon's arithmetic in a named zone costs more than the rest of an order's rules, and its
  // answer is the same all day long.
  const known = holdUntilByZone.get(timeZone);
  const instant = now.getTime();
  if (known && instant >= known.from && instant < known.until) return new Date(known.holdUntil);

  const today = DateTime.fromJSDate(now, { zone: timeZone });
  const tomorrow = today.plus({ days: 1 });
  holdUntilByZone.set(timeZone, {
    from: today.startOf('day').toMillis(),
    until: tomorrow.startOf('day').toMillis(),
    holdUntil: tomorrow.endOf('day').toMillis(),
  });

  return tomorrow.endOf('day').toJSDate();
}

export interface LineShare {
  position: number;
  offerId: number;
  quantity: number;
}

export interface LineHolding {
  position: number;
  holds: { warehouseId: number; quantity: number }[];
  claims: { incomingShipmentId: number; eta: string; quantity: number }[];
  status: OrderLineStatus;
  eta: string | null;
}

/**
 * Shares what was taken for each offer among the lines that asked for it, in line order: stock
 * first, then incoming goods, earliest first. Lines of the same offer share one reservation.
 */
export function shareAmongLines(
  lines: LineShare[],
  takes: StockTake[],
  claims: IncomingClaim[],
): LineHolding[] {
  const stockLeft = takes.map((t) => ({ ...t }));
  const incomingLeft = [...claims]
    .sort((a, b) => a.eta.localeCompare(b.eta))
    .map((c) => ({ ...c }));

  return lines.map((line) => {
    let rest = line.quantity;
    const holds: LineHolding['holds'] = [];
    for (const take of stockLeft) {
      if (rest === 0) break;
      if (take.offerId !== line.offerId || take.quantity === 0) continue;
      const quantity = Math.min(rest, take.quantity);
      holds.push({ warehouseId: take.warehouseId, quantity });
      take.quantity -= quantity;
      rest -= quantity;
    }
    const lineClaims: LineHolding['claims'] = [];
    for (const claim of incomingLeft) {
      if (rest === 0) break;
      if (claim.offerId !== line.offerId || claim.quantity === 0) continue;
      const quantity = Math.min(rest, claim.quantity);
      lineClaims.push({ incomingShipmentId: claim.incomingShipmentId, eta: claim.eta, quantity });
      claim.quantity -= quantity;
      rest -= quantity;
    }
    const eta = lineClaims.reduce<string | null>(
      (max, c) => (!max || c.eta > max ? c.eta : max),
      null,
    );

    return {
      position: line.position,
      holds,
      claims: lineClaims,
      status: lineClaims.length > 0 ? 'IN_TRANSIT' : 'RESERVED',
      eta,
    };
  });
}

/**
 * An order's status and ETA from its lines: READY when every line holds its goods, otherwise
 * AWAITING_STOCK with the latest ETA, or no ETA while a line lacks goods that nobody expects.
 */
export function statusFromLines(lines: { status: OrderLineStatus; eta: string | null }[]): {
  status: OrderStatus;
  eta: string | null;
} {
  const live = lines.filter((l) => l.status !== 'CANCELLED');
  if (live.every((l) => l.status === 'RESERVED')) return { status: 'READY', eta: null };
  if (live.some((l) => l.status === 'SHORTAGE')) return { status: 'AWAITING_STOCK', eta: null };

  const eta = live.reduce<string | null>(
    (max, l) => (l.eta && (!max || l.eta > max) ? l.eta : max),
    null,
  );
  return { status: 'AWAITING_STOCK', eta };
}
