import { describe, expect, it } from 'vitest';

import { runSweep } from '../../../src/sweep/run-sweep.js';
import { createZendeskPause } from '../../../src/zendesk/zendesk-pause.js';
import { createSignInTicket, ourNotes, testTriage, useWorkerHarness } from '../../support/worker-harness.js';

describe('catch-up sweep (real redis, stand-in with webhooks switched off)', () => {
  const harnesses = useWorkerHarness();

  it('queues untagged new tickets once, continues from its cursor, and the worker triages them', async () => {
    const h = await harnesses.start({ sandbox: { deliverWebhooks: false }, noWorker: true });
    const lost = [createSignInTicket(h.sandbox), createSignInTicket(h.sandbox)];
    const triaged = createSignInTicket(h.sandbox, { tags: ['signin_triage'] });
    const closed = createSignInTicket(h.sandbox, { status: 'closed' });
    const sweep = () => runSweep({ zendesk: h.zendesk, queue: h.queue, redis: h.redis, prefix: h.prefix, store: h.store });

    const first = await sweep();
    expect(first).toMatchObject({ scanned: 4, queued: 2, ignored: 2, endOfStream: true });
    expect((await h.queue.getJobs(['waiting'])).map((job) => job.id).sort()).toEqual(
      lost.map((ticket) => `ticket-${ticket.id}-created`).sort(),
    );

    await h.startWorker();
    for (const ticket of lost) expect((await h.waitForJob(`ticket-${ticket.id}-created`)).returnvalue?.outcome).toBe('triaged');
    for (const ticket of lost) expect(ourNotes(h.sandbox, ticket.id)).toHaveLength(1);
    expect(ourNotes(h.sandbox, triaged.id)).toHaveLength(0);
    expect(ourNotes(h.sandbox, closed.id)).toHaveLength(0);

    // Our own updates show up in the export again, now tagged: nothing new to queue.
    const late = createSignInTicket(h.sandbox);
    const second = await sweep();
    expect(second).toMatchObject({ queued: 1, alreadyQueued: 0 });
    expect(second.scanned).toBe(3);
    expect((await h.waitForJob(`ticket-${late.id}-created`)).returnvalue?.outcome).toBe('triaged');
    const third = await sweep();
    expect(third).toMatchObject({ queued: 0 });
  });

  it('skips tickets whose job exists or that have a stored diagnosis; retries jobs that ran out of attempts', async () => {
    const h = await harnesses.start({ sandbox: { deliverWebhooks: false }, noWorker: true });
    const webhookArrived = createSignInTicket(h.sandbox);
    const shadowed = createSignInTicket(h.sandbox);
    const diagnosis = await testTriage().classify({ id: String(shadowed.id), subject: 'x', description: 'cannot log in' });
    await h.store.save(diagnosis);
    const outage = createSignInTicket(h.sandbox);
    // A job that failed on every attempt during a Zendesk outage (here: its only attempt).
    const outageKey = `ticket-${outage.id}-created`;
    await h.queue.add(
      'created',
      { ticketId: String(outage.id), event: 'created', requestKey: outageKey, receivedAt: new Date().toISOString() },
      { jobId: outageKey, attempts: 1 },
    );
    h.sandbox.injectFaults([{ path: new RegExp(`/tickets/${outage.id}\\.json`), status: 503 }]);
    const worker = await h.startWorker();
    expect((await h.waitForJob(outageKey)).state).toBe('failed');
    await worker.close();
    // This one's webhook arrived; its job waits under the id the sweep would use.
    await h.enqueue({ ticketId: String(webhookArrived.id) });

    const result = await runSweep({ zendesk: h.zendesk, queue: h.queue, redis: h.redis, prefix: h.prefix, store: h.store });
    expect(result).toMatchObject({ queued: 0, retried: 1, ignored: 1 });
    expect(result.alreadyQueued).toBe(1);
    await h.startWorker();
    expect((await h.waitForJob(outageKey)).returnvalue?.outcome).toBe('triaged');
    expect((await h.waitForJob(`ticket-${webhookArrived.id}-created`)).returnvalue?.outcome).toBe('triaged');
    expect(ourNotes(h.sandbox, webhookArrived.id)).toHaveLength(1);
    expect(ourNotes(h.sandbox, shadowed.id)).toHaveLength(0);
  });

  it('leaves tickets created before the horizon alone, even when they changed recently', async () => {
    let offsetMs = -3 * 3600_000;
    const h = await harnesses.start({
      sandbox: { deliverWebhooks: false, clock: () => Date.now() + offsetMs },
      noWorker: true,
    });
    const old = createSignInTicket(h.sandbox);
    offsetMs = 0;
    h.sandbox.agentEdit(old.id, { addTags: ['touched'] });

    // First sweep: the horizon is one hour back, after the ticket's creation.
    const result = await runSweep({ zendesk: h.zendesk, queue: h.queue, redis: h.redis, prefix: h.prefix });
    expect(result).toMatchObject({ scanned: 1, queued: 0, ignored: 1 });
    // An explicit --since widens the horizon.
    const widened = await runSweep({
      zendesk: h.zendesk,
      queue: h.queue,
      redis: h.redis,
      prefix: h.prefix,
      since: new Date(Date.now() - 4 * 3600_000),
    });
    expect(widened).toMatchObject({ scanned: 1, queued: 1 });
  });

  it('the worker schedules the sweep (one scheduler for all processes) and its first run triages lost tickets', async () => {
    const h = await harnesses.start({ sandbox: { deliverWebhooks: false }, config: { sweepIntervalMinutes: 10 } });
    const lost = createSignInTicket(h.sandbox);
    expect(h.worker?.sweepWorker).not.toBeNull();
    // A second worker process upserts the same scheduler instead of adding one.
    const firstWorker = h.worker!;
    await h.startWorker();
    const { Queue } = await import('bullmq');
    const sweepQueue = new Queue('sweep', { connection: { url: harnesses.redisUrl() }, prefix: h.prefix });
    try {
      const schedulers = await sweepQueue.getJobSchedulers();
      expect(schedulers.map((scheduler) => [scheduler.key, scheduler.every])).toEqual([['catch-up-sweep', 600_000]]);
      expect((await h.waitForJob(`ticket-${lost.id}-created`)).returnvalue?.outcome).toBe('triaged');
    } finally {
      await sweepQueue.close();
      await firstWorker.close();
    }
  });

  it("respects the workers' Zendesk pause, and a 429 on the export extends it", async () => {
    const h = await harnesses.start({ sandbox: { deliverWebhooks: false }, noWorker: true });
    createSignInTicket(h.sandbox);
    const pause = createZendeskPause({ redis: h.redis, prefix: h.prefix });
    const sweep = () => runSweep({ zendesk: h.zendesk, queue: h.queue, redis: h.redis, prefix: h.prefix, pause });

    h.sandbox.injectFaults([{ path: /incremental/, status: 429, retryAfterSec: 30 }]);
    await expect(sweep()).rejects.toThrow(/429/);
    expect(await pause.remainingMs()).toBeGreaterThan(20_000);
    const skipped = await sweep();
    expect(skipped).toMatchObject({ paused: true, pages: 0 });
    expect(h.sandbox.requests.filter((request) => request.path.includes('incremental'))).toHaveLength(1);
  });
});
