import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../src/feeds/report.js';
import type { ImportFeed } from '../src/exchange/imports.js';
import { graphql } from './graphql/index.js';
import { createTestApp, type TestApp } from './support/app.js';
import { createOneC, importReport } from './support/one-c.js';
import { createDistributor, createStore, type Distributor } from './support/world.js';

/** An importer that reads its files whole, then waits for the test to say how it ends. */
function controlledImporter() {
  const calls: { files: string[]; bytes: number[] }[] = [];
  let finish: (result: ImportReport) => void = () => {};
  const importFeed: ImportFeed = async (_ctx, _distributorId, request) => {
    const bytes: number[] = [];
    for (const file of request.files) {
      let length = 0;
      for await (const chunk of file.open()) length += chunk.length;
      bytes.push(length);
    }
    calls.push({ files: request.files.map((f) => f.name), bytes });
    return new Promise<ImportReport>((resolve) => (finish = resolve));
  };

  return { importFeed, calls, finish: (result: ImportReport) => finish(result) };
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const SetExchangeSettings = graphql(`
  mutation SetExchangeSettings($input: SetExchangeSettingsInput!) {
    setExchangeSettings(input: $input) {
      exchangeSettings {
        encoding
        schemaVersion
      }
      userErrors {
        code
        message
        field
      }
    }
  }
`);

const ExchangeSettingsOf = graphql(`
  query ExchangeSettingsOf($id: ID!) {
    node(id: $id) {
      ... on Distributor {
        exchangeSettings {
          encoding
          schemaVersion
        }
      }
    }
  }
`);

const RevokeApiKey = graphql(`
  mutation ExchangeRevokeApiKey($input: RevokeApiKeyInput!) {
    revokeApiKey(input: $input) {
      revoked
    }
  }
`);

describe('the edges of the 1C exchange', () => {
  let t: TestApp;
  let distributor: Distributor;
  const importer = controlledImporter();

  beforeAll(async () => {
    t = await createTestApp('2026-12-02T10:00:00+03:00', {
      exchange: {
        fileLimit: 1000,
        sessionLimit: 2500,
        importWaitMs: 0,
        importFeed: importer.importFeed,
      },
    });
    distributor = await createDistributor(t, {
      name: 'Edges',
      timeZone: 'Europe/Moscow',
      warehouses: [],
    });
  });

  afterAll(async () => {
    importer.finish(importReport({}));
    await t.close();
  });

  it('refuses chunks over file_limit, names that climb out, uploads past the cap', async () => {
    const oneC = createOneC(t, distributor.key);
    await oneC.checkAuth();
    const file = (filename: string, size: number) =>
      oneC.call('catalog', 'file', { params: { filename }, body: new Uint8Array(size).fill(60) });

    expect((await file('import.xml', 1001)).text).toBe(
      'failure\nA chunk may be at most 1000 bytes (file_limit); import.xml sent more',
    );
    for (const name of ['../import.xml', '/etc/passwd', 'a/../../b.xml', 'C:\\x.xml', '']) {
      expect((await file(name, 10)).text, name).toBe(
        'failure\nThe filename must be a relative path without ".."',
      );
    }
    expect((await file('import.xml', 1000)).text).toBe('success');
    expect((await file('import.xml', 1000)).text).toBe('success');
    expect((await file('offers.xml', 1000)).text).toBe(
      'failure\nOne exchange may upload at most 2500 bytes; offers.xml goes past it',
    );
    expect((await file('import_files/ab/photo.jpg', 50)).text).toBe('success');
  });

  it('answers progress while an import runs, and how it ended once it did', async () => {
    const oneC = createOneC(t, distributor.key);
    await oneC.checkAuth();
    await oneC.call('catalog', 'init');
    await oneC.upload('import.xml', new Uint8Array(150).fill(60), 100);
    await oneC.upload('offers.xml', new Uint8Array(40).fill(60), 100);
    const ask = (filename: string) => oneC.call('catalog', 'import', { params: { filename } });

    expect((await ask('import.xml')).text).toBe('progress\nThe import is still running; ask again');
    expect((await ask('offers.xml')).text).toBe('progress\nThe import is still running; ask again');
    await waitFor(
      async () => importer.calls.length,
      (n) => n === 1,
    );
    expect(importer.calls).toEqual([{ files: ['import.xml', 'offers.xml'], bytes: [150, 40] }]);

    importer.finish(importReport({ offersCreated: 3, warnings: [] }));
    const done = await waitFor(
      () => ask('offers.xml'),
      (a) => !a.text.startsWith('progress'),
    );
    expect(done.text).toBe(
      'success\n3 offers created, 0 updated, 0 unchanged, 0 deactivated; 0 warnings',
    );
    expect((await ask('import.xml')).text).toBe(done.text);
    expect((await ask('rests.xml')).text, 'a file of a ZIP it imported').toBe(done.text);
  });

  it('answers failure with the first error of an import that found errors', async () => {
    const oneC = createOneC(t, distributor.key);
    await oneC.checkAuth();
    await oneC.call('catalog', 'init');
    expect((await oneC.call('catalog', 'import', { params: { filename: 'x.xml' } })).text).toBe(
      'failure\nNo file x.xml was uploaded in this exchange',
    );
    await oneC.upload('import.xml', new Uint8Array(10).fill(60), 100);
    const ask = () => oneC.call('catalog', 'import', { params: { filename: 'import.xml' } });
    await ask();
    await waitFor(
      async () => importer.calls.length,
      (n) => n === 2,
    );

    const place = { file: 'import.xml', line: 3, path: 'КоммерческаяИнформация/Каталог' };
    importer.finish(
      importReport({
        errors: [
          { ...place, message: 'Тег Товар не закрыт' },
          { ...place, line: 9, message: 'second' },
        ],
      }),
    );
    const done = await waitFor(ask, (a) => !a.text.startsWith('progress'));
    expect(done.text).toBe('failure\nimport.xml, line 3: Тег Товар не закрыт');
    expect(done.contentType).toBe('text/plain; charset=windows-1251');
  });

  it('answers failure for an unknown type or mode, and after the key is revoked', async () => {
    const key = (
      await createDistributor(t, { name: 'Revoked', timeZone: 'Europe/Moscow', warehouses: [] })
    ).key;
    const oneC = createOneC(t, key);
    await oneC.checkAuth();
    expect((await oneC.call('stock', 'init')).text).toBe(
      'failure\nUnknown exchange type "stock": it is catalog or sale',
    );
    expect((await oneC.call('catalog', 'delete')).text).toBe(
      'failure\nUnknown mode "delete" for type catalog',
    );
    expect((await oneC.call('sale', 'init')).text).toMatch(/^zip=no\n/);

    await t.run(RevokeApiKey, { input: { apiKey: key } });
    expect((await oneC.call('sale', 'query')).text).toBe(
      'failure\nNo exchange session: it expired or never began; start again with checkauth',
    );
  });

  it('answers the unexpected with a request id and HTTP 500, never the error itself', async () => {
    const oneC = createOneC(t, distributor.key);
    await oneC.checkAuth('sale');
    const { saleExchange } = t.app.stores;
    const findSettings = saleExchange.findSettings;
    saleExchange.findSettings = async () => {
      throw new Error('the disk is on fire');
    };
    try {
      const answer = await oneC.call('sale', 'init');
      expect(answer.status).toBe(500);
      expect(answer.text).toMatch(/^failure\nUnexpected error \(request [0-9a-f-]{36}\)$/);
    } finally {
      saleExchange.findSettings = findSettings;
    }
  });

  it('keeps the five newest sessions of a distributor, ending older ones', async () => {
    const clients = Array.from({ length: 6 }, () => createOneC(t, distributor.key));
    for (const client of clients) expect((await client.checkAuth()).text).toMatch(/^success\n/);

    const answers = await Promise.all(
      clients.map(async (c) => (await c.call('sale', 'init')).text),
    );
    expect(answers[0]).toBe(
      'failure\nNo exchange session: it expired or never began; start again with checkauth',
    );
    expect(answers.slice(1).every((a) => a.startsWith('zip=no\n'))).toBe(true);
  });

  it('writes the orders in windows-1251 and CommerceML 3.1 when told so', async () => {
    const { setExchangeSettings: refused } = await t.run(
      SetExchangeSettings,
      { input: { encoding: 'WINDOWS_1251', schemaVersion: '4.0' } },
      distributor.key,
    );
    expect(refused.userErrors).toEqual([
      {
        code: 'INVALID_INPUT',
        message:
          '"4.0" is not a CommerceML version Interdist writes: ' +
          '2.03, 2.04, 2.05, 2.06, 2.07, 2.08, 2.09, 2.10, 3.1',
        field: ['schemaVersion'],
      },
    ]);
    const { setExchangeSettings } = await t.run(
      SetExchangeSettings,
      { input: { encoding: 'WINDOWS_1251', schemaVersion: '3.1' } },
      distributor.key,
    );
    expect(setExchangeSettings).toEqual({
      exchangeSettings: { encoding: 'WINDOWS_1251', schemaVersion: '3.1' },
      userErrors: [],
    });
    const store = await createStore(t, 'Store');
    expect((await t.run(ExchangeSettingsOf, { id: distributor.id }, store.key)).node).toEqual({
      exchangeSettings: null,
    });

    const oneC = createOneC(t, distributor.key);
    await oneC.checkAuth('sale');
    expect((await oneC.call('sale', 'init')).text.split('\n').at(-1)).toBe('version=3.1');
    const query = await oneC.call('sale', 'query');
    expect(query.contentType).toBe('application/xml; charset=windows-1251');
    expect(query.text).toBe(
      '<?xml version="1.0" encoding="windows-1251"?>\n' +
        '<КоммерческаяИнформация ВерсияСхемы="3.1" ДатаФормирования="2026-12-02T10:00:00"/>',
    );
  });

  it("answers failure for 1C's documents it cannot read or place", async () => {
    const oneC = createOneC(t, distributor.key);
    await oneC.checkAuth('sale');
    const send = (xml: string) =>
      oneC.call('sale', 'file', { params: { filename: 'orders.xml' }, body: Buffer.from(xml) });

    expect((await send('<КоммерческаяИнформация><Документ>')).text).toMatch(
      /^failure\nThe document is not well-formed XML: .+$/,
    );
    const order = (id: string, number: string, operation = 'Заказ товара') =>
      `<Документ><Ид>${id}</Ид><Номер>${number}</Номер>` +
      `<ХозОперация>${operation}</ХозОперация></Документ>`;
    const documents = (...docs: string[]) =>
      '<?xml version="1.0" encoding="UTF-8"?>' +
      `<КоммерческаяИнформация>${docs.join('')}</КоммерческаяИнформация>`;
    const unknownOrder = Buffer.from('Order:999999').toString('base64');

    expect(
      (await send(documents(order('1c-own-order', '7'), order('p', '8', 'Выплата наличных денег'))))
        .text,
    ).toBe('success\nRegisters accepted: 0, rejected: 0, unchanged: 0; documents passed over: 2');
    expect((await send(documents(order(unknownOrder, '42')))).text).toBe(
      'failure\nIn document 42: Interdist has no register with this order',
    );
  });
});
