import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCommerceMl } from '../src/feeds/commerceml.js';
import { bytesFeed } from '../src/feeds/files.js';
import { FeedError, type FeedFile } from '../src/feeds/records.js';
import {
  countingFeed,
  countOffers,
  feedFileAt,
  feedOptions,
  parseError,
  recordsOf,
  recordsOfKind,
  sharedFixture,
  testFixture,
  textFeed,
} from './support/feed-files.js';

function recordsOfXml(name: string, text: string) {
  return recordsOf(parseCommerceMl, textFeed(name, text));
}

async function errorIn(file: FeedFile): Promise<FeedError> {
  const error = await parseError(parseCommerceMl(file, feedOptions()));
  expect(error).toBeInstanceOf(FeedError);

  return error as FeedError;
}

describe('CommerceML files that cannot be read', () => {
  it('rejects an element left open with its file, line and path', async () => {
    const error = await errorIn(feedFileAt(testFixture('commerceml/unclosed-tag.xml')));

    expect(error.at).toEqual({
      file: 'unclosed-tag.xml',
      line: 9,
      path: 'КоммерческаяИнформация/Каталог/Товары/Товар/Наименование',
    });
    expect(error.message).toBe('Not well-formed XML at line 9: <Наименование> is not closed');
  });

  it('rejects a truncated file instead of reading it as a short one', async () => {
    const error = await errorIn(feedFileAt(testFixture('commerceml/truncated.xml')));

    expect(error.at.line).toBe(21);
    expect(error.message).toBe(
      'The file ends before its XML is complete (unclosed tag: Цена): it is truncated',
    );
  });

  it('rejects the real offer package cut in half, after the records before the cut', async () => {
    const bytes = readFileSync(sharedFixture('commerceml/crazyboom-2.07/offers0_1.xml'));
    const file = bytesFeed('offers0_1.xml', bytes.subarray(0, bytes.length / 2), 4096);
    const seen: string[] = [];
    const reading = (async () => {
      for await (const record of parseCommerceMl(file, feedOptions())) seen.push(record.kind);
    })();

    await expect(reading).rejects.toThrow(/it is truncated/);
    expect(seen.filter((kind) => kind === 'offer').length).toBeGreaterThan(10);
  });

  it('rejects a root other than КоммерческаяИнформация', async () => {
    const error = await errorIn(feedFileAt(testFixture('commerceml/wrong-root.xml')));

    expect(error.at).toEqual({ file: 'wrong-root.xml', line: 2, path: null });
    expect(error.message).toBe(
      'The root element is <yml_catalog>, not <КоммерческаяИнформация>: ' +
        'this is not a CommerceML file',
    );
  });

  it('rejects an empty file and a file that is no XML', async () => {
    const empty = await errorIn(textFeed('empty.xml', ''));
    const text = await errorIn(textFeed('notes.xml', 'Артикул;Наименование\n100;Лампа\n'));

    expect(empty.message).toMatch(/it is truncated/);
    expect(text.message).toBe('Not well-formed XML at line 3: text data outside of root node.');
  });

  it('rejects a file whose bytes are not the encoding it declares', async () => {
    const bytes = Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<КоммерческаяИнформация>'),
      Buffer.from([0xcb, 0xe0, 0xec, 0xef, 0xe0]),
      Buffer.from('</КоммерческаяИнформация>'),
    ]);

    const error = await errorIn(bytesFeed('lamp.xml', bytes));

    expect(error.message).toMatch(/not valid utf-8/);
  });

  it('skips an offer with no Ид, with a warning', async () => {
    const records = await recordsOfXml(
      'no-id.xml',
      '<КоммерческаяИнформация><ПакетПредложений><Предложения>' +
        '<Предложение><Количество>3</Количество></Предложение>' +
        '</Предложения></ПакетПредложений></КоммерческаяИнформация>',
    );

    expect(recordsOfKind(records, 'offer')).toEqual([]);
    expect(recordsOfKind(records, 'warning').map((warning) => warning.message)).toEqual([
      'Предложение has no Ид; skipped',
    ]);
  });

  it('warns of a VAT rate it cannot read and leaves it out', async () => {
    const records = await recordsOfXml(
      'vat.xml',
      '<КоммерческаяИнформация><Каталог><Товары><Товар><Ид>a1</Ид><Наименование>Лампа' +
        '</Наименование><СтавкиНалогов><СтавкаНалога><Наименование>НДС</Наименование>' +
        '<Ставка>двадцать</Ставка></СтавкаНалога></СтавкиНалогов></Товар></Товары>' +
        '</Каталог></КоммерческаяИнформация>',
    );

    expect(recordsOfKind(records, 'offer')[0]?.description?.vatRate).toBeNull();
    expect(recordsOfKind(records, 'warning').map((warning) => warning.message)).toEqual([
      'Offer a1: VAT rate "двадцать" is not a rate; left out',
    ]);
  });
});

describe('CommerceML read as a stream', () => {
  it('yields offers while the file is still being read', async () => {
    const count = 20_000;
    const { file, state } = countingFeed(
      'large.xml',
      '<КоммерческаяИнформация><ПакетПредложений><Предложения>',
      (i) => `<Предложение><Ид>offer-${i}</Ид><Количество>${i % 7}</Количество></Предложение>`,
      count,
      '</Предложения></ПакетПредложений></КоммерческаяИнформация>',
    );
    const { offers, partsReadAtFirst } = await countOffers(
      parseCommerceMl(file, feedOptions()),
      state,
    );

    expect(offers).toBe(count);
    expect(partsReadAtFirst).toBeLessThan(100);
  });
});
