import { PassThrough } from 'node:stream';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { main } from '../../../src/cli/main.js';
import { startZendeskSandbox, type ZendeskSandbox } from '../../../src/zendesk/sandbox/index.js';
import { createTriageQueue, type TriageQueue } from '../../../src/queue/create-queue.js';
import { startRedisServer, type RedisServerHandle } from '../../support/redis-server.js';
import { createSignInTicket } from '../../support/worker-harness.js';

const SECRET = 'cli-test-webhook-secret-0123456789';

async function run(argv: string[], env: NodeJS.ProcessEnv) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += chunk));
  stderr.on('data', (chunk) => (err += chunk));
  const code = await main(argv, { stdin: new PassThrough(), stdout, stderr, env });
  return { code, out, err };
}

describe('signin-triage sweep and zendesk:install (real redis, stand-in over HTTP)', () => {
  let redisServer: RedisServerHandle;
  let sandbox: ZendeskSandbox;
  let queue: TriageQueue;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    redisServer = await startRedisServer();
    sandbox = await startZendeskSandbox({ deliverWebhooks: false });
    queue = createTriageQueue({ redisUrl: redisServer.url, prefix: 'cli-test' });
    env = {
      REDIS_URL: redisServer.url,
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
    await redisServer.stop();
  });

  it('zendesk:install --dry-run prints the requests without the secret and sends nothing', async () => {
    const { code, out } = await run(['zendesk:install', '--dry-run'], env);
    expect(code).toBe(0);
    expect(out).toContain('"endpoint": "https://triage.example.com/webhooks/zendesk"');
    expect(out).toContain('signin-triage: re-run requested');
    expect(out).not.toContain(SECRET);
    expect(sandbox.requests).toEqual([]);
  });

  it('zendesk:install creates, then reports everything as already present', async () => {
    const first = await run(['zendesk:install'], env);
    expect(first.code).toBe(0);
    expect(first.out.match(/: created/g)).toHaveLength(4);
    const second = await run(['zendesk:install'], env);
    expect(second.out.match(/: already present/g)).toHaveLength(4);
    expect([sandbox.state.webhooks.size, sandbox.state.triggers.size, sandbox.state.macros.size]).toEqual([1, 2, 1]);
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
