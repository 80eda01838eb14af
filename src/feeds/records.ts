/**
 * What a parser reads out of a distributor's export file, whatever its format. Parsers are async
 * generators of these records, in file order; the importer writes them in batches as they come,
 * so that no file is ever held in memory whole.
 */

/** Where in a file a record or a problem is: `path` is the element path or the CSV column. */
export interface Place {
  file: string;
  line: number | null;
  path: string | null;
}

/** One file of an import, read as a stream of bytes as many times as asked. */
export interface FeedFile {
  name: string;
  open(): AsyncIterable<Uint8Array>;
}

export interface FeedDocumentRecord {
  kind: 'document';
  at: Place;
  /**
   * Whether the document replaces the stock of the warehouses it covers (CommerceML's
   * `СодержитТолькоИзменения="false"`) or only changes what it names (`"true"`); null when the
   * file does not say, and the import's mode decides.
   */
  full: boolean | null;
}

export interface FeedPriceTypeRecord {
  kind: 'priceType';
  at: Place;
  /** The price type's id in the ERP; it becomes the price type's code. */
  key: string;
  name: string;
  /** An ISO 4217 code, or what the file says when it is not one (the importer reports it). */
  currency: string | null;
}

export interface FeedWarehouseRecord {
  kind: 'warehouse';
  at: Place;
  /** The warehouse's id in the ERP (or YML outlet id); it becomes the warehouse's code. */
  key: string;
  name: string;
}

export interface FeedDescription {
  /** The SKU shown to stores; null when the file has none (the offer's key is used). */
  sku: string | null;
  name: string;
  /** As written in the file; the importer checks it and warns when it is not a GTIN. */
  gtin: string | null;
  brand: string | null;
  /** The unit's code or short name, trimmed. */
  unit: string | null;
  /** VAT in percent as a decimal string ("20", "10", "0"), or null when the file says nothing. */
  vatRate: string | null;
  /**
   * True when the description comes from an element that gives only some of these fields (a
   * CommerceML offer package's `Предложение`, beside the catalog's `Товар`): a null field then
   * means the file does not say, not that the offer has none, and a catalog's description of the
   * same offer takes precedence. Absent or false: the description is the whole of it.
   */
  partial?: boolean;
}

export interface FeedPrice {
  /** The ERP id of the price type; a YML or CSV price uses the import's price type. */
  priceTypeKey: string;
  /** A non-negative decimal string with a point, per one base unit of the offer. */
  amount: string;
  currency: string | null;
}

export interface FeedStock {
  /** The ERP id of the warehouse; null for a total that names no warehouse. */
  warehouseKey: string | null;
  /** Whole units, never negative (parsers warn and use 0 for empty or negative ones). */
  quantity: number;
}

export interface FeedOfferRecord {
  kind: 'offer';
  at: Place;
  /** The offer's id in the ERP; it keys the offer across imports. */
  key: string;
  /** For a variant (CommerceML `guid#guid`), the key of the product it is a variant of. */
  parentKey: string | null;
  /** What the offer is; absent where a file carries only prices or stock. */
  description: FeedDescription | null;
  /** Marked for deletion in the ERP: the offer is deactivated. */
  deleted: boolean;
  /** The prices the file gives; null when it says nothing of prices. */
  prices: FeedPrice[] | null;
  /**
   * The stock the file gives; null when it says nothing of stock. An empty list says the offer
   * has none anywhere the document covers (a YML offer made to order).
   */
  stock: FeedStock[] | null;
}

export interface FeedIssueRecord {
  kind: 'warning';
  at: Place;
  message: string;
}

export type FeedRecord =
  | FeedDocumentRecord
  | FeedPriceTypeRecord
  | FeedWarehouseRecord
  | FeedOfferRecord
  | FeedIssueRecord;

/** A file that cannot be read at all: bad XML, an unknown encoding, a truncated ZIP. */
export class FeedError extends Error {
  constructor(
    readonly at: Place,
    message: string,
  ) {
    super(message);
    this.name = 'FeedError';
  }
}

/** Options that formats with no price types or warehouses of their own need. */
export interface FeedOptions {
  /** The price type YML and CSV prices go to (default `retail`). */
  priceTypeCode: string;
  /** The currency of YML and CSV prices that name none. */
  currency: string | null;
  /** CSV: header → field, for headers the parser does not know by name. */
  columns: Map<string, string>;
}

/**
 * How deep an export's elements may nest, and how long one text of it may be: real files stay
 * far within both, and a file past them is refused before it can cost minutes or gigabytes.
 */
export const XML_LIMITS = { depth: 64, textLength: 1_000_000 };

/** The message of a FeedError for an XML file nested deeper than XML_LIMITS allows. */
export const TOO_DEEP = `Elements are nested more than ${XML_LIMITS.depth} levels deep`;

const textLimit = XML_LIMITS.textLength.toLocaleString('en');

/** The message of a FeedError for a text longer than XML_LIMITS allows. */
export const TOO_LONG = `A text is longer than ${textLimit} characters`;
