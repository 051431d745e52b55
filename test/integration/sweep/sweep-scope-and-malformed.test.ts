import { describe, expect, it } from 'vitest';

import { parseTriageScope } from '../../../src/scope/triage-scope.js';
import { runSweep } from '../../../src/sweep/run-sweep.js';
import { capturedLogger } from '../../support/captured-log.js';
import { createSignInTicket, testTriage, useWorkerHarness } from '../../support/worker-harness.js';

describe('catch-up sweep: malformed export records and TRIAGE_SCOPE (real redis, stand-in)', () => {
  const harnesses = useWorkerHarness();

  it('skips a record that does not parse, logs its id only, counts it, and moves the cursor past it', async () => {
    const h = await harnesses.start({ sandbox: { deliverWebhooks: false }, noWorker: true });
    const before = createSignInTicket(h.sandbox);
    const broken = createSignInTicket(h.sandbox, { subject: 'Konto gesperrt – Passwort vergessen' });
    const after = createSignInTicket(h.sandbox);
    // The export serves this ticket with a bad timestamp and a non-list of tags.
    const stored = h.sandbox.state.tickets.get(broken.id)!;
    h.sandbox.state.exportOverrides.set(broken.id, { ...stored, created_at: 'yesterday', tags: 'oops' });
    const captured = capturedLogger();
    const malformed: Array<number | null> = [];
    const sweep = () =>
      runSweep({
        zendesk: h.zendesk,
        queue: h.queue,
        redis: h.redis,
        prefix: h.prefix,
        log: captured.log,
        onMalformed: (record) => malformed.push(record.id),
      });

    const first = await sweep();
    expect(first).toMatchObject({ scanned: 3, malformed: 1, queued: 2, endOfStream: true });
    expect((await h.queue.getJobs(['waiting'])).map((job) => job.id).sort()).toEqual(
      [before, after].map((ticket) => `ticket-${ticket.id}-created`).sort(),
    );
    expect(malformed).toEqual([broken.id]);
    const warning = captured.lines().find((line) => String(line.msg).includes('not a valid ticket'));
    expect(warning).toMatchObject({ level: 'warn', ticketId: broken.id, path: 'tags' });
    // Never the ticket's text.
    expect(captured.text()).not.toContain('Konto gesperrt');
    expect(captured.text()).not.toContain('marta.lindqvist');

    // The cursor moved on: the next run does not read the broken record again.
    const second = await sweep();
    expect(second).toMatchObject({ scanned: 0, malformed: 0 });
    expect(malformed).toHaveLength(1);
  });

  it('queues only tickets in TRIAGE_SCOPE', async () => {
    const h = await harnesses.start({ sandbox: { deliverWebhooks: false }, noWorker: true });
    const inScope = createSignInTicket(h.sandbox, { tags: ['pim_support'] });
    const billing = createSignInTicket(h.sandbox, { subject: 'Invoice question', tags: ['billing'] });
    const untagged = createSignInTicket(h.sandbox);
    const kinds: string[] = [];
    const result = await runSweep({
      zendesk: h.zendesk,
      queue: h.queue,
      redis: h.redis,
      prefix: h.prefix,
      scope: parseTriageScope('tag:pim_support'),
      onOutOfScope: (kind) => kinds.push(kind),
    });
    expect(result).toMatchObject({ scanned: 3, queued: 1, outOfScope: 2 });
    expect(kinds).toEqual(['tag', 'tag']);
    expect((await h.queue.getJobs(['waiting'])).map((job) => job.id)).toEqual([`ticket-${inScope.id}-created`]);
    expect(await h.queue.getJob(`ticket-${billing.id}-created`)).toBeUndefined();
    expect(await h.queue.getJob(`ticket-${untagged.id}-created`)).toBeUndefined();
  });

  it('is not scheduled at all when the API user may not read the export', async () => {
    const h = await harnesses.start({ sandbox: { deliverWebhooks: false }, noWorker: true });
    const { startWorker } = await import('../../../worker/start-worker.js');
    const { createLogger } = await import('../../../src/observability/logger.js');
    const { workerConnectionOptions } = await import('../../../src/queue/redis-connection-options.js');
    const worker = await startWorker({
      config: {
        queuePrefix: h.prefix,
        workerConcurrency: 1,
        zendeskUpdatesPerMinute: 50,
        triageWrite: true,
        sweepIntervalMinutes: 10,
        shutdownGraceMs: 1_000,
      },
      connection: workerConnectionOptions(harnesses.redisUrl()),
      zendesk: h.zendesk,
      triage: testTriage(),
      store: h.store,
      log: createLogger({ level: 'silent' }),
      queue: h.queue,
      sweepAllowed: false,
    });
    const { Queue } = await import('bullmq');
    const sweepQueue = new Queue('sweep', { connection: { url: harnesses.redisUrl() }, prefix: h.prefix });
    try {
      expect(worker.sweepWorker).toBeNull();
      expect(await sweepQueue.getJobSchedulers()).toEqual([]);
    } finally {
      await sweepQueue.close();
      await worker.close();
    }
  });
});
