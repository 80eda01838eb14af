import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { normalizeGtin } from '../src/catalog/gtin.js';
import { runAdmin } from '../src/cli/admin.js';
import { type Config, defineConfig } from '../src/config.js';
import { createDatabase } from '../src/db/client.js';
import { ean13, products } from '../src/demo/data.js';
import { seedDemoIfEmpty } from '../src/demo/seed.js';

/** A Wednesday: 10:00 in Moscow, 12:00 in Yekaterinburg, 14:00 in Novosibirsk. */
const NOW = new Date('2026-12-02T10:00:00+03:00');

interface EmbeddedApp {
  app: App;
  config: Config;
  dataDir: string;
  close(): Promise<void>;
}

/** An app over a fresh, migrated PGlite database in a folder of its own. */
async function openEmbeddedApp(): Promise<EmbeddedApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'interdist-demo-'));
  const database = createDatabase({ dataDir });
  await database.migrate();
  const config = defineConfig({ dataDir });
  const app = createApp(config, { database, logger: pino({ level: 'silent' }), clock: () => NOW });

  return {
    app,
    config,
    dataDir,
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function graphql(app: App, query: string, key: string) {
  const response = await app.yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };

  return { status: response.status, ...body };
}

function readKeys(dataDir: string): Map<string, string> {
  const lines = readFileSync(join(dataDir, 'demo-keys.env'), 'utf8').split('\n');
  return new Map(
    lines.filter((line) => /^[A-Z]/.test(line)).map((line) => line.split('=') as [string, string]),
  );
}

const countOrganizations = async (app: App) => ({
  distributors: await app.stores.organizations.count('distributor'),
  stores: await app.stores.organizations.count('store'),
});

const viewerQuery = '{ viewer { role organization { name } } }';

const kettleQuery = `{
  availability(requests: [{ gtin: "${products.kettle.gtin}", quantity: 2 }]) {
    index quantity product { name }
    options {
      distributor { name } offer { sku } availableNow incoming { quantity eta } canFulfil
      shipDate deliveryOption { kind } unitPrice { amount currency } total { amount currency }
    }
  }
}`;

describe('the demo data', () => {
  it('computes EAN-13 check digits that the catalog accepts', () => {
    expect(ean13('400638133393')).toBe('4006381333931');
    for (const product of Object.values(products)) {
      expect(normalizeGtin(product.gtin)).toBe(product.gtin);
    }
  });
});

