import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import type { App } from '../app.js';
import { adminViewer } from '../auth/viewer.js';
import { headOf } from '../feeds/decode.js';
import { fileFeed } from '../feeds/files.js';
import type { FeedFile } from '../feeds/records.js';
import { type FeedFormat, feedFormats, type ImportMode, importModes } from '../feeds/report.js';
import { importFeed } from '../feeds/service.js';
import { organizationIdOf } from './admin.js';
import {
  type CommandOutput,
  exitCodeOf,
  processOutput,
  runWhenMain,
  UsageError,
} from './command.js';

export const IMPORT_USAGE = `Usage: npm run import -- --distributor <id> [flags] FILE...

  --distributor ID     the distributor's global id or database id (required)
  --format F           ${feedFormats.join(', ')} (default: told by each file's name and content)
  --mode M             ${importModes.join(', ')} (default DELTA)
  --price-type CODE    YML and CSV: the price type of prices (default retail)
  --currency CUR       YML and CSV: the currency of prices that name none
  --warehouse CODE     the warehouse of totals that name none
  --column H=FIELD     CSV: read header H as FIELD (e.g. "Цена опт=price:wholesale"); repeatable

FILEs are read as streams; a ZIP is read as the files it holds. The report is JSON on stdout.
Exit codes: 0 imported, 1 the import found errors and changed nothing, 2 bad usage.`;

/** The format of a file: CSV by its name, YML by its root element, CommerceML otherwise. */
export async function formatOf(file: FeedFile): Promise<FeedFormat> {
  const extension = extname(file.name).toLowerCase();
  if (['.csv', '.tsv', '.txt'].includes(extension)) return 'CSV';
  if (extension === '.zip') return 'COMMERCEML';
  const head = Buffer.from(await headOf(file, 4096)).toString('latin1');

  return head.includes('<yml_catalog') ? 'YML' : 'COMMERCEML';
}

function parseImportArgs(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        distributor: { type: 'string' },
        format: { type: 'string' },
        mode: { type: 'string', default: 'DELTA' },
        'price-type': { type: 'string' },
        currency: { type: 'string' },
        warehouse: { type: 'string' },
        column: { type: 'string', multiple: true, default: [] },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * Imports files for a distributor as `npm run import` does; resolves to the exit code.
 *
 * @throws whatever unexpected error the import meets.
 */
export async function runImport(
  argv: string[],
  app: App,
  output: CommandOutput = processOutput,
): Promise<number> {
  return exitCodeOf(IMPORT_USAGE, output, async () => {
    const { values, positionals } = parseImportArgs(argv);
    if (values.help) {
      output.stdout(IMPORT_USAGE);
      return 0;
    }
    const distributorId = organizationIdOf(values.distributor ?? '');
    const ctx = app.contextFor(adminViewer);
    const distributor = distributorId && (await ctx.loaders.organization.load(distributorId));
    if (!distributor || distributor.kind !== 'distributor') {
      throw new UsageError(`No distributor has the id "${values.distributor ?? ''}"`);
    }
    if (positionals.length === 0) throw new UsageError('Name at least one file');
    const format = values.format ?? (await formatOf(fileFeed(positionals[0]!)));
    if (!(feedFormats as readonly string[]).includes(format)) {
      throw new UsageError(`--format must be one of ${feedFormats.join(', ')}`);
    }
    if (!(importModes as readonly string[]).includes(values.mode)) {
      throw new UsageError(`--mode must be one of ${importModes.join(', ')}`);
    }
    const columns = values.column.map((pair) => {
      const at = pair.lastIndexOf('=');
      if (at <= 0) throw new UsageError(`--column "${pair}" is not HEADER=FIELD`);
      return { header: pair.slice(0, at), field: pair.slice(at + 1) };
    });

    const report = await importFeed(ctx, distributor.id, {
      format: format as FeedFormat,
      mode: values.mode as ImportMode,
      files: positionals.map((path) => fileFeed(path)),
      options: {
        priceTypeCode: values['price-type'] ?? null,
        currency: values.currency ?? null,
        warehouseCode: values.warehouse ?? null,
        columns,
      },
    });
    output.stdout(JSON.stringify(report, null, 2));

    return report.errors.length > 0 ? 1 : 0;
  });
}

runWhenMain(import.meta.url, 'interdist-import', runImport);
