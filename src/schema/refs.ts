import type { OfferRow, ProductRow } from '../catalog/tables.js';
import type { StoreTerms } from '../delivery/store.js';
import type { DeliveryOptionRow } from '../delivery/tables.js';
import type { Money } from '../money/money.js';
import type { OrganizationRow } from '../organizations/tables.js';
import type { PriceRow, PriceTypeRow } from '../pricing/tables.js';
import type { IncomingShipmentRow, StockLevelRow, WarehouseRow } from '../stock/tables.js';
import { builder } from './builder.js';

/*
 * The object types, declared before any domain implements them, so that the domains can point
 * at each other's types without import cycles.
 */
export const DistributorRef = builder.objectRef<OrganizationRow>('Distributor');
export const StoreRef = builder.objectRef<OrganizationRow>('Store');
export const ProductRef = builder.objectRef<ProductRow>('Product');
export const OfferRef = builder.objectRef<OfferRow>('Offer');
export const WarehouseRef = builder.objectRef<WarehouseRow>('Warehouse');
export const StockLevelRef = builder.objectRef<StockLevelRow>('StockLevel');
export const IncomingShipmentRef = builder.objectRef<IncomingShipmentRow>('IncomingShipment');
export const PriceTypeRef = builder.objectRef<PriceTypeRow>('PriceType');
export const PriceRef = builder.objectRef<PriceRow>('Price');
export const DeliveryOptionRef = builder.objectRef<DeliveryOptionRow>('DeliveryOption');
export const StoreTermsRef = builder.objectRef<StoreTerms>('StoreTerms');
export const MoneyRef = builder.objectRef<Money>('Money');
