import { isDeepStrictEqual } from 'node:util';
import { DateTime } from 'luxon';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireOrders } from '../src/orders/expiry.js';
import { localId } from '../src/schema/ids.js';
import { createTestApp, type TestApp } from './support/app.js';
import {
  CancelOrder,
  OfferStock,
  OrderById,
  placeOrder,
  ReceiveIncoming,
  UpdateIncoming,
} from './support/orders.js';
import {
  addIncoming,
  connectStore,
  createDistributor,
  createStore,
  type Distributor,
  type Org,
  setStock,
  upsertOffers,
} from './support/world.js';

/*
 * A seeded random walk over one small world: orders placed, cancelled and expired while the
 * distributor counts stock, receives, cuts, raises and delays shipments. After every step the
 * database must still add up, and each step must have done what the state before it implies.
 * ORDER_INVARIANTS_SEED (and _STEPS) run another walk; a failure names the seed, the step and
 * the walk up to it.
 */

const SEED = Number(process.env.ORDER_INVARIANTS_SEED ?? 20261202);
const STEPS = Number(process.env.ORDER_INVARIANTS_STEPS ?? 300);
const ZONE = 'Europe/Moscow';

/** mulberry32: a tiny deterministic PRNG, uniform in [0, 1). */
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(SEED);
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
const chance = (p: number) => random() < p;

type Code = 'A' | 'B';
const CODES: Code[] = ['A', 'B'];
const LIVE = ['READY', 'AWAITING_STOCK'];
const ENDED = ['CANCELLED', 'EXPIRED'];

interface OfferModel {
  gid: string;
  id: number;
  sku: string;
  /** What the last setStock said, plus what was received since. */
  onHand: Record<Code, number>;
}

interface ShipmentModel {
  gid: string;
  id: number;
  label: string;
  offer: OfferModel;
  code: Code;
  quantity: number;
  received: number;
  eta: string;
}

interface Snapshot {
  stock: { offerId: number; warehouseId: number; onHand: number; reserved: number }[];
  shipments: {
    id: number;
    offerId: number;
    warehouseId: number;
    quantity: number;
    unallocated: number;
    received: number;
    eta: string;
  }[];
  holds: { lineId: number; warehouseId: number; quantity: number }[];
  claims: { lineId: number; shipmentId: number; quantity: number }[];
  lines: {
    id: number;
    orderId: number;
    offerId: number;
    quantity: number;
    status: string;
    eta: string | null;
  }[];
  orders: {
    id: number;
    externalRef: string;
    status: string;
    eta: string | null;
    holdUntil: Date;
    deliveryOptionId: number | null;
  }[];
  events: number;
}

/** A share of goods of one line: a hold in a warehouse or a claim on a shipment. */
interface Share {
  lineId: number;
  orderId: number;
  quantity: number;
}

interface Outcome {
  /** The counter this step adds to, e.g. "placeOrder READY" or "cancelOrder INVALID_STATE". */
  kind: string;
  refused: boolean;
  /** Where the step's own answer differed from what the state before it implies. */
  broken: string[];
  /** Checks of the state after the step that only this step can make. */
  verify?: (after: Snapshot) => string[];
}

interface Operation {
  label: string;
  run(): Promise<Outcome>;
}

const sum = (values: number[]) => values.reduce((total, v) => total + v, 0);
const mismatch = (what: string, expected: unknown, actual: unknown) =>
  isDeepStrictEqual(expected, actual)
    ? []
    : [`outcome as predicted: ${what} ${JSON.stringify(actual)}, not ${JSON.stringify(expected)}`];

/** Takes `units` off the shares, first to last; returns what is left of each, empties dropped. */
function takeInOrder(shares: Share[], units: number): Share[] {
  let rest = units;
  return shares
    .map((share) => {
      const cut = Math.min(rest, share.quantity);
      rest -= cut;
      return { ...share, quantity: share.quantity - cut };
    })
    .filter((share) => share.quantity > 0);
}

