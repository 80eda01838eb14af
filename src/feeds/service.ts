import { basename } from 'node:path';
import { z } from 'zod';
import type { Context } from '../context.js';
import { parseInput } from '../schema/validation.js';
import * as field from '../schema/zod.js';
import { parseCommerceMl } from './commerceml.js';
import { parseCsv } from './csv.js';
import { importRecords, type RecordSource } from './import.js';
import { FeedError, type FeedFile, type FeedOptions, type FeedRecord } from './records.js';
import { type FeedFormat, type ImportReport, type ImportRequest, refusedReport } from './report.js';
import { parseYml } from './yml.js';
import { expandArchives } from './zip.js';

/** Most files one import takes, a ZIP counting as the files it holds. */
export const MAX_IMPORT_FILES = 50;

type Parser = (file: FeedFile, options: FeedOptions) => AsyncGenerator<FeedRecord>;

const formats: Record<FeedFormat, { parse: Parser; extensions: RegExp }> = {
  COMMERCEML: { parse: parseCommerceMl, extensions: /\.xml$/i },
  YML: { parse: parseYml, extensions: /\.(xml|yml)$/i },
  CSV: { parse: parseCsv, extensions: /\.(csv|tsv|txt)$/i },
};

const optionsInput = z.object({
  priceTypeCode: field.code.nullish(),
  currency: field.currency.nullish(),
  warehouseCode: field.code.nullish(),
  columns: z
    .array(z.object({ header: field.name, field: field.code }))
    .max(100, 'takes at most 100 columns')
    .nullish(),
});

/**
 * CommerceML packages are read catalog first, then offers, then prices and rests (as 1C names
 * them, `import0_1.xml`, `offers0_1.xml`...), so that offers find the goods they price.
 */
function commerceMlRank(file: FeedFile): number {
  const name = basename(file.name).toLowerCase();
  const order = ['import', 'offers', 'prices', 'rests'];
  const rank = order.findIndex((prefix) => name.startsWith(prefix));

  return rank === -1 ? order.length : rank;
}

/**
 * Imports a distributor's export files: parsed as streams, written in one transaction. A ZIP is
 * read as the files it holds; files of other kinds in it (1C's pictures) are passed over.
 */
export async function importFeed(
  ctx: Context,
  distributorId: number,
  request: ImportRequest,
): Promise<ImportReport> {
  const input = parseInput(optionsInput, request.options ?? {});
  const options: FeedOptions = {
    priceTypeCode: input.priceTypeCode ?? 'retail',
    currency: input.currency ?? null,
    columns: new Map((input.columns ?? []).map((c) => [c.header, c.field])),
  };
  const format = formats[request.format];

  let files: FeedFile[];
  try {
    files = await expandArchives(request.files);
  } catch (error) {
    if (!(error instanceof FeedError)) throw error;
    return refusedReport([{ ...error.at, message: error.message }]);
  }
  const unpacked = (file: FeedFile) => !request.files.includes(file);
  const wanted = files.filter((f) => !unpacked(f) || format.extensions.test(basename(f.name)));
  const passedOver = files.filter(
    (f) => !wanted.includes(f) && !f.name.toLowerCase().includes('/import_files/'),
  );
  if (wanted.length === 0) {
    return refusedReport([{ file: '', line: null, path: null, message: 'No file to import' }]);
  }
  if (wanted.length > MAX_IMPORT_FILES) {
    const message = `${wanted.length} files; one import takes at most ${MAX_IMPORT_FILES}`;
    const file = request.files.map((f) => f.name).join(', ');
    return refusedReport([{ file, line: null, path: null, message }]);
  }
  if (request.format === 'COMMERCEML') {
    wanted.sort((a, b) => commerceMlRank(a) - commerceMlRank(b));
  }

  const sources: RecordSource[] = wanted.map((file) => ({
    name: file.name,
    records: () => format.parse(file, options),
  }));
  const report = await importRecords(ctx, distributorId, sources, {
    mode: request.mode,
    warehouseCode: input.warehouseCode ?? null,
  });

  return {
    ...report,
    warnings: [
      ...passedOver.map((f) => ({
        file: f.name,
        line: null,
        path: null,
        message: `Not a ${request.format} file; passed over`,
      })),
      ...report.warnings,
    ],
  };
}
