import { fileURLToPath } from 'node:url';
import type { FeedFormat } from '../feeds/report.js';
import type { DemoDeliveryOption } from './data.js';

/**
 * Demo distributors whose catalog, prices and stock come from their ERP's own export files in
 * `examples/feeds/`, loaded through the importer as a distributor would load them.
 */
export interface DemoFeedDistributor {
  /** Names the key's shell variable: DEMO_DISTRIBUTOR_<shortName>_KEY. */
  shortName: string;
  name: string;
  timeZone: string;
  format: FeedFormat;
  /** Paths below `examples/feeds/`. */
  files: string[];
  /** Delivery from the warehouses the files declare, by their ERP ids. */
  deliveryOptions: DemoDeliveryOption[];
}

/** The ERP ids the CommerceML package gives its price types and warehouses. */
export const samaraIds = {
  retail: 'f713a8c4-1024-54e3-98cb-1d1c9937c56e',
  wholesale: '85d806ed-e343-5241-9ba0-1b4182d0e25d',
  samara: '76326664-66fc-59ed-b30b-827968940a89',
  kazan: 'b0b47dd6-e4fd-50b2-934b-d56ec4c1441e',
};

const weekdays = [1, 2, 3, 4, 5];

export const feedDistributors: DemoFeedDistributor[] = [
  {
    shortName: 'SAMARA',
    name: 'Samara Electro',
    timeZone: 'Europe/Samara',
    format: 'COMMERCEML',
    files: ['commerceml/import.xml', 'commerceml/offers.xml'],
    deliveryOptions: [
      { kind: 'PICKUP', warehouseCode: samaraIds.samara, cutoff: '17:00', leadDays: 0, weekdays },
      { kind: 'CARRIER', warehouseCode: samaraIds.kazan, cutoff: '12:00', leadDays: 2, weekdays },
    ],
  },
  {
    shortName: 'ISET',
    name: 'Iset Tools',
    timeZone: 'Asia/Yekaterinburg',
    format: 'YML',
    files: ['yml/catalog.xml'],
    deliveryOptions: [
      { kind: 'PICKUP', warehouseCode: 'EKB-1', cutoff: '19:00', leadDays: 0, weekdays },
      { kind: 'PICKUP', warehouseCode: 'EKB-2', cutoff: '19:00', leadDays: 0, weekdays },
    ],
  },
];

/** A demo feed file on disk. */
export const feedPath = (file: string) =>
  fileURLToPath(new URL(`../../examples/feeds/${file}`, import.meta.url));
