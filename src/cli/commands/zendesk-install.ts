import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';

import { isLoopbackUrl, loadConfig, type Config } from '../../config.js';
import { findRunningSandbox } from '../../runtime/sandbox-state.js';
import { createZendeskClient, type ZendeskClient, type ZendeskClientAuth } from '../../zendesk/client.js';
import { secretAccepted, type AcceptedSecrets } from '../../zendesk/install-secret.js';
import { checkZendeskInstall } from '../../zendesk/install-check.js';
import { dryRunInstall, notAdminProblem } from '../../zendesk/install-dry-run.js';
import { installZendeskResources } from '../../zendesk/install-zendesk-resources.js';
import { UsageError, type Command, type CommandIo } from '../command.js';

export const command: Command = {
  name: 'zendesk:install',
  summary: 'Create the webhook, triggers and re-run macro in Zendesk (idempotent); --check verifies an install',
  usage: [
    'Usage: signin-triage zendesk:install [--dry-run | --check] [--show-secret] [--allow-http] [--data-dir .data]',
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
    '  --data-dir     sandbox mode: the folder of the running `npm start` (default .data)',
    'Needs PUBLIC_URL and admin credentials (ZENDESK_SUBDOMAIN or ZENDESK_URL, ZENDESK_EMAIL + ZENDESK_API_TOKEN',
    'or ZENDESK_OAUTH_TOKEN). Without Zendesk settings it works on the Zendesk stand-in of the sandbox `npm start`',
    'runs from this folder, and compares the secret with the ones that sandbox accepts.',
    'Exit 0: installed and verified; 1: something needs you (printed); 2: usage.',
  ].join('\n'),
  async run(args, io) {
    const flags = { dryRun: false, check: false, showSecret: false, allowHttp: false, dataDir: '.data' };
    for (let index = 0; index < args.length; index += 1) {
      const arg = args[index]!;
      if (arg === '--dry-run') flags.dryRun = true;
      else if (arg === '--check') flags.check = true;
      else if (arg === '--show-secret') flags.showSecret = true;
      else if (arg === '--allow-http') flags.allowHttp = true;
      else if (arg === '--data-dir') {
        const value = args[++index];
        if (!value) throw new UsageError('--data-dir needs a folder');
        flags.dataDir = value;
      } else throw new UsageError(`unknown argument ${arg}`);
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
    const out = (line: string) => void io.stdout.write(`${line}\n`);
    const { zendesk, auth, publicUrl, secrets } = chooseTarget(config, webhookSecretSet, flags, out);

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
    if (secretAccepted(result.secret) && differing.length === 0) {
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

interface Target {
  zendesk: ZendeskClient;
  auth: ZendeskClientAuth;
  publicUrl: string;
  secrets: AcceptedSecrets;
}

/**
 * The account to install into. With no Zendesk settings, the Zendesk stand-in of the sandbox
 * `npm start` runs from this folder (`.data/sandbox.json`): its webhook points at the
 * sandbox's own URL, and its signing secret, generated by the stand-in as Zendesk does, is
 * known only to the running service, which recorded digests of the secrets it accepts. So
 * the check compares with those, not with ZENDESK_WEBHOOK_SECRET (which a sandbox does not
 * use for the stand-in's deliveries: comparing with it always reported a mismatch).
 */
function chooseTarget(
  config: Config,
  webhookSecretSet: boolean,
  flags: { allowHttp: boolean; dataDir: string },
  out: (line: string) => void,
): Target {
  if (config.zendesk !== null) {
    // ZENDESK_URL set by hand to a running sandbox's stand-in: that sandbox decides which secrets pass.
    const sandbox = isLoopbackUrl(config.zendesk.baseUrl) ? findRunningSandbox(resolve(flags.dataDir)).state : null;
    if (sandbox !== null && sandbox.zendeskUrl === config.zendesk.baseUrl) {
      return {
        ...connect(config.zendesk, config.zendeskTimeoutMs),
        publicUrl: requirePublicUrl(config.publicUrl ?? sandbox.serviceUrl, flags.allowHttp),
        secrets: { sandboxSha256: sandbox.webhookSecretSha256 ?? [] },
      };
    }
    return {
      ...connect(config.zendesk, config.zendeskTimeoutMs),
      publicUrl: requirePublicUrl(config.publicUrl, flags.allowHttp),
      secrets: webhookSecretSet ? config.webhook.secrets : null,
    };
  }
  const running = findRunningSandbox(resolve(flags.dataDir));
  if (running.state === null) {
    throw new UsageError(
      `set ZENDESK_SUBDOMAIN (or ZENDESK_URL) and ZENDESK_EMAIL + ZENDESK_API_TOKEN (or ZENDESK_OAUTH_TOKEN) of an admin; or, to try it on the local Zendesk stand-in, run \`npm start\` without Zendesk settings from this folder first (${running.problem})`,
    );
  }
  const state = running.state;
  out(`Sandbox: the Zendesk stand-in of \`npm start\` (pid ${state.pid}) at ${state.zendeskUrl}; our webhook URL is ${state.serviceUrl}`);
  return {
    ...connect({ baseUrl: state.zendeskUrl, auth: state.auth }, config.zendeskTimeoutMs),
    publicUrl: state.serviceUrl,
    // An older sandbox (or one still starting) has not recorded them: compare with nothing.
    secrets: { sandboxSha256: state.webhookSecretSha256 ?? [] },
  };
}

function requirePublicUrl(publicUrl: string | null, allowHttp: boolean): string {
  if (publicUrl === null) throw new UsageError('set PUBLIC_URL to the https address where Zendesk reaches this service');
  // Loopback is never in clear on a network (and is what the stand-in's tests use).
  if (new URL(publicUrl).protocol === 'http:' && !isLoopbackUrl(publicUrl) && !allowHttp) {
    throw new UsageError(
      `PUBLIC_URL is ${publicUrl}: over http:// ticket ids and the sidebar's token travel in clear. Use an https address (a reverse proxy with TLS, see docs/operations.md), or pass --allow-http for a local test`,
    );
  }
  return publicUrl;
}

function connect(
  account: { baseUrl: string; auth: ZendeskClientAuth },
  timeoutMs: number,
): { zendesk: ZendeskClient; auth: ZendeskClientAuth } {
  return { zendesk: createZendeskClient({ ...account, timeoutMs }), auth: account.auth };
}

/** Written straight to the terminal, never through `out` or a logger. */
function reveal(io: CommandIo, secret: string): void {
  io.stdout.write(
    `\nWebhook signing secret (shown once; put it in ZENDESK_WEBHOOK_SECRET, do not paste it into tickets or chats):\n${secret}\n\n`,
  );
}
