import type { Transaction } from '../db/client.js';
import { queueStockChange } from '../events/outbox.js';
import { takeBackStock } from '../orders/goods.js';
import { MAX_QUANTITY } from '../schema/zod.js';
import type { Stores } from '../stores.js';
import type { ImportIssues } from './issues.js';
import { type OfferOutcome, OfferWriter, type WrittenOffer } from './offers.js';
import { priceRowsOf } from './prices.js';
import type { FeedOfferRecord, FeedRecord, Place } from './records.js';
import { ImportReferences } from './references.js';
import type { ImportMode, ImportReport } from './report.js';
import * as staging from './store.js';

/** Offers written per round of statements: large enough to amortize them, small in memory. */
const BATCH = 5_000;

/** Outcomes by strength: an offer created and then updated by a later file was created. */
const outcomes: OfferOutcome[] = ['unchanged', 'updated', 'deactivated', 'created'];

interface Document {
  number: number;
  full: boolean;
  covered: Set<number>;
  /** Whether an offer of it has no stock anywhere it covers. */
  hasNoStock: boolean;
}

export interface FeedWriterOptions {
  mode: ImportMode;
  defaultWarehouseCode: string | null;
  now: Date;
}

/**
 * Writes the records of an import's files into one transaction, in batches as they come:
 * offers and prices at once, stock staged and written in one ordered pass by `finish`.
 */
export class FeedWriter {
  private readonly references: ImportReferences;
  private readonly offers: OfferWriter;
  /** What the batch being written did to each offer. */
  private batchOutcomes = new Map<string, number>();
  private batch: FeedOfferRecord[] = [];
  /** The batches being written, one after another, while the parser reads on. */
  private writing: Promise<void> = Promise.resolve();
  private batchKeys = new Set<string>();
  private document: Document | null = null;
  private documents = 0;
  private prices = 0;

  constructor(
    private readonly stores: Stores,
    private readonly distributorId: number,
    private readonly issues: ImportIssues,
    private readonly tx: Transaction,
    private readonly options: FeedWriterOptions,
  ) {
    this.references = new ImportReferences(
      stores,
      distributorId,
      issues,
      tx,
      options.defaultWarehouseCode,
    );
    this.offers = new OfferWriter(stores, distributorId, issues, tx, (key, outcome) => {
      const rank = outcomes.indexOf(outcome);
      if (rank > (this.batchOutcomes.get(key) ?? -1)) this.batchOutcomes.set(key, rank);
    });
  }

  static async start(
    stores: Stores,
    distributorId: number,
    issues: ImportIssues,
    tx: Transaction,
    options: FeedWriterOptions,
  ) {
    await staging.lockDistributorImports(distributorId, tx);
    await staging.createStaging(tx);

    return new FeedWriter(stores, distributorId, issues, tx, options);
  }

  async write(record: FeedRecord) {
    // Only offers are written behind the parser; everything else waits for them, in order.
    if (record.kind !== 'offer') await this.writing;
    switch (record.kind) {
      case 'document':
        await this.endDocument();
        this.document = this.openDocument(record.full);
        break;
      case 'priceType':
        await this.references.declarePriceType(record);
        break;
      case 'warehouse':
        this.currentDocument().covered.add(await this.references.declareWarehouse(record));
        break;
      case 'warning':
        this.issues.warn(record.at, record.message);
        break;
      case 'offer':
        await this.addOffer(record);
        break;
    }
  }

  /** Ends the document a file was in: documents never span files. */
  async endFile() {
    await this.endDocument();
  }

  /** Writes the staged stock, taking goods back from orders where counts fell below holds. */
  async finish(): Promise<Omit<ImportReport, 'warnings' | 'errors'>> {
    await this.endDocument();
    const { created, shortfalls } = await staging.lockStagedStock(this.tx);
    const { orders } = this.stores;
    for (const { offerId, warehouseId, units } of shortfalls) {
      await takeBackStock(orders, offerId, warehouseId, units, this.options.now, this.tx);
    }
    const updated = await staging.writeStagedStock(this.tx);
    const stock = { rows: created.rows + updated.rows };
    queueStockChange(this.tx, [...created.offerIds, ...updated.offerIds], this.options.now);

    const byRank = await staging.outcomeCounts(this.tx);
    const count = (outcome: OfferOutcome) => byRank.get(outcomes.indexOf(outcome)) ?? 0;

    await staging.dropStaging(this.tx);

    return {
      offersCreated: count('created'),
      offersUpdated: count('updated'),
      offersUnchanged: count('unchanged'),
      offersDeactivated: count('deactivated'),
      stockRows: stock.rows,
      prices: this.prices,
    };
  }

