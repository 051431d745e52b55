import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createTriageQueue } from '../../../src/queue/create-queue.js';
import { TRIAGE_QUEUE } from '../../../src/queue/queue-names.js';
import { producerConnectionOptions } from '../../../src/queue/redis-connection-options.js';
import { createQuarantineStore } from '../../../src/store/quarantine-store.js';
import { POISON_TICKET_REASON } from '../../../worker/poison-ticket-guard.js';
import { runSweep } from '../../../src/sweep/run-sweep.js';
import { createZendeskClient } from '../../../src/zendesk/client.js';
import { created, createTickets, ledgerProblems, sendWebhook, waitForDrain, type Ledger } from '../../support/ledger.js';
import { useServiceFixture } from '../../support/service-fixture.js';
import type { ServiceProcess } from '../../support/service-process.js';
import { waitFor } from '../../support/wait-for.js';

/**
 * A poison ticket: its conversation is so large that reading it exhausts the worker's heap, so
 * V8 aborts the whole process (SIGABRT) inside JSON.parse of a comments page, outside any
 * try of ours. Zendesk allows 5,000 comments of up to 64 KB each; here 700 comments of 60 KB
 * against a 48 MB heap (NODE_OPTIONS), so it dies in seconds instead of at 320 MB.
 */
const POISON_COMMENTS = 700;
const POISON_COMMENT = 'Login failed again, still blocked. '.repeat(1_715);
const HEAP_MB = 48;
const INNOCENT_TICKETS = 20;
const LOCK_DURATION_MS = 2_000;
const STALLED_INTERVAL_MS = 1_000;
/** Its first run, then PRODUCTION_LOCKS.maxSoloCrashes (worker/start-worker.ts) runs alone. */
const EXPECTED_CRASHES = 3;

