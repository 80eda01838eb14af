import type { Money } from '../money/money.js';

/** The demo that an empty embedded database starts with: three distributors and two stores. */

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
  /** On-hand units per warehouse, as [sku, onHand]. */
  stock: { warehouseCode: string; items: [string, number][] }[];
  incoming: DemoIncoming[];
}

/** What a distributor grants a store; without `deliveryOptions`, all of its options. */
export interface DemoTerms {
  distributor: string;
  priceTypeCode: 'retail' | 'wholesale';
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

const rub = (amount: string): Money => ({ amount, currency: 'RUB' });

const weekdays = [1, 2, 3, 4, 5];
const withSaturday = [1, 2, 3, 4, 5, 6];

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

export const distributors: DemoDistributor[] = [
  {
    shortName: 'VOLGA',
    name: 'Volga Trade',
    timeZone: 'Europe/Moscow',
    warehouses: [
      { code: 'MSK-1', name: 'Moscow central', city: 'Moscow' },
      { code: 'MSK-2', name: 'Podolsk logistics park', city: 'Podolsk' },
    ],
    deliveryOptions: [
      {
        kind: 'PICKUP',
        warehouseCode: 'MSK-1',
        cutoff: '18:00',
        leadDays: 0,
        weekdays: withSaturday,
      },
      {
        kind: 'COURIER',
        warehouseCode: 'MSK-1',
        cutoff: '16:00',
        leadDays: 1,
        weekdays,
        cost: rub('500.00'),
        freeFrom: rub('15000.00'),
        minOrder: rub('3000.00'),
      },
      {
        kind: 'CARRIER',
        warehouseCode: 'MSK-2',
        cutoff: '14:00',
        leadDays: 3,
        weekdays,
        cost: rub('1200.00'),
        freeFrom: rub('50000.00'),
        minOrder: rub('10000.00'),
      },
    ],
    offers: [
      {
        sku: 'VT-KT17',
        product: 'kettle',
        packSize: 1,
        minOrderQuantity: 1,
        vatRate: '20',
        retail: ['2490.00', '2390.00'],
        wholesale: ['1990.00', '1890.00'],
      },
      {
        sku: 'VT-TS85',
        product: 'toaster',
        packSize: 1,
        minOrderQuantity: 1,
        vatRate: '20',
        retail: ['2190.00', '2090.00'],
        wholesale: ['1750.00', '1660.00'],
      },
      {
        sku: 'VT-DR18',
        product: 'cordlessDrill',
        packSize: 1,
        minOrderQuantity: 1,
        vatRate: '20',
        retail: ['6990.00', '6790.00'],
        wholesale: ['5590.00', '5390.00'],
      },
      {
        sku: 'VT-DI75',
        product: 'impactDrill',
        packSize: 1,
        minOrderQuantity: 1,
        vatRate: '20',
        retail: ['4590.00', '4450.00'],
        wholesale: ['3650.00', '3490.00'],
      },
      {
        sku: 'VT-LB10',
        product: 'ledBulb',
        packSize: 10,
        minOrderQuantity: 10,
        vatRate: '20',
        retail: ['129.00', '115.00'],
        wholesale: ['98.00', '89.00'],
      },
      {
        sku: 'VT-EC54',
        product: 'extensionCord',
        packSize: 1,
        minOrderQuantity: 2,
        vatRate: '20',
        retail: ['890.00', '850.00'],
        wholesale: ['690.00', '650.00'],
      },
      {
        sku: 'VT-PA4',
        product: 'paper',
        packSize: 5,
        minOrderQuantity: 5,
        vatRate: '20',
        retail: ['489.00', '465.00'],
        wholesale: ['399.00', '379.00'],
      },
      {
        sku: 'VT-DS05',
        product: 'dishSoap',
        packSize: 12,
        minOrderQuantity: 12,
        vatRate: '20',
        retail: ['159.00', '149.00'],
        wholesale: ['119.00', '112.00'],
      },
      {
        sku: 'VT-BW09',
        product: 'buckwheat',
        packSize: 12,
        minOrderQuantity: 12,
        vatRate: '10',
        retail: ['119.00', '112.00'],
        wholesale: ['92.00', '87.00'],
      },
    ],
    stock: [
      {
        warehouseCode: 'MSK-1',
        items: [
          ['VT-KT17', 48],
          ['VT-TS85', 20],
          ['VT-DR18', 15],
          ['VT-DI75', 0],
          ['VT-LB10', 400],
          ['VT-EC54', 60],
          ['VT-PA4', 250],
          ['VT-DS05', 144],
          ['VT-BW09', 0],
        ],
      },
      {
        warehouseCode: 'MSK-2',
        items: [
          ['VT-KT17', 12],
          ['VT-DR18', 30],
          ['VT-DI75', 8],
          ['VT-PA4', 600],
          ['VT-BW09', 240],
        ],
      },
    ],
    incoming: [
      {
        warehouseCode: 'MSK-1',
        sku: 'VT-DI75',
        quantity: 24,
        etaInDays: 2,
        reference: 'PO-VT-1041',
      },
      {
        warehouseCode: 'MSK-1',
        sku: 'VT-BW09',
        quantity: 120,
        etaInDays: 4,
        reference: 'PO-VT-1042',
      },
    ],
  },
  {
    shortName: 'URAL',
    name: 'Ural Supply',
    timeZone: 'Asia/Yekaterinburg',
    warehouses: [{ code: 'EKB-1', name: 'Yekaterinburg Sortirovka', city: 'Yekaterinburg' }],
    deliveryOptions: [
      { kind: 'PICKUP', warehouseCode: 'EKB-1', cutoff: '17:00', leadDays: 0, weekdays },
      {
        kind: 'CARRIER',
        warehouseCode: 'EKB-1',
        cutoff: '14:00',
        leadDays: 2,
        weekdays,
        cost: rub('900.00'),
        freeFrom: rub('30000.00'),
        minOrder: rub('5000.00'),
      },
    ],
    offers: [
      {
        sku: 'US-100234',
        product: 'kettle',
        packSize: 1,
        minOrderQuantity: 1,
        vatRate: '20',
        retail: ['2450.00', '2350.00'],
        wholesale: ['1950.00', '1870.00'],
      },
      {
        sku: 'US-100871',
        product: 'cordlessDrill',
        packSize: 1,
        minOrderQuantity: 1,
        vatRate: '20',
        retail: ['6890.00', '6690.00'],
        wholesale: ['5490.00', '5290.00'],
      },
      {
        sku: 'US-100872',
        product: 'drillBits',
        packSize: 1,
        minOrderQuantity: 1,
        vatRate: '20',
        retail: ['990.00', '940.00'],
        wholesale: ['760.00', '720.00'],
      },
      {
        sku: 'US-100873',
        product: 'screwdrivers',
        packSize: 1,
        minOrderQuantity: 1,
        vatRate: '20',
        retail: ['650.00', '620.00'],
        wholesale: ['490.00', '465.00'],
      },
      {
        sku: 'US-100410',
        product: 'ledBulb',
        packSize: 1,
        minOrderQuantity: 20,
        vatRate: '20',
        retail: ['125.00', '112.00'],
        wholesale: ['95.00', '86.00'],
      },
      {
        sku: 'US-100500',
        product: 'paper',
        packSize: 1,
        minOrderQuantity: 10,
        vatRate: '20',
        retail: ['479.00', '459.00'],
        wholesale: ['389.00', '372.00'],
      },
      {
        sku: 'US-100610',
        product: 'sugar',
        packSize: 10,
        minOrderQuantity: 10,
        vatRate: '10',
        retail: ['99.00', '94.00'],
        wholesale: ['78.00', '74.00'],
      },
    ],
    stock: [
      {
        warehouseCode: 'EKB-1',
        items: [
          ['US-100234', 0],
          ['US-100871', 22],
          ['US-100872', 75],
          ['US-100873', 0],
          ['US-100410', 900],
          ['US-100500', 480],
          ['US-100610', 350],
        ],
      },
    ],
    incoming: [
      {
        warehouseCode: 'EKB-1',
        sku: 'US-100234',
        quantity: 30,
        etaInDays: 3,
        reference: 'PO-US-7731',
      },
      {
        warehouseCode: 'EKB-1',
        sku: 'US-100873',
        quantity: 100,
        etaInDays: 5,
        reference: 'PO-US-7732',
      },
    ],
  },
  {
    shortName: 'SIBIR',
    name: 'Sibir Wholesale',
    timeZone: 'Asia/Novosibirsk',
    warehouses: [
      { code: 'NSK-1', name: 'Novosibirsk Tolmachevo', city: 'Novosibirsk' },
      { code: 'TOM-1', name: 'Tomsk north', city: 'Tomsk' },
    ],
    deliveryOptions: [
      {
        kind: 'PICKUP',
        warehouseCode: 'NSK-1',
        cutoff: '16:00',
        leadDays: 0,
        weekdays: withSaturday,
      },
      {
        kind: 'COURIER',
        warehouseCode: 'NSK-1',
        cutoff: '15:00',
        leadDays: 1,
        weekdays,
        cost: rub('450.00'),
        freeFrom: rub('10000.00'),
      },
      {
        kind: 'CARRIER',
        warehouseCode: 'TOM-1',
        cutoff: '13:00',
        leadDays: 3,
        weekdays,
        cost: rub('1500.00'),
        minOrder: rub('20000.00'),
      },
    ],
    offers: [
      {
        sku: 'SW-0017',
        product: 'kettle',
        packSize: 1,
        minOrderQuantity: 1,
        vatRate: '20',
        retail: ['2550.00', '2450.00'],
        wholesale: ['2040.00', '1960.00'],
      },
      {
        sku: 'SW-0018',
        product: 'toaster',
        packSize: 1,
        minOrderQuantity: 1,
        vatRate: '20',
        retail: ['2250.00', '2150.00'],
        wholesale: ['1790.00', '1710.00'],
      },
      {
        sku: 'SW-0231',
        product: 'impactDrill',
        packSize: 1,
        minOrderQuantity: 1,
        vatRate: '20',
        retail: ['4490.00', '4350.00'],
        wholesale: ['3590.00', '3450.00'],
      },
      {
        sku: 'SW-0232',
        product: 'drillBits',
        packSize: 1,
        minOrderQuantity: 2,
        vatRate: '20',
        retail: ['1050.00', '990.00'],
        wholesale: ['790.00', '750.00'],
      },
      {
        sku: 'SW-0410',
        product: 'ledBulb',
        packSize: 10,
        minOrderQuantity: 50,
        vatRate: '20',
        retail: ['119.00', '109.00'],
        wholesale: ['92.00', '84.00'],
      },
      {
        sku: 'SW-0500',
        product: 'paper',
        packSize: 5,
        minOrderQuantity: 10,
        vatRate: '20',
        retail: ['495.00', '470.00'],
        wholesale: ['405.00', '385.00'],
      },
      {
        sku: 'SW-0605',
        product: 'dishSoap',
        packSize: 1,
        minOrderQuantity: 6,
        vatRate: '20',
        retail: ['165.00', '155.00'],
        wholesale: ['122.00', '115.00'],
      },
      {
        sku: 'SW-0709',
        product: 'buckwheat',
        packSize: 12,
        minOrderQuantity: 12,
        vatRate: '10',
        retail: ['115.00', '109.00'],
        wholesale: ['89.00', '85.00'],
      },
      {
        sku: 'SW-0710',
        product: 'sugar',
        packSize: 10,
        minOrderQuantity: 20,
        vatRate: '10',
        retail: ['97.00', '92.00'],
        wholesale: ['76.00', '72.00'],
      },
    ],
    stock: [
      {
        warehouseCode: 'NSK-1',
        items: [
          ['SW-0017', 25],
          ['SW-0018', 0],
          ['SW-0231', 14],
          ['SW-0232', 40],
          ['SW-0410', 1200],
          ['SW-0500', 300],
          ['SW-0605', 90],
          ['SW-0709', 180],
          ['SW-0710', 500],
        ],
      },
      {
        warehouseCode: 'TOM-1',
        items: [
          ['SW-0017', 0],
          ['SW-0231', 6],
          ['SW-0500', 150],
          ['SW-0710', 200],
        ],
      },
    ],
    incoming: [
      {
        warehouseCode: 'NSK-1',
        sku: 'SW-0018',
        quantity: 40,
        etaInDays: 3,
        reference: 'PO-SW-5120',
      },
      {
        warehouseCode: 'TOM-1',
        sku: 'SW-0017',
        quantity: 20,
        etaInDays: 6,
        reference: 'PO-SW-5121',
      },
    ],
  },
];

export const stores: DemoStore[] = [
  {
    shortName: 'A',
    name: 'Store A',
    terms: distributors.map((d) => ({ distributor: d.shortName, priceTypeCode: 'wholesale' })),
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
    ],
  },
];
