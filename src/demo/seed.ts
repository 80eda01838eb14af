import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { App } from '../app.js';
import { issueApiKey } from '../auth/service.js';
import { adminViewer, type Viewer } from '../auth/viewer.js';
import { upsertOffers } from '../catalog/service.js';
import type { Config } from '../config.js';
import type { Context } from '../context.js';
import type { Transaction } from '../db/client.js';
import { connectStore, upsertDeliveryOption } from '../delivery/service.js';
import { addDays, localDate } from '../delivery/ship-date.js';
import { createLoaders } from '../loaders.js';
import { createDistributor, createStore } from '../organizations/service.js';
import { upsertPriceType } from '../pricing/service.js';
import { type UserError, UserErrorsException } from '../schema/user-errors.js';
import { addIncoming, createWarehouse, setStock } from '../stock/service.js';
import { createStores } from '../stores.js';
import { fileFeed } from '../feeds/files.js';
import { importFeed } from '../feeds/service.js';
import * as demo from './data.js';
import { distributors } from './distributors.js';
import { type DemoFeedDistributor, feedDistributors, feedPath } from './feeds.js';

const KEYS_FILE = 'demo-keys.env';

/** One demo organization as the keys text lists it. */
interface DemoKey {
  variable: string;
  name: string;
  role: 'STORE' | 'DISTRIBUTOR';
  apiKey: string;
}

const storeVariable = (store: demo.DemoStore) => `DEMO_STORE_${store.shortName}_KEY`;
const distributorVariable = (d: { shortName: string }) => `DEMO_DISTRIBUTOR_${d.shortName}_KEY`;

/** Every demo distributor, those set up by API first, then those loaded from their files. */
const allDistributors = [...distributors, ...feedDistributors];

/**
 * Seeds the demo into a database without organizations, through the domain services, in one
 * transaction, and writes its API keys to `<dataDir>/demo-keys.env`. Returns a text that lists
 * the keys: after seeding, or on a later start while the keys file exists; null otherwise.
 *
 * @throws Error naming the step that failed; nothing of the demo is then saved.
 */
export async function seedDemoIfEmpty(app: App, config: Config): Promise<string | null> {
  const keysFile = resolve(join(config.dataDir, KEYS_FILE));
  const { organizations } = app.stores;
  const existing =
    (await organizations.count('distributor')) + (await organizations.count('store'));
  if (existing > 0) {
    const keys = existsSync(keysFile) ? readKeysFile(keysFile) : [];
    return keys.length > 0 ? keysText(keys, keysFile) : null;
  }

  const keys = await app.database.db.transaction(async (tx) => {
    const seeded = await seed(app, tx);
    // Written inside the transaction: a file that cannot be written rolls the demo back.
    await step(`write ${keysFile}`, async () => writeKeysFile(keysFile, seeded));

    return seeded;
  });
  app.logger.info({ keysFile, organizations: keys.length }, 'demo seeded');

  return keysText(keys, keysFile);
}

