import type { ImportedOfferRow, ImportedOfferValues, ProductValues } from '../catalog/store.js';
import type { Transaction } from '../db/client.js';
import type { Stores } from '../stores.js';
import type { ImportIssues } from './issues.js';
import { type Target, targetOf } from './offer-target.js';
import type { FeedDescription, FeedOfferRecord } from './records.js';

export type OfferOutcome = 'created' | 'updated' | 'unchanged' | 'deactivated';

type Current = ImportedOfferRow;

/** An offer of the batch that is in the catalog once the batch is written. */
export interface WrittenOffer {
  record: FeedOfferRecord;
  offerId: number;
}

/**
 * Writes the offers of a batch: finds them by ERP id (or adopts an offer of the same SKU that
 * has none), creates or updates them and their products where the file says something new,
 * deactivates those marked for deletion. Returns the offers later steps write prices and stock
 * for, with what happened to each.
 */
export class OfferWriter {
  /** Whether the distributor has, or this import has read, a variant: until then none is sought. */
  private variantsKnown = false;

  constructor(
    private readonly stores: Stores,
    private readonly distributorId: number,
    private readonly issues: ImportIssues,
    private readonly tx: Transaction,
    private readonly outcome: (key: string, outcome: OfferOutcome) => void,
  ) {}

  /**
   * `deleted` are the ERP ids marked for deletion earlier in the import: an offer package that
   * lists them creates nothing.
   */
  async write(batch: FeedOfferRecord[], deleted: Set<string>): Promise<WrittenOffer[]> {
    const { catalog } = this.stores;
    const keys = new Set(batch.flatMap((r) => (r.parentKey ? [r.key, r.parentKey] : [r.key])));
    const skus = batch.flatMap((r) => (r.description ? [r.description.sku ?? r.key] : []));
    const found = await catalog.findOffersForImport(this.distributorId, [...keys], skus, this.tx);
    const byKey = new Map(
      found.filter((f) => f.offer.externalId).map((f) => [f.offer.externalId!, f]),
    );
    const bySku = new Map(found.map((f) => [f.offer.sku, f]));
    // A product offered in variants is not an offer itself: only its variants are sold.
    this.variantsKnown ||=
      batch.some((r) => r.parentKey) || (await catalog.hasVariants(this.distributorId, this.tx));
    const parents = this.variantsKnown
      ? await catalog.findKeysWithVariants(
          this.distributorId,
          batch
            .filter((r) => !r.parentKey && r.description && !r.description.partial)
            .map((r) => r.key),
          this.tx,
        )
      : new Set<string>();

    const written: WrittenOffer[] = [];
    const targets: Target[] = [];
    const deactivated: (ImportedOfferValues & { id: number })[] = [];
    const adopted = new Set<number>();
    const parentsOutOfSale = new Set<number>();
    // The SKUs this batch gives, with the ERP id of the offer that gets each; earlier batches'
    // are in the database.
    const skuOwners = new Map<string, string>();
    for (const record of batch) {
      const current = byKey.get(record.key) ?? this.adopt(record, bySku, adopted);
      const described = record.description && !record.description.partial;
      if (record.deleted && !current && described) {
        // Kept, inactive: an offer package imported on its own later must not bring it back.
        targets.push(
          targetOf(record, null, record.description!, { bySku, skuOwners }, false, this.issues),
        );
        continue;
      }
      if (record.deleted || (!current && deleted.has(record.key))) {
        if (record.deleted && current?.offer.active) {
          deactivated.push({ ...valuesOf(current), externalId: record.key, active: false });
          this.outcome(record.key, 'deactivated');
        } else if (current) {
          this.outcome(record.key, 'unchanged');
        }
        continue;
      }
      const description = this.descriptionOf(record, current, byKey);
      if (!description) {
        if (current) {
          this.outcome(record.key, 'unchanged');
          // An offer out of sale (deleted in the ERP, or sold as its variants) gets no stock.
          if (current.offer.active) written.push({ record, offerId: current.offer.id });
        } else {
          this.issues.warn(
            record.at,
            `Offer ${record.key} is in no catalog imported; its prices and stock are left out`,
          );
        }
        continue;
      }
      targets.push(
        targetOf(
          record,
          current,
          description,
          { bySku, skuOwners },
          !parents.has(record.key),
          this.issues,
        ),
      );
      const parent = record.parentKey ? byKey.get(record.parentKey) : undefined;
      if (parent?.offer.active && !parentsOutOfSale.has(parent.offer.id)) {
        parentsOutOfSale.add(parent.offer.id);
        deactivated.push({ ...valuesOf(parent), externalId: record.parentKey!, active: false });
        this.outcome(record.parentKey!, 'updated');
      }
    }

    await catalog.updateImportedOffers(deactivated, this.tx);
    written.push(...(await this.save(targets)));

    return written;
  }

