import { RERUN_TAG, TRIAGE_TAG } from '../triage/compute-tags.js';
import { trimTrailingSlashes } from '../util/trim-trailing-slashes.js';
import { scopeConditions, type TriageScope } from '../scope/triage-scope.js';

/**
 * What `zendesk:install` creates, as data: the webhook, the triggers (TRIGGER_BUILDERS, one
 * entry per trigger) and the macro. Install, `--check`, `--dry-run` and uninstall all read
 * these definitions, so a new trigger or condition added here is created, checked and
 * removed everywhere.
 */

/** Names we look resources up by: the install is idempotent by name/title. */
export const WEBHOOK_NAME = 'signin-triage';
export const CREATED_TRIGGER_TITLE = 'signin-triage: new ticket';
export const RERUN_TRIGGER_TITLE = 'signin-triage: re-run requested';
export const RERUN_MACRO_TITLE = 'signin-triage: re-run triage';
export const CUSTOMER_REPLY_TRIGGER_TITLE = 'signin-triage: customer replied';
export const AGENT_REPLY_TRIGGER_TITLE = 'signin-triage: agent replied';
export const WEBHOOK_PATH = '/webhooks/zendesk';

export interface WebhookRequest {
  name: string;
  status: 'active';
  endpoint: string;
  http_method: 'POST';
  request_format: 'json';
  subscriptions: ['conditional_ticket_events'];
}

export interface Condition {
  field: string;
  operator: string;
  value: string;
}

export interface TriggerRequest {
  title: string;
  active: true;
  description: string;
  conditions: { all: Condition[]; any: Condition[] };
  actions: Array<{ field: string; value: string | string[] }>;
}

export interface MacroRequest {
  title: string;
  active: true;
  description: string;
  actions: Array<{ field: string; value: string }>;
}

/**
 * Webhook bodies carry ids and enums only: whether Zendesk JSON-escapes text placeholders is
 * unconfirmed, so the worker reads all text through the API (zendesk-platform.md §1.1).
 */
export const CREATED_BODY = JSON.stringify({ event: 'created', ticket_id: '{{ticket.id}}' });
export const RERUN_BODY = JSON.stringify({
  event: 'rerun',
  ticket_id: '{{ticket.id}}',
  by: '{{current_user.id}}',
  updated_at: '{{ticket.updated_at_with_timestamp}}',
});

/** The requester answered on a triaged ticket: the worker re-checks the escalation data (issue #12). */
export const CUSTOMER_REPLY_BODY = JSON.stringify({ event: 'customer_reply', ticket_id: '{{ticket.id}}' });

/** An agent replied in public on a triaged ticket: the worker records the confirm questions it sent. */
export const AGENT_REPLY_BODY = JSON.stringify({ event: 'agent_reply', ticket_id: '{{ticket.id}}' });

/**
 * The webhook, without `signing_secret`: Zendesk generates the secret and documents no way for
 * an admin's API call to choose it; the installer reads it back (GET /webhooks/{id}/signing_secret)
 * and compares it with ZENDESK_WEBHOOK_SECRET.
 */
export function buildWebhook(options: { publicUrl: string }): WebhookRequest {
  return {
    name: WEBHOOK_NAME,
    status: 'active',
    endpoint: webhookEndpoint(options.publicUrl),
    http_method: 'POST',
    request_format: 'json',
    subscriptions: ['conditional_ticket_events'],
  };
}

/** The endpoint our webhook must call for PUBLIC_URL. */
export function webhookEndpoint(publicUrl: string): string {
  return `${trimTrailingSlashes(publicUrl)}${WEBHOOK_PATH}`;
}

/** @param scope TRIAGE_SCOPE: its conditions narrow the trigger to those tickets (null: every new ticket). */
export function buildCreatedTrigger(webhookId: string, scope: TriageScope | null = null): TriggerRequest {
  const narrowed = scopeConditions(scope);
  return {
    title: CREATED_TRIGGER_TITLE,
    active: true,
    description:
      scope === null
        ? 'Sends every new ticket to signin-triage (created by `signin-triage zendesk:install`).'
        : 'Sends new tickets in TRIAGE_SCOPE to signin-triage (created by `signin-triage zendesk:install`).',
    // `update_type is Create`: our own update (a Change) can never fire it again.
    conditions: { all: [{ field: 'update_type', operator: 'is', value: 'Create' }, ...narrowed.all], any: narrowed.any },
    actions: [{ field: 'notification_webhook', value: [webhookId, CREATED_BODY] }],
  };
}

