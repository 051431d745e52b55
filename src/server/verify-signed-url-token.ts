// jose is loaded by the first sidebar call, not at start-up (170 modules).
import type { JWTPayload } from 'jose';
import type { KeyObject } from 'node:crypto';

import {
  checkTokenTimes,
  FUTURE_TOLERANCE_SEC,
  MAX_SIDEBAR_TOKEN_BYTES,
  MAX_SIGNED_URL_LIFETIME_SEC,
  reasonOf,
  SidebarAuthError,
} from './sidebar-session.js';

export interface VerifySignedUrlTokenInput {
  /** The `token` form field of the POST that loads the app's iframe. */
  token: string | undefined;
  /** The app's public key (ZENDESK_APP_PUBLIC_KEY, or `GET /api/v2/apps/{app_id}/public_key.pem`). */
  publicKey: KeyObject;
  /** The account's host, e.g. `acme.zendesk.com`: the `iss` Zendesk puts in the token. */
  issuerHost: string;
  /** The installation's URL (ZENDESK_APP_AUDIENCE), or null to accept any installation of the app. */
  audience: string | null;
  now: Date;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Verifies the JWT Zendesk signs (RS256, the app's own key pair) when it loads an iframe of an
 * app with `"signedUrls": true`, and returns the Zendesk user it was issued for. This is the
 * only agent identity the server trusts: the browser chooses none of it.
 *
 * Times against `now` (the server's clock; the agent's browser clock plays no part): `iat`/`nbf`
 * up to FUTURE_TOLERANCE_SEC (300 s) ahead, `exp` required, past by EXPIRY_TOLERANCE_SEC (30 s)
 * at most, and at most MAX_SIGNED_URL_LIFETIME_SEC (600 s) ahead (plus the tolerance).
 * Source: developer.zendesk.com/documentation/apps/build-an-app/building-a-server-side-app/part-5-secure-the-app/
 * (the token's lifetime is not documented; app/README.md says how to read it on a live account).
 * @throws SidebarAuthError with reason missing, too-large, malformed, algorithm, signature, issuer,
 *   audience, claims, expired, skew, lifetime or subject.
 */
export async function verifySignedUrlToken(input: VerifySignedUrlTokenInput): Promise<{ agentId: string }> {
  const { token } = input;
  if (token === undefined || token === '') throw new SidebarAuthError('missing');
  if (Buffer.byteLength(token, 'utf8') > MAX_SIDEBAR_TOKEN_BYTES) throw new SidebarAuthError('too-large');
  if (!JWT_SHAPE.test(token)) throw new SidebarAuthError('malformed');
  const { jwtVerify } = await import('jose');
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, input.publicKey, {
      algorithms: ['RS256'],
      // Zendesk's tutorials compare `iss` with the bare host; accept the https:// form too.
      issuer: [input.issuerHost, `https://${input.issuerHost}`],
      ...(input.audience !== null ? { audience: input.audience } : {}),
      requiredClaims: ['exp', 'sub'],
      clockTolerance: FUTURE_TOLERANCE_SEC,
      currentDate: input.now,
    }));
  } catch (error) {
    throw new SidebarAuthError(reasonOf(error));
  }
  // The server's clock only: Zendesk's may be minutes ahead (iat/nbf), the agent's browser's is
  // never read. `exp` bounds the token, and may be at most 10 minutes ahead.
  checkTokenTimes(payload, Math.floor(input.now.getTime() / 1000), MAX_SIGNED_URL_LIFETIME_SEC);
  const agentId = subjectUserId(payload.sub, input.issuerHost);
  if (agentId === null) throw new SidebarAuthError('subject');
  return { agentId };
}

/**
 * The user id in `sub`: the id itself, or the user's API URL on this account
 * (`https://<host>/api/v2/users/<id>.json`). Anything else is refused rather than guessed.
 */
export function subjectUserId(sub: unknown, issuerHost: string): string | null {
  if (typeof sub === 'number' && Number.isSafeInteger(sub) && sub > 0) return String(sub);
  if (typeof sub !== 'string') return null;
  if (/^\d{1,20}$/.test(sub)) return sub;
  const match = /^https:\/\/([^/]+)\/api\/v2\/users\/(\d{1,20})(?:\.json)?$/.exec(sub);
  return match && match[1] === issuerHost && match[2] ? match[2] : null;
}