describe('seedDemoIfEmpty on an empty embedded database', () => {
  let embedded: EmbeddedApp;
  let text: string | null;
  let keys: Map<string, string>;

  beforeAll(async () => {
    embedded = await openEmbeddedApp();
    text = await seedDemoIfEmpty(embedded.app, embedded.config);
    keys = readKeys(embedded.dataDir);
  });

  afterAll(() => embedded.close());

  it('seeds five distributors, two of them from their export files, and two stores', async () => {
    const { catalog } = embedded.app.stores;
    const distributors = await embedded.app.stores.organizations.list('distributor', {
      limit: 10,
      afterId: null,
    });
    const offers = await Promise.all(
      distributors.map((d) => catalog.countOffers({ distributorId: d.id })),
    );

    // Counted from the example files' text: every catalog item and every variant offer, and
    // every YML offer; each has a barcode of its own.
    const commerceMl = ['import.xml', 'offers.xml'].map((f) =>
      readFileSync(`examples/feeds/commerceml/${f}`, 'utf8'),
    );
    const keysIn = (text: string, element: string) =>
      [...text.matchAll(new RegExp(`<${element}>\\s*<Ид>([^<]+)</Ид>`, 'g'))].map((m) => m[1]);
    // A product offered in variants (`parent#variant`) is sold only as its variants.
    const parents = new Set(
      keysIn(commerceMl[1]!, 'Предложение').flatMap((k) =>
        k!.includes('#') ? [k!.split('#')[0]] : [],
      ),
    );
    const samaraOffers =
      new Set([...keysIn(commerceMl[0]!, 'Товар'), ...keysIn(commerceMl[1]!, 'Предложение')]).size -
      parents.size;
    const isetOffers = readFileSync('examples/feeds/yml/catalog.xml', 'latin1').match(
      /<offer /g,
    )!.length;
    const barcodes = [
      ...commerceMl.join('').matchAll(/<Штрихкод>([0-9]+)</g),
      ...readFileSync('examples/feeds/yml/catalog.xml', 'latin1').matchAll(/<barcode>([0-9]+)</g),
    ].map((m) => m[1]);

    expect(await countOrganizations(embedded.app)).toEqual({ distributors: 5, stores: 2 });
    expect(distributors.map((d) => [d.name, d.timeZone])).toEqual([
      ['Volga Trade', 'Europe/Moscow'],
      ['Ural Supply', 'Asia/Yekaterinburg'],
      ['Sibir Wholesale', 'Asia/Novosibirsk'],
      ['Samara Electro', 'Europe/Samara'],
      ['Iset Tools', 'Asia/Yekaterinburg'],
    ]);
    expect(offers).toEqual([9, 7, 9, samaraOffers, isetOffers]);
    // The desk lamp offered in two colours has a product of its own, with no barcode.
    const unbarcoded =
      keysIn(commerceMl[0]!, 'Товар').length - commerceMl[0]!.split('<Штрихкод>').length + 1;
    expect(await catalog.countProducts({})).toBe(12 + new Set(barcodes).size + unbarcoded);
  });

  it('writes one key per organization to demo-keys.env, readable by its owner only', () => {
    const file = join(embedded.dataDir, 'demo-keys.env');

    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect([...keys.keys()]).toEqual([
      'DEMO_STORE_A_KEY',
      'DEMO_STORE_B_KEY',
      'DEMO_DISTRIBUTOR_VOLGA_KEY',
      'DEMO_DISTRIBUTOR_URAL_KEY',
      'DEMO_DISTRIBUTOR_SIBIR_KEY',
      'DEMO_DISTRIBUTOR_SAMARA_KEY',
      'DEMO_DISTRIBUTOR_ISET_KEY',
    ]);
    for (const key of keys.values()) expect(key).toMatch(/^idk_[A-Za-z0-9_-]{43}$/);
  });

  it('returns a text that lists each organization with its role and key and names the file', () => {
    const lines = text!.split('\n');

    expect(lines).toHaveLength(9);
    expect(lines[1]).toBe(`  Store A          STORE        ${keys.get('DEMO_STORE_A_KEY')}`);
    expect(lines[3]).toBe(
      `  Volga Trade      DISTRIBUTOR  ${keys.get('DEMO_DISTRIBUTOR_VOLGA_KEY')}`,
    );
    expect(lines[8]).toContain(join(embedded.dataDir, 'demo-keys.env'));
  });

  it('authenticates each organization by its key from the keys file', async () => {
    const viewers = await Promise.all(
      [...keys.values()].map(async (key) => (await graphql(embedded.app, viewerQuery, key)).data),
    );

    expect(viewers.map((d) => [d.viewer.role, d.viewer.organization.name])).toEqual([
      ['STORE', 'Store A'],
      ['STORE', 'Store B'],
      ['DISTRIBUTOR', 'Volga Trade'],
      ['DISTRIBUTOR', 'Ural Supply'],
      ['DISTRIBUTOR', 'Sibir Wholesale'],
      ['DISTRIBUTOR', 'Samara Electro'],
      ['DISTRIBUTOR', 'Iset Tools'],
    ]);
  });

  it("offers store A all three distributors' kettle at wholesale prices, best first", async () => {
    const result = await graphql(embedded.app, kettleQuery, keys.get('DEMO_STORE_A_KEY')!);
    const rub = (amount: string) => ({ amount, currency: 'RUB' });

    expect(result.errors).toBeUndefined();
    expect(result.data.availability).toEqual([
      {
        index: 0,
        quantity: 2,
        product: { name: 'Electric kettle 1.7 l, stainless steel' },
        options: [
          {
            distributor: { name: 'Volga Trade' },
            offer: { sku: 'VT-KT17' },
            availableNow: 48, // at MSK-1, where its pickup ships from; 12 more wait at MSK-2
            incoming: [],
            canFulfil: true,
            shipDate: '2026-12-03',
            deliveryOption: { kind: 'PICKUP' },
            unitPrice: rub('1990.00'),
            total: rub('3980.00'),
          },
          {
            distributor: { name: 'Sibir Wholesale' },
            offer: { sku: 'SW-0017' },
            availableNow: 25,
            incoming: [],
            canFulfil: true,
            shipDate: '2026-12-03',
            deliveryOption: { kind: 'PICKUP' },
            unitPrice: rub('2040.00'),
            total: rub('4080.00'),
          },
          {
            distributor: { name: 'Ural Supply' },
            offer: { sku: 'US-100234' },
            availableNow: 0,
            incoming: [{ quantity: 2, eta: '2026-12-05' }],
            canFulfil: true,
            shipDate: '2026-12-07',
            deliveryOption: { kind: 'PICKUP' },
            unitPrice: rub('1950.00'),
            total: rub('3900.00'),
          },
        ],
      },
    ]);
  });

  it('prices the kettle for store B at retail only where it has terms', async () => {
    const result = await graphql(embedded.app, kettleQuery, keys.get('DEMO_STORE_B_KEY')!);
    const options = result.data.availability[0].options;

    expect(options.map((o: any) => [o.distributor.name, o.unitPrice?.amount ?? null])).toEqual([
      ['Volga Trade', '2490.00'],
      ['Sibir Wholesale', '2550.00'],
      ['Ural Supply', null],
    ]);
  });

  it('seeds nothing on a second call and returns the same keys text', async () => {
    const again = await seedDemoIfEmpty(embedded.app, embedded.config);

    expect(again).toBe(text);
    expect(await countOrganizations(embedded.app)).toEqual({ distributors: 5, stores: 2 });
    expect(readKeys(embedded.dataDir)).toEqual(keys);
  });

  it('returns null for a database with organizations but no keys file', async () => {
    const file = join(embedded.dataDir, 'demo-keys.env');
    renameSync(file, `${file}.moved`);
    try {
      expect(await seedDemoIfEmpty(embedded.app, embedded.config)).toBeNull();
    } finally {
      renameSync(`${file}.moved`, file);
    }
  });
});

