import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../src/cli/import.js';
import { createTestApp, type TestApp } from './support/app.js';
import { sharedFixture, testFixture } from './support/feed-files.js';
import { createDistributor, type Distributor } from './support/world.js';

describe('npm run import', () => {
  let t: TestApp;
  let distributor: Distributor;

  const importing = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runImport(argv, t.app, {
      stdout: (text) => out.push(text),
      stderr: (text) => err.push(text),
    });

    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  };

  beforeAll(async () => {
    t = await createTestApp();
    distributor = await createDistributor(t, {
      name: 'Shell',
      timeZone: 'Europe/Moscow',
      warehouses: [],
      priceTypes: [],
    });
  });

  afterAll(() => t.close());

  it('imports files for a distributor named by its global id and prints the report', async () => {
    const files = ['import0_1.xml', 'offers0_1.xml'].map((f) =>
      sharedFixture(`commerceml/crazyboom-2.07/${f}`),
    );

    const result = await importing(['--distributor', distributor.id, '--mode', 'FULL', ...files]);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ offersCreated: 43, errors: [] });
  });

  it('exits 1 with the report when a file cannot be read', async () => {
    const result = await importing([
      '--distributor',
      distributor.id,
      testFixture('commerceml/unclosed-tag.xml'),
    ]);

    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).errors).toEqual([
      expect.objectContaining({ file: 'unclosed-tag.xml', line: expect.any(Number) }),
    ]);
  });

  it('exits 2 with usage for unknown distributor, bad mode, no file or a missing one', async () => {
    const unknown = await importing(['--distributor', '999999', 'x.xml']);
    const mode = await importing(['--distributor', distributor.id, '--mode', 'ALL', 'x.xml']);
    const none = await importing(['--distributor', distributor.id]);
    const missing = await importing(['--distributor', distributor.id, 'no/such.xml']);

    expect([unknown.code, mode.code, none.code, missing.code]).toEqual([2, 2, 2, 2]);
    expect(missing.stderr).toMatch(/^No file at no\/such.xml/);
    expect(unknown.stderr).toMatch(/^No distributor has the id "999999"\n\nUsage: npm run import/);
    expect(mode.stderr).toMatch(/^--mode must be one of FULL, DELTA/);
    expect(none.stderr).toMatch(/^Name at least one file/);
  });
});
