import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createDatabase } from '../src/db/client.js';
import type { Benchmark, BenchContext, ScenarioResult } from './support/harness.js';
import {
  PACKAGE_PRICE_TYPES,
  PACKAGE_WAREHOUSES,
  packageOffer,
  writePackage,
} from './support/commerceml-package.js';

/*
 * A CommerceML package of 100,000 offers in 3 warehouses with 2 price types imported in a
 * process of its own, against psql's \copy of the very rows it writes (products, offers,
 * prices, stock levels) into the same tables of the same database.
 */

const run = promisify(execFile);
const OFFERS = 100_000;
const ROWS_PER_OFFER = 1 + 1 + PACKAGE_PRICE_TYPES.length + PACKAGE_WAREHOUSES.length;
const entry = fileURLToPath(new URL('./support/import-main.ts', import.meta.url));
/**
 * The heap `npm run import` gives the importer: what it keeps alive is bounded by its batches,
 * not by the files, and a heap this size keeps V8 from letting garbage pile up.
 */
const HEAP_MB = 160;

interface ImportRun {
  ms: number;
  cpuMs: number;
  peakRssMb: number;
  counts: Record<string, number>;
  warnings: number;
  errors: unknown[];
}

async function importOnce(url: string, distributorId: number, files: string[]): Promise<ImportRun> {
  const { stdout } = await run(
    process.execPath,
    [
      `--max-old-space-size=${HEAP_MB}`,
      '--import',
      'tsx',
      entry,
      url,
      String(distributorId),
      ...files,
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as ImportRun;
  if (result.errors.length) throw new Error(`The import failed: ${JSON.stringify(result.errors)}`);

  return result;
}

/** Writes the rows the import wrote as CSV files and loads them with \copy; returns the time. */
async function copyBaseline(ctx: BenchContext, distributorId: number): Promise<number> {
  const { sql } = ctx.database;
  const ids = async (table: string) =>
    new Map(
      (
        await sql.unsafe(`select id, code from ${table} where distributor_id = $1`, [distributorId])
      ).map((r) => [r.code as string, Number(r.id)]),
    );
  const priceTypes = await ids('price_types');
  const warehouses = await ids('warehouses');
  await sql.unsafe('truncate products, offers, prices, stock_levels cascade');

  const lines: Record<string, string[]> = { products: [], offers: [], prices: [], stock: [] };
  for (let i = 1; i <= OFFERS; i++) {
    const o = packageOffer(i);
    lines.products!.push(`${i},${o.gtin},${o.name},pcs`);
    lines.offers!.push(`${i},${distributorId},${i},${o.sku},${o.key},20`);
    o.prices.forEach((amount, p) =>
      lines.prices!.push(`${i},${priceTypes.get(PACKAGE_PRICE_TYPES[p]!)},1,${amount}`),
    );
    o.stock.forEach((q, w) =>
      lines.stock!.push(`${i},${warehouses.get(PACKAGE_WAREHOUSES[w]!)},${q}`),
    );
  }
  const copies = [
    ['products', 'products(id, gtin, name, unit)'],
    ['offers', 'offers(id, distributor_id, product_id, sku, external_id, vat_rate)'],
    ['prices', 'prices(offer_id, price_type_id, min_quantity, amount)'],
    ['stock', 'stock_levels(offer_id, warehouse_id, on_hand)'],
  ];
  const commands: string[] = [];
  for (const [name, target] of copies) {
    const path = join(ctx.options.runDir, `${name}.csv`);
    await writeFile(path, `${lines[name!]!.join('\n')}\n`);
    commands.push('-c', `\\copy ${target} from '${path}' with (format csv)`);
  }

  const started = performance.now();
  await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-1', ...commands, ctx.database.url]);

  return performance.now() - started;
}

export const importBenchmark: Benchmark = {
  name: 'import',
  description: `a CommerceML package of ${OFFERS.toLocaleString('en')} offers, 3 warehouses, 2 price types, against psql \\copy of the same rows`,
  async run(ctx) {
    const handle = createDatabase({ databaseUrl: ctx.database.url });
    await handle.migrate();
    await handle.close();
    const [distributor] = await ctx.database.sql`
      insert into organizations (kind, name, time_zone)
      values ('distributor', 'Bench', 'Europe/Moscow') returning id`;
    const distributorId = Number(distributor!.id);

    ctx.log('writing the package');
    const files = await writePackage(ctx.options.runDir, OFFERS);
    ctx.log('importing it');
    const first = await importOnce(ctx.database.url, distributorId, files);
    ctx.log(`importing it again: ${JSON.stringify(first.counts)}`);
    const again = await importOnce(ctx.database.url, distributorId, files);
    ctx.log('copying the same rows with psql');
    const copyMs = await copyBaseline(ctx, distributorId);

    const rows = OFFERS * ROWS_PER_OFFER;
    const result: ScenarioResult = {
      scenario: 'first import',
      rate: rows / (first.ms / 1000),
      rateUnit: 'rows/s imported',
      baseline: rows / (copyMs / 1000),
      baselineUnit: 'rows/s by psql \\copy',
      target: 0.25,
      details: [
        ['rows', `${rows.toLocaleString('en')} (products, offers, prices, stock levels)`],
        [
          'import time',
          `${(first.ms / 1000).toFixed(1)} s, ${(first.cpuMs / 1000).toFixed(1)} s CPU`,
        ],
        ['copy time', `${(copyMs / 1000).toFixed(1)} s`],
        ['peak RSS', `${first.peakRssMb.toFixed(0)} MB (target < 300 MB)`],
        ['second import', `${(again.ms / 1000).toFixed(1)} s, ${JSON.stringify(again.counts)}`],
        ['second peak RSS', `${again.peakRssMb.toFixed(0)} MB`],
      ],
    };

    return [result];
  },
};
