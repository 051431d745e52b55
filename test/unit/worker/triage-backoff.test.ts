import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  TRIAGE_BACKOFF_BASE_MS,
  TRIAGE_BACKOFF_CAP_MS,
  triageBackoffDelayMs,
  triageBackoffStrategy,
} from '../../../worker/triage-backoff.js';
import { TRIAGE_BACKOFF_TYPE } from '../../../src/queue/triage-job-retry.js';

describe('triage backoff', () => {
  it('draws uniformly below base · 2^(attempt-1)', () => {
    expect(triageBackoffDelayMs(1, undefined, () => 0.999)).toBe(TRIAGE_BACKOFF_BASE_MS - 1);
    expect(triageBackoffDelayMs(3, undefined, () => 0.5)).toBe(2 * TRIAGE_BACKOFF_BASE_MS);
    expect(triageBackoffDelayMs(3, undefined, () => 0)).toBe(0);
  });

  it('never exceeds the cap, whatever the attempt', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 0.9999999, noNaN: true }), (attempt, draw) => {
        const delay = triageBackoffDelayMs(attempt, undefined, () => draw);
        return delay >= 0 && delay < TRIAGE_BACKOFF_CAP_MS;
      }),
    );
  });

  it('waits at least a server-given Retry-After (capped)', () => {
    expect(triageBackoffDelayMs(1, { retryAfterMs: 7_000 }, () => 0.1)).toBe(7_000);
    expect(triageBackoffDelayMs(1, { retryAfterMs: 3_600_000 }, () => 0.1)).toBe(TRIAGE_BACKOFF_CAP_MS);
    expect(triageBackoffDelayMs(1, { retryAfterMs: 'soon' }, () => 0.5)).toBe(500);
  });

  it('spreads retries (jitter), unlike plain exponential backoff', () => {
    const delays = new Set(Array.from({ length: 50 }, () => triageBackoffDelayMs(6)));
    expect(delays.size).toBeGreaterThan(10);
  });

  it('applies only to its own backoff type', () => {
    expect(triageBackoffStrategy(2, 'something-else')).toBe(0);
    expect(triageBackoffStrategy(7, TRIAGE_BACKOFF_TYPE)).toBeLessThan(TRIAGE_BACKOFF_CAP_MS);
  });
});
