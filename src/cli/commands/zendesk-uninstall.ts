import { createZendeskClient } from '../../zendesk/client.js';
import { uninstallZendeskResources } from '../../zendesk/install-uninstall.js';
import { UsageError, type Command } from '../command.js';
import { loadInstallConfig, requireAdmin } from './zendesk-install.js';

export const command: Command = {
  name: 'zendesk:uninstall',
  summary: 'Remove the webhook, triggers and macro zendesk:install created, and nothing else',
  usage: [
    'Usage: signin-triage zendesk:uninstall [--dry-run]',
    '',
    'Deletes, found by name/title: the triggers "signin-triage: new ticket", "signin-triage: re-run requested" and "signin-triage: customer replied",',
    'the macro "signin-triage: re-run triage", then the webhook "signin-triage" (kept, and named, while a trigger',
    'that is not ours still notifies it). Tags already written on tickets stay. Other rules are not touched.',
    '  --dry-run  list what would be deleted (GET only)',
    'Needs admin credentials (ZENDESK_SUBDOMAIN or ZENDESK_URL, ZENDESK_EMAIL + ZENDESK_API_TOKEN or ZENDESK_OAUTH_TOKEN).',
    'Exit 0: done (or nothing to remove); 1: something was kept or a call failed (printed).',
  ].join('\n'),
  async run(args, io) {
    let dryRun = false;
    for (const arg of args) {
      if (arg === '--dry-run') dryRun = true;
      else throw new UsageError(`unknown argument ${arg}`);
    }
    const { config } = loadInstallConfig(io.env);
    if (config.zendesk === null)
      throw new UsageError(
        'set ZENDESK_SUBDOMAIN (or ZENDESK_URL) and ZENDESK_EMAIL + ZENDESK_API_TOKEN (or ZENDESK_OAUTH_TOKEN) of an admin',
      );
    const zendesk = createZendeskClient({ ...config.zendesk, timeoutMs: config.zendeskTimeoutMs });
    const out = (line: string) => void io.stdout.write(`${line}\n`);
    const problem = await requireAdmin(zendesk);
    if (problem !== null) {
      out(`problem: ${problem}`);
      return 1;
    }
    if (dryRun) out('Dry run: GET requests only, nothing is deleted.');
    const items = await uninstallZendeskResources({ zendesk, dryRun, out });
    return items.some((item) => item.status === 'kept') ? 1 : 0;
  },
};
