import { createHmac } from 'node:crypto';
import { jwtVerify, SignJWT, type JWTPayload } from 'jose';

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
  | 'claims'
  | 'issuer'
  | 'audience'
  | 'subject'
  | 'no-app-key';

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

const DIGITS = /^\d{1,20}$/;
const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/;

/** Our own short-lived token for the sidebar's calls, issued once Zendesk's signed URL checked out. */
export async function issueSidebarSession(input: { agentId: string; secret: string; ttlSec: number; now: Date }): Promise<string> {
  if (!DIGITS.test(input.agentId)) throw new TypeError('agentId must be digits only');
  const nowSec = Math.floor(input.now.getTime() / 1000);
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
}): Promise<SidebarSession> {
  const { authorization } = input;
  if (authorization === undefined || authorization === '') throw new SidebarAuthError('missing');
  if (Buffer.byteLength(authorization, 'utf8') > MAX_SIDEBAR_TOKEN_BYTES + 'Bearer '.length) throw new SidebarAuthError('too-large');
  const match = BEARER.exec(authorization);
  if (!match?.[1]) throw new SidebarAuthError('not-bearer');
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(match[1], sessionKey(input.secret), {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ['exp', 'iat', 'sub'],
      clockTolerance: 30,
      currentDate: input.now,
    }));
  } catch (error) {
    throw new SidebarAuthError(reasonOf(error));
  }
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
      return claim === 'iss' ? 'issuer' : claim === 'aud' ? 'audience' : 'claims';
    default:
      return 'malformed';
  }
}
