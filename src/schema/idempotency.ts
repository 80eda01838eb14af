import { createHash } from 'node:crypto';
import { userError } from './user-errors.js';

/** What an idempotency key must come with again: a hash of the request's canonical input. */
export function requestHash(canonical: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** The row a key first made, when the key comes with the same input again; DUPLICATE if not. */
export function sameRequest<T extends { requestHash: string | null }>(first: T, hash: string): T {
  if (first.requestHash !== hash) {
    throw userError('DUPLICATE', 'This idempotency key was already used with a different input', [
      'idempotencyKey',
    ]);
  }

  return first;
}