  private openDocument(full: boolean | null): Document {
    this.documents += 1;

    return {
      number: this.documents,
      full: full ?? this.options.mode === 'FULL',
      covered: new Set(),
      hasNoStock: false,
    };
  }

  private currentDocument(): Document {
    return (this.document ??= this.openDocument(null));
  }

  private async endDocument() {
    await this.flush();
    const document = this.document;
    if (!document) return;
    this.document = null;
    if (document.hasNoStock && document.covered.size === 0) {
      document.covered.add(await this.references.warehouse(null, this.placeOf(document)));
    }
    await staging.closeDocument(
      document.number,
      this.distributorId,
      [...document.covered],
      document.full,
      this.tx,
    );
  }

  /**
   * Adds an offer to the batch. A full batch is written while the parser reads the next one:
   * this resolves once the batch before it is written, so that at most two are in memory.
   */
  private async addOffer(record: FeedOfferRecord) {
    this.currentDocument();
    if (this.batchKeys.has(record.key)) await this.flush();
    this.batch.push(record);
    this.batchKeys.add(record.key);
    if (this.batch.length < BATCH) return;

    const before = this.writing;
    const batch = this.takeBatch();
    this.writing = before.then(() => this.writeBatch(batch));
    // Its failure is thrown to whoever waits for it next; it must not go unhandled meanwhile.
    this.writing.catch(() => {});
    await before;
  }

  /** Waits for the batches being written, then writes what is left. */
  private async flush() {
    await this.writing;
    if (this.batch.length > 0) await this.writeBatch(this.takeBatch());
  }

  /** Waits for the batches being written, whatever becomes of them. */
  async settle() {
    await this.writing.catch(() => {});
  }

  private takeBatch(): FeedOfferRecord[] {
    const batch = this.batch;
    this.batch = [];
    this.batchKeys = new Set();

    return batch;
  }

  private async writeBatch(batch: FeedOfferRecord[]) {
    const document = this.currentDocument();
    const seen = await staging.seenBefore(
      document.number,
      batch.map((r) => r.key),
      this.tx,
    );
    const deleted = new Set<string>();
    for (const record of batch) {
      const before = seen.get(record.key);
      if (before?.repeated) {
        this.issues.warn(record.at, `Offer ${record.key} appears twice; the later one is used`);
      }
      if (before?.deleted) deleted.add(record.key);
    }

    this.batchOutcomes = new Map();
    const written = await this.offers.write(batch, deleted);
    await this.writePrices(written);
    await this.stageStock(written);
    const listed = new Set(batch.map((r) => r.key));
    const rows = new Map<string, staging.SeenOffer>();
    for (const record of batch) {
      rows.set(record.key, {
        key: record.key,
        doc: document.number,
        outcome: this.batchOutcomes.get(record.key) ?? null,
        deleted: record.deleted,
      });
    }
    for (const [key, outcome] of this.batchOutcomes) {
      if (!listed.has(key)) rows.set(key, { key, doc: null, outcome, deleted: false });
    }
    await staging.recordSeen([...rows.values()], this.tx);
  }

  private async writePrices(written: WrittenOffer[]) {
    const rows = await priceRowsOf(written, this.references, this.issues);
    this.prices += await this.stores.pricing.setBasePrices(rows, this.tx);
  }

  private async stageStock(written: WrittenOffer[]) {
    const document = this.currentDocument();
    const rows: staging.StagedStock[] = [];
    const none: number[] = [];
    for (const { record, offerId } of written) {
      if (!record.stock) continue;
      if (record.stock.length === 0) {
        none.push(offerId);
        document.hasNoStock = true;
      }
      for (const { warehouseKey, quantity } of record.stock) {
        if (!this.fits(quantity, record.at, record.key)) continue;
        const warehouseId = await this.references.warehouse(warehouseKey, record.at);
        document.covered.add(warehouseId);
        rows.push({ offerId, warehouseId, onHand: quantity });
      }
    }
    await staging.stageStock(document.number, rows, this.tx);
    await staging.stageNoStock(document.number, none, this.tx);
  }

  private placeOf(document: Document): Place {
    return { file: '', line: null, path: `document ${document.number}` };
  }

  private fits(quantity: number, at: Place, key: string): boolean {
    if (Number.isSafeInteger(quantity) && quantity >= 0 && quantity <= MAX_QUANTITY) return true;
    this.issues.warn(
      at,
      `Offer ${key}: quantity ${quantity} is not a whole number from 0 to ` +
        `${MAX_QUANTITY.toLocaleString('en')}; left out`,
    );

    return false;
  }
}
