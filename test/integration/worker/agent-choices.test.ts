import { describe, expect, it } from 'vitest';

import { correctTags } from '../../../src/server/correct-tags.js';
import { issueTag, missingTag, TRIAGE_TAG } from '../../../src/triage/compute-tags.js';
import { createSignInTicket, ourNotes, testTriage, type Harness, useWorkerHarness } from '../../support/worker-harness.js';

/** "Never override an agent" (issue #10): real Redis, the stand-in over HTTP, the real worker. */
describe("re-runs keep an agent's diagnosis", () => {
  const harnesses = useWorkerHarness();

  async function triaged(h: Harness) {
    const ticket = createSignInTicket(h.sandbox);
    const done = await h.waitForJob(await h.enqueue({ ticketId: String(ticket.id) }));
    expect(done.returnvalue?.outcome).toBe('triaged');
    const diagnosis = (await h.store.get(String(ticket.id)))!;
    // An issue the model did not choose: what the agent says it really is.
    const other = testTriage().playbook.issues.find((issue) => issue.id !== diagnosis.issue && issue.id !== 'other')!.id;
    return { ticket, ticketId: String(ticket.id), diagnosis, other };
  }

  async function rerun(h: Harness, ticketId: string, round: number) {
    const jobId = await h.enqueue({ ticketId, event: 'rerun', requestKey: `ticket-${ticketId}-rerun-test${round}` });
    const done = await h.waitForJob(jobId);
    expect(done.returnvalue?.outcome).toBe('triaged');
  }

  it('a sidebar correction survives 3 re-runs; each note keeps it and says what the model thinks', { timeout: 60_000 }, async () => {
    const h = await harnesses.start();
    const { ticket, ticketId, diagnosis, other } = await triaged(h);
    // What POST /app/tickets/:id/feedback does: store the correction, re-tag the ticket.
    await h.feedbackStore.add({ ticketId, correctIssue: other, previousIssue: diagnosis.issue, subject: '', text: 'x' });
    const current = h.sandbox.state.tickets.get(ticket.id)!.tags;
    h.sandbox.agentEdit(ticket.id, {
      addTags: correctTags(current, other, diagnosis.missing).filter((tag) => !current.includes(tag)),
      removeTags: [issueTag(diagnosis.issue)],
    });

    for (const round of [1, 2, 3]) {
      await rerun(h, ticketId, round);
      const tags = h.sandbox.state.tickets.get(ticket.id)!.tags;
      expect(tags).toContain(issueTag(other));
      expect(tags).not.toContain(issueTag(diagnosis.issue));
      const note = ourNotes(h.sandbox, ticket.id).at(-1)!.plain_body;
      expect(note).toContain(`Agent's diagnosis kept: ${testTriage().playbook.issues.find((i) => i.id === other)!.title}`);
      expect(note).toContain('corrected in the sidebar');
      expect(note).toContain('The model now thinks:');
    }
    // The sidebar correction stays the only one, still from the sidebar.
    const records = await h.feedbackStore.list();
    expect(records.map((record) => [record.ticketId, record.correctIssue, record.source])).toEqual([[ticketId, other, 'sidebar']]);
    // The stored diagnosis is still the model's own, so the sidebar can show both.
    expect((await h.store.get(ticketId))!.issue).toBe(diagnosis.issue);
  });

  it(
    'a hand-changed issue tag is recorded once as a correction and kept; a hand-removed missing tag is not re-added',
    { timeout: 60_000 },
    async () => {
      const h = await harnesses.start();
      const { ticket, ticketId, diagnosis, other } = await triaged(h);
      expect(diagnosis.missing.length).toBeGreaterThan(0);
      const removedMissing = missingTag(diagnosis.missing[0]!);
      h.sandbox.agentEdit(ticket.id, { removeTags: [issueTag(diagnosis.issue), removedMissing], addTags: [issueTag(other)] });

      const createdAt: string[] = [];
      for (const round of [1, 2, 3]) {
        await rerun(h, ticketId, round);
        const tags = h.sandbox.state.tickets.get(ticket.id)!.tags;
        expect(tags).toContain(TRIAGE_TAG);
        expect(tags).toContain(issueTag(other));
        expect(tags).not.toContain(issueTag(diagnosis.issue));
        expect(tags).not.toContain(removedMissing);
        // The other missing-data tags are still recomputed.
        for (const field of diagnosis.missing.slice(1)) expect(tags).toContain(missingTag(field));
        expect(ourNotes(h.sandbox, ticket.id).at(-1)!.plain_body).toContain('issue tag changed by hand');
        const records = await h.feedbackStore.list();
        expect(records.map((record) => [record.correctIssue, record.previousIssue, record.source])).toEqual([
          [other, diagnosis.issue, 'zendesk_tag'],
        ]);
        createdAt.push(records[0]!.createdAt);
      }
      // Recorded on the first re-run only, not again on the next ones.
      expect(new Set(createdAt).size).toBe(1);
      expect(ourNotes(h.sandbox, ticket.id)).toHaveLength(4);

      // An agent who puts the missing-data tag back lifts the suppression: re-runs keep it again.
      h.sandbox.agentEdit(ticket.id, { addTags: [removedMissing] });
      await rerun(h, ticketId, 4);
      expect(h.sandbox.state.tickets.get(ticket.id)!.tags).toContain(removedMissing);
      expect(await h.feedbackStore.list()).toHaveLength(1);
    },
  );

  it('without any agent change, a re-run replaces the issue and missing tags as before', { timeout: 60_000 }, async () => {
    const h = await harnesses.start();
    const { ticket, ticketId, diagnosis } = await triaged(h);
    await rerun(h, ticketId, 1);
    const tags = h.sandbox.state.tickets.get(ticket.id)!.tags;
    expect(tags).toContain(issueTag(diagnosis.issue));
    for (const field of diagnosis.missing) expect(tags).toContain(missingTag(field));
    expect(await h.feedbackStore.list()).toEqual([]);
    expect(ourNotes(h.sandbox, ticket.id).at(-1)!.plain_body).not.toContain("Agent's diagnosis");
  });
});
