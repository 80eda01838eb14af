import type { OfferRow, ProductRow } from '../catalog/tables.js';
import type { StoreTerms } from '../delivery/store.js';
import type { DeliveryOptionRow } from '../delivery/tables.js';
import type { Money } from '../money/money.js';
import type { OrderEventRow, OrderLineRow, OrderRow } from '../orders/tables.js';
import type { OrganizationRow } from '../organizations/tables.js';
import type {
  InvoiceLineRow,
  InvoiceRow,
  RegisterEventRow,
  RegisterRow,
} from '../registers/tables.js';
import type { PriceRow, PriceTypeRow } from '../pricing/tables.js';
import type { IncomingShipmentRow, StockLevelRow, WarehouseRow } from '../stock/tables.js';
import { builder, nodeTypenames } from './builder.js';

const nodeRef = <T>(name: string) => {
  nodeTypenames.add(name);
  return builder.objectRef<T>(name);
};

/*
 * The object types, declared before any domain implements them, so that the domains can point
 * at each other's types without import cycles.
 */
export const DistributorRef = nodeRef<OrganizationRow>('Distributor');
export const StoreRef = nodeRef<OrganizationRow>('Store');
export const ProductRef = nodeRef<ProductRow>('Product');
export const OfferRef = nodeRef<OfferRow>('Offer');
export const WarehouseRef = nodeRef<WarehouseRow>('Warehouse');
export const StockLevelRef = builder.objectRef<StockLevelRow>('StockLevel');
export const IncomingShipmentRef = nodeRef<IncomingShipmentRow>('IncomingShipment');
export const PriceTypeRef = nodeRef<PriceTypeRow>('PriceType');
export const PriceRef = builder.objectRef<PriceRow>('Price');
export const DeliveryOptionRef = nodeRef<DeliveryOptionRow>('DeliveryOption');
export const StoreTermsRef = builder.objectRef<StoreTerms>('StoreTerms');
export const MoneyRef = builder.objectRef<Money>('Money');
export const OrderRef = nodeRef<OrderRow>('Order');
export const OrderLineRef = builder.objectRef<OrderLineRow>('OrderLine');
export const OrderEventRef = builder.objectRef<OrderEventRow>('OrderEvent');
export const RegisterRef = nodeRef<RegisterRow>('Register');
export const RegisterEventRef = builder.objectRef<RegisterEventRow>('RegisterEvent');
export const InvoiceRef = nodeRef<InvoiceRow>('Invoice');
export const InvoiceLineRef = builder.objectRef<InvoiceLineRow>('InvoiceLine');
