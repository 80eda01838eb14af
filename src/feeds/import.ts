import type { Context } from '../context.js';
import { inTransaction } from '../db/transaction.js';
import { ImportIssues } from './issues.js';
import { FeedError, type FeedRecord } from './records.js';
import { type ImportMode, type ImportReport, refusedReport } from './report.js';
import { FeedWriter } from './writer.js';

/** One file of an import as the records its parser reads, as many times as asked. */
export interface RecordSource {
  name: string;
  records(): AsyncIterable<FeedRecord>;
}

export interface ImportSettings {
  mode: ImportMode;
  /** The warehouse of totals that name none; by default the distributor's only one. */
  warehouseCode?: string | null;
}

type Counts = Omit<ImportReport, 'warnings' | 'errors'>;

/** Thrown to roll an import back when it found errors, carrying what it would have done. */
class ImportFailed extends Error {
  constructor(readonly counts: Counts) {
    super('The import found errors');
  }
}

/**
 * Writes the records of these files, in order, in one transaction: all of them, or with any
 * error nothing at all. Parsing runs inside the transaction, so that no file is held whole.
 */
export async function importRecords(
  ctx: Context,
  distributorId: number,
  sources: RecordSource[],
  settings: ImportSettings,
): Promise<ImportReport> {
  let issues = new ImportIssues();
  let counts: Counts = refusedReport([]);
  const now = ctx.clock();
  try {
    counts = await inTransaction(ctx.stores.db, async (tx) => {
      issues = new ImportIssues();
      const writer = await FeedWriter.start(ctx.stores, distributorId, issues, tx, {
        mode: settings.mode,
        defaultWarehouseCode: settings.warehouseCode ?? null,
        now,
      });
      try {
        for (const source of sources) {
          for await (const record of source.records()) await writer.write(record);
          await writer.endFile();
        }
      } catch (error) {
        // No statement of the import may run once its transaction has ended.
        await writer.settle();
        throw error;
      }
      const done = await writer.finish();
      if (issues.errors.length > 0) throw new ImportFailed(done);

      return done;
    });
  } catch (error) {
    if (error instanceof ImportFailed) counts = error.counts;
    else if (error instanceof FeedError) issues.fail(error.at, error.message);
    else throw error;
  }
  const report = { ...counts, warnings: issues.listedWarnings(), errors: issues.errors };
  ctx.logger.info(
    {
      distributorId,
      files: sources.map((s) => s.name),
      ...counts,
      warnings: issues.warnings.length,
      errors: issues.errors.length,
    },
    issues.errors.length ? 'import refused' : 'import done',
  );

  return report;
}
