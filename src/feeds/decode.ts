import { FeedError, type FeedFile } from './records.js';

/** The bytes a parser looks at to tell a file's encoding. */
const HEAD_BYTES = 64 * 1024;

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function hasUtf8Bom(head: Uint8Array): boolean {
  return UTF8_BOM.every((byte, i) => head[i] === byte);
}

/** The first bytes of a file, enough to tell its encoding and format. */
export async function headOf(file: FeedFile, size = HEAD_BYTES): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of file.open()) {
    parts.push(chunk);
    length += chunk.length;
    if (length >= size) break;
  }
  const head = Buffer.concat(parts);

  return head.subarray(0, Math.min(size, head.length));
}

/** The encoding an XML file declares (`<?xml ... encoding="windows-1251"?>`), UTF-8 if none. */
export function xmlEncoding(head: Uint8Array): string {
  if (hasUtf8Bom(head)) return 'utf-8';
  const declaration = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']+)["']/.exec(
    Buffer.from(head.subarray(0, 200)).toString('latin1'),
  );

  return declaration?.[1] ?? 'utf-8';
}

/**
 * The encoding of a text file that does not declare one: UTF-8 when its first bytes are valid
 * UTF-8 (with or without a BOM), else windows-1251, what Russian spreadsheets and ERPs write.
 */
export function textEncoding(head: Uint8Array): 'utf-8' | 'windows-1251' {
  if (hasUtf8Bom(head)) return 'utf-8';
  // A sequence cut by the end of the head is not a fault of the file.
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'windows-1251';
  }
}

/**
 * The file as text in this encoding, chunk by chunk, without its byte order mark. A byte that
 * is not valid in the encoding is a `FeedError`, never a silent replacement character.
 */
export async function* textOf(file: FeedFile, encoding: string): AsyncGenerator<string> {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: false });
  } catch {
    throw new FeedError(
      { file: file.name, line: 1, path: null },
      `Unknown encoding "${encoding}"; UTF-8 and windows-1251 are the usual ones`,
    );
  }
  let line = 1;
  const fail = (): never => {
    throw new FeedError(
      { file: file.name, line, path: null },
      `The file is not valid ${decoder.encoding} text near line ${line}`,
    );
  };
  for await (const chunk of file.open()) {
    let text = '';
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      fail();
    }
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) line += 1;
    if (text) yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch {
    fail();
  }
}

/**
 * A copy of text that shares no memory with the chunk it was cut from: V8 keeps the whole of a
 * chunk alive while any slice of it lives, so what an import keeps to its end is copied.
 */
export function detached(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}
