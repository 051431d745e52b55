import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';

import type { Config } from '../src/config.js';
import type { Logger } from '../src/observability/logger.js';
import type { Metrics } from '../src/observability/metrics.js';
import { TRIAGE_QUEUE } from '../src/queue/queue-names.js';
import { SEVEN_DAYS_SEC, type TriageQueue } from '../src/queue/create-queue.js';
import type { TriageJob } from '../src/queue/triage-job.js';
import type { DiagnosisStore } from '../src/store/diagnosis-store.js';
import type { FeedbackStore } from '../src/store/feedback-store.js';
import { createQuarantineStore, STALLED_TOO_OFTEN } from '../src/store/quarantine-store.js';
import { runSweep, type SweepResult } from '../src/sweep/run-sweep.js';
import type { TriageService } from '../src/triage/threads/isolated-triage.js';
import type { ZendeskClient } from '../src/zendesk/client.js';
import { createTriageProcessor, type TriageJobResult } from './process-triage-job.js';
import { TRIAGE_JOB_RETRY_OPTIONS } from '../src/queue/triage-job-retry.js';
import { triageBackoffStrategy } from './triage-backoff.js';
import { createZendeskPause } from '../src/zendesk/zendesk-pause.js';
import { ZendeskError } from '../src/zendesk/errors.js';
import { createRedisTroubleReporter, isRedisConnectionError, type RedisTroubleReporter } from '../src/queue/redis-trouble.js';
import { logFailureLine } from '../src/observability/log-failure.js';
import { createZendeskUpdateLimiter } from './zendesk-update-limiter.js';
import { createPoisonTicketGuard, POISON_TICKET_REASON } from './poison-ticket-guard.js';
import { holdBackMs, type RateLimitFeed } from '../src/zendesk/rate-limit-headers.js';

/** The catch-up sweep has its own queue, so its runs never count against the Zendesk update budget. */
export const SWEEP_QUEUE = 'sweep';
const SWEEP_SCHEDULER_ID = 'catch-up-sweep';

export interface WorkerLockSettings {
  /**
   * How long a job's lock lives without renewal, in milliseconds. Renewed every half of it, so it
   * only expires when the process is gone or its event loop is blocked that long.
   */
  lockDurationMs: number;
  /** How often any worker looks for jobs whose lock expired, in milliseconds. */
  stalledIntervalMs: number;
  /**
   * Deaths of the worker process while a recovered job ran alone in it, after which that job is
   * failed as a poison ticket (worker/poison-ticket-guard.ts).
   */
  maxSoloCrashes: number;
  /**
   * BullMQ's own limit on recoveries from dead workers, a backstop above `maxSoloCrashes`: it
   * also counts the stalls of tickets that merely ran beside a poison one.
   */
  maxStalledCount: number;
  /** Seconds an idle worker blocks waiting for a job. */
  drainDelaySec: number;
}

/**
 * Production choice: a 30 s lock (BullMQ's default) tolerates event-loop stalls and slow Redis,
 * but the stalled check runs every 5 s instead of 30 s, so a job of a SIGKILLed worker is
 * re-run within about 35 s instead of 60 s. Re-running is safe (the note marker makes it a
 * no-op); a ticket that kills the worker is failed after 3 deaths: its first run, then 2 runs alone.
 */
export const PRODUCTION_LOCKS: WorkerLockSettings = {
  lockDurationMs: 30_000,
  stalledIntervalMs: 5_000,
  maxSoloCrashes: 2,
  maxStalledCount: 6,
  drainDelaySec: 5,
};

