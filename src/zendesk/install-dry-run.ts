import type { ZendeskClientAuth } from './client.js';
import { planInstall, type PlannedResource } from './install-plan.js';
import { describeSecretStatus, matchSigningSecret, type AcceptedSecrets } from './install-secret.js';
import { readAccount, type InstallClient } from './install-zendesk-resources.js';

export interface DryRunOptions {
  zendesk: InstallClient;
  auth: ZendeskClientAuth;
  publicUrl: string;
  secrets: AcceptedSecrets;
  out: (line: string) => void;
}

/**
 * `zendesk:install --dry-run`: reads the account with GETs only and prints the host, the API
 * user and auth method, then per resource: would create / already present / differs (with the
 * differences), and whether the webhook's signing secret matches. Sends no write.
 * @returns the plan's resources (empty when the user is not an admin: nothing more can be read).
 */
export async function dryRunInstall(options: DryRunOptions): Promise<Array<PlannedResource<unknown>>> {
  const { zendesk, out } = options;
  out(`Dry run: GET requests only, nothing is created or changed.`);
  out(`Account: ${new URL(zendesk.baseUrl).host}`);
  const user = await zendesk.getCurrentUser();
  out(`User: ${user.name} (id ${user.id}, role ${user.role}), authenticated with ${authMethod(options.auth)}`);
  if (user.role !== 'admin') {
    // Webhooks are admin-only: reading them would fail with a 403 that says less than this.
    out(`problem: ${notAdminProblem(user)}`);
    return [];
  }

  const plan = planInstall(await readAccount(zendesk, out), { publicUrl: options.publicUrl });
  const resources: Array<PlannedResource<unknown>> = [plan.webhook, ...plan.triggers, plan.macro];
  for (const resource of resources) {
    const label = `${resource.kind} "${resource.name}"`;
    if (resource.status === 'missing') {
      out(`${label}: would create`);
      out(indent(JSON.stringify(resource.want, null, 2)));
    } else if (resource.status === 'present') {
      out(`${label}: already present (id ${resource.id})`);
    } else {
      out(`${label}: differs (id ${resource.id}); install leaves it as it is:`);
      for (const difference of resource.differences) out(`  ${difference}`);
    }
    if (resource === plan.webhook && resource.id !== undefined) {
      const secret = matchSigningSecret(await zendesk.getWebhookSigningSecret(resource.id), options.secrets);
      out(`  signing secret: ${describeSecretStatus(secret)}`);
    }
  }
  if (plan.webhook.id === undefined) {
    out('webhook signing secret: Zendesk generates it when the webhook is created; install then tells you what to set.');
  }
  return resources;
}

/** Install, check and uninstall manage webhooks, triggers and macros: admin-only in Zendesk. */
export function notAdminProblem(user: { id: number; role: string }): string {
  return `the API user (id ${user.id}) is ${user.role === 'agent' ? 'an agent' : 'an end user'}; installing needs an admin: use the API token of an admin, best a dedicated integration user (README, "Which Zendesk user?")`;
}

/** How the CLI authenticates; the email is shown masked (it is the admin's own, but still personal). */
export function authMethod(auth: ZendeskClientAuth): string {
  if (auth.type === 'oauth') return 'an OAuth access token (ZENDESK_OAUTH_TOKEN)';
  return `an API token of ${maskEmail(auth.email)} (ZENDESK_EMAIL + ZENDESK_API_TOKEN)`;
}

function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '(ZENDESK_EMAIL)';
  return `${email[0]}…@${email.slice(at + 1)}`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
