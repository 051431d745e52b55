import { randomUUID } from 'node:crypto';

import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, beforeAll } from 'vitest';

import { createLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { createTriageQueue, type TriageQueue } from '../../src/queue/create-queue.js';
import { enqueueTriageJob } from '../../src/queue/enqueue-triage-job.js';
import { workerConnectionOptions } from '../../src/queue/redis-connection-options.js';
import type { TriageJob } from '../../src/queue/triage-job.js';
import { createDiagnosisStore, type DiagnosisStore } from '../../src/store/diagnosis-store.js';
import { createFeedbackStore, type FeedbackStore } from '../../src/store/feedback-store.js';
import { loadTriage } from '../../src/triage/load-triage.js';
import { inProcessTriageService, type TriageService } from '../../src/triage/threads/isolated-triage.js';
import { createZendeskClient, type ZendeskClient, type ZendeskClientAuth } from '../../src/zendesk/client.js';
import { startZendeskSandbox, type ZendeskSandbox, type ZendeskSandboxOptions } from '../../src/zendesk-sandbox/index.js';
import type { TriageJobResult } from '../../worker/process-triage-job.js';
import { useRedisServer } from './use-redis-server.js';
import { createRateLimitFeed } from '../../src/zendesk/rate-limit-headers.js';
import { startWorker, type StartedWorker, type StartWorkerDeps } from '../../worker/start-worker.js';

/** Short locks so a lost job comes back within seconds (production: see PRODUCTION_LOCKS). */
export const TEST_LOCKS = { lockDurationMs: 2_000, stalledIntervalMs: 1_000, drainDelaySec: 1 };

let sharedTriage: TriageService | null = null;
/** Training takes about a second: one classifier per test file. */
export function testTriage(): TriageService {
  sharedTriage ??= inProcessTriageService(loadTriage());
  return sharedTriage;
}

export interface HarnessOptions {
  redisUrl: string;
  sandbox?: ZendeskSandboxOptions;
  config?: Partial<StartWorkerDeps['config']>;
  /** Credentials the worker uses (default: the stand-in's own). */
  auth?: ZendeskClientAuth;
  clientTimeoutMs?: number;
  /** Do not start the worker (e.g. to run the sweep alone first). */
  noWorker?: boolean;
  /**
   * Let the worker read the budgets Zendesk reports and hold back before they run out, as the
   * service does (start-service wires the client's onRateLimit). @defaultValue true
   */
  readBudgets?: boolean;
}

export interface FinishedJob {
  state: 'completed' | 'failed';
  returnvalue: TriageJobResult | undefined;
  failedReason: string | undefined;
  attemptsMade: number;
}

export interface Harness {
  sandbox: ZendeskSandbox;
  zendesk: ZendeskClient;
  queue: TriageQueue;
  redis: Redis;
  store: DiagnosisStore;
  feedbackStore: FeedbackStore;
  prefix: string;
  metrics: ReturnType<typeof createMetrics>;
  worker: StartedWorker | null;
  startWorker(): Promise<StartedWorker>;
  enqueue(job: Partial<TriageJob> & Pick<TriageJob, 'ticketId'>): Promise<string>;
  waitForJob(jobId: string, timeoutMs?: number): Promise<FinishedJob>;
  /** Requests the stand-in received for one ticket (ticket, comments, update). */
  ticketRequests(ticketId: number): ZendeskSandbox['requests'];
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const sandbox = await startZendeskSandbox(options.sandbox);
  const rateLimits = createRateLimitFeed();
  const prefix = `test-${randomUUID()}`;
  const zendesk = createZendeskClient({
    baseUrl: sandbox.url,
    auth: options.auth ?? sandbox.auth,
    timeoutMs: options.clientTimeoutMs ?? 3_000,
    onRateLimit: rateLimits.publish,
  });
  const redis = new Redis(options.redisUrl);
  const store = createDiagnosisStore({ redis, prefix });
  const feedbackStore = createFeedbackStore({ redis, prefix });
  const queue = createTriageQueue({ redisUrl: options.redisUrl, prefix });
  const metrics = createMetrics({ defaultMetrics: false });
  const log = createLogger({ level: 'silent' });

  const harness: Harness = {
    sandbox,
    zendesk,
    queue,
    redis,
    store,
    feedbackStore,
    prefix,
    metrics,
    worker: null,
    async startWorker() {
      harness.worker = await startWorker({
        config: {
          queuePrefix: prefix,
          workerConcurrency: 2,
          zendeskUpdatesPerMinute: 1_000,
          triageWrite: true,
          sweepIntervalMinutes: 0,
          shutdownGraceMs: 3_000,
          ...options.config,
        },
        connection: workerConnectionOptions(options.redisUrl),
        zendesk,
        triage: testTriage(),
        store,
        feedbackStore,
        log,
        metrics,
        queue,
        locks: TEST_LOCKS,
        ...(options.readBudgets !== false ? { rateLimits } : {}),
      });
      return harness.worker;
    },
    async enqueue(job) {
      const requestKey = job.requestKey ?? `ticket-${job.ticketId}-${job.event ?? 'created'}`;
      await enqueueTriageJob(queue, { event: 'created', requestKey, receivedAt: new Date().toISOString(), ...job });
      return requestKey;
    },
    async waitForJob(jobId, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        // State first, then the job: a job read while active has no result yet.
        const state = await queue.getJobState(jobId);
        if (state === 'completed' || state === 'failed') {
          const job = (await queue.getJob(jobId)) as Job<TriageJob, TriageJobResult>;
          return {
            state,
            returnvalue: job.returnvalue ?? undefined,
            failedReason: job.failedReason || undefined,
            attemptsMade: job.attemptsMade,
          };
        }
        if (Date.now() > deadline) throw new Error(`job ${jobId} still ${state} after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    ticketRequests(ticketId) {
      return sandbox.requests.filter((request) => request.path.startsWith(`/api/v2/tickets/${ticketId}`));
    },
    async close() {
      await harness.worker?.close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      await redis.quit();
      await sandbox.close();
    },
  };
  if (!options.noWorker) await harness.startWorker();
  return harness;
}

/**
 * The worker-test fixture for the enclosing file or `describe`: one redis-server for all its
 * tests, the classifier trained once before them, and per test a harness (its own stand-in,
 * queue prefix and worker) started with `start()` and closed after the test.
 *
 * ```ts
 * const harnesses = useWorkerHarness();
 * it('…', async () => {
 *   const h = await harnesses.start({ sandbox: { deliverWebhooks: false } });
 * });
 * ```
 */
export function useWorkerHarness(): {
  /** Starts this test's harness on the file's redis-server; closed after the test. */
  start(options?: Omit<HarnessOptions, 'redisUrl'>): Promise<Harness>;
  redisUrl(): string;
} {
  const redis = useRedisServer();
  let current: Harness | null = null;
  beforeAll(() => {
    testTriage();
  });
  afterEach(async () => {
    await current?.close();
    current = null;
  });
  return {
    async start(options = {}) {
      current = await startHarness({ redisUrl: redis().url, ...options });
      return current;
    },
    redisUrl: () => redis().url,
  };
}

/** A sign-in ticket as a customer submits it (no triggers are installed, so nothing fires). */
export function createSignInTicket(sandbox: ZendeskSandbox, overrides: Partial<Parameters<ZendeskSandbox['createTicket']>[0]> = {}) {
  return sandbox.createTicket({
    subject: 'Cannot log in any more',
    body: 'Hello, since the migration my old username and password give "Login failed". What should I type now?',
    requester: { name: 'Marta Lindqvist', email: 'marta.lindqvist@nordhem.example' },
    ...overrides,
  });
}

/** Internal notes written by the API user (ours). */
export function ourNotes(sandbox: ZendeskSandbox, ticketId: number) {
  return (sandbox.state.comments.get(ticketId) ?? []).filter((comment) => !comment.public && comment.author_id === sandbox.apiUser.id);
}
