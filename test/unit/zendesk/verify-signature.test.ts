import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signZendeskWebhook, zendeskTimestamp } from '../../../src/zendesk/sign-webhook.js';
import { verifyZendeskSignature, type VerifySignatureInput } from '../../../src/zendesk/verify-signature.js';

// Zendesk's documented test secret; the expected signature was computed independently with
// `printf '%s' "$TS$BODY" | openssl dgst -sha256 -hmac "$SECRET" -binary | base64`.
const TEST_SECRET = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==';
const KNOWN_TIMESTAMP = '2021-03-25T05:09:27Z';
const KNOWN_BODY = '{"event":"created","ticket_id":"123"}';
const KNOWN_SIGNATURE = 'ZRLH7N6TdOXyiSpBSKjEY/HVCTQYz31tQk6Is4C0w2w=';
const KNOWN_NOW = Date.parse(KNOWN_TIMESTAMP) + 10_000;

const OTHER_SECRET = 'a-completely-different-secret';

function verify(overrides: Partial<VerifySignatureInput> = {}) {
  return verifyZendeskSignature({
    rawBody: Buffer.from(KNOWN_BODY),
    signature: KNOWN_SIGNATURE,
    timestamp: KNOWN_TIMESTAMP,
    secrets: [TEST_SECRET],
    now: KNOWN_NOW,
    ...overrides,
  });
}

describe('signZendeskWebhook', () => {
  it('matches the known-answer vector', () => {
    expect(signZendeskWebhook({ rawBody: KNOWN_BODY, secret: TEST_SECRET, timestamp: KNOWN_TIMESTAMP }).signature).toBe(KNOWN_SIGNATURE);
  });

  it('formats timestamps like Zendesk (seconds, UTC, Z)', () => {
    expect(zendeskTimestamp(new Date('2021-03-25T05:09:27.987Z'))).toBe('2021-03-25T05:09:27Z');
  });
});

