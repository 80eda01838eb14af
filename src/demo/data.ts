import type { Money } from '../money/money.js';
import { distributors } from './distributors.js';
import { samaraIds } from './feeds.js';

/**
 * The demo that an empty embedded database starts with: its products, price types and stores;
 * the distributors are in `distributors.ts` and `feeds.ts`.
 */

export type ProductKey =
  | 'kettle'
  | 'toaster'
  | 'cordlessDrill'
  | 'impactDrill'
  | 'drillBits'
  | 'screwdrivers'
  | 'ledBulb'
  | 'extensionCord'
  | 'paper'
  | 'dishSoap'
  | 'buckwheat'
  | 'sugar';

export interface DemoProduct {
  gtin: string;
  brand: string;
  name: string;
  unit: string;
}

export interface DemoDeliveryOption {
  kind: 'PICKUP' | 'COURIER' | 'CARRIER';
  warehouseCode: string;
  cutoff: string;
  leadDays: number;
  weekdays: number[];
  cost?: Money;
  freeFrom?: Money;
  minOrder?: Money;
}

/** Prices are per unit: the first from 1 unit, the second from `VOLUME_BREAK` units. */
export interface DemoOffer {
  sku: string;
  product: ProductKey;
  packSize: number;
  minOrderQuantity: number;
  vatRate: '20' | '10';
  retail: [string, string];
  wholesale: [string, string];
}

export interface DemoIncoming {
  warehouseCode: string;
  sku: string;
  quantity: number;
  /** Days after the distributor's today. */
  etaInDays: number;
  reference: string;
}

export interface DemoDistributor {
  /** Names the key's shell variable: DEMO_DISTRIBUTOR_<shortName>_KEY. */
  shortName: string;
  name: string;
  timeZone: string;
  warehouses: { code: string; name: string; city: string }[];
  deliveryOptions: DemoDeliveryOption[];
  offers: DemoOffer[];
  /** On-hand units by warehouse code and SKU; each warehouse's list replaces its stock. */
  stock: Record<string, Record<string, number>>;
  incoming: DemoIncoming[];
}

/** What a distributor grants a store; without `deliveryOptions`, all of its options. */
export interface DemoTerms {
  distributor: string;
  /** A demo price type, or a code a feed distributor's files give. */
  priceTypeCode: string;
  deliveryOptions?: { kind: DemoDeliveryOption['kind']; warehouseCode: string }[];
}

export interface DemoStore {
  /** Names the key's shell variable: DEMO_STORE_<shortName>_KEY. */
  shortName: string;
  name: string;
  terms: DemoTerms[];
}

export const VOLUME_BREAK = 10;

export const priceTypes = [
  { code: 'retail', name: 'Retail', currency: 'RUB' },
  { code: 'wholesale', name: 'Wholesale', currency: 'RUB' },
] as const;

/** An EAN-13: the twelve digits given and their check digit (weights 1 and 3 from the left). */
export function ean13(digits: string): string {
  const sum = [...digits].reduce((total, digit, i) => total + Number(digit) * (i % 2 ? 3 : 1), 0);

  return digits + String((10 - (sum % 10)) % 10);
}

export const products: Record<ProductKey, DemoProduct> = {
  kettle: {
    gtin: ean13('460701200001'),
    brand: 'Teplodom',
    name: 'Electric kettle 1.7 l, stainless steel',
    unit: 'pcs',
  },
  toaster: {
    gtin: ean13('460701200002'),
    brand: 'Teplodom',
    name: 'Toaster, 2 slots, 850 W',
    unit: 'pcs',
  },
  cordlessDrill: {
    gtin: ean13('460701200011'),
    brand: 'Masterok',
    name: 'Cordless drill-driver 18 V, two 2.0 Ah batteries',
    unit: 'pcs',
  },
  impactDrill: {
    gtin: ean13('460701200012'),
    brand: 'Masterok',
    name: 'Impact drill 750 W, 13 mm chuck',
    unit: 'pcs',
  },
  drillBits: {
    gtin: ean13('460701200013'),
    brand: 'Masterok',
    name: 'HSS drill bits for metal, 1-10 mm, set of 19',
    unit: 'set',
  },
  screwdrivers: {
    gtin: ean13('460701200014'),
    brand: 'Masterok',
    name: 'Screwdriver set, 6 pieces',
    unit: 'set',
  },
  ledBulb: {
    gtin: ean13('460701200021'),
    brand: 'Svetoch',
    name: 'LED bulb E27, 10 W, 3000 K',
    unit: 'pcs',
  },
  extensionCord: {
    gtin: ean13('460701200022'),
    brand: 'Svetoch',
    name: 'Extension cord 5 m, 4 earthed sockets',
    unit: 'pcs',
  },
  paper: {
    gtin: ean13('460701200031'),
    brand: 'Listok',
    name: 'Printer paper A4, 80 g/m2, 500 sheets',
    unit: 'ream',
  },
  dishSoap: {
    gtin: ean13('460701200041'),
    brand: 'Chistota',
    name: 'Dishwashing liquid, lemon, 500 ml',
    unit: 'bottle',
  },
  buckwheat: {
    gtin: ean13('460701200051'),
    brand: 'Zlakovo',
    name: 'Buckwheat groats, 900 g',
    unit: 'pack',
  },
  sugar: {
    gtin: ean13('460701200052'),
    brand: 'Zlakovo',
    name: 'White sugar, 1 kg',
    unit: 'pack',
  },
};

export const stores: DemoStore[] = [
  {
    shortName: 'A',
    name: 'Store A',
    terms: [
      ...distributors.map((d) => ({ distributor: d.shortName, priceTypeCode: 'wholesale' })),
      { distributor: 'SAMARA', priceTypeCode: samaraIds.wholesale },
      { distributor: 'ISET', priceTypeCode: 'retail' },
    ],
  },
  {
    shortName: 'B',
    name: 'Store B',
    terms: [
      {
        distributor: 'VOLGA',
        priceTypeCode: 'retail',
        deliveryOptions: [
          { kind: 'PICKUP', warehouseCode: 'MSK-1' },
          { kind: 'COURIER', warehouseCode: 'MSK-1' },
        ],
      },
      {
        distributor: 'SIBIR',
        priceTypeCode: 'retail',
        deliveryOptions: [{ kind: 'PICKUP', warehouseCode: 'NSK-1' }],
      },
      { distributor: 'SAMARA', priceTypeCode: samaraIds.retail },
    ],
  },
];
