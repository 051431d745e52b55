import { describe, expect, it } from 'vitest';

import { buildCreatedTrigger, buildRerunMacro, buildRerunTrigger, buildWebhook } from '../../../src/zendesk/install-resources.js';
import { macroCreateSchema, triggerCreateSchema, webhookCreateSchema } from '../../../src/zendesk/schemas.js';

describe('install resources', () => {
  it('builds a trigger-connected JSON webhook to /webhooks/zendesk without choosing its secret', () => {
    const webhook = buildWebhook({ publicUrl: 'https://triage.example.com/' });
    expect(webhook).toEqual({
      name: 'signin-triage',
      status: 'active',
      endpoint: 'https://triage.example.com/webhooks/zendesk',
      http_method: 'POST',
      request_format: 'json',
      subscriptions: ['conditional_ticket_events'],
    });
    expect(webhook).not.toHaveProperty('signing_secret');
    expect(() => webhookCreateSchema.parse(webhook)).not.toThrow();
  });

  it('fires the created trigger on ticket creation only, with ids only in the body', () => {
    const trigger = buildCreatedTrigger('01HWEBHOOK');
    expect(trigger.title).toBe('signin-triage: new ticket');
    expect(trigger.conditions).toEqual({ all: [{ field: 'update_type', operator: 'is', value: 'Create' }], any: [] });
    expect(trigger.actions).toEqual([
      { field: 'notification_webhook', value: ['01HWEBHOOK', '{"event":"created","ticket_id":"{{ticket.id}}"}'] },
    ]);
    expect(() => triggerCreateSchema.parse(trigger)).not.toThrow();
  });

  it('fires the re-run trigger on the re-run tag and removes the tag itself', () => {
    const trigger = buildRerunTrigger('01HWEBHOOK');
    expect(trigger.title).toBe('signin-triage: re-run requested');
    expect(trigger.conditions.all).toEqual([
      { field: 'update_type', operator: 'is', value: 'Change' },
      { field: 'current_tags', operator: 'includes', value: 'signin_triage_rerun' },
    ]);
    const [notify, remove] = trigger.actions;
    expect(notify?.value).toEqual(['01HWEBHOOK', expect.any(String)]);
    expect(JSON.parse((notify?.value as string[])[1]!)).toEqual({
      event: 'rerun',
      ticket_id: '{{ticket.id}}',
      by: '{{current_user.id}}',
      updated_at: '{{ticket.updated_at_with_timestamp}}',
    });
    expect(remove).toEqual({ field: 'remove_tags', value: 'signin_triage_rerun' });
    expect(() => triggerCreateSchema.parse(trigger)).not.toThrow();
  });

  it('builds the macro that adds the re-run tag', () => {
    const macro = buildRerunMacro();
    expect(macro.title).toBe('signin-triage: re-run triage');
    expect(macro.actions).toEqual([{ field: 'current_tags', value: 'signin_triage_rerun' }]);
    expect(() => macroCreateSchema.parse(macro)).not.toThrow();
  });
});
