import { describe, expect, it } from 'vitest';
import { parseCommerceMl } from '../src/feeds/commerceml.js';
import type { FeedRecord } from '../src/feeds/records.js';
import {
  feedFileAt,
  recordsOf,
  recordsOfKind,
  testFixture,
  textFeed,
} from './support/feed-files.js';

async function recordsIn(name: string): Promise<FeedRecord[]> {
  return recordsOf(parseCommerceMl, feedFileAt(testFixture(`commerceml/${name}`)));
}

/** An offer package holding these `Предложение` elements. */
function packageOf(offers: string): Promise<FeedRecord[]> {
  const text =
    `<КоммерческаяИнформация><ПакетПредложений><Предложения>${offers}</Предложения>` +
    '</ПакетПредложений></КоммерческаяИнформация>';

  return recordsOf(parseCommerceMl, textFeed('package.xml', text));
}

const offerPath = 'КоммерческаяИнформация/ПакетПредложений/Предложения/Предложение';

describe('CommerceML stock quantities', () => {
  it('reads empty, negative and unreadable quantities as 0; rounds fractions down', async () => {
    const offers = recordsOfKind(await recordsIn('quantities.xml'), 'offer');

    expect(offers.map((offer) => offer.stock)).toEqual([
      [{ warehouseKey: null, quantity: 0 }],
      [{ warehouseKey: null, quantity: 0 }],
      [{ warehouseKey: null, quantity: 2 }],
      [{ warehouseKey: null, quantity: 0 }],
      [{ warehouseKey: '9e8d7c6b-0a1b-11ee-8c00-00163e000a01', quantity: 0 }],
      null,
      [{ warehouseKey: null, quantity: 1250 }],
    ]);
  });

  it('warns of each quantity it changed, naming the offer, the line and the element', async () => {
    const warnings = recordsOfKind(await recordsIn('quantities.xml'), 'warning');

    expect(warnings).toEqual([
      {
        kind: 'warning',
        at: { file: 'quantities.xml', line: 14, path: `${offerPath}/Количество` },
        message: 'Offer 9e8d7c6b-0a1b-11ee-8c00-00163e000101: Количество is empty; 0 is used',
      },
      {
        kind: 'warning',
        at: { file: 'quantities.xml', line: 18, path: `${offerPath}/Количество` },
        message: 'Offer 9e8d7c6b-0a1b-11ee-8c00-00163e000102: Количество -3 is negative; 0 is used',
      },
      {
        kind: 'warning',
        at: { file: 'quantities.xml', line: 22, path: `${offerPath}/Количество` },
        message:
          'Offer 9e8d7c6b-0a1b-11ee-8c00-00163e000103: Количество 2.75 is not whole; 2 is used',
      },
      {
        kind: 'warning',
        at: { file: 'quantities.xml', line: 26, path: `${offerPath}/Количество` },
        message:
          'Offer 9e8d7c6b-0a1b-11ee-8c00-00163e000104: ' +
          'Количество "много" is not a number; 0 is used',
      },
      {
        kind: 'warning',
        at: { file: 'quantities.xml', line: 31, path: `${offerPath}/Склад` },
        message:
          'Offer 9e8d7c6b-0a1b-11ee-8c00-00163e000105: КоличествоНаСкладе of warehouse ' +
          '9e8d7c6b-0a1b-11ee-8c00-00163e000a01 -5 is negative; 0 is used',
      },
    ]);
  });

  it('warns of a negative quantity in 3.x Остатки too', async () => {
    const records = await recordsIn('v3/changes.xml');

    expect(recordsOfKind(records, 'warning').map((warning) => warning.at.path)).toEqual([
      'КоммерческаяИнформация/ИзмененияПакетаПредложений/Предложения/Предложение/' +
        'Остатки/Остаток/Склад/Количество',
    ]);
    expect(recordsOfKind(records, 'offer')[0]?.stock).toEqual([
      { warehouseKey: '84f1b2c3-9d8e-11ee-9b00-005056000a01', quantity: 0 },
    ]);
  });
});

