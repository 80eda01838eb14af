import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create } from 'xmlbuilder2';
import yazl from 'yazl';
import { graphql } from './graphql/index.js';
import { createTestApp, type TestApp } from './support/app.js';
import { createOneC, type OneC } from './support/one-c.js';
import { placeOrder } from './support/orders.js';
import { RegisterById, SubmitRegister } from './support/registers.js';
import {
  connectStore,
  createDistributor,
  createStore,
  type Distributor,
  type Org,
  upsertDeliveryOption,
} from './support/world.js';

const fixtures = fileURLToPath(new URL('../../shared/fixtures/commerceml/', import.meta.url));
const crazyboom = {
  catalog: readFileSync(`${fixtures}crazyboom-2.07/import0_1.xml`),
  offers: readFileSync(`${fixtures}crazyboom-2.07/offers0_1.xml`),
};
const FILE_LIMIT = 64 * 1024;
/** The ERP ids of two offers of crazyboom-2.07, read by hand. */
const erpIds: Record<string, string> = {
  'PM-421-WP': 'bd8c4e15-18f9-11e7-80c2-0cc47ab29cd1',
  'PM-421-LE': '5edfbda4-19c0-11e7-80c2-0cc47ab29cd1',
};

/**
 * The offers the package lists and their units, counted here without the importer: all but the
 * one the catalog marks deleted (Статус="Удален"), which the package does not create.
 */
function offersInPackage() {
  const deleted = [
    ...crazyboom.catalog.toString('utf8').matchAll(/<Товар Статус="Удален">\s*<Ид>([^<]+)</g),
  ].map((m) => m[1]);
  const listed = crazyboom.offers
    .toString('utf8')
    .split('<Предложение>')
    .slice(1)
    .filter((offer) => !deleted.includes(/<Ид>([^<]+)</.exec(offer)![1]));
  const units = listed
    .flatMap((offer) => [...offer.matchAll(/КоличествоНаСкладе="(\d+)"/g)])
    .reduce((sum, [, n]) => sum + Number(n), 0);

  return { deleted: deleted.length, offers: listed.length, units };
}

function zipOf(files: Record<string, Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of Object.entries(files)) zip.addBuffer(data, name);
  zip.end();
  const parts: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (part: Buffer) => parts.push(part));
    zip.outputStream.on('end', () => resolve(Buffer.concat(parts)));
    zip.outputStream.on('error', reject);
  });
}

const Catalog = graphql(`
  query ExchangeCatalog($id: ID!) {
    node(id: $id) {
      ... on Distributor {
        warehouses {
          code
          name
        }
        priceTypes {
          code
          currency
        }
        offers(first: 100) {
          totalCount
          edges {
            node {
              id
              sku
              available
              product {
                name
                unit
              }
            }
          }
        }
      }
    }
  }
`);

const OrderPlacedAt = graphql(`
  query ExchangeOrderPlacedAt($id: ID!) {
    node(id: $id) {
      ... on Order {
        createdAt
      }
    }
  }
`);

const RejectReason = graphql(`
  query ExchangeRejectReason($id: ID!) {
    node(id: $id) {
      ... on Register {
        rejectReason
      }
    }
  }
`);