describe('seedDemoIfEmpty when a step fails', () => {
  let embedded: EmbeddedApp;

  beforeAll(async () => {
    embedded = await openEmbeddedApp();
  });

  afterAll(() => embedded.close());

  it('throws naming the step and leaves the database empty', async () => {
    const missing = join(embedded.dataDir, 'missing');
    const config = defineConfig({ dataDir: missing });

    await expect(seedDemoIfEmpty(embedded.app, config)).rejects.toThrow(
      `Demo seed failed at step "write ${join(missing, 'demo-keys.env')}" ` +
        'and was rolled back: ENOENT',
    );
    expect(await countOrganizations(embedded.app)).toEqual({ distributors: 0, stores: 0 });
    expect(existsSync(missing)).toBe(false);
  });
});

describe('runAdmin', () => {
  let embedded: EmbeddedApp;

  beforeAll(async () => {
    embedded = await openEmbeddedApp();
  });

  afterAll(() => embedded.close());

  async function admin(...argv: string[]) {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await runAdmin(argv, embedded.app, {
      stdout: (text) => stdout.push(text),
      stderr: (text) => stderr.push(text),
    });

    return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
  }

  it('creates a distributor and prints it as JSON with its global id', async () => {
    const result = await admin('create-distributor', '--name', 'North', '--time-zone', 'Asia/Omsk');
    const { distributor } = JSON.parse(result.stdout);

    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(distributor).toEqual({
      id: encodeGlobalID('Distributor', distributor.databaseId),
      databaseId: distributor.databaseId,
      role: 'DISTRIBUTOR',
      name: 'North',
      timeZone: 'Asia/Omsk',
    });
  });

  it('issues keys by global id and by database id that authenticate until revoked', async () => {
    const { store } = JSON.parse((await admin('create-store', '--name', 'Shop')).stdout);
    const byGlobalId = JSON.parse((await admin('issue-key', '--organization', store.id)).stdout);
    const byDatabaseId = JSON.parse(
      (await admin('issue-key', '--organization', String(store.databaseId))).stdout,
    );

    for (const { apiKey } of [byGlobalId, byDatabaseId]) {
      const { data } = await graphql(embedded.app, viewerQuery, apiKey);
      expect(data.viewer).toEqual({ role: 'STORE', organization: { name: 'Shop' } });
    }

    const revoked = await admin('revoke-key', '--key', byGlobalId.apiKey);
    expect(JSON.parse(revoked.stdout)).toEqual({ revoked: true });
    expect((await graphql(embedded.app, viewerQuery, byGlobalId.apiKey)).status).toBe(401);
    expect((await graphql(embedded.app, viewerQuery, byDatabaseId.apiKey)).status).toBe(200);
  });

  it('lists distributors and stores with their global ids', async () => {
    const result = await admin('list');
    const { distributors, stores } = JSON.parse(result.stdout);

    expect(result.code).toBe(0);
    expect(distributors.map((d: any) => [d.id, d.name])).toEqual([
      [encodeGlobalID('Distributor', distributors[0].databaseId), 'North'],
    ]);
    expect(stores.map((s: any) => [s.id, s.name])).toEqual([
      [encodeGlobalID('Store', stores[0].databaseId), 'Shop'],
    ]);
  });

  it('prints user errors on stderr and exits 1 for a time zone that does not exist', async () => {
    const result = await admin('create-distributor', '--name', 'X', '--time-zone', 'Mars/Base');

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(JSON.parse(result.stderr)).toEqual({
      userErrors: [
        {
          code: 'INVALID_INPUT',
          message: '"Mars/Base" is not an IANA time zone such as "Europe/Moscow"',
          field: ['timeZone'],
        },
      ],
    });
  });

  it('exits 1 with NOT_FOUND for an organization id that names no organization', async () => {
    for (const id of ['999', encodeGlobalID('Offer', 1), 'not-an-id']) {
      const result = await admin('issue-key', '--organization', id);

      expect(result.code).toBe(1);
      expect(JSON.parse(result.stderr).userErrors[0].code).toBe('NOT_FOUND');
    }
  });

  it('prints usage and exits 2 for an unknown command, unknown flag or missing flag', async () => {
    const cases = [
      [['frob'], 'Unknown command "frob"'],
      [[], 'Name a command'],
      [['create-store', '--name', 'Shop', '--city', 'Omsk'], "Unknown option '--city'"],
      [['create-store', 'Shop'], 'Unexpected argument'],
      [['create-distributor', '--name', 'North'], 'create-distributor needs --time-zone'],
    ] as const;

    for (const [argv, message] of cases) {
      const result = await admin(...argv);

      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(message);
      expect(result.stderr).toContain('Usage: npm run admin -- <command> [flags]');
    }
    expect(await countOrganizations(embedded.app)).toEqual({ distributors: 1, stores: 1 });
  });

  it('prints usage on stdout and exits 0 for help', async () => {
    const result = await admin('help');

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: npm run admin/);
  });
});
