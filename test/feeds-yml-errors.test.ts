import { describe, expect, it } from 'vitest';
import { bytesFeed } from '../src/feeds/files.js';
import { FeedError } from '../src/feeds/records.js';
import { parseYml } from '../src/feeds/yml.js';
import { feedOptions, fixtureFeed, parseError } from './support/feed-files.js';

const OFFER = 'yml_catalog/shop/offers/offer';

describe('parseYml on files it cannot read', () => {
  it('throws a FeedError naming the file and the line of a mismatched close tag', async () => {
    const error = await parseError(parseYml(fixtureFeed('yml/malformed.xml'), feedOptions()));

    expect(error).toBeInstanceOf(FeedError);
    expect((error as FeedError).at).toEqual({ file: 'malformed.xml', line: 9, path: OFFER });
    expect((error as FeedError).message).toBe(
      'The XML is malformed at line 9: unexpected close tag.',
    );
  });

  it('throws a FeedError saying the file is cut short when it ends inside an offer', async () => {
    const error = await parseError(parseYml(fixtureFeed('yml/truncated.xml'), feedOptions()));

    expect(error).toBeInstanceOf(FeedError);
    expect((error as FeedError).at).toEqual({
      file: 'truncated.xml',
      line: 9,
      path: `${OFFER}/name`,
    });
    expect((error as FeedError).message).toBe(
      'The file ends at line 9 before its XML is complete (unclosed tag: name): is it cut short?',
    );
  });

  it('throws a FeedError for an encoding it does not know', async () => {
    const error = await parseError(
      parseYml(fixtureFeed('yml/unknown-encoding.xml'), feedOptions()),
    );

    expect(error).toBeInstanceOf(FeedError);
    expect((error as FeedError).at).toEqual({ file: 'unknown-encoding.xml', line: 1, path: null });
    expect((error as FeedError).message).toMatch(/^Unknown encoding "x-klingon-8"/);
  });

  it('throws a FeedError for well-formed XML that is not a YML catalog', async () => {
    const error = await parseError(parseYml(fixtureFeed('yml/not-yml.xml'), feedOptions()));

    expect(error).toBeInstanceOf(FeedError);
    expect((error as FeedError).message).toBe(
      'The root element is <КоммерческаяИнформация>, not <yml_catalog>: this is not a YML catalog',
    );
  });

  it('throws a FeedError when a byte is not valid in the encoding the file declares', async () => {
    const offers = Array.from(
      { length: 2000 },
      (_, i) => `<offer id="${i}"><name>Товар</name></offer>\n`,
    );
    const bytes = Buffer.concat([
      Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<yml_catalog><shop><offers>\n`),
      Buffer.from(offers.join('')),
      Buffer.from([0xff]),
      Buffer.from('</offers></shop></yml_catalog>\n'),
    ]);
    const error = await parseError(parseYml(bytesFeed('late.xml', bytes), feedOptions()));

    expect(error).toBeInstanceOf(FeedError);
    expect((error as FeedError).message).toMatch(
      /^The file is not valid utf-8 text near line \d+$/,
    );
  });
});
