import { jwtVerify, type JWTPayload } from 'jose';

/** Tokens larger than this are refused before any parsing: a ZAF token is a few hundred bytes. */
export const MAX_SIDEBAR_TOKEN_BYTES = 8 * 1024;

/**
 * Why a sidebar request was refused. Logged (never the token itself) so an operator can tell
 * a wrong shared secret from an expired token; the client always gets the same generic answer.
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
  | 'ticket-claim'
  | 'ticket-mismatch';

export class SidebarAuthError extends Error {
  override name = 'SidebarAuthError';
  /** 401 when the caller is not who it claims, 403 when the token is valid but for another ticket. */
  readonly status: 401 | 403;
  constructor(readonly reason: SidebarAuthReason) {
    super(`sidebar token refused: ${reason}`);
    this.status = reason === 'ticket-mismatch' ? 403 : 401;
  }
}

export interface SidebarClaims {
  ticketId: string;
  /** Zendesk user id of the agent, when the app sent it as the `agent_id` claim. */
  agentId?: string;
}

export interface VerifySidebarTokenInput {
  /** The raw `Authorization` header value. */
  authorization: string | undefined;
  /** The ticket id of the URL the token is used on. */
  ticketId: string;
  /** SIDEBAR_SHARED_SECRET: the same string as the app's secure `shared_secret` setting. */
  secret: string;
  /** Clock for tests. */
  now?: Date;
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/;
const DIGITS = /^\d{1,20}$/;

/**
 * Verifies the HS256 JWT that Zendesk's request proxy signs with the app's secure
 * `shared_secret` setting (the `jwt` option of ZAF `client.request`), and that it was
 * issued for this very ticket, so a token read in one ticket cannot open another.
 */
export async function verifySidebarToken(input: VerifySidebarTokenInput): Promise<SidebarClaims> {
  const { authorization } = input;
  if (authorization === undefined || authorization === '') throw new SidebarAuthError('missing');
  // Checked before the regex so an oversized header costs nothing to refuse.
  if (Buffer.byteLength(authorization, 'utf8') > MAX_SIDEBAR_TOKEN_BYTES + 'Bearer '.length) {
    throw new SidebarAuthError('too-large');
  }
  const match = BEARER.exec(authorization);
  if (!match?.[1]) throw new SidebarAuthError('not-bearer');

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(match[1], new TextEncoder().encode(input.secret), {
      algorithms: ['HS256'],
      requiredClaims: ['exp'],
      maxTokenAge: '10m',
      clockTolerance: 30,
      ...(input.now ? { currentDate: input.now } : {}),
    }));
  } catch (error) {
    throw new SidebarAuthError(reasonOf(error));
  }

  const claim = payload.ticket_id;
  const claimed = typeof claim === 'number' && Number.isSafeInteger(claim) ? String(claim) : claim;
  if (typeof claimed !== 'string' || !DIGITS.test(claimed)) throw new SidebarAuthError('ticket-claim');
  if (claimed !== input.ticketId) throw new SidebarAuthError('ticket-mismatch');

  const agent = payload.agent_id;
  const agentId = typeof agent === 'number' || (typeof agent === 'string' && DIGITS.test(agent)) ? String(agent) : undefined;
  return agentId === undefined ? { ticketId: claimed } : { ticketId: claimed, agentId };
}

/** Maps jose's stable error codes (not its messages) to our reasons. */
function reasonOf(error: unknown): SidebarAuthReason {
  const code = typeof error === 'object' && error !== null && 'code' in error ? (error as { code: unknown }).code : undefined;
  switch (code) {
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return 'algorithm';
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'signature';
    case 'ERR_JWT_EXPIRED':
      return 'expired';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return 'claims';
    default:
      return 'malformed';
  }
}
