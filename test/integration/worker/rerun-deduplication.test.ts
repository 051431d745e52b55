import { describe, expect, it } from 'vitest';

import { enqueueTriageJob } from '../../../src/queue/enqueue-triage-job.js';
import { parseWebhookPayload } from '../../../src/zendesk/webhook-payload.js';
import { createSignInTicket, ourNotes, type Harness, useWorkerHarness } from '../../support/worker-harness.js';

/**
 * Issue #10 finding 6: two re-runs of one ticket in the same minute carry the same body (the
 * `updated_at` placeholder is minute-precise); they are two trigger firings, so two invocation
 * ids. Real Redis, real BullMQ deduplication, the real worker.
 */
describe('re-runs in the same minute', () => {
  const harnesses = useWorkerHarness();

  /** One delivery of the re-run trigger's body (identical for both firings), as the receiver queues it. */
  async function deliver(h: Harness, ticketId: string, invocationId: string) {
    return (await deliverKeyed(h, ticketId, invocationId)).result;
  }

  async function deliverKeyed(h: Harness, ticketId: string, invocationId: string) {
    const raw = JSON.stringify({ event: 'rerun', ticket_id: ticketId, by: '7', updated_at: 'November 30, 2026 10:42' });
    const parsed = parseWebhookPayload(JSON.parse(raw), Buffer.from(raw), { invocationId });
    if (!parsed.ok || parsed.request.kind !== 'triage') throw new Error('rerun body refused');
    const requestKey = parsed.request.requestKey;
    const result = await enqueueTriageJob(h.queue, {
      ticketId,
      event: 'rerun',
      requestKey,
      invocationId,
      receivedAt: new Date().toISOString(),
    });
    return { requestKey, result };
  }

  async function triagedTicket(h: Harness) {
    const ticket = createSignInTicket(h.sandbox);
    expect((await h.waitForJob(await h.enqueue({ ticketId: String(ticket.id) }))).returnvalue?.outcome).toBe('triaged');
    return ticket;
  }

  it('are both honoured when the first already finished; a retry of the same delivery is not', { timeout: 60_000 }, async () => {
    const h = await harnesses.start();
    const ticket = await triagedTicket(h);
    const ticketId = String(ticket.id);

    const first = await deliver(h, ticketId, '8350205601');
    expect(first.status).toBe('queued');
    expect((await h.waitForJob(first.jobId)).returnvalue?.outcome).toBe('triaged');

    const second = await deliver(h, ticketId, '8350205602');
    expect(second).toMatchObject({ status: 'queued' });
    expect(second.jobId).not.toBe(first.jobId);
    expect((await h.waitForJob(second.jobId)).returnvalue?.outcome).toBe('triaged');

    // Zendesk retrying the second delivery (same invocation id) after it finished: no new job.
    expect(await deliver(h, ticketId, '8350205602')).toEqual({ status: 'duplicate', jobId: second.jobId });
    await h.sandbox.idle();
    expect(ourNotes(h.sandbox, ticket.id)).toHaveLength(3);
  });

  it('collapse while the first is still waiting', { timeout: 60_000 }, async () => {
    const h = await harnesses.start();
    const ticket = await triagedTicket(h);
    const ticketId = String(ticket.id);
    await h.worker!.close();
    h.worker = null;

    const first = await deliver(h, ticketId, '8350205701');
    const second = await deliverKeyed(h, ticketId, '8350205702');
    expect(first.status).toBe('queued');
    expect(second.result).toEqual({ status: 'duplicate', jobId: first.jobId });
    expect(await h.queue.getJob(second.requestKey)).toBeUndefined();

    await h.startWorker();
    expect((await h.waitForJob(first.jobId)).returnvalue?.outcome).toBe('triaged');
    expect(await h.queue.getJobCounts('waiting', 'active', 'delayed')).toEqual({ waiting: 0, active: 0, delayed: 0 });
    expect(ourNotes(h.sandbox, ticket.id)).toHaveLength(2);
  });

  it('one that arrives while the first runs is kept and runs after it', { timeout: 60_000 }, async () => {
    const h = await harnesses.start();
    const ticket = await triagedTicket(h);
    const ticketId = String(ticket.id);
    // The first re-run's read of the comments is slow: it is active while the second arrives.
    h.sandbox.injectFaults([{ method: 'GET', path: new RegExp(`/tickets/${ticket.id}/comments`), delayMs: 800, times: 1 }]);

    const first = await deliver(h, ticketId, '8350205801');
    const deadline = Date.now() + 10_000;
    while ((await h.queue.getJobState(first.jobId)) !== 'active') {
      if (Date.now() > deadline) throw new Error('the first re-run never became active');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const second = await deliver(h, ticketId, '8350205802');
    expect(second.status).toBe('queued');
    expect(second.jobId).not.toBe(first.jobId);

    expect((await h.waitForJob(first.jobId)).returnvalue?.outcome).toBe('triaged');
    expect((await h.waitForJob(second.jobId)).returnvalue?.outcome).toBe('triaged');
    expect(ourNotes(h.sandbox, ticket.id)).toHaveLength(3);
  });
});
