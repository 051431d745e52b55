import { loadConfig } from '../../config.js';
import { createZendeskClient } from '../../zendesk/client.js';
import { installZendeskResources } from '../../zendesk/install-zendesk-resources.js';
import { UsageError, type Command } from '../command.js';

export const command: Command = {
  name: 'zendesk:install',
  summary: 'Create the webhook, triggers and re-run macro in Zendesk (idempotent)',
  usage: [
    'Usage: signin-triage zendesk:install [--dry-run]',
    '',
    'Creates, unless one of the same name already exists:',
    '  webhook  "signin-triage"  → POST ${PUBLIC_URL}/webhooks/zendesk, signed with the first ZENDESK_WEBHOOK_SECRET',
    '  trigger  "signin-triage: new ticket"        (ticket created → webhook)',
    '  trigger  "signin-triage: re-run requested"  (tag signin_triage_rerun added → webhook, tag removed)',
    '  macro    "signin-triage: re-run triage"     (adds signin_triage_rerun)',
    'Prints what it created and what was already present; running it again creates nothing.',
    '  --dry-run  print the requests (secret masked) and send nothing',
    'Needs PUBLIC_URL, ZENDESK_WEBHOOK_SECRET and the ZENDESK_* settings (admin credentials).',
  ].join('\n'),
  async run(args, io) {
    let dryRun = false;
    for (const arg of args) {
      if (arg === '--dry-run') dryRun = true;
      else throw new UsageError(`unknown argument ${arg}`);
    }
    const config = loadConfig(io.env);
    if (config.publicUrl === null) throw new UsageError('set PUBLIC_URL to the https address where Zendesk reaches this service');
    if (config.generatedSecrets.includes('ZENDESK_WEBHOOK_SECRET')) {
      throw new UsageError('set ZENDESK_WEBHOOK_SECRET: the webhook is created with it, and the server must verify with the same value');
    }
    const secret = config.webhook.secrets[0]!;
    const out = (line: string) => void io.stdout.write(`${line}\n`);
    if (dryRun) {
      await installZendeskResources({ zendesk: unusedClient(), publicUrl: config.publicUrl, secret, dryRun, out });
      return 0;
    }
    if (config.zendesk === null)
      throw new UsageError('set ZENDESK_SUBDOMAIN (or ZENDESK_URL) and ZENDESK_EMAIL + ZENDESK_API_TOKEN (or ZENDESK_OAUTH_TOKEN)');
    const zendesk = createZendeskClient({ ...config.zendesk, timeoutMs: config.zendeskTimeoutMs });
    await installZendeskResources({ zendesk, publicUrl: config.publicUrl, secret, out });
    return 0;
  },
};

/** A dry run works without Zendesk settings; any call would be a bug, so it throws. */
function unusedClient(): Parameters<typeof installZendeskResources>[0]['zendesk'] {
  const refuse = () => Promise.reject(new Error('dry run: no request may be sent'));
  return {
    listWebhooks: refuse,
    createWebhook: refuse,
    listTriggers: refuse,
    createTrigger: refuse,
    listMacros: refuse,
    createMacro: refuse,
  };
}