async function seed(app: App, tx: Transaction): Promise<DemoKey[]> {
  // Every service runs on this transaction; their own transactions become savepoints in it.
  const stores = createStores(tx);
  const contextFor = (viewer: Viewer): Context => ({
    ...app.contextFor(viewer),
    stores,
    loaders: createLoaders(stores, viewer),
  });
  const admin = contextFor(adminViewer);

  const distributorIds = new Map<string, number>();
  for (const d of allDistributors) {
    const { distributor } = await step(`create distributor ${d.name}`, () =>
      createDistributor(admin, { name: d.name, timeZone: d.timeZone }),
    );
    distributorIds.set(d.shortName, distributor.id);
  }
  const storeIds = new Map<string, number>();
  for (const s of demo.stores) {
    const { store } = await step(`create store ${s.name}`, () =>
      createStore(admin, { name: s.name }),
    );
    storeIds.set(s.shortName, store.id);
  }

  for (const d of distributors) {
    const organizationId = distributorIds.get(d.shortName)!;
    const ctx = contextFor({ role: 'DISTRIBUTOR', organizationId, apiKeyId: 0 });
    await setUpDistributor(ctx, organizationId, d);
    await grantTerms(ctx, organizationId, d, storeIds);
  }
  for (const d of feedDistributors) {
    const organizationId = distributorIds.get(d.shortName)!;
    const ctx = contextFor({ role: 'DISTRIBUTOR', organizationId, apiKeyId: 0 });
    await loadFeeds(ctx, organizationId, d);
    await grantTerms(ctx, organizationId, d, storeIds);
  }

  const keys: DemoKey[] = [];
  for (const s of demo.stores) {
    const { apiKey } = await step(`issue an API key for ${s.name}`, () =>
      issueApiKey(admin, storeIds.get(s.shortName)!),
    );
    keys.push({ variable: storeVariable(s), name: s.name, role: 'STORE', apiKey });
  }
  for (const d of allDistributors) {
    const { apiKey } = await step(`issue an API key for ${d.name}`, () =>
      issueApiKey(admin, distributorIds.get(d.shortName)!),
    );
    keys.push({ variable: distributorVariable(d), name: d.name, role: 'DISTRIBUTOR', apiKey });
  }

  return keys;
}

/** Warehouses, price types, delivery options, offers, stock and incoming goods, as the owner. */
async function setUpDistributor(ctx: Context, distributorId: number, d: demo.DemoDistributor) {
  for (const warehouse of d.warehouses) {
    await step(`${d.name}: create warehouse ${warehouse.code}`, () =>
      createWarehouse(ctx, distributorId, warehouse),
    );
  }

  for (const priceType of demo.priceTypes) {
    await step(`${d.name}: create price type ${priceType.code}`, () =>
      upsertPriceType(ctx, distributorId, priceType),
    );
  }

  for (const option of d.deliveryOptions) {
    await step(`${d.name}: create ${option.kind} delivery from ${option.warehouseCode}`, () =>
      upsertDeliveryOption(ctx, distributorId, option),
    );
  }

  const items = d.offers.map((offer) => ({
    sku: offer.sku,
    ...demo.products[offer.product],
    packSize: offer.packSize,
    minOrderQuantity: offer.minOrderQuantity,
    vatRate: offer.vatRate,
    prices: (['retail', 'wholesale'] as const).flatMap((priceTypeCode) => {
      const [single, volume] = offer[priceTypeCode];
      return [
        { priceTypeCode, amount: single, minQuantity: 1 },
        { priceTypeCode, amount: volume, minQuantity: demo.VOLUME_BREAK },
      ];
    }),
  }));
  await step(`${d.name}: upsert ${items.length} offers`, () =>
    upsertOffers(ctx, distributorId, { items }),
  );

  for (const [warehouseCode, levels] of Object.entries(d.stock)) {
    await step(`${d.name}: set stock in ${warehouseCode}`, () =>
      setStock(ctx, distributorId, {
        warehouseCode,
        mode: 'REPLACE',
        items: Object.entries(levels).map(([sku, onHand]) => ({ sku, onHand })),
      }),
    );
  }

  const today = localDate(ctx.clock(), d.timeZone);
  for (const { etaInDays, ...shipment } of d.incoming) {
    const eta = addDays(today, etaInDays);
    await step(`${d.name}: add incoming ${shipment.reference}`, () =>
      addIncoming(ctx, distributorId, { ...shipment, eta }),
    );
  }
}