describe('CommerceML prices', () => {
  it('divides ЦенаЗаЕдиницу by Коэффициент and reads decimal commas', async () => {
    const [offer] = recordsOfKind(await recordsIn('prices.xml'), 'offer');

    expect(offer?.prices?.slice(0, 3)).toEqual([
      { priceTypeKey: 'e0f1a2b3-4c5d-11ee-8e00-00155d000011', amount: '199', currency: 'RUB' },
      { priceTypeKey: 'e0f1a2b3-4c5d-11ee-8e00-00155d000012', amount: '149.9', currency: 'RUB' },
      {
        priceTypeKey: 'e0f1a2b3-4c5d-11ee-8e00-00155d000013',
        amount: '33.333333',
        currency: 'EUR',
      },
    ]);
  });

  it('leaves out a price whose amount is no number, with a warning', async () => {
    const records = await recordsIn('prices.xml');
    const [offer] = recordsOfKind(records, 'offer');

    expect(offer?.prices?.map((price) => price.priceTypeKey)).not.toContain(
      'e0f1a2b3-4c5d-11ee-8e00-00155d000014',
    );
    expect(recordsOfKind(records, 'warning')).toEqual([
      expect.objectContaining({
        at: { file: 'prices.xml', line: 52, path: `${offerPath}/Цены/Цена` },
        message:
          'Offer e0f1a2b3-4c5d-11ee-8e00-00155d000101: ЦенаЗаЕдиницу of price type ' +
          'e0f1a2b3-4c5d-11ee-8e00-00155d000014 is not a price ("договорная"); ' +
          'the price is left out',
      }),
    ]);
  });

  it('yields a price of a type the file never declares, for the importer to report', async () => {
    const records = await recordsIn('prices.xml');
    const declared = recordsOfKind(records, 'priceType').map((priceType) => priceType.key);
    const [offer] = recordsOfKind(records, 'offer');

    expect(declared).not.toContain('e0f1a2b3-4c5d-11ee-8e00-00155d000099');
    expect(offer?.prices?.at(-1)).toEqual({
      priceTypeKey: 'e0f1a2b3-4c5d-11ee-8e00-00155d000099',
      amount: '99',
      currency: 'RUB',
    });
  });

  it('gives an empty Цены as no prices, and no Цены as nothing said of prices', async () => {
    const offers = recordsOfKind(await recordsIn('prices.xml'), 'offer');
    const stockOnly = recordsOfKind(await recordsIn('quantities.xml'), 'offer');

    expect(offers[1]?.prices).toEqual([]);
    expect(stockOnly.every((offer) => offer.prices === null)).toBe(true);
  });

  it('leaves out a price with a Коэффициент of 0 or no price type, with a warning', async () => {
    const records = await packageOf(
      '<Предложение><Ид>p1</Ид><Цены>' +
        '<Цена><ИдТипаЦены>t1</ИдТипаЦены><ЦенаЗаЕдиницу>10</ЦенаЗаЕдиницу>' +
        '<Коэффициент>0</Коэффициент></Цена>' +
        '<Цена><ЦенаЗаЕдиницу>10</ЦенаЗаЕдиницу></Цена>' +
        '</Цены></Предложение>',
    );

    expect(recordsOfKind(records, 'offer')[0]?.prices).toEqual([]);
    expect(recordsOfKind(records, 'warning').map((warning) => warning.message)).toEqual([
      'Offer p1: Коэффициент of price type t1 is not a positive number ("0"); ' +
        'the price is left out',
      'Offer p1: a Цена has no ИдТипаЦены; left out',
    ]);
  });

  it('normalizes price type currencies and keeps one that is no code as written', async () => {
    const priceTypes = recordsOfKind(await recordsIn('prices.xml'), 'priceType');

    expect(priceTypes.map((priceType) => priceType.currency)).toEqual([
      'RUB',
      'RUB',
      'EUR',
      'у.е.',
    ]);
  });
});

describe('CommerceML offer ids', () => {
  it('reads guid#guid as a variant of guid, and guid# as guid itself', async () => {
    const offers = recordsOfKind(
      await packageOf(
        '<Предложение><Ид>p1#v1</Ид></Предложение><Предложение><Ид>p2#</Ид></Предложение>',
      ),
      'offer',
    );

    expect(offers.map(({ key, parentKey }) => ({ key, parentKey }))).toEqual([
      { key: 'p1#v1', parentKey: 'p1' },
      { key: 'p2', parentKey: null },
    ]);
  });
});

describe('CommerceML deletion marks', () => {
  it('deletes by ПометкаУдаления, the Статус attribute and the Статус element', async () => {
    const offers = recordsOfKind(await recordsIn('deletion.xml'), 'offer');

    expect(offers.map((offer) => [offer.description?.name, offer.deleted])).toEqual([
      ['Розетка двойная', true],
      ['Выключатель одноклавишный', true],
      ['Кабель ВВГ 3x2,5', true],
      ['Клеммник винтовой', false],
    ]);
    expect(offers[2]?.description?.unit).toBe('006');
  });
});
