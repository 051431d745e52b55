import { describe, expect, it } from 'vitest';

import { parseRetryAfterMs } from '../../../src/zendesk/parse-retry-after.js';

describe('parseRetryAfterMs', () => {
  it('reads whole and fractional seconds', () => {
    expect(parseRetryAfterMs('41')).toBe(41_000);
    expect(parseRetryAfterMs(' 0.5 ')).toBe(500);
    expect(parseRetryAfterMs('0')).toBe(0);
  });

  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('2026-11-20T10:15:00Z');
    expect(parseRetryAfterMs('Fri, 20 Nov 2026 10:15:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfterMs('Fri, 20 Nov 2026 10:14:00 GMT', now)).toBe(0);
  });

  it('gives undefined when absent or unreadable', () => {
    expect(parseRetryAfterMs(null)).toBeUndefined();
    expect(parseRetryAfterMs(undefined)).toBeUndefined();
    expect(parseRetryAfterMs('')).toBeUndefined();
    expect(parseRetryAfterMs('soon')).toBeUndefined();
    expect(parseRetryAfterMs('-5')).toBeUndefined();
  });
});
