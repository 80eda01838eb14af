import { createApiKeyStore } from './auth/store.js';
import { createCatalogStore } from './catalog/store.js';
import type { Database } from './db/client.js';
import { createDeliveryStore } from './delivery/store.js';
import { createEventStore } from './events/store.js';
import { createSaleExchangeStore } from './exchange/sale-store.js';
import { createExchangeStore } from './exchange/store.js';
import { createOrderStore } from './orders/store.js';
import { createOrganizationStore } from './organizations/store.js';
import { createPricingStore } from './pricing/store.js';
import { createRegisterStore } from './registers/store.js';
import { createStockStore } from './stock/store.js';

/** Every domain's store over one database: the only code that holds SQL. */
export function createStores(db: Database) {
  return {
    db,
    apiKeys: createApiKeyStore(db),
    organizations: createOrganizationStore(db),
    catalog: createCatalogStore(db),
    stock: createStockStore(db),
    pricing: createPricingStore(db),
    delivery: createDeliveryStore(db),
    orders: createOrderStore(db),
    registers: createRegisterStore(db),
    events: createEventStore(db),
    exchange: createExchangeStore(db),
    saleExchange: createSaleExchangeStore(db),
  };
}

export type Stores = ReturnType<typeof createStores>;
