import type { BackoffOptions } from 'bullmq';

/**
 * Retry policy of triage jobs for transient Zendesk failures (5xx, timeouts, network, repeated
 * 409s), set on each job by whoever adds it (the webhook receiver, the sweep, the worker's
 * re-queue). Rate limits (429) never spend an attempt: the processor pauses the queue instead.
 * How long each retry waits is the worker's backoff strategy (worker/triage-backoff.ts).
 */
export const TRIAGE_JOB_ATTEMPTS = 8;

/**
 * A type BullMQ does not know, so it calls the worker's `settings.backoffStrategy`. Jobs must be
 * added with `backoff: TRIAGE_BACKOFF` (and `attempts: TRIAGE_JOB_ATTEMPTS`); a built-in type
 * (`exponential`) would bypass the worker's strategy.
 */
export const TRIAGE_BACKOFF_TYPE = 'triage-full-jitter';
export const TRIAGE_BACKOFF: BackoffOptions = { type: TRIAGE_BACKOFF_TYPE };
export const TRIAGE_JOB_RETRY_OPTIONS = { attempts: TRIAGE_JOB_ATTEMPTS, backoff: TRIAGE_BACKOFF } as const;
