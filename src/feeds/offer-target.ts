import { normalizeGtin } from '../catalog/gtin.js';
import type { ImportedOfferRow, ImportedOfferValues, ProductValues } from '../catalog/store.js';
import type { ImportIssues } from './issues.js';
import type { FeedDescription, FeedOfferRecord } from './records.js';

const DEFAULT_UNIT = 'pcs';

/** Longest name kept whole; ERPs allow long ones, stores show a line. */
const MAX_NAME = 1_000;

/** Who has which SKU: offers in the database, and offers of the batch being written. */
export interface SkuIndex {
  bySku: Map<string, ImportedOfferRow>;
  skuOwners: Map<string, string>;
}

/** An offer as a file describes it, next to what the catalog has of it. */
export interface Target {
  record: FeedOfferRecord;
  current: ImportedOfferRow | null;
  values: Omit<ImportedOfferValues, 'productId'>;
  product: ProductValues;
}

/**
 * What to write of an offer the file describes: its GTIN when the check digit is right, its
 * VAT rate when it is one, its name on one line, its SKU unless another offer has it; each
 * thing left out is a warning.
 */
export function targetOf(
  record: FeedOfferRecord,
  current: ImportedOfferRow | null,
  description: FeedDescription,
  skus: SkuIndex,
  active: boolean,
  issues: ImportIssues,
): Target {
  const { at, key } = record;
  let gtin: string | null = null;
  if (description.gtin?.trim()) {
    gtin = normalizeGtin(description.gtin);
    if (!gtin) {
      issues.warn(at, `Offer ${key}: "${description.gtin}" is not a valid GTIN; left out`);
    }
  }
  let vatRate = description.vatRate;
  if (vatRate !== null && !(/^[0-9]+(\.[0-9]+)?$/.test(vatRate) && Number(vatRate) < 100)) {
    issues.warn(at, `Offer ${key}: VAT rate "${vatRate}" is not a percentage; left out`);
    vatRate = null;
  }
  let name = description.name.replace(/\s+/g, ' ').trim();
  if (!name) {
    issues.warn(at, `Offer ${key} has no name; its SKU is used`);
    name = description.sku ?? key;
  } else if (name.length > MAX_NAME) {
    issues.warn(at, `Offer ${key}: the name is cut to ${MAX_NAME} characters`);
    name = name.slice(0, MAX_NAME);
  }

  return {
    record,
    current,
    values: {
      externalId: key,
      sku: skuOf(record, description.sku?.trim() || key, current, skus, issues),
      vatRate: vatRate ?? current?.offer.vatRate ?? '0',
      active,
    },
    product: {
      gtin,
      name,
      brand: description.brand?.trim() || null,
      unit: description.unit?.trim() || current?.product.unit || DEFAULT_UNIT,
    },
  };
}

/** The SKU the file gives, or the ERP id when another offer already has that SKU. */
function skuOf(
  record: FeedOfferRecord,
  wanted: string,
  current: ImportedOfferRow | null,
  { bySku, skuOwners }: SkuIndex,
  issues: ImportIssues,
): string {
  const holder = bySku.get(wanted);
  const owner = skuOwners.get(wanted);
  const taken =
    (holder && holder.offer.id !== current?.offer.id) || (owner && owner !== record.key);
  const sku = taken ? record.key : wanted;
  if (taken) {
    issues.warn(
      record.at,
      `Offer ${record.key}: SKU ${wanted} belongs to another offer; its ERP id is its SKU`,
    );
  }
  skuOwners.set(sku, record.key);

  return sku;
}