  /** An offer of the SKU the record gives that no ERP id keys yet, once per batch. */
  private adopt(record: FeedOfferRecord, bySku: Map<string, Current>, adopted: Set<number>) {
    const candidate = bySku.get(record.description?.sku ?? record.key);
    if (!candidate || candidate.offer.externalId !== null || adopted.has(candidate.offer.id)) {
      return null;
    }
    adopted.add(candidate.offer.id);

    return candidate;
  }

  /**
   * What to write of the offer: the file's description; for an offer the catalog has, nothing
   * from a partial one (an offer package's); for a new variant, its parent's product filling
   * what the package leaves out.
   */
  private descriptionOf(
    record: FeedOfferRecord,
    current: Current | null,
    byKey: Map<string, Current>,
  ): FeedDescription | null {
    const given = record.description;
    if (given && !given.partial) return given;
    if (current) return null;
    const parent = record.parentKey ? byKey.get(record.parentKey) : undefined;
    if (!parent) return given;

    return {
      sku: given?.sku ?? null,
      name: given?.name || parent.product.name,
      gtin: given?.gtin ?? null,
      brand: given?.brand ?? parent.product.brand,
      unit: given?.unit ?? parent.product.unit,
      vatRate: given?.vatRate ?? parent.offer.vatRate,
    };
  }

  private async save(targets: Target[]): Promise<WrittenOffer[]> {
    const { catalog } = this.stores;
    // An offer that stays on the product of its GTIN needs no look-up.
    const moving = targets.filter(
      (t) => t.product.gtin && t.product.gtin !== t.current?.product.gtin,
    );
    const byGtin = new Map(
      (
        await catalog.ensureProductsByGtin(
          moving.map((t) => t.product),
          this.tx,
        )
      ).map((p) => [p.gtin!, p.id]),
    );
    for (const t of targets) {
      if (t.product.gtin && t.product.gtin === t.current?.product.gtin) {
        byGtin.set(t.product.gtin, t.current.product.id);
      }
    }

    const renamed: (ProductValues & { id: number })[] = [];
    const unnamed: Target[] = [];
    const productIds = new Map<Target, number>();
    for (const target of targets) {
      const own = target.current?.product;
      if (target.product.gtin) {
        productIds.set(target, byGtin.get(target.product.gtin)!);
      } else if (own && own.gtin === null) {
        productIds.set(target, own.id);
        if (!sameProduct(own, target.product)) renamed.push({ ...target.product, id: own.id });
      } else {
        unnamed.push(target);
      }
    }
    await catalog.describeProducts(renamed, this.tx);
    const newIds = await catalog.insertProducts(
      unnamed.map((t) => t.product),
      this.tx,
    );
    unnamed.forEach((target, i) => productIds.set(target, newIds[i]!));

    const renamedIds = new Set(renamed.map((r) => r.id));
    const inserts: ImportedOfferValues[] = [];
    const updates: (ImportedOfferValues & { id: number })[] = [];
    const moved: number[] = [];
    for (const target of targets) {
      const values = { ...target.values, productId: productIds.get(target)! };
      const { current } = target;
      const key = target.record.key;
      if (!current) {
        inserts.push(values);
        this.outcome(key, values.active ? 'created' : 'deactivated');
      } else if (!sameOffer(current, values) || renamedIds.has(values.productId)) {
        updates.push({ ...values, id: current.offer.id });
        if (current.offer.productId !== values.productId) moved.push(current.offer.productId);
        this.outcome(key, 'updated');
      } else {
        this.outcome(key, 'unchanged');
      }
    }
    await catalog.updateImportedOffers(updates, this.tx);
    const ids = await catalog.insertImportedOffers(this.distributorId, inserts, this.tx);
    await catalog.deleteUnoffered(moved, this.tx);

    return targets
      .filter((target) => target.values.active)
      .map((target) => ({
        record: target.record,
        offerId: target.current?.offer.id ?? ids.get(target.record.key)!,
      }));
  }
}

function valuesOf({ offer }: Current): Omit<ImportedOfferValues, 'externalId'> & { id: number } {
  return {
    id: offer.id,
    sku: offer.sku,
    productId: offer.productId,
    vatRate: offer.vatRate,
    active: offer.active,
  };
}

function sameProduct(product: Current['product'], values: ProductValues): boolean {
  return (
    product.name === values.name && product.brand === values.brand && product.unit === values.unit
  );
}

function sameOffer({ offer }: Current, values: ImportedOfferValues): boolean {
  return (
    offer.externalId === values.externalId &&
    offer.sku === values.sku &&
    offer.productId === values.productId &&
    Number(offer.vatRate) === Number(values.vatRate) &&
    offer.active === values.active
  );
}
