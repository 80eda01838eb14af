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

const noTerms = async () => [] as StoreTerms[];

/**
 * How each loader of a request is made. A request makes only those its resolvers ask for: most
 * use a few of them, and a subscription keeps its context as long as it is open.
 */
const factories = {
  organization: ({ organizations }: Stores) => byId(organizations.findByIds),
  product: ({ catalog }: Stores) => byId(catalog.findProductsByIds),
  productByGtin: ({ catalog }: Stores) => single(catalog.findProductsByGtins, (p) => p.gtin!),
  offer: ({ catalog }: Stores) => byId(catalog.findOffersByIds),
  offersByProduct: ({ catalog }: Stores) =>
    grouped(catalog.findOffersByProductIds, (o) => o.productId),
  warehouse: ({ stock }: Stores) => byId(stock.findWarehousesByIds),
  warehousesByDistributor: ({ stock }: Stores) =>
    grouped(stock.findWarehousesByDistributorIds, (w) => w.distributorId),
  stockByOffer: ({ stock }: Stores) => grouped(stock.findStockByOfferIds, (s) => s.offerId),
  incomingByOffer: ({ stock }: Stores) => grouped(stock.findIncomingByOfferIds, (i) => i.offerId),
  incoming: ({ stock }: Stores) => byId(stock.findIncomingByIds),
  priceType: ({ pricing }: Stores) => byId(pricing.findPriceTypesByIds),
  priceTypesByDistributor: ({ pricing }: Stores) =>
    grouped(pricing.findPriceTypesByDistributorIds, (p) => p.distributorId),
  pricesByOffer: ({ pricing }: Stores) => grouped(pricing.findPricesByOfferIds, (p) => p.offerId),
  deliveryOption: ({ delivery }: Stores) => byId(delivery.findDeliveryOptionsByIds),
  deliveryOptionsByDistributor: ({ delivery }: Stores) =>
    grouped(delivery.findDeliveryOptionsByDistributorIds, (d) => d.distributorId),
  order: ({ orders }: Stores) => byId(orders.findOrdersByIds),
  linesByOrder: ({ orders }: Stores) => grouped(orders.findLinesByOrderIds, (l) => l.orderId),
  eventsByOrder: ({ orders }: Stores) => grouped(orders.findEventsByOrderIds, (e) => e.orderId),
  /** Per order line: the units it holds from stock and those it has claimed of incoming goods. */
  lineHoldings: ({ orders }: Stores) =>
    new DataLoader<number, { held: number; claimed: number }>(async (ids) => {
      const { held, claimed } = await orders.heldByLines(ids);
      const heldOf = new Map(held.map((h) => [h.lineId, h.quantity]));
      const claimedOf = new Map(claimed.map((c) => [c.lineId, c.quantity]));
      return ids.map((id) => ({ held: heldOf.get(id) ?? 0, claimed: claimedOf.get(id) ?? 0 }));
    }),
  register: ({ registers }: Stores) => byId(registers.findRegistersByIds),
  ordersOfRegister: ({ registers }: Stores) =>
    grouped(registers.findRegisterOrders, (r) => r.registerId),
  /** For each order, the register it belongs to now. */
  registerOfOrder: ({ registers }: Stores) =>
    single(registers.findOpenRegisterOfOrders, (r) => r.orderId),
  eventsByRegister: ({ registers }: Stores) =>
    grouped(registers.findEventsByRegisterIds, (e) => e.registerId),
  invoice: ({ registers }: Stores) => byId(registers.findInvoicesByIds),
  invoiceOfRegister: ({ registers }: Stores) =>
    single(registers.findInvoicesByRegisterIds, (i) => i.registerId),
  linesByInvoice: ({ registers }: Stores) =>
    grouped(registers.findInvoiceLines, (l) => l.invoiceId),
  /** For a store viewer: its terms with each distributor, by distributor id. */
  termsWithDistributor: ({ delivery }: Stores, viewer: Viewer) =>
    single(
      viewer.role === 'STORE'
        ? (ids: readonly number[]) => delivery.findTerms([viewer.organizationId], ids)
        : noTerms,
      (t) => t.distributorId,
    ),
  /** For a distributor viewer: its terms with each store, by store id. */
  termsWithStore: ({ delivery }: Stores, viewer: Viewer) =>
    single(
      viewer.role === 'DISTRIBUTOR'
        ? (ids: readonly number[]) => delivery.findTerms(ids, [viewer.organizationId])
        : noTerms,
      (t) => t.storeId,
    ),
};

type Factories = typeof factories;

/** The DataLoaders of one request. They cache, so they must never outlive it. */
export type Loaders = { readonly [K in keyof Factories]: ReturnType<Factories[K]> };

const made = Symbol('what the loaders are made from');

interface Made {
  [made]: { stores: Stores; viewer: Viewer };
}

/** Every request's loaders inherit from this: each getter makes its loader on first use. */
const lazyLoaders: object = Object.create(null);
for (const [name, make] of Object.entries(factories)) {
  Object.defineProperty(lazyLoaders, name, {
    get(this: Made) {
      const { stores, viewer } = this[made];
      const loader = make(stores, viewer);
      Object.defineProperty(this, name, { value: loader, enumerable: true });
      return loader;
    },
  });
}

export function createLoaders(stores: Stores, viewer: Viewer): Loaders {
  const loaders = Object.create(lazyLoaders) as Made;
  loaders[made] = { stores, viewer };

  return loaders as unknown as Loaders;
}

/** Empties the cache of every loader made so far, after a write made what they hold stale. */
export function clearLoaders(loaders: Loaders) {
  for (const loader of Object.values(loaders)) loader.clearAll();
}
