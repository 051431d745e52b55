import { planInstall, type PlannedResource } from './install-plan.js';
import { describeSecretStatus, matchSigningSecret, secretAccepted, type AcceptedSecrets } from './install-secret.js';
import { readAccount, type InstallClient } from './install-zendesk-resources.js';

export interface CheckOptions {
  zendesk: InstallClient;
  publicUrl: string;
  /** ZENDESK_WEBHOOK_SECRET entries (null when unset), or what a running sandbox accepts. */
  secrets: AcceptedSecrets;
  /** Notes that are not problems (a skipped odd trigger). */
  out?: (line: string) => void;
}

export interface CheckResult {
  /** One line per problem, each saying what to do; empty when the install is complete. */
  problems: string[];
  /** One line per resource that is as install would create it. */
  ok: string[];
}

/**
 * `zendesk:install --check`: GETs only. Verifies that the webhook exists, is active, calls our
 * URL and signs with a secret ZENDESK_WEBHOOK_SECRET accepts, and that our triggers and macro
 * exist, are active and notify that webhook as install would create them.
 */
export async function checkZendeskInstall(options: CheckOptions): Promise<CheckResult> {
  const out = options.out ?? (() => undefined);
  const plan = planInstall(await readAccount(options.zendesk, out), { publicUrl: options.publicUrl });
  const problems: string[] = [];
  const ok: string[] = [];
  const judge = (resource: PlannedResource<unknown>) => {
    const label = `${resource.kind} "${resource.name}"`;
    if (resource.status === 'missing') problems.push(`${label} is missing: run signin-triage zendesk:install`);
    else if (resource.status === 'differs')
      for (const difference of resource.differences) problems.push(`${label} (id ${resource.id}) ${difference}`);
    else ok.push(`${label} (id ${resource.id}) is as installed`);
  };

  judge(plan.webhook);
  if (plan.webhook.id !== undefined) {
    const secret = matchSigningSecret(await options.zendesk.getWebhookSigningSecret(plan.webhook.id), options.secrets);
    if (secretAccepted(secret)) ok.push(`webhook signing secret ${describeSecretStatus(secret)}`);
    else problems.push(`webhook signing secret: ${describeSecretStatus(secret)}`);
  }
  for (const trigger of plan.triggers) {
    // Without our webhook every trigger would "differ" by its id: the webhook line says it all.
    if (plan.webhook.id === undefined && trigger.status !== 'missing') continue;
    judge(trigger);
  }
  judge(plan.macro);
  return { problems, ok };
}
