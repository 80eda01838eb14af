import DataLoader from 'dataloader';
import type { Viewer } from './auth/viewer.js';
import type { StoreTerms } from './delivery/store.js';
import type { Stores } from './stores.js';

/** One loader per entity by id: a batch returns results in key order, null where missing. */
function byId<T extends { id: number }>(fetch: (ids: readonly number[]) => Promise<T[]>) {
  return new DataLoader<number, T | null>(async (ids) => {
    const rows = new Map((await fetch(ids)).map((row) => [row.id, row]));
    return ids.map((id) => rows.get(id) ?? null);
  });
}

/** One loader per parent: every row of each key, in the order the store returned them. */
function grouped<K, T>(fetch: (keys: readonly K[]) => Promise<T[]>, keyOf: (row: T) => K) {
  return new DataLoader<K, T[]>(async (keys) => {
    const groups = new Map<K, T[]>(keys.map((key) => [key, []]));
    for (const row of await fetch(keys)) groups.get(keyOf(row))?.push(row);
    return keys.map((key) => groups.get(key)!);
  });
}

function single<K, T>(fetch: (keys: readonly K[]) => Promise<T[]>, keyOf: (row: T) => K) {
  return new DataLoader<K, T | null>(async (keys) => {
    const rows = new Map((await fetch(keys)).map((row) => [keyOf(row), row]));
    return keys.map((key) => rows.get(key) ?? null);
  });
}

/** The DataLoaders of one request. They cache, so they must never outlive it. */
export function createLoaders(stores: Stores, viewer: Viewer) {
  const { organizations, catalog, stock, pricing, delivery, orders, registers } = stores;
  const noTerms = async () => [] as StoreTerms[];

  return {
    organization: byId(organizations.findByIds),
    product: byId(catalog.findProductsByIds),
    productByGtin: single(catalog.findProductsByGtins, (p) => p.gtin!),
    offer: byId(catalog.findOffersByIds),
    offersByProduct: grouped(catalog.findOffersByProductIds, (o) => o.productId),
    warehouse: byId(stock.findWarehousesByIds),
    warehousesByDistributor: grouped(stock.findWarehousesByDistributorIds, (w) => w.distributorId),
    stockByOffer: grouped(stock.findStockByOfferIds, (s) => s.offerId),
    incomingByOffer: grouped(stock.findIncomingByOfferIds, (i) => i.offerId),
    incoming: byId(stock.findIncomingByIds),
    priceType: byId(pricing.findPriceTypesByIds),
    priceTypesByDistributor: grouped(
      pricing.findPriceTypesByDistributorIds,
      (p) => p.distributorId,
    ),
    pricesByOffer: grouped(pricing.findPricesByOfferIds, (p) => p.offerId),
    deliveryOption: byId(delivery.findDeliveryOptionsByIds),
    deliveryOptionsByDistributor: grouped(
      delivery.findDeliveryOptionsByDistributorIds,
      (d) => d.distributorId,
    ),
    order: byId(orders.findOrdersByIds),
    linesByOrder: grouped(orders.findLinesByOrderIds, (l) => l.orderId),
    eventsByOrder: grouped(orders.findEventsByOrderIds, (e) => e.orderId),
    /** Per order line: the units it holds from stock and those it has claimed of incoming goods. */
    lineHoldings: new DataLoader<number, { held: number; claimed: number }>(async (ids) => {
      const { held, claimed } = await orders.heldByLines(ids);
      const heldOf = new Map(held.map((h) => [h.lineId, h.quantity]));
      const claimedOf = new Map(claimed.map((c) => [c.lineId, c.quantity]));
      return ids.map((id) => ({ held: heldOf.get(id) ?? 0, claimed: claimedOf.get(id) ?? 0 }));
    }),
    register: byId(registers.findRegistersByIds),
    ordersOfRegister: grouped(registers.findRegisterOrders, (r) => r.registerId),
    /** For each order, the register it belongs to now. */
    registerOfOrder: single(registers.findOpenRegisterOfOrders, (r) => r.orderId),
    eventsByRegister: grouped(registers.findEventsByRegisterIds, (e) => e.registerId),
    invoice: byId(registers.findInvoicesByIds),
    invoiceOfRegister: single(registers.findInvoicesByRegisterIds, (i) => i.registerId),
    linesByInvoice: grouped(registers.findInvoiceLines, (l) => l.invoiceId),
    /** For a store viewer: its terms with each distributor, by distributor id. */
    termsWithDistributor: single(
      viewer.role === 'STORE'
        ? (ids: readonly number[]) => delivery.findTerms([viewer.organizationId], ids)
        : noTerms,
      (t) => t.distributorId,
    ),
    /** For a distributor viewer: its terms with each store, by store id. */
    termsWithStore: single(
      viewer.role === 'DISTRIBUTOR'
        ? (ids: readonly number[]) => delivery.findTerms(ids, [viewer.organizationId])
        : noTerms,
      (t) => t.storeId,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** Empties every loader's cache, after a write made what they hold stale. */
export function clearLoaders(loaders: Loaders) {
  for (const loader of Object.values(loaders)) loader.clearAll();
}
