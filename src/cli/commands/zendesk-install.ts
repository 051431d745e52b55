import { randomBytes } from 'node:crypto';

import { loadConfig, type Config } from '../../config.js';
import { createZendeskClient, type ZendeskClient } from '../../zendesk/client.js';
import { checkZendeskInstall } from '../../zendesk/install-check.js';
import { dryRunInstall, notAdminProblem } from '../../zendesk/install-dry-run.js';
import { installZendeskResources } from '../../zendesk/install-zendesk-resources.js';
import { UsageError, type Command, type CommandIo } from '../command.js';

export const command: Command = {
  name: 'zendesk:install',
  summary: 'Create the webhook, triggers and re-run macro in Zendesk (idempotent); --check verifies an install',
  usage: [
    'Usage: signin-triage zendesk:install [--dry-run | --check] [--show-secret] [--allow-http]',
    '',
    'Creates, unless one of the same name already exists:',
    '  webhook  "signin-triage"  → POST ${PUBLIC_URL}/webhooks/zendesk (Zendesk generates its signing secret)',
    '  trigger  "signin-triage: new ticket"        (ticket created → webhook)',
    '  trigger  "signin-triage: re-run requested"  (tag signin_triage_rerun added → webhook, tag removed)',
    '  trigger  "signin-triage: customer replied"  (requester\'s public comment on a triaged ticket → webhook)',
    '  macro    "signin-triage: re-run triage"     (adds signin_triage_rerun)',
    "Then reads the webhook's signing secret and says whether ZENDESK_WEBHOOK_SECRET matches it,",
    'and what to set when it does not. Running it again creates nothing.',
    '  --dry-run      read the account (GET only): host, user, auth method, and per resource',
    '                 would create / already present / differs',
    '  --check        verify an install (webhook active, secret matches, triggers and macro present',
    '                 and pointing at PUBLIC_URL); exit 1 with one line per problem',
    "  --show-secret  print the webhook's signing secret once, to a terminal only (never to logs)",
    '  --allow-http   accept an http:// PUBLIC_URL (local tests only: ticket ids and the sidebar token',
    '                 would travel in clear)',
    'Needs PUBLIC_URL and admin credentials (ZENDESK_SUBDOMAIN or ZENDESK_URL, ZENDESK_EMAIL + ZENDESK_API_TOKEN',
    'or ZENDESK_OAUTH_TOKEN). Exit 0: installed and verified; 1: something needs you (printed); 2: usage.',
  ].join('\n'),
  async run(args, io) {
    const flags = { dryRun: false, check: false, showSecret: false, allowHttp: false };
    for (const arg of args) {
      if (arg === '--dry-run') flags.dryRun = true;
      else if (arg === '--check') flags.check = true;
      else if (arg === '--show-secret') flags.showSecret = true;
      else if (arg === '--allow-http') flags.allowHttp = true;
      else throw new UsageError(`unknown argument ${arg}`);
    }
    if (flags.dryRun && flags.check) throw new UsageError('use --dry-run or --check, not both');
    if (flags.showSecret && (flags.dryRun || flags.check)) throw new UsageError('--show-secret goes with a plain install only');
    // A secret on stdout may end up in a CI log or a file: only an interactive terminal gets it.
    if (flags.showSecret && (io.stdout as { isTTY?: boolean }).isTTY !== true) {
      throw new UsageError(
        '--show-secret prints only to an interactive terminal (stdout is redirected), so the secret never lands in a log or file',
      );
    }
    const { config, webhookSecretSet } = loadInstallConfig(io.env);
    const publicUrl = requirePublicUrl(config, flags.allowHttp);
    const { zendesk, auth } = connect(config);
    const secrets = webhookSecretSet ? config.webhook.secrets : null;
    const out = (line: string) => void io.stdout.write(`${line}\n`);

    if (flags.dryRun) {
      const resources = await dryRunInstall({ zendesk, auth, publicUrl, secrets, out });
      return resources.length > 0 ? 0 : 1;
    }
    const problem = await requireAdmin(zendesk);
    if (problem !== null) {
      out(`problem: ${problem}`);
      return 1;
    }
    if (flags.check) {
      const result = await checkZendeskInstall({ zendesk, publicUrl, secrets, out });
      for (const line of result.ok) out(`ok: ${line}`);
      for (const line of result.problems) out(`problem: ${line}`);
      out(result.problems.length === 0 ? 'Install verified.' : `${result.problems.length} problem(s) found.`);
      return result.problems.length === 0 ? 0 : 1;
    }
    const result = await installZendeskResources({
      zendesk,
      publicUrl,
      secrets,
      scope: config.triageScope,
      out,
      ...(flags.showSecret ? { revealSecret: (secret: string) => reveal(io, secret) } : {}),
    });
    const differing = result.items.filter((item) => item.status === 'differs');
    if (result.secret.state === 'matches' && differing.length === 0) {
      out('Installed and verified. Test it with a real ticket (see README, "Test a fresh install").');
      return 0;
    }
    out('Installed, but not working yet: see the lines above, then run signin-triage zendesk:install --check.');
    return 1;
  },
};