export interface StartWorkerDeps {
  config: Pick<
    Config,
    'queuePrefix' | 'workerConcurrency' | 'zendeskUpdatesPerMinute' | 'triageWrite' | 'sweepIntervalMinutes' | 'shutdownGraceMs'
  > &
    Partial<Pick<Config, 'noteOnOther' | 'triageScope'>>;
  /**
   * False when the API user may not read the incremental export (an agent's token, see
   * src/sweep/sweep-access.ts): the sweep is not scheduled. @defaultValue true
   */
  sweepAllowed?: boolean;
  /** Options (with `maxRetriesPerRequest: null`, see workerConnectionOptions) or a client we do not own. */
  connection: RedisOptions | Redis;
  zendesk: Pick<ZendeskClient, 'getTicket' | 'listComments' | 'updateTicket' | 'incrementalTicketsSince'>;
  triage: TriageService;
  store: DiagnosisStore;
  /** Agents' corrections (read on re-runs; hand-made tag changes are recorded in it). */
  feedbackStore?: FeedbackStore;
  /** Called after a hand-made tag change was recorded as a correction (learning, when on). */
  onFeedback?: () => void;
  log: Logger;
  metrics?: Metrics;
  /**
   * The process's Redis connection reporter (src/queue/redis-trouble.ts), shared with the API
   * role's connections; one of the worker's own is made when absent.
   */
  redisTrouble?: RedisTroubleReporter;
  /** Test overrides of PRODUCTION_LOCKS. */
  locks?: Partial<WorkerLockSettings>;
  /** Producer queue the sweep adds jobs to; one with the receiver's job defaults is built when absent. */
  queue?: TriageQueue;
  /**
   * Length of the update budget's "minute", in ms: benchmarks scale it together with the
   * stand-in's `minuteMs`. @defaultValue 60_000
   */
  limiterDurationMs?: number;
  /**
   * The budgets the Zendesk client reports (its `onRateLimit` publishes them): when one is about
   * spent, by us or by another integration on the account, every worker holds back its calls
   * until that window resets, instead of running into 429s. Without it the worker reads none.
   */
  rateLimits?: Pick<RateLimitFeed, 'subscribe'>;
}

export interface StartedWorker {
  worker: Worker<TriageJob, TriageJobResult>;
  /** Null when SWEEP_INTERVAL_MINUTES is 0. */
  sweepWorker: Worker<Record<string, never>, SweepResult> | null;
  /** Drains running jobs for at most SHUTDOWN_GRACE_MS, then forces; idempotent. */
  close(): Promise<void>;
}

/**
 * Share of a Zendesk budget left at which every worker holds back until it resets: 1%, under the
 * 2% our own update limiter never touches (it caps any window at the budget less 2%), so only
 * someone else's calls bring us there. At 2% the benchmark's own catch-up bursts (98 of 100 in
 * a window) set it off and lost a third of the next window to the reset's rounding up to whole
 * seconds.
 */
export const RATE_LIMIT_RESERVE_SHARE = 0.01;
/** Requests always kept back, whatever the share: the one a job may have on the wire meanwhile. */
export const RATE_LIMIT_RESERVE_REQUESTS = 1;

/**
 * The worker role: triages queued tickets, honouring the Zendesk update budget
 * (ZENDESK_UPDATES_PER_MINUTE) across all workers of the queue, and runs the catch-up sweep.
 */
