import { describe, expect, it } from 'vitest';

import { computeTags } from '../../../src/triage/compute-tags.js';
import { createSignInTicket, ourNotes, type HarnessOptions, useWorkerHarness } from '../../support/worker-harness.js';

// A billing question: not a sign-in problem, so the model answers `other` without abstaining.
const BILLING = {
  subject: 'Invoice INV-2026-1182 charged twice',
  body: 'Hello, our October invoice for the Growth Edition subscription was charged twice on our company credit card. Could your billing team refund the duplicate payment and send a corrected invoice to our accounts payable? Thanks, Jonas',
};

describe('tickets diagnosed other (real redis, Zendesk stand-in)', () => {
  const harnesses = useWorkerHarness();

  async function triageBilling(options: Omit<HarnessOptions, 'redisUrl'> = {}) {
    const harness = await harnesses.start(options);
    const ticket = createSignInTicket(harness.sandbox, { ...BILLING, tags: ['billing'] });
    const jobId = await harness.enqueue({ ticketId: String(ticket.id) });
    const done = await harness.waitForJob(jobId);
    const diagnosis = await harness.store.get(String(ticket.id));
    // The premise of these tests: a plain `other`, not an abstention between sign-in issues.
    expect(diagnosis).toMatchObject({ issue: 'other', abstained: false });
    return { h: harness, ticket, done, diagnosis: diagnosis! };
  }

  it('get our tags and no internal note by default', async () => {
    const { h, ticket, done, diagnosis } = await triageBilling();
    expect(done).toMatchObject({ state: 'completed', returnvalue: { outcome: 'triaged', noted: false } });
    const saved = h.sandbox.state.tickets.get(ticket.id)!;
    expect(saved.tags).toEqual(computeTags(['billing'], diagnosis));
    expect(saved.tags).toContain('signin_issue_other');
    expect(ourNotes(h.sandbox, ticket.id)).toHaveLength(0);
    expect(h.sandbox.state.comments.get(ticket.id)).toHaveLength(1); // the customer's message only
  });

  it('get the note too with NOTE_ON_OTHER=on', async () => {
    const { h, ticket, done } = await triageBilling({ config: { noteOnOther: true } });
    expect(done).toMatchObject({ state: 'completed', returnvalue: { outcome: 'triaged', noted: true } });
    expect(ourNotes(h.sandbox, ticket.id)).toHaveLength(1);
    expect(h.sandbox.state.tickets.get(ticket.id)!.tags).toContain('signin_issue_other');
  });

  it('a repeated re-run of such a ticket writes the same tags and still no note', async () => {
    const { h, ticket } = await triageBilling();
    const before = [...h.sandbox.state.tickets.get(ticket.id)!.tags];
    for (const key of ['rerun-a', 'rerun-a-again']) {
      const jobId = await h.enqueue({ ticketId: String(ticket.id), event: 'rerun', requestKey: key });
      expect(await h.waitForJob(jobId)).toMatchObject({ state: 'completed', returnvalue: { outcome: 'triaged', noted: false } });
    }
    expect(h.sandbox.state.tickets.get(ticket.id)!.tags).toEqual(before);
    expect(ourNotes(h.sandbox, ticket.id)).toHaveLength(0);
  });
});