describe('orders and stock under a seeded random walk', () => {
  let t: TestApp;
  let db: postgres.Sql;
  let distributor: Distributor;
  let store: Org;
  const warehouseId = {} as Record<Code, number>;
  const optionOf = {} as Record<Code, string>;
  const offers: OfferModel[] = [];
  const shipments: ShipmentModel[] = [];
  const orderGid = new Map<number, string>();
  let now = new Date('2026-12-02T10:00:00+03:00');
  let orderCount = 0;

  const skuOf = (offerId: number) => offers.find((o) => o.id === offerId)?.sku ?? `#${offerId}`;
  const codeOf = (id: number) => CODES.find((c) => warehouseId[c] === id) ?? `#${id}`;
  const shipmentLabel = (id: number) => shipments.find((s) => s.id === id)?.label ?? `#${id}`;
  const today = () => DateTime.fromJSDate(now, { zone: ZONE }).toISODate()!;
  const plusDays = (date: string, days: number) =>
    DateTime.fromISO(date).plus({ days }).toISODate()!;

  async function addShipment(offer: OfferModel, code: Code, quantity: number, eta: string) {
    const label = `IN-${shipments.length + 1}`;
    const created = await addIncoming(t, distributor.key, {
      warehouseCode: code,
      sku: offer.sku,
      quantity,
      eta,
      reference: label,
    });
    const id = localId(created.id, 'IncomingShipment')!;
    shipments.push({ gid: created.id, id, label, offer, code, quantity, received: 0, eta });

    return label;
  }

  beforeAll(async () => {
    // Wednesday 2 December 2026, 10:00 in Moscow.
    t = await createTestApp(now);
    db = postgres(t.database.url, { max: 1, onnotice: () => {} });
    distributor = await createDistributor(t, {
      name: 'Moscow',
      timeZone: ZONE,
      warehouses: CODES,
      priceTypes: ['base'],
      deliveryOptions: CODES.map((code) => ({
        kind: 'PICKUP' as const,
        warehouseCode: code,
        cutoff: '16:00',
        weekdays: [1, 2, 3, 4, 5],
      })),
    });
    CODES.forEach((code, i) => (optionOf[code] = distributor.deliveryOptionIds[i]!));
    store = await createStore(t, 'Store');
    await connectStore(t, distributor.key, { storeId: store.id, priceTypeCode: 'base' });
    for (const row of await db<{ id: number; code: Code }[]>`
      select id::int, code from warehouses`) {
      warehouseId[row.code] = row.id;
    }

    const created = await upsertOffers(
      t,
      distributor.key,
      [1, 2, 3].map((n) => ({
        sku: `INV-${n}`,
        name: `Invariant ${n}`,
        vatRate: '20',
        prices: [{ priceTypeCode: 'base', amount: '100.00' }],
      })),
    );
    for (const offer of created) {
      const model = { gid: offer.id, id: localId(offer.id, 'Offer')!, sku: offer.sku };
      offers.push({ ...model, onHand: { A: int(2, 8), B: int(2, 8) } });
    }
    for (const offer of offers) {
      for (const code of CODES) {
        await setStock(t, distributor.key, code, [{ sku: offer.sku, onHand: offer.onHand[code] }]);
      }
      for (let n = int(2, 3); n > 0; n--) {
        await addShipment(offer, pick(CODES), int(4, 12), plusDays('2026-12-07', int(0, 7)));
      }
    }
  });

  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  async function snapshot(): Promise<Snapshot> {
    const [stock, shipmentRows, holds, claims, lines, orders, [events]] = await Promise.all([
      db<Snapshot['stock']>`
        select offer_id::int as "offerId", warehouse_id::int as "warehouseId",
          on_hand as "onHand", reserved
        from stock_levels order by offer_id, warehouse_id`,
      db<Snapshot['shipments']>`
        select id::int, offer_id::int as "offerId", warehouse_id::int as "warehouseId", quantity,
          unallocated, received, to_char(eta, 'YYYY-MM-DD') as eta
        from incoming_shipments order by id`,
      db<Snapshot['holds']>`
        select order_line_id::int as "lineId", warehouse_id::int as "warehouseId", quantity
        from stock_holds order by order_line_id, warehouse_id`,
      db<Snapshot['claims']>`
        select order_line_id::int as "lineId", incoming_shipment_id::int as "shipmentId", quantity
        from incoming_allocations order by order_line_id, incoming_shipment_id`,
      db<Snapshot['lines']>`
        select id::int, order_id::int as "orderId", offer_id::int as "offerId", quantity,
          status::text, to_char(eta, 'YYYY-MM-DD') as eta
        from order_lines order by order_id, position`,
      db<Snapshot['orders']>`
        select id::int, external_ref as "externalRef", status::text,
          to_char(eta, 'YYYY-MM-DD') as eta, hold_until as "holdUntil",
          delivery_option_id::int as "deliveryOptionId"
        from orders order by id`,
      db<{ n: number }[]>`select count(*)::int as n from order_events`,
    ]);

    return { stock, shipments: shipmentRows, holds, claims, lines, orders, events: events!.n };
  }

  /** The holds of an offer in a warehouse, latest order first: the ones an ERP count cuts. */
  function holdsAt(s: Snapshot, offerId: number, warehouse: number): Share[] {
    return s.holds
      .filter((h) => h.warehouseId === warehouse)
      .flatMap((h) => {
        const line = s.lines.find((l) => l.id === h.lineId)!;
        return line.offerId === offerId
          ? [{ lineId: h.lineId, orderId: line.orderId, quantity: h.quantity }]
          : [];
      })
      .sort((a, b) => b.orderId - a.orderId || b.lineId - a.lineId);
  }

  /** The claims on a shipment, earliest order first: the ones goods arriving go to. */
  function claimsOn(s: Snapshot, shipmentId: number): Share[] {
    return s.claims
      .filter((c) => c.shipmentId === shipmentId)
      .map((c) => {
        const line = s.lines.find((l) => l.id === c.lineId)!;
        return { lineId: c.lineId, orderId: line.orderId, quantity: c.quantity };
      })
      .sort((a, b) => a.orderId - b.orderId || a.lineId - b.lineId);
  }

  /** Every invariant of the whole database that does not depend on the step just made. */
  function brokenInvariants(s: Snapshot): string[] {
    const broken: string[] = [];
    const lineById = new Map(s.lines.map((l) => [l.id, l]));
    const shipmentById = new Map(s.shipments.map((i) => [i.id, i]));
    const heldBy = (lineId: number) =>
      sum(s.holds.filter((h) => h.lineId === lineId).map((h) => h.quantity));
    const claimedBy = (lineId: number) =>
      sum(s.claims.filter((c) => c.lineId === lineId).map((c) => c.quantity));

    const places = new Set([
      ...s.stock.map((r) => `${r.offerId}:${r.warehouseId}`),
      ...s.holds.map((h) => `${lineById.get(h.lineId)!.offerId}:${h.warehouseId}`),
    ]);
    for (const place of places) {
      const [offerId, warehouse] = place.split(':').map(Number) as [number, number];
      const row = s.stock.find((r) => r.offerId === offerId && r.warehouseId === warehouse);
      const reserved = row?.reserved ?? 0;
      const onHand = row?.onHand ?? 0;
      const held = sum(holdsAt(s, offerId, warehouse).map((h) => h.quantity));
      const where = `${skuOf(offerId)} in ${codeOf(warehouse)}`;
      if (reserved !== held) {
        broken.push(`reserved = units held: ${where} reserves ${reserved}, its holds are ${held}`);
      }
      if (reserved < 0 || reserved > onHand) {
        broken.push(`0 ≤ reserved ≤ onHand: ${where} has ${onHand} on hand, ${reserved} reserved`);
      }
    }

    for (const shipment of s.shipments) {
      const claimed = sum(claimsOn(s, shipment.id).map((c) => c.quantity));
      const name = `${shipmentLabel(shipment.id)} (${shipment.quantity}/${shipment.unallocated})`;
      if (shipment.quantity - shipment.unallocated !== claimed) {
        broken.push(`quantity − unallocated = units claimed: ${name} has claims of ${claimed}`);
      }
      if (shipment.unallocated < 0 || shipment.unallocated > shipment.quantity) {
        broken.push(`0 ≤ unallocated ≤ quantity: ${name}`);
      }
    }

    for (const claim of s.claims) {
      const line = lineById.get(claim.lineId)!;
      const shipment = shipmentById.get(claim.shipmentId)!;
      if (shipment.offerId !== line.offerId) {
        broken.push(
          `a line claims only its own offer: line ${line.id} of ${skuOf(line.offerId)} claims ` +
            `${shipmentLabel(shipment.id)} of ${skuOf(shipment.offerId)}`,
        );
      }
    }

    for (const order of s.orders) {
      const lines = s.lines.filter((l) => l.orderId === order.id);
      const name = `${order.externalRef} (${order.status})`;
      if (!LIVE.includes(order.status) && !ENDED.includes(order.status)) {
        broken.push(`an order is live or ended: ${name}`);
        continue;
      }
      if (ENDED.includes(order.status)) {
        for (const line of lines) {
          if (heldBy(line.id) + claimedBy(line.id) > 0 || line.status !== 'CANCELLED') {
            broken.push(
              `ended orders hold and claim nothing: ${name} line ${line.id} is ${line.status}, ` +
                `holds ${heldBy(line.id)}, claims ${claimedBy(line.id)}`,
            );
          }
        }
        continue;
      }

      for (const line of lines) {
        const held = heldBy(line.id);
        const claimed = claimedBy(line.id);
        const goods = `${line.quantity} asked, ${held} held, ${claimed} claimed`;
        if (held + claimed > line.quantity) {
          broken.push(`held + claimed ≤ quantity: ${name} line ${line.id}: ${goods}`);
        }
        const status =
          held === line.quantity
            ? 'RESERVED'
            : held + claimed === line.quantity
              ? 'IN_TRANSIT'
              : 'SHORTAGE';
        if (line.status !== status) {
          broken.push(
            `line status follows its goods: ${name} line ${line.id} is ${line.status} with ` +
              `${goods}, so ${status}`,
          );
        }
        const etas = s.claims
          .filter((c) => c.lineId === line.id)
          .map((c) => shipmentById.get(c.shipmentId)!.eta)
          .sort();
        const eta = line.status === 'IN_TRANSIT' ? (etas.at(-1) ?? null) : null;
        if (line.eta !== eta) {
          broken.push(
            `a line's ETA is its latest claim's while in transit: ${name} line ${line.id} ` +
              `(${line.status}) has ${line.eta}, not ${eta}`,
          );
        }
      }

      const ready = lines.every((l) => l.status === 'RESERVED');
      if ((order.status === 'READY') !== ready) {
        broken.push(
          `an order is READY iff all its lines are RESERVED: ${name} has lines ` +
            lines.map((l) => l.status).join(', '),
        );
      }
      const etas = lines.map((l) => l.eta).filter((e) => e !== null);
      const eta =
        ready || lines.some((l) => l.status === 'SHORTAGE') ? null : (etas.sort().at(-1) ?? null);
      if (order.eta !== eta) {
        broken.push(`an order's ETA is its latest line's: ${name} has ${order.eta}, not ${eta}`);
      }

      const pinned = CODES.find(
        (c) => order.deliveryOptionId === localId(optionOf[c], 'DeliveryOption'),
      );
      if (pinned) {
        const only = warehouseId[pinned];
        const ids = new Set(lines.map((l) => l.id));
        const elsewhere = [
          ...s.holds.filter((h) => ids.has(h.lineId) && h.warehouseId !== only),
          ...s.claims.filter(
            (c) => ids.has(c.lineId) && shipmentById.get(c.shipmentId)!.warehouseId !== only,
          ),
        ];
        if (elsewhere.length > 0) {
          broken.push(
            `an order for pickup from ${pinned} holds goods there only: ${name} ` +
              JSON.stringify(elsewhere),
          );
        }
      }
    }

    for (const offer of offers) {
      for (const code of CODES) {
        const row = s.stock.find(
          (r) => r.offerId === offer.id && r.warehouseId === warehouseId[code],
        );
        if ((row?.onHand ?? 0) !== offer.onHand[code]) {
          broken.push(
            `every unit is accounted for: ${offer.sku} in ${code} has ${row?.onHand} on hand; ` +
              `the last count and the receipts since make ${offer.onHand[code]}`,
          );
        }
      }
      const total = sum(s.stock.filter((r) => r.offerId === offer.id).map((r) => r.onHand));
      const expected = sum(CODES.map((c) => offer.onHand[c]));
      if (total !== expected) {
        broken.push(`every unit is accounted for: ${offer.sku} has ${total}, not ${expected}`);
      }
    }
    for (const model of shipments) {
      const row = shipmentById.get(model.id);
      const expected = { quantity: model.quantity, received: model.received, eta: model.eta };
      const actual = row && { quantity: row.quantity, received: row.received, eta: row.eta };
      if (!isDeepStrictEqual(expected, actual)) {
        broken.push(
          `a shipment is what was announced, changed and received: ${model.label} is ` +
            `${JSON.stringify(actual)}, not ${JSON.stringify(expected)}`,
        );
      }
    }

    return broken;
  }

  /** A refused operation leaves the goods, the orders and their history as they were. */
  function changedByRefusal(before: Snapshot, after: Snapshot): string[] {
    return (Object.keys(before) as (keyof Snapshot)[])
      .filter((key) => !isDeepStrictEqual(before[key], after[key]))
      .map((key) => `a refused operation changes nothing: ${key} changed`);
  }

  const counts = new Map<string, number>();
  const count = (kind: string, by = 1) => counts.set(kind, (counts.get(kind) ?? 0) + by);

  function placing(s: Snapshot): Operation {
    const lines = Array.from({ length: int(1, 2) }, () => ({
      offer: pick(offers),
      quantity: int(1, 8),
    }));
    const allowBackorder = chance(0.6);
    const pinned = chance(0.25) ? pick(CODES) : null;
    const holdHours = chance(0.2) ? int(1, 48) : null;
    const externalRef = `O-${++orderCount}`;
    const label =
      `placeOrder ${externalRef} [${lines.map((l) => `${l.offer.sku}×${l.quantity}`).join(', ')}]` +
      (allowBackorder ? ' backorder' : '') +
      (pinned ? ` pickup ${pinned}` : '') +
      (holdHours ? ` hold ${holdHours}h` : '');

    return {
      label,
      async run() {
        const allowed = pinned ? [warehouseId[pinned]] : CODES.map((c) => warehouseId[c]);
        const wanted = [...new Set(lines.map((l) => l.offer))]
          .sort((a, b) => a.id - b.id)
          .map((offer) => {
            const quantity = sum(lines.filter((l) => l.offer === offer).map((l) => l.quantity));
            const free = sum(
              s.stock
                .filter((r) => r.offerId === offer.id && allowed.includes(r.warehouseId))
                .map((r) => Math.max(0, r.onHand - r.reserved)),
            );
            const open = s.shipments.filter(
              (i) => i.offerId === offer.id && allowed.includes(i.warehouseId) && i.unallocated > 0,
            );
            const coming = sum(open.map((i) => i.unallocated));
            const later = coming
              ? `${coming} more by ${open
                  .map((i) => i.eta)
                  .sort()
                  .at(-1)}`
              : 'none incoming';
            const fits = quantity <= free + (allowBackorder ? coming : 0);

            return { offer, quantity, free, later, fits };
          });
        const expectedErrors = wanted
          .filter((w) => !w.fits)
          .flatMap((w) =>
            lines.flatMap((line, position) =>
              line.offer === w.offer
                ? [
                    {
                      code: 'INSUFFICIENT_STOCK',
                      message:
                        `SKU ${w.offer.sku}: ${w.quantity} asked, ` +
                        `${w.free} available now, ${w.later}`,
                      field: ['lines', String(position), 'quantity'],
                    },
                  ]
                : [],
            ),
          );

        const payload = await placeOrder(t, store.key, {
          distributorId: distributor.id,
          externalRef,
          lines: lines.map((l) => ({ offerId: l.offer.gid, quantity: l.quantity })),
          allowBackorder,
          ...(pinned ? { deliveryOptionId: optionOf[pinned] } : {}),
          ...(holdHours ? { holdUntil: new Date(+now + holdHours * 3_600_000).toISOString() } : {}),
        });
        const broken = mismatch('user errors', expectedErrors, payload.userErrors);
        const order = payload.order;
        if (!order) return { kind: 'placeOrder INSUFFICIENT_STOCK', refused: true, broken };

        orderGid.set(localId(order.id, 'Order')!, order.id);
        const status = wanted.every((w) => w.quantity <= w.free) ? 'READY' : 'AWAITING_STOCK';
        broken.push(...mismatch('order status', status, order.status));
        for (const w of wanted) {
          const mine = order.lines.filter((l) => l.offer.sku === w.offer.sku);
          const fromStock = Math.min(w.quantity, w.free);
          broken.push(
            ...mismatch(
              `${w.offer.sku} [reserved, inTransit] (stock first, then incoming)`,
              [fromStock, w.quantity - fromStock],
              [sum(mine.map((l) => l.reserved)), sum(mine.map((l) => l.inTransit))],
            ),
          );
        }
        if (holdHours) {
          const until = new Date(+now + holdHours * 3_600_000).toISOString();
          broken.push(...mismatch('holdUntil', until, order.holdUntil));
        }

        return { kind: `placeOrder ${order.status}`, refused: false, broken };
      },
    };
  }

  function cancelling(s: Snapshot): Operation | null {
    const live = s.orders.filter((o) => LIVE.includes(o.status));
    const ended = s.orders.filter((o) => ENDED.includes(o.status));
    const again = ended.length > 0 && (live.length === 0 || chance(0.1));
    if (!again && live.length === 0) return null;
    const order = pick(again ? ended : live);

    return {
      label: `cancelOrder ${order.externalRef} (${order.status})`,
      async run() {
        const { cancelOrder } = await t.run(
          CancelOrder,
          { input: { id: orderGid.get(order.id)!, reason: 'random walk' } },
          store.key,
        );
        if (again) {
          const expected = [
            {
              code: 'INVALID_STATE',
              message: `An order that is ${order.status} cannot be cancelled`,
              field: ['id'],
            },
          ];
          const broken = mismatch('user errors', expected, cancelOrder.userErrors);
          return { kind: 'cancelOrder INVALID_STATE', refused: true, broken };
        }
        const lines = s.lines
          .filter((l) => l.orderId === order.id)
          .map(() => ({ status: 'CANCELLED', reserved: 0, inTransit: 0 }));
        const broken = [
          ...mismatch('user errors', [], cancelOrder.userErrors),
          ...mismatch(
            'order',
            { status: 'CANCELLED', lines },
            {
              status: cancelOrder.order?.status,
              lines: cancelOrder.order?.lines,
            },
          ),
        ];

        return { kind: 'cancelOrder CANCELLED', refused: false, broken };
      },
    };
  }

  function receiving(s: Snapshot): Operation | null {
    const open = shipments.filter((i) => i.quantity > 0);
    if (open.length === 0) return null;
    const shipment = pick(open);
    const row = s.shipments.find((i) => i.id === shipment.id)!;
    const how = chance(0.15) ? 'too many' : row.quantity > 1 && chance(0.55) ? 'part' : 'whole';
    const units =
      how === 'too many'
        ? row.quantity + int(1, 3)
        : how === 'part'
          ? int(1, row.quantity - 1)
          : row.quantity;

    return {
      label:
        `receiveIncoming ${shipment.label} (${shipment.offer.sku} → ${shipment.code}) ` +
        `${how === 'whole' ? 'whole' : units} of ${row.quantity}` +
        `${how === 'too many' ? ' (too many)' : ''}`,
      async run() {
        const input = { id: shipment.gid, ...(how === 'whole' ? {} : { quantity: units }) };
        const { receiveIncoming } = await t.run(ReceiveIncoming, { input }, distributor.key);
        if (how === 'too many') {
          const expected = [
            {
              code: 'INVALID_INPUT',
              message: `Only ${row.quantity} units of this shipment are still to come`,
              field: ['quantity'],
            },
          ];
          const broken = mismatch('user errors', expected, receiveIncoming.userErrors);
          return { kind: 'receiveIncoming INVALID_INPUT', refused: true, broken };
        }

        const claims = claimsOn(s, shipment.id);
        const left = takeInOrder(claims, units);
        const handed = sum(claims.map((c) => c.quantity)) - sum(left.map((c) => c.quantity));
        const broken = [
          ...mismatch('user errors', [], receiveIncoming.userErrors),
          ...mismatch(
            'shipment [quantity, unallocated]',
            [row.quantity - units, row.unallocated - (units - handed)],
            [
              receiveIncoming.incomingShipment?.quantity,
              receiveIncoming.incomingShipment?.unallocated,
            ],
          ),
        ];
        shipment.quantity -= units;
        shipment.received += units;
        shipment.offer.onHand[shipment.code] += units;
        const verify = (after: Snapshot) => {
          const heldHere = (snap: Snapshot, lineId: number) =>
            snap.holds.find(
              (h) => h.lineId === lineId && h.warehouseId === warehouseId[shipment.code],
            )?.quantity ?? 0;
          const gained = claims.map((c) => ({
            lineId: c.lineId,
            quantity: heldHere(after, c.lineId) - heldHere(s, c.lineId),
          }));
          const given = claims.map((c) => ({
            lineId: c.lineId,
            quantity: c.quantity - (left.find((l) => l.lineId === c.lineId)?.quantity ?? 0),
          }));

          return [
            ...mismatch(
              'claims left on the shipment (earliest orders served first)',
              left,
              claimsOn(after, shipment.id),
            ),
            ...mismatch('units each waiting line now holds more', given, gained),
          ];
        };

        return { kind: `receiveIncoming ${how}`, refused: false, broken, verify };
      },
    };
  }

  function counting(s: Snapshot): Operation {
    const offer = pick(offers);
    const code = pick(CODES);
    const row = s.stock.find((r) => r.offerId === offer.id && r.warehouseId === warehouseId[code]);
    const reserved = row?.reserved ?? 0;
    const onHand = reserved > 0 && chance(0.4) ? int(0, reserved - 1) : int(0, 10);
    // REPLACE counts every other SKU of the warehouse as 0, taking back all they hold.
    const replace = chance(0.1);
    const others = replace ? offers.filter((o) => o !== offer) : [];

    return {
      label:
        `setStock ${replace ? 'REPLACE ' : ''}${offer.sku} in ${code} to ${onHand} ` +
        `(${row?.onHand}/${reserved} before)`,
      async run() {
        const mode = replace ? 'REPLACE' : 'MERGE';
        const items = [{ sku: offer.sku, onHand }];
        const levels = await setStock(t, distributor.key, code, items, mode);
        const kept = Math.min(reserved, onHand);
        const zeroed = others
          .filter((o) => o.onHand[code] > 0)
          .map(() => ({ onHand: 0, reserved: 0, available: 0, warehouse: { code } }));
        const broken = mismatch(
          'stock levels',
          [{ onHand, reserved: kept, available: onHand - kept, warehouse: { code } }, ...zeroed],
          levels,
        );
        offer.onHand[code] = onHand;
        for (const other of others) other.onHand[code] = 0;
        const left = takeInOrder(holdsAt(s, offer.id, warehouseId[code]), reserved - kept);
        const verify = (after: Snapshot) => [
          ...mismatch(
            'holds left (the latest orders lose theirs first)',
            left,
            holdsAt(after, offer.id, warehouseId[code]),
          ),
          ...others.flatMap((other) =>
            mismatch(
              `holds left of ${other.sku}, counted as 0`,
              [],
              holdsAt(after, other.id, warehouseId[code]),
            ),
          ),
        ];
        const kind = `setStock ${mode}${onHand < reserved ? ' below reserved' : ''}`;

        return { kind, refused: false, broken, verify };
      },
    };
  }

  function updating(s: Snapshot): Operation | null {
    const open = shipments.filter((i) => i.quantity > 0);
    if (open.length === 0) return null;
    const rowOf = (shipment: ShipmentModel) => s.shipments.find((i) => i.id === shipment.id)!;
    const roll = random();
    // A cut mostly goes to a shipment that orders wait on, to take some of their claims away.
    const waitedOn = open.filter((i) => rowOf(i).quantity - rowOf(i).unallocated > 1);
    const shipment =
      roll < 0.35 && waitedOn.length > 0 && chance(0.7) ? pick(waitedOn) : pick(open);
    const row = rowOf(shipment);
    const claimed = row.quantity - row.unallocated;
    const how = roll < 0.35 && row.quantity > 1 ? 'cut' : roll < 0.6 ? 'raise' : 'eta';
    const quantity =
      how === 'cut'
        ? claimed > 1 && chance(0.5)
          ? int(1, claimed - 1)
          : int(1, row.quantity - 1)
        : how === 'raise'
          ? row.quantity + int(1, 10)
          : row.quantity;
    const moveEta = how === 'eta' || (how === 'cut' && chance(0.3));
    const eta = moveEta ? plusDays(row.eta, int(1, 5)) : row.eta;
    const change = [
      ...(how === 'eta' ? [] : [`${row.quantity} → ${quantity}`]),
      ...(moveEta ? [`eta ${row.eta} → ${eta}`] : []),
    ].join(', ');

    return {
      label:
        `updateIncoming ${shipment.label} (${shipment.offer.sku} → ${shipment.code}) ` +
        `${change}`,
      async run() {
        const input = {
          id: shipment.gid,
          ...(how === 'eta' ? {} : { quantity }),
          ...(moveEta ? { eta } : {}),
        };
        const { updateIncoming } = await t.run(UpdateIncoming, { input }, distributor.key);
        if (moveEta && eta < today()) {
          const expected = [
            {
              code: 'INVALID_INPUT',
              message: `eta ${eta} is in the past (today is ${today()})`,
              field: ['eta'],
            },
          ];
          const broken = mismatch('user errors', expected, updateIncoming.userErrors);
          return { kind: 'updateIncoming INVALID_INPUT', refused: true, broken };
        }

        const kept = Math.min(claimed, quantity);
        const broken = [
          ...mismatch('user errors', [], updateIncoming.userErrors),
          ...mismatch(
            'shipment',
            { id: shipment.gid, quantity, unallocated: quantity - kept, eta },
            updateIncoming.incomingShipment,
          ),
        ];
        shipment.quantity = quantity;
        shipment.eta = eta;
        const left = takeInOrder(claimsOn(s, shipment.id).reverse(), claimed - kept).reverse();
        const verify = (after: Snapshot) =>
          mismatch(
            'claims left on the shipment (the latest orders lose theirs first)',
            left,
            claimsOn(after, shipment.id),
          );
        const kind =
          `updateIncoming ${how}${quantity < claimed ? ' below claims' : ''}` +
          (moveEta && how !== 'eta' ? ' and eta' : '');

        return { kind, refused: false, broken, verify };
      },
    };
  }

  function announcing(): Operation | null {
    if (shipments.filter((i) => i.quantity > 0).length >= 9) return null;
    const offer = pick(offers);
    const code = pick(CODES);
    const quantity = int(3, 12);
    const eta = plusDays(today(), int(1, 10));

    return {
      label: `addIncoming ${offer.sku} → ${code} ${quantity} by ${eta}`,
      async run() {
        await addShipment(offer, code, quantity, eta);
        return { kind: 'addIncoming', refused: false, broken: [] };
      },
    };
  }

  function expiring(s: Snapshot): Operation | null {
    const live = s.orders.filter((o) => LIVE.includes(o.status));
    if (live.length === 0) return null;
    // Mostly just past the earliest hold, so that a sweep ends a few orders, not all of them.
    const earliest = [...live].sort((a, b) => +a.holdUntil - +b.holdUntil)[0]!;
    const order = chance(0.7) ? earliest : pick(live);
    const to = new Date(Math.max(+now, +order.holdUntil) + int(1, 120) * 60_000);
    const due = live.filter((o) => o.holdUntil < to).map((o) => o.id);

    return {
      label: `expireOrders at ${to.toISOString()} (past ${order.externalRef}'s hold)`,
      async run() {
        now = to;
        t.setNow(now);
        const ended = await expireOrders(t.app.stores, now);
        count('orders expired', ended);
        const broken = mismatch('orders expired', due.length, ended);
        const verify = (after: Snapshot) =>
          mismatch(
            'the orders now EXPIRED',
            due,
            after.orders
              .filter((o) => o.status === 'EXPIRED' && due.includes(o.id))
              .map((o) => o.id),
          );

        return { kind: 'expireOrders', refused: false, broken, verify };
      },
    };
  }

  /** How often each kind of step is drawn, in percent; one that cannot run now is drawn again. */
  const MIX: [number, (s: Snapshot) => Operation | null][] = [
    [32, placing],
    [10, cancelling],
    [13, receiving],
    [13, counting],
    [14, updating],
    [6, expiring],
    [12, announcing],
  ];

  function nextOperation(s: Snapshot): Operation {
    for (;;) {
      let roll = random() * 100;
      const [, make] = MIX.find(([weight]) => (roll -= weight) < 0) ?? MIX.at(-1)!;
      const operation = make(s);
      if (operation) return operation;
    }
  }

  it(
    `keeps stock, shipments and orders adding up over ${STEPS} random steps (seed ${SEED})`,
    async ({ annotate }) => {
      const walk: string[] = [];
      const fail = (step: number, label: string, broken: string[]) =>
        expect.fail(
          [
            `seed ${SEED}, step ${step}: ${label}`,
            ...broken.map((b) => `  broken: ${b}`),
            'the walk so far:',
            ...walk.map((line, i) => `  ${i + 1}. ${line}`),
          ].join('\n'),
        );

      let before = await snapshot();
      const setup = brokenInvariants(before);
      if (setup.length > 0) fail(0, 'the world as set up', setup);

      for (let step = 1; step <= STEPS; step++) {
        const operation = nextOperation(before);
        let outcome: Outcome;
        try {
          outcome = await operation.run();
        } catch (error) {
          walk.push(operation.label);
          return fail(step, operation.label, [`no unexpected error: ${(error as Error).message}`]);
        }
        walk.push(`${operation.label} → ${outcome.kind}`);
        count(outcome.kind);

        const after = await snapshot();
        const broken = [
          ...outcome.broken,
          ...(outcome.verify?.(after) ?? []),
          ...(outcome.refused ? changedByRefusal(before, after) : []),
          ...brokenInvariants(after),
        ];
        if (broken.length > 0) fail(step, operation.label, broken);
        before = after;
      }

      // The GraphQL view of each offer says what the tables say.
      for (const offer of offers) {
        const { node } = await t.run(OfferStock, { id: offer.gid }, distributor.key);
        const stock = before.stock.filter((r) => r.offerId === offer.id);
        const incoming = before.shipments
          .filter((i) => i.offerId === offer.id && i.quantity > 0)
          .sort((a, b) => a.eta.localeCompare(b.eta) || a.id - b.id);
        expect(node, `${offer.sku} through GraphQL`).toEqual({
          sku: offer.sku,
          available: sum(stock.map((r) => Math.max(0, r.onHand - r.reserved))),
          stock: stock.map((r) => ({
            warehouse: { code: codeOf(r.warehouseId) },
            onHand: r.onHand,
            reserved: r.reserved,
            available: Math.max(0, r.onHand - r.reserved),
          })),
          incoming: incoming.map((i) => ({
            quantity: i.quantity,
            unallocated: i.unallocated,
            eta: i.eta,
          })),
        });
      }

      // And so does the GraphQL view of each order.
      for (const order of before.orders) {
        const { node } = await t.run(OrderById, { id: orderGid.get(order.id)! }, store.key);
        const lines = before.lines.filter((l) => l.orderId === order.id);
        expect(node, `${order.externalRef} through GraphQL`).toMatchObject({
          status: order.status,
          eta: order.eta,
          lines: lines.map((l) => ({
            offer: { sku: skuOf(l.offerId) },
            quantity: l.quantity,
            reserved: sum(before.holds.filter((h) => h.lineId === l.id).map((h) => h.quantity)),
            inTransit: sum(before.claims.filter((c) => c.lineId === l.id).map((c) => c.quantity)),
            eta: l.eta,
            status: l.status,
          })),
        });
      }

      const tally = [...counts].sort(([a], [b]) => a.localeCompare(b));
      await annotate(tally.map(([kind, n]) => `${kind}: ${n}`).join(', '));
      // The walk went everywhere it should: every kind of step, accepted and refused.
      const unvisited = [
        'addIncoming',
        'cancelOrder CANCELLED',
        'cancelOrder INVALID_STATE',
        'expireOrders',
        'orders expired',
        'placeOrder AWAITING_STOCK',
        'placeOrder INSUFFICIENT_STOCK',
        'placeOrder READY',
        'receiveIncoming INVALID_INPUT',
        'receiveIncoming part',
        'receiveIncoming whole',
        'setStock MERGE below reserved',
        'setStock REPLACE',
        'updateIncoming cut below claims',
        'updateIncoming eta',
        'updateIncoming raise',
      ].filter((kind) => !tally.some(([seen, n]) => seen.startsWith(kind) && n > 0));
      expect(unvisited).toEqual([]);
    },
    Math.max(120_000, STEPS * 500),
  );
});
