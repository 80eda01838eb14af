import { createHash, randomBytes } from 'node:crypto';

const KEY_PREFIX = 'idk_';

/** A new API key: a prefix that tells what it is, then 256 random bits. */
export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** The stored form of a key. Keys are random and long, so a plain SHA-256 is enough. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The key from an `Authorization: Bearer <key>` header, or null. */
export function bearerToken(header: string | null | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}
