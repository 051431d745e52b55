import { createHmac } from 'node:crypto';
// jose is loaded by the first sidebar call, not at start-up (170 modules).
import type { JWTPayload } from 'jose';

/** Tokens larger than this are refused before any parsing: ours are a few hundred bytes. */
export const MAX_SIDEBAR_TOKEN_BYTES = 8 * 1024;

const ISSUER = 'signin-triage';
const AUDIENCE = 'signin-triage-sidebar';
/**
 * The session key is derived from SIDEBAR_SESSION_SECRET (formerly SIDEBAR_SHARED_SECRET), never
 * the secret itself: if an old version of the app (whose `shared_secret` setting held that value)
 * is still installed,
 * Zendesk's proxy would sign any claims an agent asks for with the raw secret. Those tokens must
 * not verify here.
 */
const KEY_LABEL = 'signin-triage sidebar session v1';

/**
 * Why a sidebar request was refused. Logged (never the token itself) so an operator can tell a
 * wrong key from an expired session; the client gets a generic answer.
 */
export type SidebarAuthReason =
  | 'missing'
  | 'not-bearer'
  | 'too-large'
  | 'in-query'
  | 'algorithm'
  | 'malformed'
  | 'signature'
  | 'expired'
  | 'skew'
  | 'lifetime'
  | 'claims'
  | 'issuer'
  | 'audience'
  | 'subject'
  | 'no-app-key';

/**
 * How far in the future `iat`/`nbf` may be. Only server clocks count (Zendesk's, which signs the
 * URL token, and ours); the agent's browser clock is never read. NTP keeps servers within a
 * second; five minutes also covers a badly drifting VM, and a token never outlives its `exp`.
 */
export const FUTURE_TOLERANCE_SEC = 300;
/** How long past `exp` a token still passes: clock differences between our own instances. */
export const EXPIRY_TOLERANCE_SEC = 30;
/**
 * The furthest ahead `exp` of Zendesk's signed-URL token may be. Zendesk's tokens are short-lived
 * (minutes; the exact lifetime is not documented): one valid for longer than this is refused
 * rather than trusted, so a leaked token is useless after 10 minutes whatever it claims.
 */
export const MAX_SIGNED_URL_LIFETIME_SEC = 600;

/**
 * The code the app gets with a refusal (`{ error, code }`), so it can say what happened and what
 * an admin should do. Knowing which check failed does not help a forger: the keys do.
 */
export type SidebarRefusalCode = 'expired' | 'clock-skew' | 'lifetime' | 'bad-signature' | 'wrong-installation' | 'unauthorized';

export function refusalCodeOf(reason: SidebarAuthReason): SidebarRefusalCode {
  switch (reason) {
    case 'expired':
      return 'expired';
    case 'skew':
      return 'clock-skew';
    case 'lifetime':
      return 'lifetime';
    case 'signature':
    case 'algorithm':
      return 'bad-signature';
    case 'issuer':
    case 'audience':
      return 'wrong-installation';
    default:
      return 'unauthorized';
  }
}

/**
 * Checks `iat`, `nbf` and `exp` against the server's clock: `iat`/`nbf` at most
 * FUTURE_TOLERANCE_SEC ahead (else 'skew'), `exp` not past by more than EXPIRY_TOLERANCE_SEC
 * (else 'expired') and at most `maxLifetimeSec` (+ the future tolerance) ahead (else 'lifetime').
 * Callers let jose check with FUTURE_TOLERANCE_SEC (its one tolerance serves both directions,
 * which would let an expired token live minutes longer), then call this for the strict `exp`.
 */