export function buildRerunTrigger(webhookId: string): TriggerRequest {
  return {
    title: RERUN_TRIGGER_TITLE,
    active: true,
    description: `Asks signin-triage to re-run when an agent adds the ${RERUN_TAG} tag (macro "${RERUN_MACRO_TITLE}").`,
    conditions: {
      all: [
        { field: 'update_type', operator: 'is', value: 'Change' },
        { field: 'current_tags', operator: 'includes', value: RERUN_TAG },
      ],
      any: [],
    },
    // The trigger removes its own tag, so the worker's update cannot fire it again.
    actions: [
      { field: 'notification_webhook', value: [webhookId, RERUN_BODY] },
      { field: 'remove_tags', value: RERUN_TAG },
    ],
  };
}

/**
 * A trigger that fires on a public comment to a ticket we triaged, by the author `by` names, and
 * sends `body` to our webhook. Conditions from Zendesk's conditions reference
 * (developer.zendesk.com/documentation/ticketing/reference-guides/conditions-reference/):
 * `update_type is Change`, `current_tags includes signin_triage`, `comment_is_public is true`
 * ("Comment is Public"). Our own internal note is private, so our write never fires one.
 */
function publicReplyTrigger(
  webhookId: string,
  trigger: { title: string; description: string; by: Condition; body: string },
): TriggerRequest {
  return {
    title: trigger.title,
    active: true,
    description: trigger.description,
    conditions: {
      all: [
        { field: 'update_type', operator: 'is', value: 'Change' },
        { field: 'current_tags', operator: 'includes', value: TRIAGE_TAG },
        { field: 'comment_is_public', operator: 'is', value: 'true' },
        trigger.by,
      ],
      any: [],
    },
    actions: [{ field: 'notification_webhook', value: [webhookId, trigger.body] }],
  };
}

/**
 * Fires when the requester adds a public comment to a ticket we triaged: `requester_id is
 * current_user` ("Requester is (current user)": the update was made by the requester).
 */
export function buildCustomerReplyTrigger(webhookId: string): TriggerRequest {
  return publicReplyTrigger(webhookId, {
    title: CUSTOMER_REPLY_TRIGGER_TITLE,
    description:
      'Asks signin-triage to re-check the escalation data when the requester answers (created by `signin-triage zendesk:install`).',
    by: { field: 'requester_id', operator: 'is', value: 'current_user' },
    body: CUSTOMER_REPLY_BODY,
  });
}

/**
 * Fires when an agent adds a public comment to a ticket we triaged, so the confirm questions it
 * sent stop being offered in the sidebar before the customer answers: `role is_not end_user`
 * ("Current user is not (end-user)": agents and admins alike; the requester's reply fires the
 * trigger above). The reference does not say whether a side conversation's reply counts as
 * public: docs/operations.md ("The questions an agent sent are recorded…") says how an admin
 * checks what fires it on a live account.
 */
export function buildAgentReplyTrigger(webhookId: string): TriggerRequest {
  return publicReplyTrigger(webhookId, {
    title: AGENT_REPLY_TRIGGER_TITLE,
    description:
      'Tells signin-triage which confirm questions an agent sent, so the sidebar stops offering them (created by `signin-triage zendesk:install`).',
    by: { field: 'role', operator: 'is_not', value: 'end_user' },
    body: AGENT_REPLY_BODY,
  });
}

export function buildRerunMacro(): MacroRequest {
  return {
    title: RERUN_MACRO_TITLE,
    active: true,
    description: 'Re-runs the sign-in triage on this ticket (after the customer added information).',
    actions: [{ field: 'current_tags', value: RERUN_TAG }],
  };
}

/**
 * Every trigger the install creates, in creation order. Add a trigger by adding its builder
 * here; its title is how install finds it again and how uninstall removes it.
 */
export const TRIGGER_BUILDERS: ReadonlyArray<(webhookId: string) => TriggerRequest> = [
  buildCreatedTrigger,
  buildRerunTrigger,
  buildCustomerReplyTrigger,
  buildAgentReplyTrigger,
];

/** @param scope TRIAGE_SCOPE for the "new ticket" trigger (null: every new ticket). */
export function buildTriggers(webhookId: string, scope: TriageScope | null = null): TriggerRequest[] {
  return [buildCreatedTrigger(webhookId, scope), ...TRIGGER_BUILDERS.slice(1).map((build) => build(webhookId))];
}

/** Titles of our triggers (the webhook id does not change a title). */
export function ourTriggerTitles(): string[] {
  return buildTriggers('0').map((trigger) => trigger.title);
}
