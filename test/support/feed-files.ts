import { createReadStream, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeedFile, FeedOptions, FeedRecord } from '../../src/feeds/records.js';

/** The real exchange files kept beside the project, in `../shared/fixtures`. */
export function sharedFixture(path: string): string {
  return fileURLToPath(new URL(`../../../shared/fixtures/${path}`, import.meta.url));
}

/** A file of the project's own, in `test/fixtures`. */
export function testFixture(path: string): string {
  return fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));
}

/** A file on disk as an import reads it, in chunks of `chunkSize` bytes, named by its basename. */
export function feedFileAt(path: string, chunkSize = 64 * 1024): FeedFile {
  return {
    name: basename(path),
    open: () => createReadStream(path, { highWaterMark: chunkSize }),
  };
}

/** Bytes as a feed file, in chunks of `chunkSize`. */
export function feedFileOf(name: string, bytes: Uint8Array, chunkSize = 64 * 1024): FeedFile {
  return {
    name,
    async *open() {
      for (let start = 0; start < bytes.length; start += chunkSize) {
        yield bytes.subarray(start, start + chunkSize);
      }
    },
  };
}

export const feedOptions: FeedOptions = {
  priceTypeCode: 'retail',
  currency: null,
  columns: new Map(),
};

type Parser = (file: FeedFile, options: FeedOptions) => AsyncGenerator<FeedRecord>;

/** Every record a parser yields for the file. */
export async function recordsOf(parse: Parser, file: FeedFile): Promise<FeedRecord[]> {
  const records: FeedRecord[] = [];
  for await (const record of parse(file, feedOptions)) records.push(record);

  return records;
}

/** The error a parser throws for the file; fails the test when it throws none. */
export async function parseErrorOf(parse: Parser, file: FeedFile): Promise<unknown> {
  try {
    await recordsOf(parse, file);
  } catch (error) {
    return error;
  }
  throw new Error(`${file.name} was read without an error`);
}

export function textAt(path: string): string {
  return readFileSync(path, 'utf8');
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
