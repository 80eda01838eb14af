import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { FeedFile } from './records.js';

/** A file on disk as a feed file, read as a stream each time it is opened. */
export function fileFeed(path: string, name: string = basename(path)): FeedFile {
  return { name, open: () => createReadStream(path) };
}

/**
 * Bytes already in memory (an upload, a ZIP entry, a test's fixture) as a feed file, handed out
 * in chunks of `chunkSize` bytes (default 512) so that readers meet chunk boundaries as they
 * would with a stream.
 */
export function bytesFeed(name: string, bytes: Uint8Array, chunkSize = 512): FeedFile {
  return {
    name,
    async *open() {
      for (let start = 0; start < bytes.length; start += chunkSize) {
        yield bytes.subarray(start, start + chunkSize);
      }
    },
  };
}