export function checkTokenTimes(payload: JWTPayload, nowSec: number, maxLifetimeSec: number): void {
  const { iat, nbf, exp } = payload;
  for (const value of [iat, nbf, exp]) if (value !== undefined && !Number.isFinite(value)) throw new SidebarAuthError('claims');
  if (typeof exp !== 'number') throw new SidebarAuthError('claims');
  if (typeof iat === 'number' && iat > nowSec + FUTURE_TOLERANCE_SEC) throw new SidebarAuthError('skew');
  if (typeof nbf === 'number' && nbf > nowSec + FUTURE_TOLERANCE_SEC) throw new SidebarAuthError('skew');
  if (exp <= nowSec - EXPIRY_TOLERANCE_SEC) throw new SidebarAuthError('expired');
  if (exp > nowSec + maxLifetimeSec + FUTURE_TOLERANCE_SEC) throw new SidebarAuthError('lifetime');
}

export class SidebarAuthError extends Error {
  override name = 'SidebarAuthError';
  readonly status = 401;
  constructor(readonly reason: SidebarAuthReason) {
    super(`sidebar token refused: ${reason}`);
  }
}

export interface SidebarSession {
  /** Zendesk user id of the agent, as Zendesk vouched for it in the signed URL. */
  agentId: string;
}

function sessionKey(secret: string): Uint8Array {
  return createHmac('sha256', secret).update(KEY_LABEL).digest();
}

/** SIDEBAR_SESSION_TTL_SECONDS' maximum (src/config.ts): no session of ours lives longer. */
export const MAX_SESSION_LIFETIME_SEC = 43_200;

const DIGITS = /^\d{1,20}$/;
const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/;

/** Our own short-lived token for the sidebar's calls, issued once Zendesk's signed URL checked out. */
export async function issueSidebarSession(input: { agentId: string; secret: string; ttlSec: number; now: Date }): Promise<string> {
  if (!DIGITS.test(input.agentId)) throw new TypeError('agentId must be digits only');
  const nowSec = Math.floor(input.now.getTime() / 1000);
  const { SignJWT } = await import('jose');
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(input.agentId)
    .setIssuedAt(nowSec)
    .setExpirationTime(nowSec + input.ttlSec)
    .sign(sessionKey(input.secret));
}

/** Verifies the `Authorization: Bearer …` header of a sidebar call: our session token only. */
export async function verifySidebarSession(input: {
  authorization: string | undefined;
  secret: string;
  now: Date;
  /** Longest session lifetime accepted. @defaultValue MAX_SESSION_LIFETIME_SEC (SIDEBAR_SESSION_TTL_SECONDS' maximum) */
  maxLifetimeSec?: number;
}): Promise<SidebarSession> {
  const { authorization } = input;
  if (authorization === undefined || authorization === '') throw new SidebarAuthError('missing');
  if (Buffer.byteLength(authorization, 'utf8') > MAX_SIDEBAR_TOKEN_BYTES + 'Bearer '.length) throw new SidebarAuthError('too-large');
  const match = BEARER.exec(authorization);
  if (!match?.[1]) throw new SidebarAuthError('not-bearer');
  const { jwtVerify } = await import('jose');
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(match[1], sessionKey(input.secret), {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ['exp', 'iat', 'sub'],
      clockTolerance: FUTURE_TOLERANCE_SEC,
      currentDate: input.now,
    }));
  } catch (error) {
    throw new SidebarAuthError(reasonOf(error));
  }
  checkTokenTimes(payload, Math.floor(input.now.getTime() / 1000), input.maxLifetimeSec ?? MAX_SESSION_LIFETIME_SEC);
  if (typeof payload.sub !== 'string' || !DIGITS.test(payload.sub)) throw new SidebarAuthError('subject');
  return { agentId: payload.sub };
}

/** Maps jose's stable error codes (and the claim they name), never its messages, to our reasons. */
export function reasonOf(error: unknown): SidebarAuthReason {
  const { code, claim } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; claim?: unknown };
  switch (code) {
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return 'algorithm';
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'signature';
    case 'ERR_JWT_EXPIRED':
      return 'expired';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return claim === 'iss' ? 'issuer' : claim === 'aud' ? 'audience' : claim === 'nbf' || claim === 'iat' ? 'skew' : 'claims';
    default:
      return 'malformed';
  }
}