describe('1C site exchange at /exchange/1c', () => {
  let t: TestApp;
  let distributor: Distributor;
  let store: Org;
  let oneC: OneC;

  beforeAll(async () => {
    // Wednesday 2 December 2026, 10:00 in Moscow.
    t = await createTestApp('2026-12-02T10:00:00+03:00', { exchange: { fileLimit: FILE_LIMIT } });
    distributor = await createDistributor(t, {
      name: 'CrazyBoom',
      timeZone: 'Europe/Moscow',
      warehouses: [],
      priceTypes: [],
    });
    store = await createStore(t, 'Магазин «Ромашка» & Co');
    oneC = createOneC(t, distributor.key);
  });

  afterAll(() => t.close());

  const catalog = async () => {
    const { node } = await t.run(Catalog, { id: distributor.id }, distributor.key);
    if (!node || !('offers' in node)) throw new Error('the distributor is not visible');
    return node;
  };

  it('opens a session for a distributor key and refuses any other, saying why', async () => {
    const wrong = createOneC(t, 'idk_not-a-key');
    expect((await wrong.checkAuth()).text).toBe('failure\nThe API key is unknown or revoked');
    const storeKey = createOneC(t, store.key);
    expect((await storeKey.checkAuth()).text).toBe(
      'failure\nThe API key is not a distributor key: only distributors exchange with 1C',
    );
    const anonymous = await oneC.call('catalog', 'checkauth', { authorization: null });
    expect(anonymous.text).toBe(
      'failure\nSend your distributor API key as the password of HTTP Basic authentication',
    );
    expect(anonymous.status, 'asked for credentials').toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe(
      'Basic realm="Interdist 1C exchange", charset="UTF-8"',
    );
    expect((await oneC.call('catalog', 'init')).text, 'no cookie yet: no session').toBe(
      'failure\nNo exchange session: it expired or never began; start again with checkauth',
    );

    expect((await wrong.checkAuth()).status, 'a wrong key is a failure 1C shows').toBe(200);
    const answer = await oneC.checkAuth();
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('text/plain; charset=windows-1251');
    expect(answer.text).toMatch(
      /^success\nINTERDIST_EXCHANGE\n[A-Za-z0-9_-]{43}\nsessid=[0-9a-f]{32}$/,
    );
  });

  it('answers init with ZIP allowed, file_limit, the sessid and the schema version', async () => {
    const answer = await oneC.call('catalog', 'init', { params: { version: '2.07' } });

    expect(answer.text).toBe(
      `zip=yes\nfile_limit=${FILE_LIMIT}\nsessid=${oneC.sessid}\nversion=2.08`,
    );
  });

  it('takes a package in chunks of file_limit and imports it into the catalog', async () => {
    const catalogChunks = await oneC.upload('import0_1.xml', crazyboom.catalog, FILE_LIMIT);
    const offerChunks = await oneC.upload('offers0_1.xml', crazyboom.offers, FILE_LIMIT);
    expect(catalogChunks).toEqual(['success', 'success', 'success']);
    expect(offerChunks).toEqual(['success', 'success']);

    const first = await oneC.call('catalog', 'import', { params: { filename: 'import0_1.xml' } });
    const second = await oneC.call('catalog', 'import', { params: { filename: 'offers0_1.xml' } });
    expect(first.text).toBe(
      'success\n43 offers created, 0 updated, 0 unchanged, 1 deactivated; 0 warnings',
    );
    expect(second.text, 'the same import took both files').toBe(first.text);
    expect((await oneC.call('catalog', 'complete')).text).toBe('success');

    const { offers, warehouses } = await catalog();
    const listed = offersInPackage();
    expect([listed.offers, listed.deleted]).toEqual([43, 1]);
    expect(offers.totalCount).toBe(listed.offers);
    expect(offers.edges.reduce((sum, e) => sum + e.node.available, 0)).toBe(listed.units);
    expect(warehouses.map((w) => w.name).sort()).toEqual(['Владивосток', 'Москва', 'Новосибирск']);
  });

  it('takes the same package as a ZIP in chunks, and finds nothing to change', async () => {
    const zip = await zipOf({
      'import0_1.xml': crazyboom.catalog,
      'offers0_1.xml': crazyboom.offers,
    });
    expect((await oneC.checkAuth()).text).toMatch(/^success\n/);
    expect((await oneC.call('catalog', 'init')).text).toMatch(/^zip=yes\n/);
    const answers = await oneC.upload('package.zip', zip, 16 * 1024);
    expect(answers.length).toBe(Math.ceil(zip.length / (16 * 1024)));
    expect(new Set(answers)).toEqual(new Set(['success']));

    const answer = await oneC.call('catalog', 'import', { params: { filename: 'import0_1.xml' } });
    expect(answer.text).toBe(
      'success\n0 offers created, 0 updated, 44 unchanged, 0 deactivated; 0 warnings',
    );
    expect((await catalog()).offers.totalCount).toBe(43);
  });

  it('imports each file on its own when 1C asks right after uploading it', async () => {
    expect((await oneC.checkAuth()).text).toMatch(/^success\n/);
    await oneC.call('catalog', 'init');
    const answers: string[] = [];
    for (const [filename, data] of [
      ['import0_1.xml', crazyboom.catalog],
      ['offers0_1.xml', crazyboom.offers],
    ] as const) {
      await oneC.upload(filename, data, FILE_LIMIT);
      answers.push((await oneC.call('catalog', 'import', { params: { filename } })).text);
    }

    // The offer the catalog marks deleted is kept out of sale: the package alone does not
    // bring it back.
    expect(answers).toEqual([
      'success\n0 offers created, 0 updated, 36 unchanged, 0 deactivated; 0 warnings',
      'success\n0 offers created, 0 updated, 44 unchanged, 0 deactivated; 0 warnings',
    ]);
    expect((await catalog()).offers.totalCount).toBe(43);
  });

  describe('its registers, pulled by 1C and answered', () => {
    let registerIds: string[];
    let orders: {
      id: string;
      externalRef: string;
      lines: { sku: string; quantity: number }[];
      /** When it was placed, in Moscow, as 1C should get it. */
      placed: DateTime;
    }[];

    beforeAll(async () => {
      const { warehouses, priceTypes, offers } = await catalog();
      await upsertDeliveryOption(t, distributor.key, {
        warehouseCode: warehouses.find((w) => w.name === 'Москва')!.code,
        cutoff: '16:00',
        weekdays: [1, 2, 3, 4, 5],
      });
      await connectStore(t, distributor.key, {
        storeId: store.id,
        priceTypeCode: priceTypes[0]!.code,
      });

      const offerOf = new Map(offers.edges.map((e) => [e.node.sku, e.node.id]));
      const wanted = [
        {
          ref: 'R-1001',
          lines: [
            { sku: 'PM-421-WP', quantity: 2 },
            { sku: 'PM-421-LE', quantity: 1 },
          ],
        },
        { ref: 'R-1002', lines: [{ sku: 'PM-421-WP', quantity: 1 }] },
      ];
      orders = [];
      registerIds = [];
      for (const [i, { ref, lines }] of wanted.entries()) {
        const placed = await placeOrder(t, store.key, {
          distributorId: distributor.id,
          externalRef: ref,
          lines: lines.map((l) => ({ offerId: offerOf.get(l.sku)!, quantity: l.quantity })),
        });
        expect(placed.userErrors).toEqual([]);
        const { node } = await t.run(OrderPlacedAt, { id: placed.order!.id }, store.key);
        const createdAt = node && 'createdAt' in node ? node.createdAt : '';
        const at = DateTime.fromISO(createdAt, { zone: 'Europe/Moscow' });
        orders.push({ id: placed.order!.id, externalRef: ref, lines, placed: at });
        const { submitRegister } = await t.run(
          SubmitRegister,
          {
            input: {
              distributorId: distributor.id,
              shipDate: `2026-12-0${3 + i}`,
              orderIds: [placed.order!.id],
            },
          },
          store.key,
        );
        expect(submitRegister.userErrors).toEqual([]);
        registerIds.push(submitRegister.register!.id);
      }
    });
    const requisites = (indent: string, values: [string, string][]) => [
      `${indent}<ЗначенияРеквизитов>`,
      ...values.flatMap(([name, value]) => [
        `${indent}  <ЗначениеРеквизита>`,
        `${indent}    <Наименование>${name}</Наименование>`,
        `${indent}    <Значение>${value}</Значение>`,
        `${indent}  </ЗначениеРеквизита>`,
      ]),
      `${indent}</ЗначенияРеквизитов>`,
    ];

    /** The document 1C should get for these orders, written out line by line. */
    async function expectedDocument(createdAt: string, which: number[]) {
      const { offers } = await catalog();
      const offerOf = new Map(offers.edges.map((e) => [e.node.sku, e.node]));
      const price = '100.00';
      const body = which.flatMap((i) => {
        const order = orders[i]!;
        const sum = (order.lines.reduce((n, l) => n + l.quantity, 0) * 100).toFixed(2);
        return [
          '  <Документ>',
          `    <Ид>${order.id}</Ид>`,
          `    <Номер>${order.externalRef}</Номер>`,
          `    <Дата>${order.placed.toISODate()}</Дата>`,
          '    <ХозОперация>Заказ товара</ХозОперация>',
          '    <Роль>Продавец</Роль>',
          '    <Валюта>RUB</Валюта>',
          '    <Курс>1</Курс>',
          `    <Сумма>${sum}</Сумма>`,
          '    <Контрагенты>',
          '      <Контрагент>',
          `        <Ид>${store.id}</Ид>`,
          '        <Наименование>Магазин «Ромашка» &amp; Co</Наименование>',
          '        <ПолноеНаименование>Магазин «Ромашка» &amp; Co</ПолноеНаименование>',
          '        <Роль>Покупатель</Роль>',
          '      </Контрагент>',
          '    </Контрагенты>',
          `    <Время>${order.placed.toFormat('HH:mm:ss')}</Время>`,
          '    <Товары>',
          ...order.lines.flatMap((line) => [
            '      <Товар>',
            `        <Ид>${erpIds[line.sku]}</Ид>`,
            `        <Артикул>${line.sku}</Артикул>`,
            `        <Наименование>${offerOf.get(line.sku)!.product.name}</Наименование>`,
            `        <БазоваяЕдиница Код="${offerOf.get(line.sku)!.product.unit}"/>`,
            `        <ЦенаЗаЕдиницу>${price}</ЦенаЗаЕдиницу>`,
            `        <Количество>${line.quantity}</Количество>`,
            `        <Сумма>${(line.quantity * 100).toFixed(2)}</Сумма>`,
            ...requisites('        ', [
              ['ВидНоменклатуры', 'Товар'],
              ['ТипНоменклатуры', 'Товар'],
            ]),
            '      </Товар>',
          ]),
          '    </Товары>',
          ...requisites('    ', [
            ['Реестр Interdist', registerIds[i]!],
            ['Дата отгрузки', `2026-12-0${3 + i}`],
          ]),
          '  </Документ>',
        ];
      });
      const root = `<КоммерческаяИнформация ВерсияСхемы="2.08" ДатаФормирования="${createdAt}"`;

      return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        ...(body.length ? [`${root}>`, ...body, '</КоммерческаяИнформация>'] : [`${root}/>`]),
      ];
    }

    it('sends the submitted registers, one document per order, until 1C says success', async () => {
      t.setNow('2026-12-02T10:30:00+03:00');
      expect((await oneC.checkAuth('sale')).text).toMatch(/^success\n/);
      expect((await oneC.call('sale', 'init')).text).toBe(
        `zip=no\nfile_limit=${FILE_LIMIT}\nsessid=${oneC.sessid}\nversion=2.08`,
      );

      t.database.statements.length = 0;
      const first = await oneC.call('sale', 'query');
      expect(
        t.database.statements.length,
        'a statement for each kind of row, whatever the count',
      ).toBe(10);
      expect(first.contentType).toBe('application/xml; charset=UTF-8');
      expect(first.text.split('\n')).toEqual(await expectedDocument('2026-12-02T10:30:00', [0, 1]));
      const parsed = create(first.text).end({ format: 'object' }) as {
        КоммерческаяИнформация: { Документ: { Номер: string; Товары: { Товар: unknown } }[] };
      };
      expect(parsed.КоммерческаяИнформация.Документ.map((d) => d.Номер)).toEqual([
        'R-1001',
        'R-1002',
      ]);

      const again = await oneC.call('sale', 'query');
      expect(again.text, 'no success yet: sent again').toBe(first.text);
      expect((await oneC.call('sale', 'success')).text).toBe('success');

      const after = await oneC.call('sale', 'query');
      expect(after.text.split('\n')).toEqual(await expectedDocument('2026-12-02T10:30:00', []));
    });

    it("accepts a register under 1C's number and rejects the one 1C cancelled", async () => {
      const answer = (i: number, values: [string, string][], extra: string[] = []) => [
        '  <Документ>',
        `    <Ид>${orders[i]!.id}</Ид>`,
        `    <Номер>${orders[i]!.externalRef}</Номер>`,
        '    <Дата>2026-12-02</Дата>',
        '    <ХозОперация>Заказ товара</ХозОперация>',
        '    <Роль>Продавец</Роль>',
        ...extra,
        ...requisites('    ', values),
        '  </Документ>',
      ];
      const document = [
        '<?xml version="1.0" encoding="windows-1251"?>',
        '<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_2" ВерсияСхемы="2.08">',
        ...answer(0, [
          ['Номер по 1С', 'ЗК-000123'],
          ['Дата по 1С', '2026-12-02 11:00:00'],
          ['Проведен', 'true'],
          ['Реестр Interdist', registerIds[0]!],
        ]),
        ...answer(
          1,
          [['Номер по 1С', 'ЗК-000124']],
          ['    <ПометкаУдаления>true</ПометкаУдаления>'],
        ),
        '</КоммерческаяИнформация>',
      ].join('\n');
      const body = new Uint8Array(iconv.encode(document, 'win1251'));

      const applied = await oneC.call('sale', 'file', { params: { filename: 'orders.xml' }, body });
      expect(applied.text).toBe(
        'success\nRegisters accepted: 1, rejected: 1, unchanged: 0; documents passed over: 0',
      );
      expect((await oneC.call('sale', 'import', { params: { filename: 'orders.xml' } })).text).toBe(
        'success',
      );
      const again = await oneC.call('sale', 'file', { params: { filename: 'orders.xml' }, body });
      expect(again.text, 'what is already so is left alone').toBe(
        'success\nRegisters accepted: 0, rejected: 0, unchanged: 2; documents passed over: 0',
      );

      const [accepted, rejected] = await Promise.all(
        registerIds.map(async (id) => (await t.run(RegisterById, { id }, distributor.key)).node),
      );
      expect(accepted).toMatchObject({ status: 'ACCEPTED', erpReference: 'ЗК-000123' });
      expect(rejected).toMatchObject({ status: 'REJECTED', erpReference: null });
      expect(rejected && 'orders' in rejected && rejected.orders.map((o) => o.status)).toEqual([
        'READY',
      ]);
      const { node } = await t.run(RejectReason, { id: registerIds[1]! }, distributor.key);
      expect(node).toEqual({ rejectReason: 'Cancelled in 1C (document R-1002)' });

      const undone = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<КоммерческаяИнформация ВерсияСхемы="2.08">',
        ...answer(1, [['Номер по 1С', 'ЗК-000124']]),
        '</КоммерческаяИнформация>',
      ].join('\n');
      const refused = await oneC.call('sale', 'file', { body: Buffer.from(undone) });
      expect(refused.text).toBe(
        'failure\nIn document R-1002: A register that is REJECTED cannot be accepted',
      );
    });
  });
});
