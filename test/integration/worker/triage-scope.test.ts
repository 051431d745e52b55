import { describe, expect, it } from 'vitest';

import { loadConfig } from '../../../src/config.js';
import { installZendeskResources } from '../../../src/zendesk/install-zendesk-resources.js';
import { createSignInTicket, ourNotes, useWorkerHarness } from '../../support/worker-harness.js';

describe('TRIAGE_SCOPE in the worker and the installed trigger (real redis, stand-in)', () => {
  const harnesses = useWorkerHarness();

  it('acknowledges a new ticket out of scope and skips it with the reason; a re-run is honoured', async () => {
    const { triageScope } = loadConfig({ TRIAGE_SCOPE: 'tag:pim_support' });
    const h = await harnesses.start({ sandbox: { deliverWebhooks: false }, config: { triageScope } });
    const outside = createSignInTicket(h.sandbox);
    const inside = createSignInTicket(h.sandbox, { tags: ['pim_support'] });

    const skipped = await h.waitForJob(await h.enqueue({ ticketId: String(outside.id) }));
    expect(skipped.returnvalue).toEqual({ outcome: 'skipped', skipped: 'out of scope (TRIAGE_SCOPE): none of the tags pim_support' });
    expect(ourNotes(h.sandbox, outside.id)).toHaveLength(0);
    expect(h.sandbox.state.tickets.get(outside.id)?.tags).not.toContain('signin_triage');
    const counted = await h.metrics.registry.getSingleMetricAsString('signin_triage_out_of_scope_total');
    expect(counted).toMatch(/signin_triage_out_of_scope_total\{source="worker",kind="tag"\} 1/);

    expect((await h.waitForJob(await h.enqueue({ ticketId: String(inside.id) }))).returnvalue?.outcome).toBe('triaged');
    // An agent asked explicitly: scope does not apply.
    const rerun = await h.waitForJob(await h.enqueue({ ticketId: String(outside.id), event: 'rerun', requestKey: `rerun-${outside.id}` }));
    expect(rerun.returnvalue?.outcome).toBe('triaged');
  });

  it('with TRIAGE_SCOPE=tag:pim_support the installed trigger carries the condition and fires only for such tickets', async () => {
    const { triageScope } = loadConfig({ TRIAGE_SCOPE: 'tag:pim_support' });
    const h = await harnesses.start({ sandbox: { deliverWebhooks: false }, noWorker: true });
    await installZendeskResources({
      zendesk: h.zendesk,
      publicUrl: 'https://triage.example.com',
      secrets: null,
      scope: triageScope,
    });
    const created = [...h.sandbox.state.triggers.values()].find((trigger) => trigger.title === 'signin-triage: new ticket');
    expect(created?.conditions).toEqual({
      all: [
        { field: 'update_type', operator: 'is', value: 'Create' },
        { field: 'current_tags', operator: 'includes', value: 'pim_support' },
      ],
      any: [],
    });

    const outside = createSignInTicket(h.sandbox);
    const inside = createSignInTicket(h.sandbox, { tags: ['pim_support'] });
    const fired = h.sandbox.deliveries.map((delivery) => JSON.parse(delivery.body) as { ticket_id: string });
    expect(fired.map((body) => body.ticket_id)).toEqual([String(inside.id)]);
    expect(fired.map((body) => body.ticket_id)).not.toContain(String(outside.id));
  });

  it('a brand/group/form scope becomes Zendesk conditions the stand-in evaluates on ticket properties', async () => {
    const { triageScope } = loadConfig({ TRIAGE_SCOPE: 'brand:360000000002,form:11,form:360000000001' });
    const h = await harnesses.start({ sandbox: { deliverWebhooks: false }, noWorker: true });
    await installZendeskResources({
      zendesk: h.zendesk,
      publicUrl: 'https://triage.example.com',
      secrets: null,
      scope: triageScope,
    });
    const created = [...h.sandbox.state.triggers.values()].find((trigger) => trigger.title === 'signin-triage: new ticket');
    expect(created?.conditions).toEqual({
      all: [
        { field: 'update_type', operator: 'is', value: 'Create' },
        { field: 'brand_id', operator: 'is', value: '360000000002' },
      ],
      any: [
        { field: 'ticket_form_id', operator: 'is', value: '11' },
        { field: 'ticket_form_id', operator: 'is', value: '360000000001' },
      ],
    });
    // Stand-in tickets are on brand 360000000002 and form 360000000001: in scope.
    const ticket = createSignInTicket(h.sandbox);
    expect(h.sandbox.deliveries.map((delivery) => (JSON.parse(delivery.body) as { ticket_id: string }).ticket_id)).toEqual([
      String(ticket.id),
    ]);
  });
});
