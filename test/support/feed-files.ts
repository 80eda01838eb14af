import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bytesFeed, fileFeed } from '../../src/feeds/files.js';
import type { FeedFile, FeedOptions, FeedRecord } from '../../src/feeds/records.js';

/** The real exchange files kept beside the project, in `../shared/fixtures`. */
export function sharedFixture(path: string): string {
  return fileURLToPath(new URL(`../../../shared/fixtures/${path}`, import.meta.url));
}

/** A file of the project's own, in `test/fixtures`. */
export function testFixture(path: string): string {
  return fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));
}

/** A file of the examples that ship with the project, in `examples/feeds`. */
export function exampleFile(path: string): string {
  return fileURLToPath(new URL(`../../examples/feeds/${path}`, import.meta.url));
}

/** The text of a file on disk, read as UTF-8. */
export function textAt(path: string): string {
  return readFileSync(path, 'utf8');
}

/**
 * A file on disk as a feed file named by its basename: streamed as an import reads it, or,
 * given `chunkSize`, handed out in chunks of that many bytes to cut characters and tags.
 */
export function feedFileAt(path: string, chunkSize?: number): FeedFile {
  if (chunkSize === undefined) return fileFeed(path);

  return bytesFeed(basename(path), readFileSync(path), chunkSize);
}

/** A fixture of `test/fixtures` as a feed file handed out in chunks of a few bytes. */
export function fixtureFeed(path: string, chunkSize = 7): FeedFile {
  return feedFileAt(testFixture(path), chunkSize);
}

/** Text as a UTF-8 feed file, in chunks of `chunkSize` bytes (the default of `bytesFeed`). */
export function textFeed(name: string, text: string, chunkSize?: number): FeedFile {
  return bytesFeed(name, Buffer.from(text), chunkSize);
}

/** The options of an import that names nothing but its defaults. */
export function feedOptions(overrides: Partial<FeedOptions> = {}): FeedOptions {
  return { priceTypeCode: 'retail', currency: 'RUB', columns: new Map(), ...overrides };
}

/** A parser of one format, as `parseCommerceMl`, `parseYml` and `parseCsv` are. */
export type FeedParser = (file: FeedFile, options: FeedOptions) => AsyncIterable<FeedRecord>;

/** Every record a parse yields, in order. */
export async function collect(records: AsyncIterable<FeedRecord>): Promise<FeedRecord[]> {
  const all: FeedRecord[] = [];
  for await (const record of records) all.push(record);

  return all;
}

/** Every record the parser reads from the file. */
export function recordsOf(
  parse: FeedParser,
  file: FeedFile,
  options = feedOptions(),
): Promise<FeedRecord[]> {
  return collect(parse(file, options));
}

/** Every record the parser reads from a fixture, given in chunks of a few bytes. */
export function readFixture(parse: FeedParser, path: string, options = feedOptions()) {
  return recordsOf(parse, fixtureFeed(path), options);
}

/** Every record the parser reads from this text, as a UTF-8 file `list.csv`. */
export function readText(parse: FeedParser, text: string, options = feedOptions()) {
  return recordsOf(parse, textFeed('list.csv', text, 5), options);
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

/** The records of one kind, typed as such. */
export function recordsOfKind<K extends FeedRecord['kind']>(
  records: FeedRecord[],
  kind: K,
): Extract<FeedRecord, { kind: K }>[] {
  return records.filter(
    (record): record is Extract<FeedRecord, { kind: K }> => record.kind === kind,
  );
}

/** The offer record with this key; a failure when there is none. */
export function offer(records: FeedRecord[], key: string) {
  const found = recordsOfKind(records, 'offer').find((record) => record.key === key);
  if (!found) throw new Error(`No offer ${key}`);

  return found;
}

/** The warnings among the records, each with its line and path. */
export function warningsOf(records: FeedRecord[]) {
  return recordsOfKind(records, 'warning').map(({ at, message }) => ({
    line: at.line,
    path: at.path,
    message,
  }));
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
      // A parser sniffs the encoding from a first, partial reading: only the last one counts.
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
