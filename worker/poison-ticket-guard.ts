import { Semaphore } from 'async-mutex';
import { DelayedError, UnrecoverableError } from 'bullmq';
import type { Redis } from 'ioredis';

/** The failed reason of a job that stopped the worker process while it ran alone. */
export const POISON_TICKET_REASON = 'poison ticket: the worker process stopped each time this job ran alone';

/** Seven days, in seconds: a crash count outlives any realistic restart loop, and then goes. */
const SOLO_START_TTL_SEC = 7 * 24 * 3600;

/** The part of a BullMQ job the guard reads and moves. */
export interface GuardedJob {
  id?: string | undefined;
  /** Times BullMQ recovered this job from a worker whose lock expired (a dead or frozen process). */
  stalledCounter: number;
  moveToDelayed(timestamp: number, token?: string): Promise<void>;
}

export interface PoisonTicketGuardOptions {
  redis: Pick<Redis, 'multi' | 'del'>;
  /** The queue's key prefix (QUEUE_PREFIX). */
  prefix: string;
  /** The worker's WORKER_CONCURRENCY. */
  concurrency: number;
  /** Deaths of the process while the job ran alone, after which it is failed instead of run again. */
  maxSoloCrashes: number;
  /** Sets how many jobs the worker holds at once (BullMQ's `worker.concurrency` setter). */
  setConcurrency(concurrency: number): void;
  /** How long a job fetched while a suspect runs waits before another worker may take it, in ms. @defaultValue 1_000 */
  putBackDelayMs?: number;
  /** Called when a suspect job (recovered from a dead worker) starts running alone. */
  onSoloStart?(jobId: string, soloStarts: number): void;
  /** Called when the crash count could not be cleared (Redis down): the next solo start counts one too many. */
  onClearFailed?(jobId: string, error: unknown): void;
}

export interface PoisonTicketGuard {
  /**
   * Runs `process` for `job` under the guard. Rejects with BullMQ's DelayedError when the job was
   * put back (a suspect runs alone in this process), and with an UnrecoverableError whose message is
   * POISON_TICKET_REASON when the job already stopped the process `maxSoloCrashes` times alone.
   */
  run<T>(job: GuardedJob, token: string | undefined, process: () => Promise<T>): Promise<T>;
  /**
   * Clears the solo-run count of the job running alone here, if any: called when a shutdown cuts
   * it short, which is no crash of its own. Never rejects.
   */
  abandon(): Promise<void>;
}

/**
 * Tells a poison ticket from the tickets that merely ran beside it when it killed the worker.
 *
 * BullMQ counts a stall against every job active in a process that died, so at
 * WORKER_CONCURRENCY > 1 its own `maxStalledCount` fails the innocent tickets with the poison one
 * and they never get their note. Here a job BullMQ recovered from a dead worker
 * (`stalledCounter > 0`) is a suspect: it runs only when nothing else runs in this process (it
 * takes every slot, the worker stops fetching, and a job fetched meanwhile is put back), and each
 * such solo start is counted in Redis before it runs and cleared when it ends, however it ends.
 * A count still standing at the next start means the process died while the job ran alone: after
 * `maxSoloCrashes` of those the job is failed with POISON_TICKET_REASON. BullMQ's
 * `maxStalledCount` stays above that as a backstop. Stalled-job semantics:
 * https://docs.bullmq.io/guide/workers/stalled-jobs
 */
export function createPoisonTicketGuard(options: PoisonTicketGuardOptions): PoisonTicketGuard {
  const slots = new Semaphore(options.concurrency);
  const putBackDelayMs = options.putBackDelayMs ?? 1_000;
  let suspectInProcess = false;
  /** The job running alone here, between its count and the end of its run. */
  let runningAlone: string | null = null;
  const soloStartsKey = (jobId: string) => `${options.prefix}:solo-starts:v1:${jobId}`;

  async function runAlone<T>(jobId: string, process: () => Promise<T>): Promise<T> {
    const key = soloStartsKey(jobId);
    const replies = await options.redis.multi().incr(key).expire(key, SOLO_START_TTL_SEC).exec();
    const soloStarts = Number(replies?.[0]?.[1] ?? 0);
    if (soloStarts > options.maxSoloCrashes) {
      await options.redis.del(key).catch((error: unknown) => options.onClearFailed?.(jobId, error));
      throw new UnrecoverableError(POISON_TICKET_REASON);
    }
    options.onSoloStart?.(jobId, soloStarts);
    runningAlone = jobId;
    try {
      return await process();
    } finally {
      runningAlone = null;
      await options.redis.del(key).catch((error: unknown) => options.onClearFailed?.(jobId, error));
    }
  }

  return {
    async abandon() {
      const jobId = runningAlone;
      if (jobId === null) return;
      await options.redis.del(soloStartsKey(jobId)).catch((error: unknown) => options.onClearFailed?.(jobId, error));
    },
    async run(job, token, process) {
      if (suspectInProcess) {
        // Nothing may run beside a suspect, or its crash would be blamed on this job too.
        await job.moveToDelayed(Date.now() + putBackDelayMs, token);
        throw new DelayedError();
      }
      if (job.stalledCounter === 0 || !job.id) return slots.runExclusive(process, 1);
      const jobId = job.id;
      suspectInProcess = true;
      options.setConcurrency(1);
      try {
        // Every slot: waits until the jobs already running here have ended.
        return await slots.runExclusive(() => runAlone(jobId, process), options.concurrency);
      } finally {
        suspectInProcess = false;
        options.setConcurrency(options.concurrency);
      }
    },
  };
}
