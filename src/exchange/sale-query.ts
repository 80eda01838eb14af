import { encodeGlobalID } from '@pothos/plugin-relay';
import { DateTime } from 'luxon';
import { multiply, toMoney } from '../money/money.js';
import type { Stores } from '../stores.js';
import { charsetOf, type SaleDocument, saleDocumentBytes } from './sale-document.js';
import { exchangeSettingsOf } from './settings.js';
import type { ExchangeSessionRow } from './tables.js';

/** Registers one `mode=query` sends at most; 1C gets the rest at its next exchange. */
export const REGISTERS_PER_QUERY = 200;

const byId = <T extends { id: number }>(rows: T[]) => new Map(rows.map((row) => [row.id, row]));

/**
 * `mode=query`: the distributor's submitted registers that no `success` confirmed yet, one
 * CommerceML document per order of theirs, in the encoding and version the distributor set.
 * Records that this session sent them, for its `success` to confirm.
 */
export async function queryOrders(stores: Stores, session: ExchangeSessionRow, now: Date) {
  const { saleExchange, registers, orders, catalog, organizations } = stores;
  const distributorId = session.distributorId;
  const settings = await exchangeSettingsOf(stores, distributorId);
  const pending = await saleExchange.findUnexported(distributorId, REGISTERS_PER_QUERY);
  const members = (await registers.findRegisterOrders(pending.map((r) => r.id))).filter(
    (m) => m.open,
  );
  const orderRows = await orders.findOrdersByIds(members.map((m) => m.orderId));
  const lines = (await orders.findLinesByOrderIds(orderRows.map((o) => o.id))).filter(
    (line) => line.status !== 'CANCELLED',
  );
  const offers = byId(await catalog.findOffersByIds([...new Set(lines.map((l) => l.offerId))]));
  const products = byId(
    await catalog.findProductsByIds([...new Set([...offers.values()].map((o) => o.productId))]),
  );
  const parties = byId(
    await organizations.findByIds([distributorId, ...new Set(orderRows.map((o) => o.storeId))]),
  );
  const zone = parties.get(distributorId)!.timeZone!;
  const registerById = byId(pending);
  const registerOf = new Map(members.map((m) => [m.orderId, registerById.get(m.registerId)!]));

  const documents = orderRows
    .sort((a, b) => registerOf.get(a.id)!.id - registerOf.get(b.id)!.id || a.id - b.id)
    .map((order): SaleDocument => {
      const placed = DateTime.fromJSDate(order.createdAt, { zone });
      const register = registerOf.get(order.id)!;
      const store = parties.get(order.storeId)!;
      const amount = (value: string) => toMoney(value, order.currency).amount;

      return {
        id: encodeGlobalID('Order', order.id),
        number: order.externalRef,
        date: placed.toISODate()!,
        time: placed.toFormat('HH:mm:ss'),
        currency: order.currency,
        sum: amount(order.total),
        buyer: { id: encodeGlobalID('Store', store.id), name: store.name },
        registerId: encodeGlobalID('Register', register.id),
        shipDate: register.shipDate,
        lines: lines
          .filter((line) => line.orderId === order.id)
          .sort((a, b) => a.position - b.position)
          .map((line) => {
            const offer = offers.get(line.offerId)!;
            const product = products.get(offer.productId)!;
            return {
              id: offer.externalId ?? offer.sku,
              sku: offer.sku,
              name: product.name,
              unit: product.unit,
              unitPrice: amount(line.unitPrice),
              quantity: line.quantity,
              sum: amount(multiply(line.unitPrice, line.quantity)),
            };
          }),
      };
    });

  const body = saleDocumentBytes(documents, {
    ...settings,
    createdAt: DateTime.fromJSDate(now, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ss"),
  });
  await saleExchange.markSent(
    session.id,
    distributorId,
    pending.map((r) => r.id),
    now,
  );

  return { body, charset: charsetOf(settings.encoding), registers: pending.length };
}
