import type { FeedFile, Place } from './records.js';

export const feedFormats = ['COMMERCEML', 'YML', 'CSV'] as const;
export type FeedFormat = (typeof feedFormats)[number];

export const importModes = ['FULL', 'DELTA'] as const;
/** FULL replaces the stock of the warehouses a file covers; DELTA changes only what it names. */
export type ImportMode = (typeof importModes)[number];

export interface ImportRequest {
  format: FeedFormat;
  mode: ImportMode;
  /** The files of one import, a ZIP among them unpacked in place. */
  files: FeedFile[];
  options?: ImportOptions;
}

/** What formats with no price types or warehouses of their own need to be told. */
export interface ImportOptions {
  /** The price type YML and CSV prices go to; default `retail`. */
  priceTypeCode?: string | null | undefined;
  /** The currency of YML and CSV prices that name none. */
  currency?: string | null | undefined;
  /** The warehouse of totals that name none; default the distributor's only one, or `default`. */
  warehouseCode?: string | null | undefined;
  /** CSV: the field each unusual header is, e.g. `Цена опт` → `price:wholesale`. */
  columns?: { header: string; field: string }[] | null | undefined;
}

/** A problem the import found, with the file, line and element or column it is at. */
export interface ImportIssue extends Place {
  message: string;
}

/**
 * What an import did. When `errors` is not empty it changed nothing: the counts are what it
 * would have done, or all 0 when a file could not be read to its end.
 */
export interface ImportReport {
  offersCreated: number;
  offersUpdated: number;
  offersUnchanged: number;
  offersDeactivated: number;
  /** Stock rows (offer × warehouse) whose quantity the import changed. */
  stockRows: number;
  /** Prices the import created or changed. */
  prices: number;
  warnings: ImportIssue[];
  errors: ImportIssue[];
}

/** A report of an import that wrote nothing, with these errors. */
export function refusedReport(errors: ImportIssue[]): ImportReport {
  return {
    offersCreated: 0,
    offersUpdated: 0,
    offersUnchanged: 0,
    offersDeactivated: 0,
    stockRows: 0,
    prices: 0,
    warnings: [],
    errors,
  };
}
