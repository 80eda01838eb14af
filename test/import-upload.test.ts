import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { rowsOf } from '../src/db/client.js';
import { localId } from '../src/schema/ids.js';
import { createTestApp, type TestApp } from './support/app.js';
import { sharedFixture, testFixture } from './support/feed-files.js';
import { createDistributor, createStore, type Distributor } from './support/world.js';

/*
 * importFeed as clients call it: a GraphQL multipart request (the files as parts) to the Yoga
 * endpoint, with a distributor's key.
 */

const IMPORT_FEED = `mutation ($input: ImportFeedInput!) {
  importFeed(input: $input) {
    report {
      offersCreated offersUpdated offersUnchanged offersDeactivated stockRows prices
      warnings { file line path message }
      errors { file line path message }
    }
    userErrors { code message field }
  }
}`;

const package207 = ['import0_1.xml', 'offers0_1.xml'].map((name) =>
  sharedFixture(`commerceml/crazyboom-2.07/${name}`),
);

function zipOf(paths: string[], cut = 0): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const path of paths) zip.addFile(path, basename(path));
  zip.addBuffer(Buffer.from([0xff, 0xd8, 0xff]), 'import_files/ab/picture.jpg');
  zip.end();
  const parts: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (chunk: Buffer) => parts.push(chunk));
    zip.outputStream.on('end', () => {
      const whole = Buffer.concat(parts);
      resolve(whole.subarray(0, whole.length - cut));
    });
    zip.outputStream.on('error', reject);
  });
}

describe('importFeed over a GraphQL multipart request', () => {
  let t: TestApp;
  let distributor: Distributor;

  async function upload(key: string, files: { name: string; bytes: Buffer }[], input = {}) {
    const form = new FormData();
    const variables = {
      input: { format: 'COMMERCEML', mode: 'DELTA', files: files.map(() => null), ...input },
    };
    form.set('operations', JSON.stringify({ query: IMPORT_FEED, variables }));
    form.set(
      'map',
      JSON.stringify(Object.fromEntries(files.map((_, i) => [i, [`variables.input.files.${i}`]]))),
    );
    files.forEach((file, i) =>
      form.set(String(i), new Blob([new Uint8Array(file.bytes)]), file.name),
    );
    const response = await t.app.yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: form,
    });

    const body = (await response.json()) as { data?: any; errors?: { message: string }[] };
    return body;
  }

  const offerCount = async () =>
    (
      await rowsOf<{ n: string }>(
        t.database.db,
        sql`select count(*) as n from offers
            where active and distributor_id = ${localId(distributor.id, 'Distributor')}`,
      )
    )[0]!.n;

  beforeAll(async () => {
    t = await createTestApp();
    distributor = await createDistributor(t, {
      name: 'Uploads',
      timeZone: 'Europe/Moscow',
      warehouses: [],
      priceTypes: [],
    });
  });

  afterAll(() => t.close());

  it('refuses a truncated ZIP, naming it, and changes nothing', async () => {
    const result = await upload(distributor.key, [
      { name: 'package.zip', bytes: await zipOf(package207, 200) },
    ]);

    expect(result.data.importFeed.report.errors).toEqual([
      {
        file: 'package.zip',
        line: null,
        path: null,
        message: expect.stringMatching(/^Not a readable ZIP archive: /),
      },
    ]);
    expect(await offerCount()).toBe('0');
  });

  it('refuses a malformed file with its line; the good file beside it is unchanged', async () => {
    const result = await upload(distributor.key, [
      { name: 'import0_1.xml', bytes: readFileSync(package207[0]!) },
      { name: 'offers.xml', bytes: readFileSync(testFixture('commerceml/truncated.xml')) },
    ]);
    const [error] = result.data.importFeed.report.errors;

    expect(error).toMatchObject({ file: 'offers.xml', line: expect.any(Number) });
    expect(result.data.importFeed.report.offersCreated).toBe(0);
    expect(await offerCount()).toBe('0');
  });

  it('imports a package sent as a ZIP, passing over the pictures in it', async () => {
    const result = await upload(distributor.key, [
      { name: 'package.zip', bytes: await zipOf(package207) },
    ]);
    const { report, userErrors } = result.data.importFeed;

    expect(userErrors).toEqual([]);
    expect(report).toMatchObject({
      offersCreated: 43,
      offersDeactivated: 1,
      prices: 43,
      errors: [],
      warnings: [],
    });
    expect(await offerCount()).toBe('43');
  });

  it('imports the same files sent apart, finding them unchanged', async () => {
    const result = await upload(
      distributor.key,
      package207.map((path) => ({ name: basename(path), bytes: readFileSync(path) })),
    );

    expect(result.data.importFeed.report).toMatchObject({
      offersCreated: 0,
      offersUnchanged: 44,
      stockRows: 0,
      prices: 0,
    });
  });

  it('lets only distributors import', async () => {
    const store = await createStore(t, 'A store');
    const result = await upload(store.key, [
      { name: 'import0_1.xml', bytes: readFileSync(package207[0]!) },
    ]);

    expect(result.data?.importFeed ?? null).toBeNull();
    expect(result.errors?.[0]?.message).toBe('Your role may not use Mutation.importFeed');
  });
});
