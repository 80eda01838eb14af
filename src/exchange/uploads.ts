import type { Database } from '../db/client.js';
import { inTransaction } from '../db/transaction.js';
import { FeedError, type FeedFile } from '../feeds/records.js';
import { type Answer, failure, success } from './answers.js';
import type { ExchangeStore } from './store.js';
import type { ExchangeUploadRow } from './tables.js';

/** What one exchange may upload. */
export interface UploadLimits {
  /** Most bytes in one `mode=file` request: the `file_limit` that `init` announces. */
  fileLimit: number;
  /** Most bytes all the files of one session may add up to. */
  sessionLimit: number;
}

/**
 * The name 1C gives a file, as a relative path with forward slashes, or null when it is empty,
 * absolute, climbs out with `..`, or holds control characters.
 */
export function safeFilename(raw: string | null): string | null {
  const name = (raw ?? '').replace(/\\/g, '/');
  if (name === '' || name.length > 255 || /[\u0000-\u001f\u007f]/.test(name)) return null;
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return null;
  const segments = name.split('/');

  return segments.every((s) => s !== '' && s !== '.' && s !== '..') ? name : null;
}

/** The files an import reads: CommerceML documents and ZIPs of them, not pictures. */
export function isFeedFile(filename: string): boolean {
  return /\.(xml|zip)$/i.test(filename);
}

/** The request's body, or null when it is longer than `limit`; read no further than that. */
export async function readBody(request: Request, limit: number): Promise<Uint8Array | null> {
  const parts: Uint8Array[] = [];
  let length = 0;
  const reader = request.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader!.read()) {
    length += read.value.length;
    if (length > limit) {
      await reader!.cancel();
      return null;
    }
    parts.push(read.value);
  }

  return Buffer.concat(parts);
}

/** `mode=file`: appends the body to the session's file of that name, within the limits. */
export async function receiveChunk(
  db: Database,
  store: ExchangeStore,
  limits: UploadLimits,
  sessionId: number,
  filename: string,
  request: Request,
): Promise<Answer> {
  const data = await readBody(request, limits.fileLimit);
  if (!data) {
    return failure(
      `A chunk may be at most ${limits.fileLimit} bytes (file_limit); ${filename} sent more`,
    );
  }
  const uploaded = await store.uploadedBytes(sessionId);
  if (uploaded + data.length > limits.sessionLimit) {
    return failure(
      `One exchange may upload at most ${limits.sessionLimit} bytes; ${filename} goes past it`,
    );
  }
  await inTransaction(db, (tx) => store.appendChunk(sessionId, filename, data, tx));

  return success();
}

/** An uploaded file as the importer reads it: its chunks in order, one at a time. */
export function feedFileOf(store: ExchangeStore, upload: ExchangeUploadRow): FeedFile {
  return {
    name: upload.filename,
    async *open() {
      for (let position = 0; position < upload.chunks; position++) {
        const data = await store.readChunk(upload.id, position);
        if (!data) {
          const at = { file: upload.filename, line: null, path: null };
          throw new FeedError(at, 'The file was removed while it was read: 1C began anew');
        }
        yield data;
      }
    },
  };
}
