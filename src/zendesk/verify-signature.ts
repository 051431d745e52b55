import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Zendesk signs `timestamp + body` with no separator, so the timestamp format is checked
 * strictly: a looser check would let characters move between the header and the body
 * without changing the signed bytes.
 */
export const ZENDESK_TIMESTAMP_FORMAT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

// base64 of a 32-byte SHA-256 digest is always 43 characters plus one "=".
const SIGNATURE_FORMAT = /^[A-Za-z0-9+/]{43}=$/;

export type SignatureFailureReason =
  | 'missing-signature'
  | 'missing-timestamp'
  | 'duplicate-header'
  | 'malformed-timestamp'
  | 'malformed-signature'
  | 'stale-timestamp'
  | 'future-timestamp'
  | 'no-secrets'
  | 'mismatch';

export type SignatureResult =
  | {
      ok: true;
      /** Index in `secrets` of the secret that matched (>0: an older secret during rotation). */ secretIndex: number;
      signedAt: Date;
    }
  | { ok: false; reason: SignatureFailureReason; /** For logs: what failed and what to check. Never contains secrets. */ detail: string };

export interface VerifySignatureInput {
  /** The exact bytes received, before any parsing. */
  rawBody: Uint8Array | string;
  /** `x-zendesk-webhook-signature` as received (an array means the header was sent twice). */
  signature: string | readonly string[] | undefined;
  /** `x-zendesk-webhook-signature-timestamp` as received. */
  timestamp: string | readonly string[] | undefined;
  /** Accepted signing secrets, current first; more than one during rotation. */
  secrets: readonly string[];
  /** Clock, injectable for tests. @defaultValue Date.now() */
  now?: Date | number;
  /** Maximum age and maximum future skew of the timestamp, in seconds. @defaultValue 300 */
  toleranceSec?: number;
}

const fail = (reason: SignatureFailureReason, detail: string): SignatureResult => ({ ok: false, reason, detail });

/** Never throws: every input gets a result with a reason. Compares digests in constant time. */
export function verifyZendeskSignature(input: VerifySignatureInput): SignatureResult {
  const { signature, timestamp, secrets } = input;
  const toleranceSec = input.toleranceSec ?? 300;
  const nowMs = input.now === undefined ? Date.now() : typeof input.now === 'number' ? input.now : input.now.getTime();

  if (signature === undefined || signature === '')
    return fail('missing-signature', 'x-zendesk-webhook-signature header is missing or empty');
  if (timestamp === undefined || timestamp === '')
    return fail('missing-timestamp', 'x-zendesk-webhook-signature-timestamp header is missing or empty');
  if (typeof signature !== 'string' || typeof timestamp !== 'string') {
    return fail('duplicate-header', 'a signature header was sent more than once');
  }
  if (!ZENDESK_TIMESTAMP_FORMAT.test(timestamp)) {
    return fail('malformed-timestamp', 'x-zendesk-webhook-signature-timestamp is not an ISO 8601 UTC time such as 2021-03-25T05:09:27Z');
  }
  const signedAtMs = Date.parse(timestamp);
  // Date.parse rolls 2021-02-30 over to March; the round trip catches impossible dates.
  if (Number.isNaN(signedAtMs) || new Date(signedAtMs).toISOString().slice(0, 19) !== timestamp.slice(0, 19)) {
    return fail('malformed-timestamp', 'x-zendesk-webhook-signature-timestamp is not a valid date');
  }
  if (!SIGNATURE_FORMAT.test(signature)) {
    return fail('malformed-signature', 'x-zendesk-webhook-signature is not a base64 SHA-256 digest (44 characters)');
  }
  const ageMs = nowMs - signedAtMs;
  if (ageMs > toleranceSec * 1000) {
    return fail(
      'stale-timestamp',
      `signature timestamp is ${Math.round(ageMs / 1000)} s old (limit ${toleranceSec} s): a replay, a delayed retry, or a wrong server clock`,
    );
  }
  if (-ageMs > toleranceSec * 1000) {
    return fail(
      'future-timestamp',
      `signature timestamp is ${Math.round(-ageMs / 1000)} s in the future (limit ${toleranceSec} s): check the server clock (NTP)`,
    );
  }
  if (secrets.length === 0) return fail('no-secrets', 'no webhook signing secret is configured (ZENDESK_WEBHOOK_SECRET)');

  const given = Buffer.from(signature, 'base64');
  let matched = -1;
  // Check every secret, so the time taken does not depend on which one matched.
  secrets.forEach((secret, index) => {
    const expected = createHmac('sha256', secret).update(timestamp, 'utf8').update(input.rawBody).digest();
    if (timingSafeEqual(given, expected) && matched === -1) matched = index;
  });
  if (matched === -1) {
    return fail(
      'mismatch',
      "signature does not match: ZENDESK_WEBHOOK_SECRET does not match the webhook's signing secret (Admin Center → Webhooks → Reveal secret), or a proxy changed the body",
    );
  }
  return { ok: true, secretIndex: matched, signedAt: new Date(signedAtMs) };
}