export async function startWorker(deps: StartWorkerDeps): Promise<StartedWorker> {
  const { config, log } = deps;
  const locks = { ...PRODUCTION_LOCKS, ...deps.locks };
  if (locks.maxStalledCount <= locks.maxSoloCrashes) {
    // A poison job is recovered once more than it crashed alone before the guard fails it.
    throw new Error(`maxStalledCount (${locks.maxStalledCount}) must be above maxSoloCrashes (${locks.maxSoloCrashes})`);
  }
  const connection = deps.connection as ConnectionOptions;
  const prefix = config.queuePrefix;
  // Our own client for the shared Zendesk pause; BullMQ duplicates a passed client for itself.
  const redis = deps.connection instanceof Redis ? deps.connection.duplicate() : new Redis(deps.connection);
  // Redis down means an error on every reconnect attempt (up to 5 a second) from each connection:
  // connection errors go to one reporter (one line per outage, then a reminder every 30 s);
  // anything else is logged with its stack, each kind at most once per 30 s.
  const trouble = deps.redisTrouble ?? createRedisTroubleReporter({ log, target: describeRedisTarget(deps.connection) });
  const otherTrouble = throttled(30_000);
  const onRedisError = (source: string, level: 'warn' | 'error') => (error: Error) => {
    if (isRedisConnectionError(error)) trouble.report(source, error);
    else otherTrouble(source, () => log[level]({ err: error }, `${source} error`));
  };
  redis.on('error', onRedisError('worker Redis connection', 'warn'));
  redis.on('ready', () => trouble.recovered());
  const pause = createZendeskPause({ redis, prefix });
  const quarantine = createQuarantineStore({ redis, prefix });

  const updates = createZendeskUpdateLimiter({
    redis,
    prefix,
    perWindow: config.zendeskUpdatesPerMinute,
    windowMs: deps.limiterDurationMs ?? 60_000,
  });

  let worker: Worker<TriageJob, TriageJobResult> | undefined;
  const processor = createTriageProcessor({
    zendesk: {
      getTicket: (...args) => deps.zendesk.getTicket(...args),
      listComments: (...args) => deps.zendesk.listComments(...args),
      // Every update waits for room in the shared budget, whenever the burst started.
      updateTicket: async (...args) => {
        await updates.acquire();
        return deps.zendesk.updateTicket(...args);
      },
    },
    triage: deps.triage,
    store: deps.store,
    ...(deps.feedbackStore ? { feedbackStore: deps.feedbackStore } : {}),
    ...(deps.onFeedback ? { onFeedback: deps.onFeedback } : {}),
    log,
    config,
    pause,
    rateLimit: async (ms) => {
      // Deprecated alias of queue.rateLimit in BullMQ 6, same Redis key; kept for its locality.
      if (worker) await worker.rateLimit(ms);
    },
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
  });

  const poisonGuard = createPoisonTicketGuard({
    redis,
    prefix,
    concurrency: config.workerConcurrency,
    maxSoloCrashes: locks.maxSoloCrashes,
    setConcurrency: (concurrency) => {
      if (worker) worker.concurrency = concurrency;
    },
    onSoloStart: (jobId, soloStarts) =>
      log.warn({ jobId, soloStarts }, 'job recovered from a stopped worker runs alone, to tell a poison ticket from its neighbours'),
    onClearFailed: (jobId, error) => log.warn({ jobId, err: error }, 'could not clear the solo-run count of a job'),
  });

  worker = new Worker<TriageJob, TriageJobResult>(
    TRIAGE_QUEUE,
    (job: Job<TriageJob, TriageJobResult>, token?: string) => poisonGuard.run(job, token, () => processor(job)),
    {
      connection,
      prefix,
      concurrency: config.workerConcurrency,
      // Caps job starts (and so reads) at the update budget; the budget itself is kept by
      // `updates` above, since this window starts with the first job, not with Zendesk's.
      limiter: { max: config.zendeskUpdatesPerMinute, duration: deps.limiterDurationMs ?? 60_000 },
      lockDuration: locks.lockDurationMs,
      stalledInterval: locks.stalledIntervalMs,
      maxStalledCount: locks.maxStalledCount,
      drainDelay: locks.drainDelaySec,
      settings: { backoffStrategy: triageBackoffStrategy },
    },
  );
  worker.on('error', onRedisError('triage worker', 'error'));
  worker.on('stalled', (jobId) => log.warn({ jobId }, 'job stalled (worker died or blocked): it runs again'));
  worker.on('failed', (job, error) => {
    if (!job) return;
    if (error.message === POISON_TICKET_REASON || error.message === STALLED_TOO_OFTEN) {
      // A poison ticket: its processing killed the worker process (heap exhausted, native crash)
      // each time it ran alone; or, the backstop, BullMQ recovered it more than maxStalledCount times.
      const ticketId = String((job.data as { ticketId?: unknown }).ticketId ?? '');
      const proven = error.message === POISON_TICKET_REASON;
      const why = proven
        ? `the worker process stopped during each of its ${locks.maxSoloCrashes} runs alone, after it had been recovered from a stopped worker`
        : `it was recovered from a stopped worker more than ${locks.maxStalledCount} times`;
      deps.metrics?.jobsTotal.inc({ outcome: 'quarantined' });
      log.error(
        { jobId: job.id, ticketId, soloCrashes: proven ? locks.maxSoloCrashes : undefined, stalls: job.stalledCounter },
        `poison ticket quarantined: ${why}; the catch-up sweep will not queue it again`,
      );
      void Promise.all([
        ticketId && job.id
          ? quarantine.add({ ticketId, jobId: job.id, at: new Date().toISOString(), reason: error.message })
          : Promise.resolve(),
        // Shown under the job's logs in the queue dashboard (Bull Board).
        job.log(`quarantined: ${why} (poison ticket)`),
      ]).catch((cause: unknown) => log.warn({ err: cause, jobId: job.id }, 'could not record the quarantine of a poison ticket'));
      return;
    }
    const exhausted = job.attemptsMade >= (job.opts.attempts ?? 1);
    if (exhausted || error.name === 'UnrecoverableError') {
      log.error(
        { jobId: job.id, ticketId: job.data.ticketId, attempts: job.attemptsMade, reason: job.failedReason },
        'triage job failed for good',
      );
    }
  });

  let sweepWorker: StartedWorker['sweepWorker'] = null;
  let ownQueue: TriageQueue | null = null;
  const sweepQueue = new Queue(SWEEP_QUEUE, { connection, prefix });
  sweepQueue.on('error', onRedisError('sweep queue', 'warn'));
  if (config.sweepIntervalMinutes > 0 && deps.sweepAllowed !== false) {
    const queue =
      deps.queue ??
      (ownQueue = new Queue<TriageJob>(TRIAGE_QUEUE, {
        connection,
        prefix,
        // Same job defaults as the receiver's queue (src/queue/create-queue.ts).
        defaultJobOptions: {
          ...TRIAGE_JOB_RETRY_OPTIONS,
          removeOnComplete: { age: SEVEN_DAYS_SEC, count: 10_000 },
          removeOnFail: { age: SEVEN_DAYS_SEC, count: 50_000 },
        },
      }));
    // Without a listener BullMQ prints each connection error's stack to stderr (console.error).
    ownQueue?.on('error', onRedisError('sweep producer queue', 'warn'));
    sweepWorker = new Worker<Record<string, never>, SweepResult>(
      SWEEP_QUEUE,
      () =>
        runSweep({
          zendesk: deps.zendesk,
          queue,
          redis,
          prefix,
          store: deps.store,
          log,
          pause,
          quarantine,
          scope: config.triageScope ?? null,
          ...(deps.metrics
            ? {
                onMalformed: () => deps.metrics?.sweepMalformedRecordsTotal.inc(),
                onOutOfScope: (kind: string) => deps.metrics?.outOfScopeTotal.inc({ source: 'sweep', kind }),
              }
            : {}),
        }),
      {
        connection,
        prefix,
        concurrency: 1,
        lockDuration: locks.lockDurationMs,
        stalledInterval: locks.stalledIntervalMs,
        drainDelay: locks.drainDelaySec,
      },
    );
    sweepWorker.on('error', onRedisError('sweep worker', 'error'));
    sweepWorker.on('failed', (_job, error) => {
      deps.metrics?.sweepsTotal.inc({ outcome: 'failed' });
      const context = 'catch-up sweep failed';
      const consequence = 'the next run continues from the saved cursor';
      // A Zendesk error's message says the cause and what to check: one line, stack at debug.
      if (error instanceof ZendeskError) logFailureLine(log, 'warn', error, { context, consequence });
      else log.warn({ err: error }, `${context}; ${consequence}`);
    });
    sweepWorker.on('completed', () => deps.metrics?.sweepsTotal.inc({ outcome: 'done' }));
    // One scheduler for all processes (upsert by id), so N workers do not sweep N times.
    await sweepQueue.upsertJobScheduler(
      SWEEP_SCHEDULER_ID,
      { every: config.sweepIntervalMinutes * 60_000 },
      { name: 'sweep', data: {}, opts: { attempts: 1, removeOnComplete: { count: 20 }, removeOnFail: { count: 50 } } },
    );
  } else {
    await sweepQueue.removeJobScheduler(SWEEP_SCHEDULER_ID);
  }

  let closing: Promise<void> | null = null;
  const triageWorker = worker;
  async function closeAll(): Promise<void> {
    const workers = [triageWorker, ...(sweepWorker ? [sweepWorker] : [])];
    // pause() stops fetching and waits for running jobs; BullMQ's own close() has no deadline
    // (and a later close(true) returns the same pending promise), so the drain is bounded here.
    const drained = await withinMs(Promise.allSettled(workers.map((w) => w.pause())), config.shutdownGraceMs);
    if (!drained) {
      log.warn(
        { graceMs: config.shutdownGraceMs },
        'jobs still running after the grace period: closing the worker forcibly (they re-run elsewhere once their lock expires)',
      );
    }
    // A job running alone that a deploy cut short did not kill the process: its solo run must not
    // count towards a poison-ticket quarantine.
    if (!drained) await poisonGuard.abandon();
    await Promise.allSettled(workers.map((w) => w.close(!drained)));
    await Promise.allSettled([sweepQueue.close(), ownQueue?.close()]);
    await redis.quit().catch(() => redis.disconnect());
  }

  const budgetLog = throttled(30_000);
  const unsubscribe = deps.rateLimits?.subscribe(function observeRateLimit(reading) {
    const holdMs = holdBackMs(reading, { share: RATE_LIMIT_RESERVE_SHARE, atLeast: RATE_LIMIT_RESERVE_REQUESTS }, Date.now());
    if (holdMs <= 0) return;
    pause
      .pause(holdMs)
      .then(() => deps.metrics?.zendeskPauseUntilSeconds?.set((Date.now() + holdMs) / 1000))
      .catch((error: unknown) => onRedisError('Zendesk pause', 'warn')(error as Error));
    budgetLog('budget', () =>
      log.info(
        { holdMs, account: reading.account, endpoints: reading.endpoints },
        'Zendesk budget almost spent on the account: every worker holds back its calls until it resets',
      ),
    );
  });
  return {
    worker: triageWorker,
    sweepWorker,
    close() {
      unsubscribe?.();
      closing ??= closeAll();
      return closing;
    },
  };
}

/** `redis://host:port/db` of a connection, for messages: never its user or password. */
function describeRedisTarget(connection: RedisOptions | Redis): string {
  const options = connection instanceof Redis ? connection.options : connection;
  const scheme = options.tls ? 'rediss' : 'redis';
  return `${scheme}://${options.host ?? 'localhost'}:${options.port ?? 6379}${options.db ? `/${options.db}` : ''}`;
}

/** Runs `report` for a key at most once per `intervalMs`. */
function throttled(intervalMs: number): (key: string, report: () => void) => void {
  const last = new Map<string, number>();
  return (key, report) => {
    const now = Date.now();
    if (now - (last.get(key) ?? -Infinity) < intervalMs) return;
    last.set(key, now);
    report();
  };
}

/** Resolves true when `work` settles within `ms`, false otherwise (it keeps running). */
async function withinMs(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true as const), expired]);
  } finally {
    clearTimeout(timer);
  }
}