describe('a poison ticket that kills the worker process on every start', () => {
  const fixture = useServiceFixture({ standIn: { latencyMs: 150 } });

  it('is failed after a bounded number of stalls, quarantined, and does not hold up the batch', { timeout: 300_000 }, async () => {
    const { sandbox, redis } = fixture();
    const prefix = fixture().newPrefix('poison');
    const workerEnv = {
      // Two at once: the tickets running beside the poison one when it kills the process must
      // not be failed with it (worker/poison-ticket-guard.ts).
      WORKER_CONCURRENCY: '2',
      WORKER_LOCK_DURATION_MS: String(LOCK_DURATION_MS),
      WORKER_STALLED_INTERVAL_MS: String(STALLED_INTERVAL_MS),
      NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}`,
    };
    const api = await fixture().start('api', { prefix });
    let worker = await fixture().start('worker', { prefix, extra: workerEnv });

    const before = createTickets(sandbox, INNOCENT_TICKETS / 2);
    const poison = sandbox.createTicket({
      subject: 'Cannot sign in',
      body: 'Hello, I still cannot log in, see the whole history below.',
      requester: { name: 'Poison Customer', email: 'poison-customer@example.com' },
    }).id;
    for (let index = 0; index < POISON_COMMENTS; index += 1) sandbox.addComment(poison, { body: POISON_COMMENT, public: true });
    const after = createTickets(sandbox, INNOCENT_TICKETS / 2);

    const ledger: Ledger = new Map();
    const sentAt = Date.now();
    for (const id of [...before, poison, ...after]) expect(await sendWebhook(api.url, created(id), ledger)).toBe(202);
    const poisonKey = [...ledger.get(poison)!][0]!;
    ledger.delete(poison);

    // The supervisor's part (Docker's `restart: unless-stopped`): start the worker again after each death.
    const crashes: Array<{ code: number | null; signal: NodeJS.Signals | null; atMs: number }> = [];
    const queue = new Queue(TRIAGE_QUEUE, { connection: producerConnectionOptions(redis.url), prefix });
    let quarantinedAt = 0;
    const workers: ServiceProcess[] = [worker];
    try {
      await waitFor(
        async () => {
          const state = await queue.getJobState(poisonKey);
          if (state === 'failed') {
            quarantinedAt ||= Date.now();
            return true;
          }
          if (worker.child.exitCode !== null || worker.child.signalCode !== null) {
            crashes.push({ code: worker.child.exitCode, signal: worker.child.signalCode, atMs: Date.now() - sentAt });
            expect(crashes.length, 'more crashes than maxSoloCrashes allows').toBeLessThanOrEqual(EXPECTED_CRASHES);
            worker = await fixture().start('worker', { prefix, extra: workerEnv });
            workers.push(worker);
            console.info(
              `[faults] poison: crash ${crashes.length} at ${crashes.at(-1)!.atMs} ms, worker up again at ${Date.now() - sentAt} ms`,
            );
          }
          return false;
        },
        'the poison job to be failed',
        120_000,
        50,
      );

      expect(crashes).toHaveLength(EXPECTED_CRASHES);
      // V8's "JavaScript heap out of memory" aborts the process.
      for (const crash of crashes) expect(crash.signal).toBe('SIGABRT');
      const job = (await queue.getJob(poisonKey))!;
      expect(job.failedReason).toBe(POISON_TICKET_REASON);
      // What the queue dashboard (Bull Board) shows under the job's logs.
      await waitFor(async () => (await queue.getJobLogs(poisonKey)).count > 0, 'the job log line', 5_000);
      expect((await queue.getJobLogs(poisonKey)).logs.join('\n')).toContain(
        'quarantined: the worker process stopped during each of its 2 runs alone, after it had been recovered from a stopped worker (poison ticket)',
      );

      // Every other ticket of the batch got its note, exactly one.
      // Generous: each of the worker's restarts waits for a core on a loaded CI machine (one run took over 60 s).
      await waitForDrain(sandbox, ledger, redis.url, prefix, 180_000);
      expect(ledgerProblems(sandbox, ledger)).toEqual([]);
      const counts = await queue.getJobCounts('completed', 'failed');
      expect(counts).toEqual({ completed: INNOCENT_TICKETS, failed: 1 });
      // The tickets that were running beside the poison one when it killed the process.
      const neighbours = (await queue.getJobs(['completed'])).filter((completed) => completed.stalledCounter > 0).length;
      // The case the guard exists for: at least one innocent ticket was running beside the poison
      // one when it killed the process (each innocent ticket takes 3 × 150 ms of Zendesk calls).
      expect(neighbours).toBeGreaterThanOrEqual(1);

      // Operator-visible: one log line naming the ticket by id only, and the metric.
      await waitFor(() => worker.output().includes('poison ticket quarantined'), 'the quarantine log line', 5_000);
      const line = worker
        .output()
        .split('\n')
        .find((text) => text.includes('poison ticket quarantined'))!;
      expect(JSON.parse(line)).toMatchObject({ level: 'error', ticketId: String(poison), jobId: poisonKey });
      for (const service of workers) {
        expect(service.output()).not.toContain('still blocked');
        expect(service.output()).not.toContain('poison-customer@example.com');
      }
      const metrics = await (await fetch(`${worker.url}/metrics`)).text();
      expect(metrics).toMatch(/signin_triage_jobs_total\{outcome="quarantined"\} 1\b/);

      // The catch-up sweep sees the untagged ticket and leaves it alone, run after run.
      const sweepRedis = new Redis(producerConnectionOptions(redis.url));
      const sweepQueue = createTriageQueue({ redisUrl: redis.url, prefix });
      try {
        await Promise.all([sweepQueue.waitUntilReady(), new Promise((resolve) => sweepRedis.once('ready', resolve))]);
        const zendesk = createZendeskClient({
          baseUrl: sandbox.url,
          auth: { type: 'token', email: sandbox.credentials.email, apiToken: sandbox.credentials.apiToken },
        });
        const quarantine = createQuarantineStore({ redis: sweepRedis, prefix });
        expect(await quarantine.get(String(poison))).toMatchObject({
          ticketId: String(poison),
          jobId: poisonKey,
          reason: POISON_TICKET_REASON,
        });
        for (let run = 0; run < 2; run += 1) {
          const sweep = await runSweep({
            zendesk,
            queue: sweepQueue,
            redis: sweepRedis,
            prefix,
            quarantine,
            since: new Date(sentAt - 3_600_000),
          });
          expect(sweep).toMatchObject({ quarantined: 1, queued: 0, retried: 0 });
        }
        expect(await queue.getJobState(poisonKey)).toBe('failed');
      } finally {
        await sweepQueue.close();
        sweepRedis.disconnect();
      }

      console.info(
        `[faults] poison ticket: ${crashes.length} worker deaths (${crashes.map((crash) => `${crash.signal ?? crash.code} at ${crash.atMs} ms`).join(', ')}), ` +
          `failed and quarantined ${quarantinedAt - sentAt} ms after its webhook; ${INNOCENT_TICKETS}/${INNOCENT_TICKETS} other tickets noted once, ${neighbours} of them recovered from a dead worker ` +
          `(locks: ${LOCK_DURATION_MS} ms lock, ${STALLED_INTERVAL_MS} ms stalled check, heap ${HEAP_MB} MB, ${POISON_COMMENTS} comments of ${POISON_COMMENT.length} chars)`,
      );
    } finally {
      await queue.close();
    }
  });
});
