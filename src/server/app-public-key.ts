import { createPublicKey, type KeyObject } from 'node:crypto';

import type { Config } from '../config.js';
import type { ZendeskClient } from '../zendesk/client.js';

/** The app's public key fetched from Zendesk is kept this long. @defaultValue 1 hour */
const FETCHED_KEY_TTL_MS = 60 * 60 * 1000;

export class AppKeyUnavailableError extends Error {
  override name = 'AppKeyUnavailableError';
}

/**
 * Where the sidebar app's public key comes from: ZENDESK_APP_PUBLIC_KEY, or else
 * `GET /api/v2/apps/{ZENDESK_APP_ID}/public_key.pem` with our credentials, cached.
 */
export function createAppPublicKeySource(deps: {
  sidebarApp: Pick<Config['sidebarApp'], 'publicKeyPem' | 'appId'>;
  zendesk: Pick<ZendeskClient, 'getAppPublicKey'>;
  now?: () => number;
}): () => Promise<KeyObject> {
  const { publicKeyPem, appId } = deps.sidebarApp;
  const now = deps.now ?? Date.now;
  if (publicKeyPem !== null) {
    const key = createPublicKey(publicKeyPem);
    return async () => key;
  }
  let cached: { key: KeyObject; until: number } | null = null;
  let pending: Promise<KeyObject> | null = null;
  return async () => {
    if (cached && cached.until > now()) return cached.key;
    if (appId === null) {
      throw new AppKeyUnavailableError('set ZENDESK_APP_PUBLIC_KEY (the app public key PEM) or ZENDESK_APP_ID (to fetch it from Zendesk)');
    }
    pending ??= deps.zendesk
      .getAppPublicKey(String(appId))
      .then((pem) => {
        const key = createPublicKey(pem);
        cached = { key, until: now() + FETCHED_KEY_TTL_MS };
        return key;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  };
}
