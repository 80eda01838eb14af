import type { Money } from '../money/money.js';
import type { DemoDistributor, DemoOffer, ProductKey } from './data.js';

/** The demo's three distributors that set themselves up through the API. */

const rub = (amount: string): Money => ({ amount, currency: 'RUB' });

/** One offer, as a row of the distributors' offer tables below. */
function offer(
  sku: string,
  product: ProductKey,
  packSize: number,
  minOrderQuantity: number,
  vatRate: DemoOffer['vatRate'],
  retail: DemoOffer['retail'],
  wholesale: DemoOffer['wholesale'],
): DemoOffer {
  return { sku, product, packSize, minOrderQuantity, vatRate, retail, wholesale };
}

const weekdays = [1, 2, 3, 4, 5];
const withSaturday = [1, 2, 3, 4, 5, 6];

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
    // sku, product, pack size, minimum order, VAT %, retail and wholesale from 1 and from 10
    offers: [
      offer('VT-KT17', 'kettle', 1, 1, '20', ['2490', '2390'], ['1990', '1890']),
      offer('VT-TS85', 'toaster', 1, 1, '20', ['2190', '2090'], ['1750', '1660']),
      offer('VT-DR18', 'cordlessDrill', 1, 1, '20', ['6990', '6790'], ['5590', '5390']),
      offer('VT-DI75', 'impactDrill', 1, 1, '20', ['4590', '4450'], ['3650', '3490']),
      offer('VT-LB10', 'ledBulb', 10, 10, '20', ['129.90', '114.50'], ['98.40', '89.90']),
      offer('VT-EC54', 'extensionCord', 1, 2, '20', ['890', '850'], ['690', '650']),
      offer('VT-PA4', 'paper', 5, 5, '20', ['489', '465'], ['399', '379']),
      offer('VT-DS05', 'dishSoap', 12, 12, '20', ['159.90', '149.90'], ['119.50', '112.30']),
      offer('VT-BW09', 'buckwheat', 12, 12, '10', ['119', '112'], ['92', '87']),
    ],
    stock: {
      'MSK-1': {
        'VT-KT17': 48,
        'VT-TS85': 20,
        'VT-DR18': 15,
        'VT-DI75': 0,
        'VT-LB10': 400,
        'VT-EC54': 60,
        'VT-PA4': 250,
        'VT-DS05': 144,
        'VT-BW09': 0,
      },
      'MSK-2': { 'VT-KT17': 12, 'VT-DR18': 30, 'VT-DI75': 8, 'VT-PA4': 600, 'VT-BW09': 240 },
    },
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
    // sku, product, pack size, minimum order, VAT %, retail and wholesale from 1 and from 10
    offers: [
      offer('US-100234', 'kettle', 1, 1, '20', ['2450', '2350'], ['1950', '1870']),
      offer('US-100871', 'cordlessDrill', 1, 1, '20', ['6890', '6690'], ['5490', '5290']),
      offer('US-100872', 'drillBits', 1, 1, '20', ['990', '940'], ['760', '720']),
      offer('US-100873', 'screwdrivers', 1, 1, '20', ['650', '620'], ['490', '465']),
      offer('US-100410', 'ledBulb', 1, 20, '20', ['125', '112'], ['95', '86']),
      offer('US-100500', 'paper', 1, 10, '20', ['479', '459'], ['389', '372']),
      offer('US-100610', 'sugar', 10, 10, '10', ['99', '94'], ['78', '74']),
    ],
    stock: {
      'EKB-1': {
        'US-100234': 0,
        'US-100871': 22,
        'US-100872': 75,
        'US-100873': 0,
        'US-100410': 900,
        'US-100500': 480,
        'US-100610': 350,
      },
    },
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
    // sku, product, pack size, minimum order, VAT %, retail and wholesale from 1 and from 10
    offers: [
      offer('SW-0017', 'kettle', 1, 1, '20', ['2550', '2450'], ['2040', '1960']),
      offer('SW-0018', 'toaster', 1, 1, '20', ['2250', '2150'], ['1790', '1710']),
      offer('SW-0231', 'impactDrill', 1, 1, '20', ['4490', '4350'], ['3590', '3450']),
      offer('SW-0232', 'drillBits', 1, 2, '20', ['1050', '990'], ['790', '750']),
      offer('SW-0410', 'ledBulb', 10, 50, '20', ['119', '109'], ['92', '84']),
      offer('SW-0500', 'paper', 5, 10, '20', ['495', '470'], ['405', '385']),
      offer('SW-0605', 'dishSoap', 1, 6, '20', ['165', '155'], ['122', '115']),
      offer('SW-0709', 'buckwheat', 12, 12, '10', ['115', '109'], ['89', '85']),
      offer('SW-0710', 'sugar', 10, 20, '10', ['97', '92'], ['76', '72']),
    ],
    stock: {
      'NSK-1': {
        'SW-0017': 25,
        'SW-0018': 0,
        'SW-0231': 14,
        'SW-0232': 40,
        'SW-0410': 1200,
        'SW-0500': 300,
        'SW-0605': 90,
        'SW-0709': 180,
        'SW-0710': 500,
      },
      'TOM-1': { 'SW-0017': 0, 'SW-0231': 6, 'SW-0500': 150, 'SW-0710': 200 },
    },
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
