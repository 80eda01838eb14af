import { z } from 'zod';
import type { Context } from '../context.js';
import { inTransaction } from '../db/transaction.js';
import { queueStockChange } from '../events/outbox.js';
import { addDays, localDate } from '../delivery/ship-date.js';
import { receiveIntoStock, takeBackIncoming, takeBackStock } from '../orders/goods.js';
import { lockStock } from '../orders/holds-store.js';
import { claimsOn } from '../orders/shares-store.js';
import { refreshOrders } from '../orders/refresh.js';
import { userError, UserErrorsException, type UserError } from '../schema/user-errors.js';
import { parseInput } from '../schema/validation.js';
import * as field from '../schema/zod.js';

/** Most items one `setStock` call takes. */
export const MAX_STOCK_ITEMS = 10_000;

const createWarehouseInput = z.object({
  code: field.code,
  name: field.name,
  city: field.name.nullish(),
});

const setStockInput = z.object({
  warehouseCode: field.code,
  mode: z.enum(['MERGE', 'REPLACE']).default('MERGE'),
  items: z
    .array(z.object({ sku: field.code, onHand: field.quantity }))
    .max(MAX_STOCK_ITEMS, `takes at most ${MAX_STOCK_ITEMS.toLocaleString('en')} items a call`),
});

const addIncomingInput = z.object({
  warehouseCode: field.code,
  sku: field.code,
  quantity: field.positiveQuantity,
  eta: z.string(),
  reference: field.code.nullish(),
});

const updateIncomingInput = z.object({
  quantity: field.positiveQuantity.nullish(),
  eta: z.string().nullish(),
});

export async function createWarehouse(ctx: Context, distributorId: number, input: unknown) {
  const { code, name, city } = parseInput(createWarehouseInput, input);
  const warehouse = await ctx.stores.stock.createWarehouse({
    distributorId,
    code,
    name,
    city: city ?? null,
  });
  if (!warehouse) throw userError('DUPLICATE', `A warehouse with code ${code} exists`, ['code']);

  return { warehouse };
}

async function warehouseByCode(ctx: Context, distributorId: number, code: string) {
  const warehouse = await ctx.stores.stock.findWarehouseByCode(distributorId, code);
  if (!warehouse) {
    throw userError('NOT_FOUND', `No warehouse of yours has the code ${code}`, ['warehouseCode']);
  }

  return warehouse;
}

/** Sets on-hand stock in one warehouse; REPLACE also zeroes every SKU the list leaves out. */
export async function setStock(ctx: Context, distributorId: number, input: unknown) {
  const { warehouseCode, mode, items } = parseInput(setStockInput, input);
  const warehouse = await warehouseByCode(ctx, distributorId, warehouseCode);
  const { catalog, stock } = ctx.stores;

  const skus = items.map((item) => item.sku);
  const offers = new Map(
    (await catalog.findOffersBySkus(distributorId, skus)).map((offer) => [offer.sku, offer.id]),
  );
  const errors: UserError[] = [];
  const seen = new Map<string, number>();
  items.forEach(({ sku }, i) => {
    const first = seen.get(sku);
    if (first !== undefined) {
      errors.push({
        code: 'INVALID_INPUT',
        message: `SKU ${sku} is already in items[${first}]; name each SKU once`,
        field: ['items', String(i), 'sku'],
      });
    } else if (!offers.has(sku)) {
      errors.push({
        code: 'NOT_FOUND',
        message: `No offer of yours has the SKU ${sku}`,
        field: ['items', String(i), 'sku'],
      });
    }
    seen.set(sku, first ?? i);
  });
  if (errors.length > 0) throw new UserErrorsException(errors);

  const rows = items.map((item) => ({ offerId: offers.get(item.sku)!, onHand: item.onHand }));
  const now = ctx.clock();
  const stockLevels = await inTransaction(ctx.stores.db, async (tx) => {
    await stock.ensureStockRows(
      warehouse.id,
      rows.map((row) => row.offerId),
      tx,
    );
    const locked = await stock.lockWarehouseStock(
      warehouse.id,
      mode === 'REPLACE' ? null : rows.map((row) => row.offerId),
      tx,
    );
    // The ERP is the truth: where it counts fewer than orders hold, the latest orders lose them.
    const counted = new Map(rows.map((row) => [row.offerId, row.onHand]));
    for (const { offerId, reserved } of locked) {
      const onHand = counted.get(offerId) ?? (mode === 'REPLACE' ? 0 : reserved);
      if (onHand < reserved) {
        await takeBackStock(ctx.stores.orders, offerId, warehouse.id, reserved - onHand, now, tx);
      }
    }
    const set = await stock.setStock(warehouse.id, rows, tx);
    queueStockChange(tx, [...rows.map((row) => row.offerId), ...locked.map((l) => l.offerId)], now);
    const zeroed =
      mode === 'REPLACE'
        ? await stock.zeroStockExcept(
            warehouse.id,
            rows.map((row) => row.offerId),
            tx,
          )
        : [];

    return [...set, ...zeroed];
  });
  ctx.logger.info({ distributorId, warehouseCode, mode, rows: stockLevels.length }, 'stock set');

  return { stockLevels };
}