/**
 * The configuration without the server's own secrets: install reads the webhook's secret and
 * says what to set, so a first install must work before ZENDESK_WEBHOOK_SECRET (or
 * SIDEBAR_SESSION_SECRET) exists, even where production would refuse to start without them.
 */
export function loadInstallConfig(env: NodeJS.ProcessEnv): { config: Config; webhookSecretSet: boolean } {
  const blank = (name: string) => (env[name] ?? '').trim() === '';
  const filled: NodeJS.ProcessEnv = { ...env };
  const webhookSecretSet = !blank('ZENDESK_WEBHOOK_SECRET');
  if (!webhookSecretSet) filled.ZENDESK_WEBHOOK_SECRET = randomBytes(32).toString('base64url');
  if (blank('SIDEBAR_SESSION_SECRET') && blank('SIDEBAR_SHARED_SECRET'))
    filled.SIDEBAR_SESSION_SECRET = randomBytes(32).toString('base64url');
  return { config: loadConfig(filled), webhookSecretSet };
}

/** Null when the credentials are an admin's; else what to do (a 403 on /webhooks would say less). */
export async function requireAdmin(zendesk: Pick<ZendeskClient, 'getCurrentUser'>): Promise<string | null> {
  const user = await zendesk.getCurrentUser();
  return user.role === 'admin' ? null : notAdminProblem(user);
}

function requirePublicUrl(config: Config, allowHttp: boolean): string {
  if (config.publicUrl === null) throw new UsageError('set PUBLIC_URL to the https address where Zendesk reaches this service');
  if (new URL(config.publicUrl).protocol === 'http:' && !allowHttp) {
    throw new UsageError(
      `PUBLIC_URL is ${config.publicUrl}: over http:// ticket ids and the sidebar's token travel in clear. Use an https address (a reverse proxy with TLS, see docs/operations.md), or pass --allow-http for a local test`,
    );
  }
  return config.publicUrl;
}

function connect(config: Config): { zendesk: ZendeskClient; auth: NonNullable<Config['zendesk']>['auth'] } {
  if (config.zendesk === null)
    throw new UsageError(
      'set ZENDESK_SUBDOMAIN (or ZENDESK_URL) and ZENDESK_EMAIL + ZENDESK_API_TOKEN (or ZENDESK_OAUTH_TOKEN) of an admin',
    );
  return { zendesk: createZendeskClient({ ...config.zendesk, timeoutMs: config.zendeskTimeoutMs }), auth: config.zendesk.auth };
}

/** Written straight to the terminal, never through `out` or a logger. */
function reveal(io: CommandIo, secret: string): void {
  io.stdout.write(
    `\nWebhook signing secret (shown once; put it in ZENDESK_WEBHOOK_SECRET, do not paste it into tickets or chats):\n${secret}\n\n`,
  );
}
