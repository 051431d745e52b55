import type { ZendeskClient } from './client.js';
import {
  buildCreatedTrigger,
  buildRerunMacro,
  buildRerunTrigger,
  buildWebhook,
  CREATED_TRIGGER_TITLE,
  RERUN_MACRO_TITLE,
  RERUN_TRIGGER_TITLE,
  WEBHOOK_NAME,
} from './install-resources.js';
import type { ZendeskTrigger } from './schemas.js';

export type InstallStatus = 'created' | 'present' | 'would-create';

export interface InstallItem {
  kind: 'webhook' | 'trigger' | 'macro';
  name: string;
  status: InstallStatus;
  id?: string;
  /** Something an admin should look at (e.g. an existing webhook pointing elsewhere). */
  warning?: string;
}

export interface InstallOptions {
  zendesk: Pick<ZendeskClient, 'listWebhooks' | 'createWebhook' | 'listTriggers' | 'createTrigger' | 'listMacros' | 'createMacro'>;
  /** PUBLIC_URL: where Zendesk reaches us. */
  publicUrl: string;
  /** The current webhook signing secret (first of ZENDESK_WEBHOOK_SECRET). */
  secret: string;
  /** Print the requests, send nothing (not even the look-ups). */
  dryRun?: boolean;
  /** One line per step; defaults to no output. */
  out?: (line: string) => void;
}

const DRY_RUN_WEBHOOK_ID = '<id of the webhook created above>';

/**
 * Creates the webhook, the two triggers and the macro of the re-run loop, each only when no
 * resource of the same name/title exists: running it twice creates nothing the second time.
 */
export async function installZendeskResources(options: InstallOptions): Promise<InstallItem[]> {
  const { zendesk, dryRun = false } = options;
  const out = options.out ?? (() => undefined);
  const webhookBody = buildWebhook({ publicUrl: options.publicUrl, secret: options.secret });

  if (dryRun) {
    const requests: Array<[InstallItem, string, unknown]> = [
      [
        { kind: 'webhook', name: WEBHOOK_NAME, status: 'would-create' },
        'POST /api/v2/webhooks',
        { webhook: { ...webhookBody, signing_secret: { ...webhookBody.signing_secret, secret: '<ZENDESK_WEBHOOK_SECRET>' } } },
      ],
      [
        { kind: 'trigger', name: CREATED_TRIGGER_TITLE, status: 'would-create' },
        'POST /api/v2/triggers',
        { trigger: buildCreatedTrigger(DRY_RUN_WEBHOOK_ID) },
      ],
      [
        { kind: 'trigger', name: RERUN_TRIGGER_TITLE, status: 'would-create' },
        'POST /api/v2/triggers',
        { trigger: buildRerunTrigger(DRY_RUN_WEBHOOK_ID) },
      ],
      [{ kind: 'macro', name: RERUN_MACRO_TITLE, status: 'would-create' }, 'POST /api/v2/macros', { macro: buildRerunMacro() }],
    ];
    out('Dry run: nothing is sent. Each request is made only if no resource of that name exists yet:');
    for (const [, endpoint, body] of requests) out(`\n${endpoint}\n${JSON.stringify(body, null, 2)}`);
    return requests.map(([item]) => item);
  }

  const items: InstallItem[] = [];
  const report = (item: InstallItem) => {
    items.push(item);
    out(`${item.kind} "${item.name}": ${item.status === 'created' ? 'created' : 'already present'}${item.id ? ` (id ${item.id})` : ''}`);
    if (item.warning) out(`  warning: ${item.warning}`);
  };

  const existingWebhook = (await zendesk.listWebhooks()).find((webhook) => webhook.name === WEBHOOK_NAME);
  let webhookId: string;
  if (existingWebhook) {
    webhookId = existingWebhook.id;
    const warnings = [
      existingWebhook.endpoint !== webhookBody.endpoint
        ? `it points to ${existingWebhook.endpoint}, not ${webhookBody.endpoint}; fix its endpoint in Admin Center (Apps and integrations → Webhooks)`
        : undefined,
      existingWebhook.status !== 'active' ? 'it is inactive; activate it in Admin Center' : undefined,
    ].filter((warning): warning is string => warning !== undefined);
    report({
      kind: 'webhook',
      name: WEBHOOK_NAME,
      status: 'present',
      id: webhookId,
      ...(warnings.length ? { warning: warnings.join('; ') } : {}),
    });
  } else {
    webhookId = (await zendesk.createWebhook(webhookBody)).id;
    report({ kind: 'webhook', name: WEBHOOK_NAME, status: 'created', id: webhookId });
  }

  const triggers = await zendesk.listTriggers();
  for (const body of [buildCreatedTrigger(webhookId), buildRerunTrigger(webhookId)]) {
    const existing = triggers.find((trigger) => trigger.title === body.title);
    if (existing) {
      const warning = callsWebhook(existing, webhookId)
        ? undefined
        : `it does not notify webhook ${webhookId}; delete the trigger and run zendesk:install again`;
      report({ kind: 'trigger', name: body.title, status: 'present', id: String(existing.id), ...(warning ? { warning } : {}) });
    } else {
      const created = await zendesk.createTrigger(body);
      report({ kind: 'trigger', name: body.title, status: 'created', id: String(created.id) });
    }
  }

  const macroBody = buildRerunMacro();
  const existingMacro = (await zendesk.listMacros()).find((macro) => macro.title === macroBody.title);
  if (existingMacro) {
    report({ kind: 'macro', name: macroBody.title, status: 'present', id: String(existingMacro.id) });
  } else {
    const created = await zendesk.createMacro(macroBody);
    report({ kind: 'macro', name: macroBody.title, status: 'created', id: String(created.id) });
  }
  return items;
}

function callsWebhook(trigger: ZendeskTrigger, webhookId: string): boolean {
  return trigger.actions.some(
    (action) => action.field === 'notification_webhook' && Array.isArray(action.value) && String(action.value[0]) === webhookId,
  );
}
