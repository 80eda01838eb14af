import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { stockLevels } from '../stock/tables.js';
import type { IncomingShipmentRow } from '../stock/tables.js';
import {
  addHolds,
  claimsOn,
  cutClaims,
  cutHolds,
  holdsAt,
  type LineShareRow,
} from './shares-store.js';
import { refreshOrders } from './refresh.js';
import type { OrderStore } from './store.js';

/*
 * What happens to orders when goods arrive, or when the distributor's ERP says there are fewer
 * of them than the orders hold. Callers hold the locks of the stock rows and shipments touched.
 */

/** Takes `units` off the shares, first to last, and returns what it took from each. */
function takeInOrder(shares: LineShareRow[], units: number): LineShareRow[] {
  const taken: LineShareRow[] = [];
  let rest = units;
  for (const share of shares) {
    if (rest <= 0) break;
    const quantity = Math.min(rest, share.quantity);
    taken.push({ ...share, quantity });
    rest -= quantity;
  }

  return taken;
}

/**
 * Received goods of a shipment become held stock of the lines waiting on it, earliest order
 * first; what no line waits for becomes free stock. Returns the units it handed to lines.
 */
export async function receiveIntoStock(
  orders: OrderStore,
  shipment: IncomingShipmentRow,
  units: number,
  at: Date,
  tx: Executor,
): Promise<number> {
  const handed = takeInOrder(await claimsOn(shipment.id, tx), units);
  const reserved = handed.reduce((sum, h) => sum + h.quantity, 0);

  await tx.execute(sql`
    insert into ${stockLevels} (offer_id, warehouse_id, on_hand, reserved)
    values (${shipment.offerId}, ${shipment.warehouseId}, ${units}, ${reserved})
    on conflict (offer_id, warehouse_id) do update
    set on_hand = ${stockLevels.onHand} + ${units},
        reserved = ${stockLevels.reserved} + ${reserved},
        updated_at = now()`);
  await cutClaims(handed, tx);
  await addHolds(
    handed.map((h) => ({
      orderLineId: h.orderLineId,
      warehouseId: shipment.warehouseId,
      quantity: h.quantity,
    })),
    tx,
  );
  await refreshOrders(
    orders,
    handed.map((h) => h.orderId),
    `goods received (shipment ${shipment.reference ?? shipment.id})`,
    at,
    tx,
  );

  return reserved;
}

/**
 * Takes goods back from the latest orders' holds of an offer in a warehouse, `units` of them,
 * when the ERP's count falls below what orders hold. Their lines become SHORTAGE. Returns the
 * orders that lost goods.
 */
export async function takeBackStock(
  orders: OrderStore,
  offerId: number,
  warehouseId: number,
  units: number,
  at: Date,
  tx: Executor,
): Promise<number[]> {
  const taken = takeInOrder(await holdsAt(offerId, warehouseId, tx), units);
  await cutHolds(taken, tx);
  await tx.execute(sql`
    update ${stockLevels} set reserved = reserved - ${units}, updated_at = now()
    where offer_id = ${offerId} and warehouse_id = ${warehouseId}`);
  const orderIds = taken.map((t) => t.orderId);
  await refreshOrders(orders, orderIds, 'stock count fell below what orders hold', at, tx);

  return orderIds;
}

/**
 * Takes claims back from the latest orders on a shipment cut to fewer units than they claim.
 * Their lines become SHORTAGE.
 */
export async function takeBackIncoming(
  orders: OrderStore,
  shipmentId: number,
  units: number,
  at: Date,
  tx: Executor,
): Promise<number[]> {
  const taken = takeInOrder((await claimsOn(shipmentId, tx)).reverse(), units);
  await cutClaims(taken, tx);
  const orderIds = taken.map((t) => t.orderId);
  await refreshOrders(orders, orderIds, 'incoming shipment cut', at, tx);

  return orderIds;
}