/** The catalog, prices and stock from the distributor's export files, then its delivery. */
async function loadFeeds(ctx: Context, distributorId: number, d: DemoFeedDistributor) {
  await step(`${d.name}: import ${d.files.join(', ')}`, async () => {
    const report = await importFeed(ctx, distributorId, {
      format: d.format,
      mode: 'FULL',
      files: d.files.map((file) => fileFeed(feedPath(file))),
    });
    if (report.errors.length > 0) {
      const [first] = report.errors;
      throw new Error(`${first!.file}:${first!.line ?? '-'}: ${first!.message}`);
    }
  });

  for (const option of d.deliveryOptions) {
    await step(`${d.name}: create ${option.kind} delivery from ${option.warehouseCode}`, () =>
      upsertDeliveryOption(ctx, distributorId, option),
    );
  }
}

/** Connects each store that has terms with this distributor. */
async function grantTerms(
  ctx: Context,
  distributorId: number,
  d: { shortName: string; name: string },
  storeIds: Map<string, number>,
) {
  const options = await ctx.loaders.deliveryOptionsByDistributor.load(distributorId);
  const warehouses = await ctx.loaders.warehousesByDistributor.load(distributorId);
  const optionId = (kind: string, warehouseCode: string) => {
    const warehouse = warehouses.find((w) => w.code === warehouseCode);
    const option = options.find((o) => o.kind === kind && o.warehouseId === warehouse?.id);
    if (!option) throw new Error(`Demo data names no ${kind} delivery from ${warehouseCode}`);

    return option.id;
  };

  for (const store of demo.stores) {
    const terms = store.terms.find((t) => t.distributor === d.shortName);
    if (!terms) continue;

    await step(`${d.name}: connect ${store.name}`, () =>
      connectStore(ctx, distributorId, storeIds.get(store.shortName)!, {
        priceTypeCode: terms.priceTypeCode,
        deliveryOptionIds: terms.deliveryOptions?.map((o) => optionId(o.kind, o.warehouseCode)),
      }),
    );
  }
}

/** Runs one step of the seed; a failure says which step it was and why. */
async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const reason =
      error instanceof UserErrorsException
        ? error.errors.map(describeUserError).join('; ')
        : error instanceof Error
          ? error.message
          : String(error);
    throw new Error(`Demo seed failed at step "${name}" and was rolled back: ${reason}`, {
      cause: error,
    });
  }
}

function describeUserError(error: UserError): string {
  const at = error.field?.length ? ` at ${error.field.join('.')}` : '';
  return `${error.code}${at}: ${error.message}`;
}

function writeKeysFile(path: string, keys: DemoKey[]) {
  const lines = keys.flatMap((key) => [
    `# ${key.name} (${key.role})`,
    `${key.variable}=${key.apiKey}`,
  ]);
  writeFileSync(path, `${lines.join('\n')}\n`, { mode: 0o600 });
  // `mode` only applies to a new file; a file left from an earlier database keeps its own.
  chmodSync(path, 0o600);
}

/** The demo organizations whose variables the keys file sets, in the order the demo lists them. */
function readKeysFile(path: string): DemoKey[] {
  const values = new Map<string, string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(\S+)$/.exec(line.trim());
    if (match) values.set(match[1]!, match[2]!);
  }
  const known = [
    ...demo.stores.map((s) => ({
      variable: storeVariable(s),
      name: s.name,
      role: 'STORE' as const,
    })),
    ...allDistributors.map((d) => ({
      variable: distributorVariable(d),
      name: d.name,
      role: 'DISTRIBUTOR' as const,
    })),
  ];

  return known.flatMap((org) => {
    const apiKey = values.get(org.variable);
    return apiKey ? [{ ...org, apiKey }] : [];
  });
}

function keysText(keys: DemoKey[], keysFile: string): string {
  const nameWidth = Math.max(...keys.map((key) => key.name.length));
  const rows = keys.map(
    (key) =>
      `  ${key.name.padEnd(nameWidth)}  ${key.role.padEnd('DISTRIBUTOR'.length)}  ${key.apiKey}`,
  );

  return [
    'Demo organizations and their API keys (send "Authorization: Bearer <key>"):',
    ...rows,
    `The keys are in ${keysFile}; load them into a shell with: . ${keysFile}`,
  ].join('\n');
}
