import type { TriageScope } from '../scope/triage-scope.js';
import type { ZendeskClient } from './client.js';
import { planInstall, type AccountSnapshot, type InstallPlan, type PlannedResource } from './install-plan.js';
import { buildTriggers } from './install-resources.js';
import { describeSecretStatus, matchSigningSecret, type AcceptedSecrets, type SecretStatus } from './install-secret.js';

export type InstallStatus = 'created' | 'present' | 'differs';

export interface InstallItem {
  kind: 'webhook' | 'trigger' | 'macro';
  name: string;
  status: InstallStatus;
  id: string;
  /** What differs from what install would create (only for `differs`). */
  differences: string[];
}

/** The Zendesk calls install, check, dry run and uninstall use. */
export type InstallClient = Pick<
  ZendeskClient,
  | 'baseUrl'
  | 'listWebhooks'
  | 'createWebhook'
  | 'deleteWebhook'
  | 'getWebhookSigningSecret'
  | 'listTriggers'
  | 'createTrigger'
  | 'deleteTrigger'
  | 'listMacros'
  | 'createMacro'
  | 'deleteMacro'
  | 'getCurrentUser'
>;

export interface InstallOptions {
  zendesk: InstallClient;
  /** PUBLIC_URL: where Zendesk reaches us. */
  publicUrl: string;
  /** TRIAGE_SCOPE: narrows the "new ticket" trigger. @defaultValue null (every new ticket) */
  scope?: TriageScope | null;
  /** ZENDESK_WEBHOOK_SECRET entries; null when unset (a development value is in use). */
  secrets: AcceptedSecrets;
  /** One line per step; defaults to no output. Never receives the secret. */
  out?: (line: string) => void;
  /** `--show-secret`: called once with the webhook's signing secret, for the admin's terminal only. */
  revealSecret?: (secret: string) => void;
}

export interface InstallResult {
  items: InstallItem[];
  webhookId: string;
  secret: SecretStatus;
}

/** Reads webhooks, triggers and macros (GETs only); a trigger or macro we cannot read is named and skipped. */
export async function readAccount(zendesk: InstallClient, out: (line: string) => void): Promise<AccountSnapshot> {
  const onSkip = (skipped: { kind: string; id: unknown; reason: string }) =>
    out(
      `  note: skipped ${skipped.kind} ${typeof skipped.id === 'number' ? skipped.id : '(no id)'} that does not parse (${skipped.reason})`,
    );
  const webhooks = await zendesk.listWebhooks();
  const triggers = await zendesk.listTriggers({ onSkip });
  const macros = await zendesk.listMacros({ onSkip });
  return { webhooks, triggers, macros };
}

/**
 * Creates the webhook, the triggers and the macro, each only when none of that name/title
 * exists (running it twice creates nothing the second time), then reads the webhook's signing
 * secret, which Zendesk generates, and compares it with ZENDESK_WEBHOOK_SECRET.
 * Resources that exist but differ are reported with their differences, never changed.
 * @throws ZendeskError (typed: auth, network with its cause, validation …) from the first failing call.
 */
export async function installZendeskResources(options: InstallOptions): Promise<InstallResult> {
  const { zendesk } = options;
  const out = options.out ?? (() => undefined);
  const plan = planInstall(await readAccount(zendesk, out), { publicUrl: options.publicUrl, scope: options.scope ?? null });
  const items: InstallItem[] = [];
  const report = (resource: PlannedResource<unknown>, id: string, created: boolean) => {
    const item: InstallItem = {
      kind: resource.kind,
      name: resource.name,
      status: created ? 'created' : resource.status === 'differs' ? 'differs' : 'present',
      id,
      differences: created ? [] : resource.differences,
    };
    items.push(item);
    out(`${item.kind} "${item.name}": ${STATUS_TEXT[item.status]} (id ${id})`);
    for (const difference of item.differences) out(`  differs: ${difference}`);
    if (item.status === 'differs') out(`  fix it in Admin Center, or run zendesk:uninstall then zendesk:install to recreate it`);
  };

  let webhookId = plan.webhook.id;
  if (webhookId === undefined) {
    webhookId = (await zendesk.createWebhook(plan.webhook.want)).id;
    report(plan.webhook, webhookId, true);
  } else {
    report(plan.webhook, webhookId, false);
  }

  const signingSecret = await zendesk.getWebhookSigningSecret(webhookId);
  const secret = matchSigningSecret(signingSecret, options.secrets);
  out(`webhook signing secret: ${describeSecretStatus(secret)}`);
  options.revealSecret?.(signingSecret);

  // Bodies are rebuilt with the real webhook id (the plan may hold a placeholder).
  const triggerBodies = buildTriggers(webhookId, options.scope ?? null);
  for (const [index, resource] of plan.triggers.entries()) {
    if (resource.id !== undefined) {
      report(replanned(resource, plan, webhookId), resource.id, false);
      continue;
    }
    const created = await zendesk.createTrigger(triggerBodies[index]!);
    report(resource, String(created.id), true);
  }

  if (plan.macro.id !== undefined) report(plan.macro, plan.macro.id, false);
  else report(plan.macro, String((await zendesk.createMacro(plan.macro.want)).id), true);
  return { items, webhookId, secret };
}

/** A trigger compared with a placeholder webhook id (webhook just created) now differs for real. */
function replanned(resource: PlannedResource<unknown>, plan: InstallPlan, webhookId: string): PlannedResource<unknown> {
  if (plan.webhook.id !== undefined) return resource;
  return {
    ...resource,
    status: 'differs',
    differences: [...resource.differences, `it does not notify the new webhook ${webhookId}`],
  };
}

const STATUS_TEXT: Record<InstallStatus, string> = { created: 'created', present: 'already present', differs: 'present but differs' };
