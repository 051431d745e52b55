import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';

/** A private app installed in the stand-in: its RSA key pair is the app's, as in Zendesk. */
export interface SandboxApp {
  appId: number;
  installationId: number;
  /** What `GET /api/v2/apps/{app_id}/public_key.pem` answers. */
  publicKeyPem: string;
  privateKey: KeyObject;
}

export interface SignedUrlTokenInput {
  /** The Zendesk user the iframe is loaded for (the agent looking at the ticket). */
  userId: number;
  location?: string;
  /** Lifetime in seconds. @defaultValue 300 */
  expiresInSec?: number;
  nowSec?: number;
}

/**
 * The token Zendesk POSTs (form field `token`) when it loads the iframe of an app whose manifest
 * has `"signedUrls": true`: RS256 with the app's private key; `iss` the account's host, `aud` the
 * installation's API URL, `sub` the user, `context` product and location. See app/README.md for
 * which of these claims Zendesk's documentation states and which an admin must check on a live
 * account.
 */
export async function signUrlToken(app: SandboxApp, baseUrl: string, input: SignedUrlTokenInput): Promise<string> {
  const nowSec = input.nowSec ?? Math.floor(Date.now() / 1000);
  return new SignJWT({ context: { product: 'support', location: input.location ?? 'ticket_sidebar' } })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuer(new URL(baseUrl).host)
    .setAudience(`${baseUrl}/api/v2/apps/installations/${app.installationId}.json`)
    .setSubject(String(input.userId))
    .setIssuedAt(nowSec)
    .setExpirationTime(nowSec + (input.expiresInSec ?? 300))
    .sign(app.privateKey);
}

export function createSandboxApp(appId: number, installationId: number): SandboxApp {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { appId, installationId, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKey };
}
