import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli } from '../../support/run-cli.js';
import { startZendeskSandbox, type ZendeskSandbox } from '../../../src/zendesk-sandbox/index.js';
import { createTriageQueue, type TriageQueue } from '../../../src/queue/create-queue.js';
import { freePort } from '../../../src/runtime/free-port.js';
import { useRedisServer } from '../../support/use-redis-server.js';
import { createSignInTicket } from '../../support/worker-harness.js';

const SECRET = 'cli-test-webhook-secret-0123456789';

async function run(argv: string[], env: NodeJS.ProcessEnv, options: { tty?: boolean } = {}) {
  const { code, stdout: out, stderr: err } = await runCli(argv, { env, ...options });
  return { code, out, err };
}

describe('signin-triage sweep, zendesk:install and zendesk:uninstall (real redis, stand-in over HTTP)', () => {
  const redisServer = useRedisServer();
  let sandbox: ZendeskSandbox;
  let queue: TriageQueue;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    sandbox = await startZendeskSandbox({ deliverWebhooks: false });
    queue = createTriageQueue({ redisUrl: redisServer().url, prefix: 'cli-test' });
    env = {
      REDIS_URL: redisServer().url,
      QUEUE_PREFIX: 'cli-test',
      ZENDESK_URL: sandbox.url,
      ZENDESK_EMAIL: sandbox.credentials.email,
      ZENDESK_API_TOKEN: sandbox.credentials.apiToken,
      ZENDESK_WEBHOOK_SECRET: SECRET,
      PUBLIC_URL: 'https://triage.example.com',
      LOG_LEVEL: 'silent',
    };
  });
  afterAll(async () => {
    await queue.close();
    await sandbox.close();
  });

  it('zendesk:install --dry-run reads with GETs only and prints account, user, auth and per resource', async () => {
    const { code, out } = await run(['zendesk:install', '--dry-run'], env);
    expect(code).toBe(0);
    expect(out).toContain(`Account: ${new URL(sandbox.url).host}`);
    expect(out).toMatch(/User: .+ \(id \d+, role admin\), authenticated with an API token/);
    expect(out).toContain('webhook "signin-triage": would create');
    expect(out).toContain('"endpoint": "https://triage.example.com/webhooks/zendesk"');
    expect(out).toContain('trigger "signin-triage: re-run requested": would create');
    expect(out).not.toContain(SECRET);
    expect(sandbox.requests.length).toBeGreaterThan(0);
    expect(sandbox.requests.filter((request) => request.method !== 'GET')).toEqual([]);
  });

  it('zendesk:install refuses an http:// PUBLIC_URL unless --allow-http', async () => {
    const refused = await run(['zendesk:install', '--dry-run'], { ...env, PUBLIC_URL: 'http://triage.example.com' });
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(
      /PUBLIC_URL is http:\/\/triage\.example\.com: over http:\/\/ ticket ids and the sidebar's token travel in clear/,
    );
    const allowed = await run(['zendesk:install', '--dry-run', '--allow-http'], { ...env, PUBLIC_URL: 'http://triage.example.com' });
    expect(allowed.code).toBe(0);
  });

  it('zendesk:install creates, says the secret differs without printing it (exit 1); --check passes once it is set', async () => {
    const first = await run(['zendesk:install'], env);
    expect(first.code).toBe(1);
    expect(first.out.match(/: created/g)).toHaveLength(6);
    const generated = [...sandbox.state.webhooks.values()][0]!.signingSecret;
    expect(first.out).toMatch(/ZENDESK_WEBHOOK_SECRET does not contain the webhook's signing secret/);
    expect(first.out).not.toContain(generated);

    const check = await run(['zendesk:install', '--check'], env);
    expect(check.code).toBe(1);
    expect(check.out.split('\n').filter((line) => line.startsWith('problem: '))).toEqual([
      expect.stringMatching(/^problem: webhook signing secret: ZENDESK_WEBHOOK_SECRET does not contain/),
    ]);

    const fixed = { ...env, ZENDESK_WEBHOOK_SECRET: generated };
    const second = await run(['zendesk:install'], fixed);
    expect(second.code).toBe(0);
    expect(second.out.match(/: already present/g)).toHaveLength(6);
    expect(second.out).toContain('webhook signing secret: matches ZENDESK_WEBHOOK_SECRET');
    const verified = await run(['zendesk:install', '--check'], fixed);
    expect(verified.code).toBe(0);
    expect(verified.out).toContain('Install verified.');
    expect([sandbox.state.webhooks.size, sandbox.state.triggers.size, sandbox.state.macros.size]).toEqual([1, 4, 1]);
  });

  it('a first install works in production before any secret is set, and says what to set', async () => {
    const { ZENDESK_WEBHOOK_SECRET: _unset, ...production } = env;
    const { code, out, err } = await run(['zendesk:install', '--check'], { ...production, NODE_ENV: 'production' });
    expect(err).toBe('');
    expect(code).toBe(1);
    expect(out).toMatch(/problem: webhook signing secret: ZENDESK_WEBHOOK_SECRET is not set/);
  });

  it('--show-secret prints the secret to a terminal only', async () => {
    const redirected = await run(['zendesk:install', '--show-secret'], env);
    expect(redirected.code).toBe(2);
    expect(redirected.err).toMatch(/--show-secret prints only to an interactive terminal/);
    const terminal = await run(['zendesk:install', '--show-secret'], env, { tty: true });
    const generated = [...sandbox.state.webhooks.values()][0]!.signingSecret;
    expect(terminal.out.split(generated)).toHaveLength(2);
  });

  it('network failures name their cause: DNS, refused, TLS, timeout', async () => {
    const closed = await freePort();
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const cases: Array<[NodeJS.ProcessEnv, RegExp]> = [
        [
          { ZENDESK_URL: 'https://signin-triage-test.invalid' },
          /DNS: the name signin-triage-test\.invalid does not resolve \((ENOTFOUND|EAI_AGAIN)\)/,
        ],
        [{ ZENDESK_URL: `http://127.0.0.1:${closed}` }, /connection refused by 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/],
        [{ ZENDESK_URL: sandbox.url.replace('http:', 'https:') }, /TLS failed with 127\.0\.0\.1:\d+ \(\w+\)/],
        [
          { ZENDESK_URL: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, ZENDESK_TIMEOUT_MS: '300' },
          /did not answer within 300 ms/,
        ],
      ];
      for (const [override, message] of cases) {
        const { code, err } = await run(['zendesk:install', '--dry-run'], { ...env, ...override });
        expect(code, err).toBe(1);
        expect(err).toMatch(message);
      }
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('zendesk:uninstall --dry-run lists, then zendesk:uninstall removes what install created', async () => {
    sandbox.requests.length = 0;
    const dry = await run(['zendesk:uninstall', '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.out.match(/would delete/g)).toHaveLength(6);
    expect(sandbox.requests.filter((request) => request.method !== 'GET')).toEqual([]);
    const done = await run(['zendesk:uninstall'], env);
    expect(done.code).toBe(0);
    expect(done.out.match(/: deleted/g)).toHaveLength(6);
    expect([sandbox.state.webhooks.size, sandbox.state.triggers.size, sandbox.state.macros.size]).toEqual([0, 0, 0]);
  });

  it('install, check, dry run and uninstall stop at once, saying why, with an agent token', async () => {
    const agentAccount = await startZendeskSandbox({ deliverWebhooks: false, apiUserRole: 'agent' });
    try {
      const agentEnv = {
        ...env,
        ZENDESK_URL: agentAccount.url,
        ZENDESK_EMAIL: agentAccount.credentials.email,
        ZENDESK_API_TOKEN: agentAccount.credentials.apiToken,
      };
      for (const argv of [['zendesk:install'], ['zendesk:install', '--check'], ['zendesk:install', '--dry-run'], ['zendesk:uninstall']]) {
        const { code, out } = await run(argv, agentEnv);
        expect(code, argv.join(' ')).toBe(1);
        expect(out).toMatch(/problem: the API user \(id \d+\) is an agent; installing needs an admin/);
      }
      expect(agentAccount.requests.filter((request) => request.route !== '/api/v2/users/me')).toEqual([]);
    } finally {
      await agentAccount.close();
    }
  });

  it('zendesk:install without PUBLIC_URL says what to set', async () => {
    const { code, err } = await run(['zendesk:install'], { ...env, PUBLIC_URL: '' });
    expect(code).toBe(2);
    expect(err).toMatch(/set PUBLIC_URL/);
  });

  it('sweep --since 2h queues the untagged ticket and prints a summary', async () => {
    const ticket = createSignInTicket(sandbox);
    const { code, out, err } = await run(['sweep', '--since', '2h'], env);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/Queued 1, retried 0 failed job\(s\), 0 already queued/);
    expect((await queue.getJob(`ticket-${ticket.id}-created`))?.data).toMatchObject({ event: 'sweep', ticketId: String(ticket.id) });
    const again = await run(['sweep'], env);
    expect(again.out).toMatch(/Queued 0/);
  });

  it('sweep refuses a bad --since with the allowed forms', async () => {
    const { code, err } = await run(['sweep', '--since', 'last week'], env);
    expect(code).toBe(2);
    expect(err).toMatch(/--since must be a duration like 2h/);
  });
});
