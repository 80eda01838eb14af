import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { defineConfig } from '../src/config.js';
import { ADMIN_KEY, type TestApp } from './support/app.js';
import { placeOrder } from './support/orders.js';
import { RejectRegister, SubmitRegister } from './support/registers.js';
import {
  connectStore,
  createDistributor,
  createStore,
  setStock,
  upsertOffers,
} from './support/world.js';

/*
 * The embedded database has one connection: a statement sent outside a transaction while it
 * runs would wait for it forever. A register's orders are let go on the embedded database as
 * a newcomer's `npm start` runs it.
 */

describe('registers on the embedded database', () => {
  let app: App;
  let dataDir: string;
  let t: Pick<TestApp, 'run' | 'execute'>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'interdist-embedded-'));
    app = createApp(defineConfig({ adminApiKey: ADMIN_KEY, logLevel: 'silent', dataDir }), {
      clock: () => new Date('2026-12-02T10:00:00+03:00'),
      logger: pino({ level: 'silent' }),
      expiryIntervalMs: 0,
    });
    await app.database.migrate();
    const execute = async <T, V>(
      document: TypedDocumentNode<T, V>,
      variables: V,
      key: string | null = ADMIN_KEY,
    ) => {
      const response = await app.yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(key ? { authorization: `Bearer ${key}` } : {}),
        },
        body: JSON.stringify({ query: print(document), variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    };
    t = {
      execute,
      async run(document, variables, key) {
        const result = (await execute(document, variables, key)) as { data?: never; errors?: [] };
        if (result.errors || !result.data) throw new Error(JSON.stringify(result.errors));
        return result.data;
      },
    } as Pick<TestApp, 'run' | 'execute'>;
  });

  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('rejects a submitted register and gives its order back to holding', async () => {
    const distributor = await createDistributor(t as TestApp, {
      name: 'Embedded',
      timeZone: 'Europe/Moscow',
      warehouses: ['A'],
      priceTypes: ['retail'],
      deliveryOptions: [
        { kind: 'PICKUP', warehouseCode: 'A', cutoff: '16:00', weekdays: [1, 2, 3, 4, 5] },
      ],
    });
    const store = await createStore(t as TestApp, 'Shop');
    await connectStore(t as TestApp, distributor.key, {
      storeId: store.id,
      priceTypeCode: 'retail',
    });
    const [offer] = await upsertOffers(t as TestApp, distributor.key, [
      { sku: 'K', name: 'Kettle', prices: [{ priceTypeCode: 'retail', amount: '10' }] },
    ]);
    await setStock(t as TestApp, distributor.key, 'A', [{ sku: 'K', onHand: 10 }]);
    const placed = await placeOrder(t as TestApp, store.key, {
      distributorId: distributor.id,
      externalRef: 'E-1',
      lines: [{ offerId: offer!.id, quantity: 2 }],
    });
    const { submitRegister } = await t.run(
      SubmitRegister,
      {
        input: {
          distributorId: distributor.id,
          shipDate: '2026-12-03',
          orderIds: [placed.order!.id],
        },
      },
      store.key,
    );

    const { rejectRegister } = await t.run(
      RejectRegister,
      { input: { id: submitRegister.register!.id, reason: 'No truck' } },
      distributor.key,
    );

    expect(rejectRegister.userErrors).toEqual([]);
    expect(rejectRegister.register).toMatchObject({ status: 'REJECTED', rejectReason: 'No truck' });
    expect(rejectRegister.register!.orders.map((o) => o.status)).toEqual(['READY']);
  });
});
