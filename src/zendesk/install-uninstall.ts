import { RERUN_MACRO_TITLE, WEBHOOK_NAME, ourTriggerTitles } from './install-resources.js';
import { readAccount, type InstallClient } from './install-zendesk-resources.js';

export interface UninstallOptions {
  zendesk: InstallClient;
  /** List what would be deleted (GETs only). */
  dryRun?: boolean;
  out?: (line: string) => void;
}

export interface UninstallItem {
  kind: 'webhook' | 'trigger' | 'macro';
  name: string;
  id: string;
  status: 'deleted' | 'would-delete' | 'kept';
  /** Why a resource was kept. */
  reason?: string;
}

/**
 * `zendesk:uninstall`: deletes exactly what install creates, found by its name/title — our
 * triggers, our macro, then our webhook — and nothing else. Tags already written on tickets stay.
 * The webhook is kept (and named) when a trigger that is not ours still notifies it: deleting
 * it would break that trigger.
 * @throws ZendeskError from the first failing call (what was deleted before stays deleted;
 *   running it again finishes the job).
 */
export async function uninstallZendeskResources(options: UninstallOptions): Promise<UninstallItem[]> {
  const { zendesk, dryRun = false } = options;
  const out = options.out ?? (() => undefined);
  const account = await readAccount(zendesk, out);
  const titles = new Set(ourTriggerTitles());
  const items: UninstallItem[] = [];
  const act = async (item: Omit<UninstallItem, 'status'>, remove: () => Promise<void>) => {
    if (!dryRun) await remove();
    const done: UninstallItem = { ...item, status: dryRun ? 'would-delete' : 'deleted' };
    items.push(done);
    out(`${item.kind} "${item.name}" (id ${item.id}): ${dryRun ? 'would delete' : 'deleted'}`);
  };

  const ourTriggers = account.triggers.filter((trigger) => titles.has(trigger.title));
  for (const trigger of ourTriggers) {
    await act({ kind: 'trigger', name: trigger.title, id: String(trigger.id) }, () => zendesk.deleteTrigger(String(trigger.id)));
  }
  for (const macro of account.macros.filter((candidate) => candidate.title === RERUN_MACRO_TITLE)) {
    await act({ kind: 'macro', name: macro.title, id: String(macro.id) }, () => zendesk.deleteMacro(String(macro.id)));
  }
  for (const webhook of account.webhooks.filter((candidate) => candidate.name === WEBHOOK_NAME)) {
    const users = account.triggers.filter((trigger) => !titles.has(trigger.title) && notifies(trigger.actions, webhook.id));
    if (users.length > 0) {
      const reason = `still used by ${users.map((trigger) => `trigger ${trigger.id} "${trigger.title}"`).join(', ')}; remove its webhook action, then run zendesk:uninstall again`;
      items.push({ kind: 'webhook', name: webhook.name, id: webhook.id, status: 'kept', reason });
      out(`webhook "${webhook.name}" (id ${webhook.id}): kept, ${reason}`);
      continue;
    }
    await act({ kind: 'webhook', name: webhook.name, id: webhook.id }, () => zendesk.deleteWebhook(webhook.id));
  }
  if (items.length === 0) out('Nothing to remove: no webhook, trigger or macro of signin-triage in this account.');
  return items;
}

function notifies(actions: ReadonlyArray<{ field: string; value: unknown }>, webhookId: string): boolean {
  return actions.some(
    (action) => action.field === 'notification_webhook' && Array.isArray(action.value) && String(action.value[0]) === webhookId,
  );
}
