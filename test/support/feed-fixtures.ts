import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bytesFeed } from '../../src/feeds/files.js';
import type { FeedFile, FeedOptions, FeedRecord } from '../../src/feeds/records.js';

/** The folder of the feed fixtures, `test/fixtures`. */
export const fixturesDir = fileURLToPath(new URL('../fixtures', import.meta.url));

/** The options of an import that names nothing but its defaults. */
export function feedOptions(overrides: Partial<FeedOptions> = {}): FeedOptions {
  return { priceTypeCode: 'retail', currency: 'RUB', columns: new Map(), ...overrides };
}

/** A fixture as a feed file handed out in chunks of a few bytes, to cut characters and tags. */
export function fixtureFeed(path: string, chunkSize = 7): FeedFile {
  return bytesFeed(basename(path), readFileSync(join(fixturesDir, path)), chunkSize);
}

/** A parser of one format, as `parseYml` and `parseCsv` are. */
export type FeedParser = (file: FeedFile, options: FeedOptions) => AsyncIterable<FeedRecord>;

/** Every record the parser reads from a fixture, given in chunks of a few bytes. */
export function readFixture(parse: FeedParser, path: string, options = feedOptions()) {
  return collect(parse(fixtureFeed(path), options));
}

/** Every record the parser reads from this text, as a UTF-8 file `list.csv`. */
export function readText(parse: FeedParser, text: string, options = feedOptions()) {
  return collect(parse(bytesFeed('list.csv', Buffer.from(text), 5), options));
}

/** The warnings among the records, each with its line and path. */
export function warningsOf(records: FeedRecord[]) {
  return ofKind(records, 'warning').map(({ at, message }) => ({
    line: at.line,
    path: at.path,
    message,
  }));
}

/** Every record a parse yields, in order. */
export async function collect(records: AsyncIterable<FeedRecord>): Promise<FeedRecord[]> {
  const all: FeedRecord[] = [];
  for await (const record of records) all.push(record);

  return all;
}

/** The error a parse throws, or a failure when it throws none. */
export async function parseError(records: AsyncIterable<FeedRecord>): Promise<unknown> {
  try {
    await collect(records);
  } catch (error) {
    return error;
  }
  throw new Error('The parse was expected to throw, and did not');
}

/**
 * A feed file of `count` generated parts that counts how many it has handed out, to show that a
 * parser yields records long before it has read the whole file.
 */
export function countingFeed(
  name: string,
  head: string,
  part: (i: number) => string,
  count: number,
  tail: string,
) {
  const state = { partsRead: 0 };
  const file: FeedFile = {
    name,
    async *open() {
      state.partsRead = 0;
      yield Buffer.from(head);
      for (let i = 0; i < count; i += 1) {
        state.partsRead += 1;
        yield Buffer.from(part(i));
      }
      yield Buffer.from(tail);
    },
  };

  return { file, state };
}

/** The records of one kind, typed as such. */
export function ofKind<K extends FeedRecord['kind']>(records: FeedRecord[], kind: K) {
  return records.filter(
    (record): record is Extract<FeedRecord, { kind: K }> => record.kind === kind,
  );
}

/** The offer record with this key; a failure when there is none. */
export function offer(records: FeedRecord[], key: string) {
  const found = ofKind(records, 'offer').find((record) => record.key === key);
  if (!found) throw new Error(`No offer ${key}`);

  return found;
}

/** How many offers a parse of a counting feed yields, and how much it had read at the first. */
export async function countOffers(
  records: AsyncIterable<FeedRecord>,
  state: { partsRead: number },
) {
  let offers = 0;
  let partsReadAtFirst = 0;
  for await (const record of records) {
    if (record.kind !== 'offer') continue;
    if (offers === 0) partsReadAtFirst = state.partsRead;
    offers += 1;
  }

  return { offers, partsReadAtFirst };
}