async function distributorToday(ctx: Context, distributorId: number): Promise<string> {
  const distributor = (await ctx.loaders.organization.load(distributorId))!;
  return localDate(ctx.clock(), distributor.timeZone!);
}

/** How far ahead an ETA may be: two years. */
const MAX_ETA_DAYS = 730;

function checkEta(eta: string, today: string) {
  if (eta < today) {
    throw userError('INVALID_INPUT', `eta ${eta} is in the past (today is ${today})`, ['eta']);
  }
  const latest = addDays(today, MAX_ETA_DAYS);
  if (eta > latest) {
    throw userError('INVALID_INPUT', `eta ${eta} is more than two years away (${latest} at most)`, [
      'eta',
    ]);
  }
}

/** Records goods on their way to a warehouse; all of them are unallocated at first. */
export async function addIncoming(ctx: Context, distributorId: number, input: unknown) {
  const values = parseInput(addIncomingInput, input);
  checkEta(values.eta, await distributorToday(ctx, distributorId));
  const warehouse = await warehouseByCode(ctx, distributorId, values.warehouseCode);
  const [offer] = await ctx.stores.catalog.findOffersBySkus(distributorId, [values.sku]);
  if (!offer) throw userError('NOT_FOUND', `No offer of yours has the SKU ${values.sku}`, ['sku']);

  const incomingShipment = await ctx.stores.stock.addIncoming({
    offerId: offer.id,
    warehouseId: warehouse.id,
    quantity: values.quantity,
    eta: values.eta,
    reference: values.reference ?? null,
  });

  return { incomingShipment };
}

/** Changes the quantity or ETA of a shipment of the distributor's. */
export async function updateIncoming(
  ctx: Context,
  distributorId: number,
  id: number | null,
  input: unknown,
) {
  const changes = parseInput(updateIncomingInput, input);
  if (changes.eta) checkEta(changes.eta, await distributorToday(ctx, distributorId));

  const { stock, orders } = ctx.stores;
  const now = ctx.clock();
  const incomingShipment = await inTransaction(ctx.stores.db, async (tx) => {
    const current = id && (await stock.lockIncoming(id, distributorId, tx));
    if (!current) throw userError('NOT_FOUND', 'No incoming shipment of yours has this id', ['id']);
    if (current.quantity === 0) {
      throw userError('INVALID_STATE', 'This shipment has been received in full', ['id']);
    }

    const quantity = changes.quantity ?? current.quantity;
    const claimed = current.quantity - current.unallocated;
    // Cut below what orders claim: the latest orders lose their claims first.
    if (quantity < claimed) await takeBackIncoming(orders, current.id, claimed - quantity, now, tx);
    const updated = await stock.updateIncoming(
      current.id,
      {
        quantity,
        unallocated: quantity - Math.min(claimed, quantity),
        eta: changes.eta ?? current.eta,
      },
      tx,
    );
    if (updated.eta !== current.eta) {
      const waiting = await claimsOn(current.id, tx);
      await refreshOrders(
        orders,
        waiting.map((w) => w.orderId),
        `ETA moved to ${updated.eta}`,
        now,
        tx,
      );
    }

    return updated;
  });

  return { incomingShipment };
}

const receiveIncomingInput = z.object({ quantity: field.positiveQuantity.nullish() });

/**
 * Books goods of a shipment into its warehouse's stock, all that is left of it or `quantity`.
 * The lines waiting on them hold them from then on, earliest order first.
 */
export async function receiveIncoming(
  ctx: Context,
  distributorId: number,
  id: number | null,
  input: unknown,
) {
  const { quantity } = parseInput(receiveIncomingInput, input);
  const { stock, orders } = ctx.stores;
  const now = ctx.clock();
  const [seen] = id ? await stock.findIncomingByIds([id]) : [];

  const incomingShipment = await inTransaction(ctx.stores.db, async (tx) => {
    if (seen) await lockStock([seen.offerId], [seen.warehouseId], tx);
    const current = seen && (await stock.lockIncoming(seen.id, distributorId, tx));
    if (!current) throw userError('NOT_FOUND', 'No incoming shipment of yours has this id', ['id']);

    if (current.quantity === 0) {
      throw userError('INVALID_STATE', 'This shipment has been received in full', ['id']);
    }
    const units = quantity ?? current.quantity;
    if (units > current.quantity) {
      throw userError(
        'INVALID_INPUT',
        `Only ${current.quantity} units of this shipment are still to come`,
        ['quantity'],
      );
    }
    const handed = await receiveIntoStock(orders, current, units, now, tx);
    queueStockChange(tx, [current.offerId], now);
    const left = current.quantity - units;
    const claimed = current.quantity - current.unallocated - handed;

    return stock.updateIncoming(
      current.id,
      { quantity: left, unallocated: left - claimed, received: current.received + units },
      tx,
    );
  });
  ctx.logger.info({ incomingShipmentId: incomingShipment.id, units: quantity }, 'goods received');

  return { incomingShipment };
}
