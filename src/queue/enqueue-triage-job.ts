import type { JobsOptions } from 'bullmq';
import { triageJobSchema, type TriageJob } from './triage-job.js';
import type { TriageQueue } from './create-queue.js';
import { TimeoutError, withTimeout } from '../util/with-timeout.js';

export type EnqueueResult = { status: 'queued' | 'duplicate'; jobId: string };

/** Redis did not store the job in time or is unreachable; the caller answers 503 + Retry-After. */
export class QueueUnavailableError extends Error {
  override name = 'QueueUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Default budget for storing one job: far below Zendesk's 12 s webhook timeout. */
export const DEFAULT_ENQUEUE_TIMEOUT_MS = 2_000;

/**
 * Re-runs of one ticket share a BullMQ deduplication id: a re-run that arrives while another
 * is still waiting merges into it; one that arrives while another runs is kept and queued when
 * that one finishes (`keepLastIfActive`: it may carry data the running job did not read); one
 * that arrives after the last finished is a new job. Customer replies and agent replies are
 * merged the same way, each kind on its own.
 * Created and sweep jobs are once per ticket by their job id and need none.
 */
export function deduplicationIdOf(job: Pick<TriageJob, 'ticketId' | 'event'>): string | null {
  if (job.event === 'rerun' || job.event === 'manual') return `ticket-${job.ticketId}-rerun`;
  if (job.event === 'customer_reply') return `ticket-${job.ticketId}-reply`;
  if (job.event === 'agent_reply') return `ticket-${job.ticketId}-agent-reply`;
  return null;
}

/**
 * Adds a triage job under jobId = requestKey and resolves only once Redis has stored it.
 * BullMQ ignores an add whose jobId exists (the same delivery again); we tell the two apart by
 * reading the stored job's `receivedAt` back (two deliveries in the same millisecond may both
 * say "queued", but only one job exists either way). A re-run merged into a waiting one by
 * deduplication answers "duplicate" with the waiting job's id.
 */
export async function enqueueTriageJob(
  queue: TriageQueue,
  job: TriageJob,
  options: { timeoutMs?: number; jobOptions?: JobsOptions } = {},
): Promise<EnqueueResult> {
  const data = triageJobSchema.parse(job);
  if (data.requestKey.includes(':') || /^\d+$/.test(data.requestKey)) {
    // BullMQ reserves ':' and treats all-digit ids as its own counters.
    throw new TypeError(`requestKey must not contain ':' nor be all digits (got '${data.requestKey}')`);
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_ENQUEUE_TIMEOUT_MS;
  const jobId = data.requestKey;
  return timeoutAsUnavailable(
    (async () => {
      const deduplicationId = deduplicationIdOf(data);
      const added = await queue.add(data.event, data, {
        ...options.jobOptions,
        jobId,
        ...(deduplicationId ? { deduplication: { id: deduplicationId, keepLastIfActive: true } } : {}),
      });
      const stored = await queue.getJob(jobId);
      if (added.id !== undefined && added.id !== jobId && stored === undefined) {
        // Deduplicated: merged into a waiting job, or kept for after the running one (BullMQ
        // then answers the running job's id and creates ours when that one finishes).
        const running = (await queue.getJobState(added.id)) === 'active';
        return running ? ({ status: 'queued', jobId } as const) : ({ status: 'duplicate', jobId: added.id } as const);
      }
      const duplicate = stored !== undefined && stored.data.receivedAt !== data.receivedAt;
      return { status: duplicate ? 'duplicate' : 'queued', jobId } as const;
    })(),
    timeoutMs,
  );
}

function timeoutAsUnavailable<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  return withTimeout(
    work.catch((error: unknown) => {
      throw new QueueUnavailableError(`could not store the job in Redis: ${(error as Error).message}`, { cause: error });
    }),
    timeoutMs,
  ).catch((error: unknown) => {
    if (error instanceof TimeoutError)
      throw new QueueUnavailableError(`Redis did not store the job within ${timeoutMs} ms`, { cause: error });
    throw error;
  });
}
