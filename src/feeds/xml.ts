import type { SaxesParser } from 'saxes';
import { TOO_LONG, XML_LIMITS } from './records.js';

/**
 * Writes a chunk to saxes and fails with `TOO_LONG` as soon as the text it holds between two
 * tags passes the limit: saxes gathers such a text whole before it reports it, so a file of one
 * endless text (a ZIP bomb of spaces) would otherwise fill memory first.
 */
export function writeBounded(parser: SaxesParser, chunk: string, fail: (message: string) => never) {
  try {
    parser.write(chunk);
  } catch (error) {
    if (error instanceof RangeError) fail(TOO_LONG);
    throw error;
  }
  // `text` is saxes's own buffer of the text being read; it has no public accessor.
  const pending = (parser as unknown as { text?: string }).text;
  if (pending !== undefined && pending.length > XML_LIMITS.textLength) fail(TOO_LONG);
}
