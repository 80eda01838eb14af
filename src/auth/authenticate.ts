import { timingSafeEqual } from 'node:crypto';
import type { ApiKeyStore } from './store.js';
import { hashApiKey } from './keys.js';
import { adminViewer, type Viewer } from './viewer.js';

export interface Authenticator {
  /** The viewer behind a key, or null when the key is unknown or revoked. */
  authenticate(key: string | null): Promise<Viewer | null>;
}

export function createAuthenticator(apiKeys: ApiKeyStore, adminApiKey?: string): Authenticator {
  const adminHash = adminApiKey ? Buffer.from(hashApiKey(adminApiKey), 'hex') : null;

  return {
    async authenticate(key) {
      if (!key) return null;

      const hash = hashApiKey(key);
      if (adminHash && timingSafeEqual(adminHash, Buffer.from(hash, 'hex'))) return adminViewer;

      const found = await apiKeys.findActive(hash);
      if (!found) return null;

      return {
        role: found.kind === 'store' ? 'STORE' : 'DISTRIBUTOR',
        organizationId: found.organizationId,
        apiKeyId: found.id,
      };
    },
  };
}
