import { describe, expect, it } from 'vitest';

import { noteMarker } from '../../../src/note/note-footer.js';
import { renderNote } from '../../../src/note/render-note.js';
import { computeTags } from '../../../src/triage/compute-tags.js';
import { createSignInTicket, ourNotes, testTriage, useWorkerHarness } from '../../support/worker-harness.js';

describe('triage worker (real redis, real Zendesk stand-in over HTTP)', () => {
  const { start } = useWorkerHarness();

  it('triages a new ticket: tags + one internal note in exactly 3 Zendesk calls', async () => {
    const h = await start();
    const ticket = createSignInTicket(h.sandbox, { tags: ['vip'] });
    const jobId = await h.enqueue({ ticketId: String(ticket.id) });

    const done = await h.waitForJob(jobId);
    expect(done).toMatchObject({ state: 'completed', returnvalue: { outcome: 'triaged', conflicts: 0 } });

    const diagnosis = await h.store.get(String(ticket.id));
    expect(diagnosis).not.toBeNull();
    const saved = h.sandbox.state.tickets.get(ticket.id)!;
    expect(saved.tags).toEqual(computeTags(['vip'], diagnosis!));
    expect(saved.tags).toContain('signin_triage');

    const notes = ourNotes(h.sandbox, ticket.id);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.public).toBe(false);
    expect(notes[0]!.plain_body).toContain(noteMarker(jobId));

    expect(h.ticketRequests(ticket.id).map((request) => `${request.method} ${request.route} ${request.status}`)).toEqual([
      'GET /api/v2/tickets/{id} 200',
      'GET /api/v2/tickets/{id}/comments 200',
      'PUT /api/v2/tickets/{id} 200',
    ]);
    expect(await h.metrics.jobsTotal.get()).toMatchObject({ values: [{ labels: { outcome: 'triaged' }, value: 1 }] });
  });

  it('writes one note for duplicate deliveries, concurrent or after the first job was removed', async () => {
    const h = await start();
    const ticket = createSignInTicket(h.sandbox);
    const ticketId = String(ticket.id);
    await Promise.all([h.enqueue({ ticketId }), h.enqueue({ ticketId }), h.enqueue({ ticketId })]);
    const first = await h.waitForJob(`ticket-${ticketId}-created`);
    expect(first.returnvalue?.outcome).toBe('triaged');

    // The queue forgot the job (removed / expired): the ticket itself stops the second note.
    await (await h.queue.getJob(`ticket-${ticketId}-created`))!.remove();
    await h.enqueue({ ticketId });
    const again = await h.waitForJob(`ticket-${ticketId}-created`);
    expect(again.returnvalue).toEqual({ outcome: 'duplicate', skipped: 'note already written for this request' });

    // A created event for a ticket already triaged by another request key is skipped too.
    await h.enqueue({ ticketId, event: 'sweep', requestKey: `ticket-${ticketId}-sweep-test` });
    expect((await h.waitForJob(`ticket-${ticketId}-sweep-test`)).returnvalue).toEqual({ outcome: 'skipped', skipped: 'already triaged' });

    expect(ourNotes(h.sandbox, ticket.id)).toHaveLength(1);
    expect(h.ticketRequests(ticket.id).filter((request) => request.method === 'PUT')).toHaveLength(1);
  });

  it("on 409 re-reads, keeps the agent's concurrent tag, and writes once", async () => {
    const h = await start();
    const ticket = createSignInTicket(h.sandbox);
    // The comments answer is slow; meanwhile an agent tags the ticket, so our stamp is stale.
    h.sandbox.injectFaults([{ method: 'GET', path: new RegExp(`/tickets/${ticket.id}/comments`), delayMs: 600 }]);
    const jobId = await h.enqueue({ ticketId: String(ticket.id) });
    await waitUntil(() => h.ticketRequests(ticket.id).some((request) => request.route === '/api/v2/tickets/{id}'));
    h.sandbox.agentEdit(ticket.id, { addTags: ['agent_escalated'] });

    const done = await h.waitForJob(jobId);
    expect(done.returnvalue).toMatchObject({ outcome: 'triaged', conflicts: 1 });
    const tags = h.sandbox.state.tickets.get(ticket.id)!.tags;
    expect(tags).toContain('agent_escalated');
    expect(tags).toContain('signin_triage');
    expect(ourNotes(h.sandbox, ticket.id)).toHaveLength(1);
    expect(h.sandbox.stats()['PUT /api/v2/tickets/{id}']).toEqual({ 409: 1, 200: 1 });
  });

  it('retries 5xx with backoff and then succeeds, with one note', async () => {
    const h = await start();
    const ticket = createSignInTicket(h.sandbox);
    h.sandbox.injectFaults([
      { method: 'GET', path: new RegExp(`/tickets/${ticket.id}\\.json`), status: 502, times: 1 },
      { method: 'PUT', path: new RegExp(`/tickets/${ticket.id}\\.json`), status: 500, times: 1 },
    ]);
    const done = await h.waitForJob(await h.enqueue({ ticketId: String(ticket.id) }));
    expect(done).toMatchObject({ state: 'completed', returnvalue: { outcome: 'triaged' } });
    expect(done.attemptsMade).toBeGreaterThanOrEqual(2);
    expect(ourNotes(h.sandbox, ticket.id)).toHaveLength(1);
    expect(h.sandbox.stats()['PUT /api/v2/tickets/{id}']).toEqual({ 500: 1, 200: 1 });
  });

  it('a PUT that was applied but answered too late is not written twice', async () => {
    const h = await start({ clientTimeoutMs: 400 });
    const ticket = createSignInTicket(h.sandbox);
    h.sandbox.injectFaults([{ method: 'PUT', path: new RegExp(`/tickets/${ticket.id}\\.json`), delayMs: 1_000 }]);
    const done = await h.waitForJob(await h.enqueue({ ticketId: String(ticket.id) }));
    expect(done.returnvalue).toEqual({ outcome: 'duplicate', skipped: 'note already written for this request' });
    expect(ourNotes(h.sandbox, ticket.id)).toHaveLength(1);
    // The stand-in logs the slow PUT once its late answer is sent.
    await waitUntil(() => h.sandbox.stats()['PUT /api/v2/tickets/{id}'] !== undefined);
    expect(h.sandbox.stats()['PUT /api/v2/tickets/{id}']).toEqual({ 200: 1 });
  });

  it('fails for good on 401 with a reason that says what to check, after one call', async () => {
    const h = await start({ auth: { type: 'token', email: 'triage-bot@sandbox.example.com', apiToken: 'wrong-token-123' } });
    const ticket = createSignInTicket(h.sandbox);
    const done = await h.waitForJob(await h.enqueue({ ticketId: String(ticket.id) }));
    expect(done.state).toBe('failed');
    expect(done.failedReason).toMatch(/ZendeskAuthError: .*401.*ZENDESK_EMAIL\/ZENDESK_API_TOKEN/);
    expect(done.attemptsMade).toBe(1);
    expect(h.ticketRequests(ticket.id)).toHaveLength(1);
  });

  it('completes a deleted (unknown) ticket as skipped', async () => {
    const h = await start();
    const done = await h.waitForJob(await h.enqueue({ ticketId: '987654' }));
    expect(done).toMatchObject({ state: 'completed', returnvalue: { outcome: 'skipped', skipped: 'ticket not found' } });
  });

  it('fails a malformed Zendesk answer with a readable reason and keeps working', async () => {
    const h = await start();
    const broken = createSignInTicket(h.sandbox);
    const missing = createSignInTicket(h.sandbox);
    h.sandbox.injectFaults([
      { method: 'GET', path: new RegExp(`/tickets/${broken.id}\\.json`), mode: 'html' },
      { method: 'GET', path: new RegExp(`/tickets/${missing.id}\\.json`), mode: 'missing-fields' },
    ]);
    const html = await h.waitForJob(await h.enqueue({ ticketId: String(broken.id) }));
    expect(html).toMatchObject({ state: 'failed', attemptsMade: 1 });
    expect(html.failedReason).toMatch(/ZendeskResponseError: Zendesk GET \/tickets\/\{id\} answered 200 with a body that is not JSON/);
    const fields = await h.waitForJob(await h.enqueue({ ticketId: String(missing.id) }));
    expect(fields.failedReason).toMatch(/unexpected body at ticket\.id/);

    const healthy = createSignInTicket(h.sandbox);
    expect((await h.waitForJob(await h.enqueue({ ticketId: String(healthy.id) }))).returnvalue?.outcome).toBe('triaged');
  });

  it('a re-run replaces the issue and missing tags and posts a second note saying what changed', async () => {
    const h = await start();
    const ticket = createSignInTicket(h.sandbox);
    const ticketId = String(ticket.id);
    await h.waitForJob(await h.enqueue({ ticketId }));
    const first = (await h.store.get(ticketId))!;
    expect(first.missing).toContain('screenshot');

    // The customer answers with a screenshot; an agent applies the re-run macro (tag) and a stale issue tag lingers.
    h.sandbox.addComment(ticket.id, {
      body: 'Here is the screenshot of the error page.',
      public: true,
      attachments: [{ file_name: 'error.png', content_type: 'image/png', size: 2048 }],
    });
    h.sandbox.agentEdit(ticket.id, { addTags: ['signin_triage_rerun', 'signin_issue_some_old_issue', 'agent_tag'] });

    const rerunKey = `ticket-${ticketId}-rerun-0123456789abcdef`;
    const done = await h.waitForJob(
      await h.enqueue({ ticketId, event: 'rerun', requestKey: rerunKey, requestedBy: String(h.sandbox.agent.id) }),
    );
    expect(done.returnvalue?.outcome).toBe('triaged');

    const second = (await h.store.get(ticketId))!;
    expect(second.missing).not.toContain('screenshot');
    expect((await h.store.previous(ticketId))?.classifiedAt).toBe(first.classifiedAt);

    const tags = h.sandbox.state.tickets.get(ticket.id)!.tags;
    expect(tags).not.toContain('signin_triage_rerun');
    expect(tags).not.toContain('signin_issue_some_old_issue');
    expect(tags).not.toContain('signin_missing_screenshot');
    expect(tags.filter((tag) => tag.startsWith('signin_issue_'))).toEqual([`signin_issue_${second.issue.replaceAll('-', '_')}`]);
    expect(tags).toContain('agent_tag');

    const notes = ourNotes(h.sandbox, ticket.id);
    expect(notes).toHaveLength(2);
    expect(notes[1]!.plain_body).toContain(noteMarker(rerunKey));
    // The note compares with the first diagnosis: it is the note rendered with `previous`.
    const withPrevious = renderNote(second, testTriage().playbook, { previous: first, requesterName: 'Marta' });
    const withoutPrevious = renderNote(second, testTriage().playbook, { requesterName: 'Marta' });
    expect(withPrevious.html).not.toBe(withoutPrevious.html);
    expect(notes[1]!.html_body.startsWith(withPrevious.html)).toBe(true);
  });

  it('close() gives up on a stuck job after the grace period; another worker re-runs it once its lock expires, one note', async () => {
    const h = await start({ config: { shutdownGraceMs: 300 }, clientTimeoutMs: 5_000 });
    const ticket = createSignInTicket(h.sandbox);
    h.sandbox.injectFaults([{ method: 'GET', path: new RegExp(`/tickets/${ticket.id}/comments`), delayMs: 2_500 }]);
    const jobId = await h.enqueue({ ticketId: String(ticket.id) });
    await waitUntil(() => h.ticketRequests(ticket.id).length > 0);
    await h.worker!.close();
    expect(await (await h.queue.getJob(jobId))!.getState()).toBe('active');

    await h.startWorker();
    const done = await h.waitForJob(jobId);
    expect(done.state).toBe('completed');
    await h.sandbox.idle();
    expect(ourNotes(h.sandbox, ticket.id)).toHaveLength(1);
  });

  it('shadow mode classifies and stores but writes nothing', async () => {
    const h = await start({ config: { triageWrite: false } });
    const ticket = createSignInTicket(h.sandbox);
    const done = await h.waitForJob(await h.enqueue({ ticketId: String(ticket.id) }));
    expect(done.returnvalue).toMatchObject({ outcome: 'shadow', wouldWriteTags: expect.arrayContaining(['signin_triage']) });
    expect(await h.store.get(String(ticket.id))).not.toBeNull();
    expect(h.ticketRequests(ticket.id).filter((request) => request.method !== 'GET')).toEqual([]);
    expect(h.sandbox.state.tickets.get(ticket.id)!.tags).toEqual([]);
    expect(ourNotes(h.sandbox, ticket.id)).toHaveLength(0);
  });

  it('shadow flag on one job writes nothing even with TRIAGE_WRITE=on', async () => {
    const h = await start();
    const ticket = createSignInTicket(h.sandbox);
    // enqueueTriageJob keeps to the queue contract, so a flagged job is added directly.
    const jobId = `ticket-${ticket.id}-manual-shadow`;
    await h.queue.add(
      'manual',
      { ticketId: String(ticket.id), event: 'manual', requestKey: jobId, receivedAt: new Date().toISOString(), shadow: true } as never,
      { jobId },
    );
    const done = await h.waitForJob(`ticket-${ticket.id}-manual-shadow`);
    expect(done.returnvalue?.outcome).toBe('shadow');
    expect(h.ticketRequests(ticket.id).filter((request) => request.method === 'PUT')).toEqual([]);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
