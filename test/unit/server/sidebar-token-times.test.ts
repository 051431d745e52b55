import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';

import {
  EXPIRY_TOLERANCE_SEC,
  FUTURE_TOLERANCE_SEC,
  issueSidebarSession,
  MAX_SIGNED_URL_LIFETIME_SEC,
  refusalCodeOf,
  SidebarAuthError,
  verifySidebarSession,
} from '../../../src/server/sidebar-session.js';
import { verifySignedUrlToken } from '../../../src/server/verify-signed-url-token.js';

const HOST = 'acme.zendesk.com';
const NOW = new Date('2026-11-30T03:00:00Z');
const NOW_SEC = NOW.getTime() / 1000;
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** A signed-URL token as Zendesk makes it, with times relative to the server's NOW (seconds). */
function zendeskToken(times: { iat?: number; nbf?: number; exp: number }): Promise<string> {
  const jwt = new SignJWT({ context: { product: 'support', location: 'ticket_sidebar' } })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuer(HOST)
    .setSubject('8001')
    .setExpirationTime(NOW_SEC + times.exp);
  if (times.iat !== undefined) jwt.setIssuedAt(NOW_SEC + times.iat);
  if (times.nbf !== undefined) jwt.setNotBefore(NOW_SEC + times.nbf);
  return jwt.sign(privateKey);
}

async function reasonFor(token: Promise<string>): Promise<string> {
  try {
    await verifySignedUrlToken({ token: await token, publicKey, issuerHost: HOST, audience: null, now: NOW });
    return 'accepted';
  } catch (error) {
    if (error instanceof SidebarAuthError) return error.reason;
    throw error;
  }
}

describe("Zendesk's signed-URL token against the server's clock", () => {
  it.each([
    ["Zendesk's clock 3 minutes fast (iat, nbf ahead)", { iat: 180, nbf: 180, exp: 480 }, 'accepted'],
    ["Zendesk's clock 3 minutes slow", { iat: -180, nbf: -180, exp: 120 }, 'accepted'],
    ['iat just inside the tolerance', { iat: FUTURE_TOLERANCE_SEC, exp: FUTURE_TOLERANCE_SEC + 60 }, 'accepted'],
    ['iat beyond the tolerance', { iat: FUTURE_TOLERANCE_SEC + 5, exp: FUTURE_TOLERANCE_SEC + 60 }, 'skew'],
    ['nbf beyond the tolerance', { nbf: FUTURE_TOLERANCE_SEC + 5, exp: FUTURE_TOLERANCE_SEC + 60 }, 'skew'],
    ['exp just past, within the expiry tolerance', { iat: -300, exp: -(EXPIRY_TOLERANCE_SEC - 5) }, 'accepted'],
    ['exp past the expiry tolerance (not the 5-minute future one)', { iat: -300, exp: -(EXPIRY_TOLERANCE_SEC + 5) }, 'expired'],
    ['exp 10 minutes ahead', { iat: 0, exp: MAX_SIGNED_URL_LIFETIME_SEC }, 'accepted'],
    ['exp an hour ahead', { iat: 0, exp: 3600 }, 'lifetime'],
  ])('%s → %s', async (_name, times, expected) => {
    expect(await reasonFor(zendeskToken(times))).toBe(expected);
  });

  it('still refuses a bad signature whatever the times', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const token = new SignJWT({})
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(HOST)
      .setSubject('8001')
      .setExpirationTime(NOW_SEC + 60);
    expect(await reasonFor(token.sign(other))).toBe('signature');
  });
});

describe('our session token', () => {
  const secret = 'x'.repeat(32);

  it('is accepted by an instance whose clock is 3 minutes behind or ahead of the issuer', async () => {
    const token = await issueSidebarSession({ agentId: '8001', secret, ttlSec: 600, now: NOW });
    for (const skewSec of [-180, 180]) {
      const now = new Date(NOW.getTime() + skewSec * 1000);
      await expect(verifySidebarSession({ authorization: `Bearer ${token}`, secret, now, maxLifetimeSec: 600 })).resolves.toEqual({
        agentId: '8001',
      });
    }
  });

  it('is refused with the reason a clock 10 minutes behind gives, and when expired', async () => {
    const token = await issueSidebarSession({ agentId: '8001', secret, ttlSec: 600, now: NOW });
    const refusal = (now: Date) =>
      verifySidebarSession({ authorization: `Bearer ${token}`, secret, now, maxLifetimeSec: 600 }).then(
        () => 'accepted',
        (error: SidebarAuthError) => error.reason,
      );
    expect(await refusal(new Date(NOW.getTime() - 600_000))).toBe('skew');
    expect(await refusal(new Date(NOW.getTime() + (600 + EXPIRY_TOLERANCE_SEC + 1) * 1000))).toBe('expired');
  });

  it('gives the app a code per reason', () => {
    expect(refusalCodeOf('expired')).toBe('expired');
    expect(refusalCodeOf('skew')).toBe('clock-skew');
    expect(refusalCodeOf('lifetime')).toBe('lifetime');
    expect(refusalCodeOf('signature')).toBe('bad-signature');
    expect(refusalCodeOf('audience')).toBe('wrong-installation');
    expect(refusalCodeOf('malformed')).toBe('unauthorized');
  });
});
