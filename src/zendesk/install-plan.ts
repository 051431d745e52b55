import type { TriageScope } from '../scope/triage-scope.js';
import type { ZendeskMacro, ZendeskTrigger, ZendeskWebhook } from './schemas.js';
import {
  buildRerunMacro,
  buildTriggers,
  buildWebhook,
  type MacroRequest,
  type TriggerRequest,
  WEBHOOK_NAME,
  type WebhookRequest,
} from './install-resources.js';

/**
 * Pure comparison of what the account holds with what `zendesk:install` wants: per resource
 * missing / present / differs (with the differences). Install, `--dry-run` and `--check` all
 * print from this plan; nothing here talks to Zendesk.
 */

export type ResourceKind = 'webhook' | 'trigger' | 'macro';
export type PlanStatus = 'missing' | 'present' | 'differs';

export interface PlannedResource<Want> {
  kind: ResourceKind;
  name: string;
  status: PlanStatus;
  /** Id of the account's resource of that name/title, when there is one. */
  id?: string;
  /** One line per difference, `field: is X, should be Y` (empty unless `differs`). */
  differences: string[];
  /** What install sends when the resource is missing. */
  want: Want;
}

export interface AccountSnapshot {
  webhooks: readonly ZendeskWebhook[];
  triggers: readonly ZendeskTrigger[];
  macros: readonly ZendeskMacro[];
}

export interface InstallPlan {
  webhook: PlannedResource<WebhookRequest>;
  triggers: Array<PlannedResource<TriggerRequest>>;
  macro: PlannedResource<MacroRequest>;
}

/** Stands for the id of a webhook not created yet (dry run, or the webhook is missing). */
export const PENDING_WEBHOOK_ID = '<id of the new webhook>';

export function planInstall(snapshot: AccountSnapshot, options: { publicUrl: string; scope?: TriageScope | null }): InstallPlan {
  const wantWebhook = buildWebhook({ publicUrl: options.publicUrl });
  const existingWebhook = snapshot.webhooks.find((webhook) => webhook.name === WEBHOOK_NAME);
  const webhookId = existingWebhook?.id ?? PENDING_WEBHOOK_ID;

  const triggers = buildTriggers(webhookId, options.scope ?? null).map((want) => {
    const existing = snapshot.triggers.find((trigger) => trigger.title === want.title);
    return planned('trigger', want.title, want, existing && String(existing.id), existing && triggerDifferences(existing, want));
  });
  const wantMacro = buildRerunMacro();
  const existingMacro = snapshot.macros.find((macro) => macro.title === wantMacro.title);
  return {
    webhook: planned(
      'webhook',
      WEBHOOK_NAME,
      wantWebhook,
      existingWebhook?.id,
      existingWebhook && webhookDifferences(existingWebhook, wantWebhook),
    ),
    triggers,
    macro: planned(
      'macro',
      wantMacro.title,
      wantMacro,
      existingMacro && String(existingMacro.id),
      existingMacro && macroDifferences(existingMacro, wantMacro),
    ),
  };
}

function planned<Want>(
  kind: ResourceKind,
  name: string,
  want: Want,
  id: string | undefined,
  differences: string[] | undefined,
): PlannedResource<Want> {
  if (id === undefined || differences === undefined) return { kind, name, status: 'missing', differences: [], want };
  return { kind, name, status: differences.length > 0 ? 'differs' : 'present', id, differences, want };
}

export function webhookDifferences(existing: ZendeskWebhook, want: WebhookRequest): string[] {
  const differences: string[] = [];
  const compare = (field: string, actual: unknown, expected: unknown) => {
    if (actual !== expected) differences.push(`${field}: is ${show(actual)}, should be ${show(expected)}`);
  };
  compare('endpoint', existing.endpoint, want.endpoint);
  compare('status', existing.status, want.status);
  compare('http_method', existing.http_method, want.http_method);
  compare('request_format', existing.request_format, want.request_format);
  if (existing.subscriptions !== undefined && !existing.subscriptions.includes('conditional_ticket_events')) {
    differences.push(
      `subscriptions: is ${show(existing.subscriptions)}, should include "conditional_ticket_events" (a webhook's connection method cannot change: delete it and install again)`,
    );
  }
  return differences;
}

/**
 * Our trigger's conditions and actions must all be there; order does not matter (Zendesk
 * may return them reordered). Extra conditions an admin added (e.g. a brand) are reported too:
 * they change which tickets we see.
 */
export function triggerDifferences(existing: ZendeskTrigger, want: TriggerRequest): string[] {
  const differences: string[] = [];
  if (existing.active !== want.active) differences.push(`active: is ${show(existing.active)}, should be ${show(want.active)}`);
  for (const list of ['all', 'any'] as const) {
    const actual = existing.conditions[list].map((condition) => ({
      field: condition.field,
      operator: condition.operator ?? null,
      value: condition.value,
    }));
    differences.push(...listDifferences(`conditions.${list}`, actual, want.conditions[list]));
  }
  differences.push(
    ...listDifferences(
      'actions',
      existing.actions.map((action) => ({ field: action.field, value: action.value })),
      want.actions,
    ),
  );
  return differences;
}

export function macroDifferences(existing: ZendeskMacro, want: MacroRequest): string[] {
  const differences: string[] = [];
  if (existing.active !== want.active) differences.push(`active: is ${show(existing.active)}, should be ${show(want.active)}`);
  differences.push(
    ...listDifferences(
      'actions',
      existing.actions.map((action) => ({ field: action.field, value: action.value })),
      want.actions,
    ),
  );
  return differences;
}

function listDifferences(field: string, actual: readonly unknown[], expected: readonly unknown[]): string[] {
  const actualKeys = actual.map(canonical);
  const expectedKeys = expected.map(canonical);
  const missing = expectedKeys.filter((key) => !actualKeys.includes(key));
  const extra = actualKeys.filter((key) => !expectedKeys.includes(key));
  const lines: string[] = [];
  if (missing.length > 0) lines.push(`${field}: lacks ${missing.join(', ')}`);
  if (extra.length > 0) lines.push(`${field}: has ${extra.join(', ')} that install does not set`);
  return lines;
}

/** JSON with sorted keys, numbers and strings told apart as Zendesk stores them. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

function show(value: unknown): string {
  return canonical(value);
}
