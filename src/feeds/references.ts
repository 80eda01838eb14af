import type { Transaction } from '../db/client.js';
import { isCurrencyCode } from '../money/money.js';
import type { Stores } from '../stores.js';
import type { ImportIssues } from './issues.js';
import type { FeedPriceTypeRecord, FeedWarehouseRecord, Place } from './records.js';

export interface ImportedPriceType {
  id: number;
  code: string;
  currency: string;
}

/** The code of the warehouse that takes totals naming no warehouse, when nothing says which. */
const DEFAULT_WAREHOUSE = 'default';

/**
 * The price types and warehouses an import refers to by their ERP ids (their codes here):
 * created or updated as files declare them, looked up once otherwise.
 */
export class ImportReferences {
  private readonly priceTypes = new Map<string, ImportedPriceType | null>();
  private readonly warehouses = new Map<string, number>();
  private defaultWarehouse: number | null = null;

  constructor(
    private readonly stores: Stores,
    private readonly distributorId: number,
    private readonly issues: ImportIssues,
    private readonly tx: Transaction,
    private readonly defaultWarehouseCode: string | null,
  ) {}

  async declarePriceType(record: FeedPriceTypeRecord) {
    const { pricing } = this.stores;
    const { key, at } = record;
    const currency = record.currency ?? '';
    if (!isCurrencyCode(currency)) {
      this.issues.fail(
        at,
        `Price type ${key} (${record.name}): currency "${currency}" is not an ISO 4217 code`,
      );
      this.priceTypes.set(key, null);
      return;
    }
    const current = await pricing.lockPriceType(this.distributorId, key, this.tx);
    if (current && current.currency !== currency) {
      if (await pricing.hasPrices(current.id, this.tx)) {
        this.issues.fail(
          at,
          `Price type ${key} (${record.name}) has prices in ${current.currency}; ` +
            `its currency cannot become ${currency}`,
        );
        this.priceTypes.set(key, null);
        return;
      }
    }
    const saved =
      current && current.currency === currency && current.name === record.name
        ? current
        : await pricing.upsertPriceType(
            { distributorId: this.distributorId, code: key, name: record.name, currency },
            this.tx,
          );
    this.priceTypes.set(key, { id: saved.id, code: saved.code, currency: saved.currency });
  }

  /**
   * The price type of this ERP id; null, with one warning, when neither the file nor the
   * database has it.
   */
  async priceType(key: string, at: Place): Promise<ImportedPriceType | null> {
    if (this.priceTypes.has(key)) return this.priceTypes.get(key)!;
    const found = await this.stores.pricing.findPriceType(this.distributorId, key, this.tx);
    if (!found) {
      this.issues.warn(at, `Price type ${key} is not declared; its prices are left out`);
    }
    const priceType = found && { id: found.id, code: found.code, currency: found.currency };
    this.priceTypes.set(key, priceType);

    return priceType;
  }

  async declareWarehouse(record: FeedWarehouseRecord): Promise<number> {
    const id = await this.ensureWarehouse(record.key, record.name);
    this.warehouses.set(record.key, id);

    return id;
  }

  /**
   * The warehouse of this ERP id, created with a warning when the file never declared it; for
   * a total naming no warehouse, the import's default warehouse.
   */
  async warehouse(key: string | null, at: Place): Promise<number> {
    if (key === null)
      return this.defaultWarehouse ?? (this.defaultWarehouse = await this.pickDefault());
    const known = this.warehouses.get(key);
    if (known !== undefined) return known;

    const existing = await this.stores.stock.findWarehouseByCode(this.distributorId, key, this.tx);
    if (!existing) this.issues.warn(at, `Warehouse ${key} is not declared; it is created`);
    const id = existing?.id ?? (await this.ensureWarehouse(key, key));
    this.warehouses.set(key, id);

    return id;
  }

  /** The warehouse the import names, else the distributor's only one, else `default`. */
  private async pickDefault(): Promise<number> {
    if (this.defaultWarehouseCode) {
      return this.ensureWarehouse(this.defaultWarehouseCode, this.defaultWarehouseCode);
    }
    const all = await this.stores.stock.findWarehousesByDistributorIds(
      [this.distributorId],
      this.tx,
    );
    if (all.length === 1) return all[0]!.id;

    return this.ensureWarehouse(DEFAULT_WAREHOUSE, 'Main warehouse');
  }

  private async ensureWarehouse(code: string, name: string): Promise<number> {
    const { stock } = this.stores;
    const values = { distributorId: this.distributorId, code, name, city: null };
    const created = await stock.createWarehouse(values, this.tx);

    return (created ?? (await stock.findWarehouseByCode(this.distributorId, code, this.tx)))!.id;
  }
}
