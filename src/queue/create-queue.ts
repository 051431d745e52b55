import { Queue } from 'bullmq';
import { TRIAGE_JOB_RETRY_OPTIONS } from './triage-job-retry.js';
import { TRIAGE_QUEUE } from './queue-names.js';
import { producerConnectionOptions } from './redis-connection-options.js';
import type { TriageJob } from './triage-job.js';

export type TriageQueue = Queue<TriageJob>;

export const SEVEN_DAYS_SEC = 7 * 24 * 60 * 60;

/**
 * The producer side of the triage queue (receiver, sweep, CLI). Finished jobs are kept for
 * 7 days (at most 10,000 completed, 50,000 failed) because a jobId only deduplicates while
 * the job exists: Zendesk re-deliveries within that window are recognised as duplicates.
 * Retries follow the worker's policy (worker/triage-backoff.ts: capped full-jitter backoff,
 * rate limits spend no attempt).
 */
export function createTriageQueue(options: {
  redisUrl: string;
  prefix: string;
  /** Connection errors (Redis down, reconnecting). Without a listener BullMQ prints them to stderr. */
  onError?: (error: Error) => void;
}): TriageQueue {
  const queue = new Queue<TriageJob>(TRIAGE_QUEUE, {
    connection: producerConnectionOptions(options.redisUrl),
    prefix: options.prefix,
    defaultJobOptions: {
      ...TRIAGE_JOB_RETRY_OPTIONS,
      removeOnComplete: { age: SEVEN_DAYS_SEC, count: 10_000 },
      removeOnFail: { age: SEVEN_DAYS_SEC, count: 50_000 },
    },
  });
  queue.on('error', options.onError ?? (() => undefined));
  return queue;
}