describe('verifyZendeskSignature', () => {
  it('accepts the known-answer vector', () => {
    expect(verify()).toMatchObject({ ok: true, secretIndex: 0 });
  });

  it('accepts an older secret while it is still listed (rotation) and reports which one matched', () => {
    expect(verify({ secrets: [OTHER_SECRET, TEST_SECRET] })).toMatchObject({ ok: true, secretIndex: 1 });
  });

  const flippedBody = Buffer.from(KNOWN_BODY);
  flippedBody[5] = flippedBody[5]! ^ 0x01;
  const notBase64 = `${KNOWN_SIGNATURE.slice(0, 40)}!!!=`;

  it.each([
    ['missing signature', { signature: undefined }, 'missing-signature'],
    ['empty signature', { signature: '' }, 'missing-signature'],
    ['missing timestamp', { timestamp: undefined }, 'missing-timestamp'],
    ['wrong secret', { secrets: [OTHER_SECRET] }, 'mismatch'],
    ['old secret after it was removed', { secrets: ['the-new-secret-after-rotation'] }, 'mismatch'],
    ['no secret configured', { secrets: [] }, 'no-secrets'],
    ['signature truncated to 8 characters', { signature: KNOWN_SIGNATURE.slice(0, 8) }, 'malformed-signature'],
    ['non-base64 signature', { signature: notBase64 }, 'malformed-signature'],
    ['hex instead of base64', { signature: 'ab'.repeat(32) }, 'malformed-signature'],
    ['duplicated signature header', { signature: [KNOWN_SIGNATURE, KNOWN_SIGNATURE] }, 'duplicate-header'],
    ['headers joined by a proxy', { signature: `${KNOWN_SIGNATURE}, ${KNOWN_SIGNATURE}` }, 'malformed-signature'],
    ['signature of another body', { rawBody: Buffer.from('{"event":"created","ticket_id":"124"}') }, 'mismatch'],
    ['one byte of the body flipped', { rawBody: flippedBody }, 'mismatch'],
    ['JSON re-serialized with other whitespace', { rawBody: Buffer.from(JSON.stringify(JSON.parse(KNOWN_BODY), null, 1)) }, 'mismatch'],
    ['empty body', { rawBody: Buffer.alloc(0) }, 'mismatch'],
    ['stale timestamp (301 s old)', { now: Date.parse(KNOWN_TIMESTAMP) + 301_000 }, 'stale-timestamp'],
    ['future timestamp (301 s ahead)', { now: Date.parse(KNOWN_TIMESTAMP) - 301_000 }, 'future-timestamp'],
    ['epoch-seconds timestamp', { timestamp: String(Date.parse(KNOWN_TIMESTAMP) / 1000) }, 'malformed-timestamp'],
    ['timestamp with trailing characters', { timestamp: `${KNOWN_TIMESTAMP} ` }, 'malformed-timestamp'],
    ['timestamp with an offset instead of Z', { timestamp: '2021-03-25T06:09:27+01:00' }, 'malformed-timestamp'],
    ['impossible date', { timestamp: '2021-02-30T05:09:27Z' }, 'malformed-timestamp'],
    ['duplicated timestamp header', { timestamp: [KNOWN_TIMESTAMP, KNOWN_TIMESTAMP] }, 'duplicate-header'],
  ] as const)('rejects %s', (_name, overrides, reason) => {
    const result = verify(overrides as Partial<VerifySignatureInput>);
    expect(result).toMatchObject({ ok: false, reason });
  });

  it('rejects a boundary shift that keeps timestamp + body identical', () => {
    // Same signed bytes, split differently: only the strict timestamp format stops it.
    const shiftedIntoTimestamp = verify({ timestamp: `${KNOWN_TIMESTAMP}{`, rawBody: Buffer.from(KNOWN_BODY.slice(1)) });
    const shiftedIntoBody = verify({ timestamp: KNOWN_TIMESTAMP.slice(0, -1), rawBody: Buffer.from(`Z${KNOWN_BODY}`) });
    expect(shiftedIntoTimestamp).toMatchObject({ ok: false, reason: 'malformed-timestamp' });
    expect(shiftedIntoBody).toMatchObject({ ok: false, reason: 'malformed-timestamp' });
  });

  it('accepts the exact tolerance edges and fractional seconds', () => {
    const at = Date.parse(KNOWN_TIMESTAMP);
    expect(verify({ now: at + 300_000 }).ok).toBe(true);
    expect(verify({ now: at - 300_000 }).ok).toBe(true);
    const fractional = '2021-03-25T05:09:27.123456789Z';
    const signed = signZendeskWebhook({ rawBody: KNOWN_BODY, secret: TEST_SECRET, timestamp: fractional });
    expect(verify({ timestamp: fractional, signature: signed.signature }).ok).toBe(true);
  });

  it('names the secret variable in the mismatch detail, for the log', () => {
    const result = verify({ secrets: [OTHER_SECRET] });
    expect(result.ok ? '' : result.detail).toContain('ZENDESK_WEBHOOK_SECRET');
  });

  describe('properties', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const timestampArb = fc.integer({ min: now - 299_000, max: now + 299_000 }).map((ms) => zendeskTimestamp(new Date(ms)));

    it('never throws on arbitrary input', () => {
      fc.assert(
        fc.property(
          fc.uint8Array({ maxLength: 512 }),
          fc.option(fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 })), { nil: undefined }),
          fc.option(fc.oneof(fc.string(), timestampArb), { nil: undefined }),
          fc.array(fc.string(), { maxLength: 3 }),
          (rawBody, signature, timestamp, secrets) => {
            const result = verifyZendeskSignature({ rawBody, signature, timestamp, secrets, now });
            expect(typeof result.ok).toBe('boolean');
          },
        ),
        { numRuns: 500 },
      );
    });

    it('sign → verify is true, and flipping any single bit makes it false', () => {
      fc.assert(
        fc.property(
          fc.uint8Array({ minLength: 1, maxLength: 256 }),
          fc.string({ minLength: 1, maxLength: 64 }),
          timestampArb,
          fc.nat(),
          (bytes, secret, timestamp, bitSeed) => {
            const rawBody = Buffer.from(bytes);
            const { signature } = signZendeskWebhook({ rawBody, secret, timestamp });
            expect(verifyZendeskSignature({ rawBody, signature, timestamp, secrets: [secret], now }).ok).toBe(true);
            const flipped = Buffer.from(rawBody);
            const bit = bitSeed % (flipped.length * 8);
            flipped[bit >> 3] = flipped[bit >> 3]! ^ (1 << (bit & 7));
            expect(verifyZendeskSignature({ rawBody: flipped, signature, timestamp, secrets: [secret], now }).ok).toBe(false);
          },
        ),
        { numRuns: 300 },
      );
    });
  });
});
