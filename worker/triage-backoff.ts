// The worker's side of the triage jobs' retry policy (src/queue/triage-job-retry.ts, which
// every producer uses): how long each retry waits.
import { TRIAGE_BACKOFF_TYPE } from '../src/queue/triage-job-retry.js';

/** First retry waits up to this, in milliseconds. */
export const TRIAGE_BACKOFF_BASE_MS = 1_000;
/** No single wait is longer than this, in milliseconds. */
export const TRIAGE_BACKOFF_CAP_MS = 60_000;

/**
 * Exponential backoff with full jitter (AWS "Exponential Backoff and Jitter"): a uniform draw in
 * [0, min(cap, base · 2^(attempt-1))], so workers that failed together do not retry together.
 * A server that said when to come back (503 + Retry-After) is not asked earlier.
 */
export function triageBackoffDelayMs(attemptsMade: number, error?: unknown, random: () => number = Math.random): number {
  const exponent = Math.max(0, attemptsMade - 1);
  const ceiling = Math.min(TRIAGE_BACKOFF_CAP_MS, TRIAGE_BACKOFF_BASE_MS * 2 ** Math.min(exponent, 30));
  const jittered = Math.floor(random() * ceiling);
  const retryAfterMs = retryAfterOf(error);
  return retryAfterMs === undefined ? jittered : Math.max(jittered, Math.min(retryAfterMs, TRIAGE_BACKOFF_CAP_MS));
}

function retryAfterOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('retryAfterMs' in error)) return undefined;
  const value = (error as { retryAfterMs: unknown }).retryAfterMs;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** `settings.backoffStrategy` for the triage Worker; other types fall back to BullMQ's fixed 0. */
export function triageBackoffStrategy(attemptsMade: number, type?: string, error?: Error): number {
  if (type !== TRIAGE_BACKOFF_TYPE) return 0;
  return triageBackoffDelayMs(attemptsMade, error);
}
