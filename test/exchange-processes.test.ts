import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { defineConfig } from '../src/config.js';
import type { ImportFeed } from '../src/exchange/imports.js';
import { createTestApp, type TestApp } from './support/app.js';
import { createOneC, importReport } from './support/one-c.js';
import { createDistributor, type Distributor } from './support/world.js';

describe('the 1C exchange on several server processes', () => {
  let t: TestApp;
  let other: App;
  let otherNow = new Date('2026-12-02T10:00:00+03:00');
  let distributor: Distributor;
  const finishes: (() => void)[] = [];
  const importFeed: ImportFeed = () =>
    new Promise((resolve) => finishes.push(() => resolve(importReport())));

  beforeAll(async () => {
    t = await createTestApp('2026-12-02T10:00:00+03:00', {
      exchange: { importWaitMs: 0, importStaleMs: 60_000, importFeed },
    });
    // A second process on the same database, with a clock of its own.
    other = createApp(defineConfig({ logLevel: 'silent' }), {
      database: { ...t.database, close: async () => {} },
      clock: () => otherNow,
      logger: pino({ level: 'silent' }),
      expiryIntervalMs: 0,
      exchange: { importWaitMs: 0, importStaleMs: 60_000, importFeed },
    });
    distributor = await createDistributor(t, {
      name: 'Two',
      timeZone: 'Europe/Moscow',
      warehouses: [],
    });
  });

  afterAll(async () => {
    for (const finish of finishes) finish();
    await other.close();
    await t.close();
  });

  it("keeps a session and an import's outcome that any process can answer", async () => {
    const oneC = createOneC(t, distributor.key);
    await oneC.checkAuth();
    oneC.switchTo({ app: other });
    expect((await oneC.call('catalog', 'init')).text).toMatch(/^zip=yes\n/);
    expect(await oneC.upload('import.xml', Buffer.from('<a/>'), 100)).toEqual(['success']);
    oneC.switchTo(t);
    const ask = () => oneC.call('catalog', 'import', { params: { filename: 'import.xml' } });
    expect((await ask()).text).toBe('progress\nThe import is still running; ask again');

    oneC.switchTo({ app: other });
    expect((await ask()).text, 'the other process sees it run').toBe(
      'progress\nThe import is still running; ask again',
    );
    finishes.shift()!();
    oneC.switchTo(t);
    const deadline = Date.now() + 5_000;
    let done = await ask();
    while (done.text.startsWith('progress') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      done = await ask();
    }
    const imported = 'success\n0 offers created, 0 updated, 0 unchanged, 0 deactivated; 0 warnings';
    expect(done.text).toBe(imported);
    oneC.switchTo({ app: other });
    expect((await ask()).text).toBe(imported);
  });

  it('calls an import interrupted once the process running it went silent', async () => {
    const oneC = createOneC(t, distributor.key);
    await oneC.checkAuth();
    await oneC.upload('import.xml', Buffer.from('<a/>'), 100);
    const ask = () => oneC.call('catalog', 'import', { params: { filename: 'import.xml' } });
    expect((await ask()).text).toBe('progress\nThe import is still running; ask again');

    oneC.switchTo({ app: other });
    otherNow = new Date('2026-12-02T10:00:59+03:00');
    expect((await ask()).text).toBe('progress\nThe import is still running; ask again');
    otherNow = new Date('2026-12-02T10:01:01+03:00');
    const interrupted =
      'failure\nThe import was interrupted when its server stopped; send the files again';
    expect((await ask()).text).toBe(interrupted);
    oneC.switchTo(t);
    expect((await ask()).text).toBe(interrupted);
  });
});
