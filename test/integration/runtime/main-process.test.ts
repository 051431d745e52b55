import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRIAGE_QUEUE } from '../../../src/queue/queue-names.js';
import { producerConnectionOptions } from '../../../src/queue/redis-connection-options.js';
import { signZendeskWebhook } from '../../../src/zendesk/sign-webhook.js';
import { freePort } from '../../support/free-port.js';
import { processTestEnv, spawnNode, type RunningProcess } from '../../support/child-process.js';
import { useRedisServer } from '../../support/use-redis-server.js';
import { waitFor } from '../../support/wait-for.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = `${ROOT}node_modules/tsx/dist/cli.mjs`;
const MAIN = `${ROOT}src/main.ts`;
const SECRET = 'main-process-test-secret-0123456789';

// Its own folder: `.data` (a local redis-server, sandbox.json, dev secrets) never mixes with a
// developer's `npm start` in the repository.
let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'signin-triage-main-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const startMain = (args: string[], env: NodeJS.ProcessEnv): RunningProcess => spawnNode([TSX, MAIN, ...args], { cwd: folder, env });

// PORT 0 (any free port) unless a test sets one: on a shared machine 3000 may be another service's.
const baseEnv = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv =>
  processTestEnv({
    PORT: '0',
    ZENDESK_WEBHOOK_SECRET: SECRET,
    SIDEBAR_SESSION_SECRET: 'x'.repeat(40),
    SWEEP_INTERVAL_MINUTES: '0',
    ...extra,
  });

async function postWebhook(url: string, ticketId: string): Promise<Response> {
  const body = JSON.stringify({ event: 'created', ticket_id: ticketId });
  return fetch(`${url}/webhooks/zendesk`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signZendeskWebhook({ rawBody: body, secret: SECRET }).headers },
    body,
  });
}

describe('src/main.ts as a process', () => {
  it('exits 2 and names the variable when the configuration is invalid', async () => {
    const main = startMain([], baseEnv({ PORT: 'eighty', WORKER_CONCURRENCY: '0' }));
    expect(await main.exit).toBe(2);
    expect(main.output()).toContain("PORT: must be a whole number (got 'eighty')");
    expect(main.output()).toContain("WORKER_CONCURRENCY: must be at least 1 (got '0')");
  });

  it('exits 1 with install instructions when REDIS_URL is unset and redis-server is missing', async () => {
    // No PATH: redis-server cannot be found (node itself is started by absolute path).
    const main = startMain(['--role', 'api'], { ...baseEnv({}), PATH: '' });
    expect(await main.exit).toBe(1);
    expect(main.output()).toContain('apt-get install -y redis-server');
    expect(main.output()).toContain('REDIS_URL');
  });

  it('exits 1 naming REDIS_URL, without its password, when that Redis does not answer', async () => {
    const main = startMain(['--role', 'all'], { ...baseEnv({}), REDIS_URL: 'redis://:s3cret-pw@127.0.0.1:1' });
    expect(await main.exit).toBe(1);
    expect(main.output()).toContain('did not answer within 10 s: check REDIS_URL');
    expect(main.output()).not.toContain('s3cret-pw');
  }, 60_000);

  it('exits 2 in production with an http:// PUBLIC_URL, saying why and what to set', async () => {
    const main = startMain(
      [],
      baseEnv({
        NODE_ENV: 'production',
        ZENDESK_URL: 'https://signin-triage-test.invalid',
        ZENDESK_EMAIL: 'integration@acme.example',
        ZENDESK_API_TOKEN: 'token-0123456789',
        PUBLIC_URL: 'http://triage.acme.example',
      }),
    );
    expect(await main.exit).toBe(2);
    expect(main.output()).toContain('PUBLIC_URL is http://triage.acme.example: over plain http');
    expect(main.output()).toContain('set ALLOW_HTTP_PUBLIC_URL=on');
  });

  it('rejects an unknown role with usage', async () => {
    const main = startMain(['--role', 'both'], baseEnv({}));
    expect(await main.exit).toBe(2);
    expect(main.output()).toContain("--role must be one of all, api, worker (got 'both')");
  });

  describe('sandbox mode (no Zendesk settings)', () => {
    const redis = useRedisServer();

    it('wires the stand-in to our webhook and triages its example tickets end to end', async () => {
      const port = await freePort();
      const main = startMain(['--role', 'all'], baseEnv({ PORT: String(port), HOST: '127.0.0.1', REDIS_URL: redis().url }));
      try {
        await waitFor(() => main.output().includes('sandbox mode: no Zendesk account configured'), 'the sandbox banner');
        const banner = main
          .output()
          .split('\n')
          .find((line) => line.includes('sandbox mode: no Zendesk account configured'))!;
        const { ticketIds, msg } = JSON.parse(banner) as { ticketIds: number[]; msg: string };
        expect(ticketIds.length).toBeGreaterThan(0);
        expect(msg).toContain('Set ZENDESK_SUBDOMAIN, ZENDESK_EMAIL, ZENDESK_API_TOKEN to use your account');
        expect(msg).toContain(`npm run webhook:send -- ${ticketIds[0]} rerun`);
        await waitFor(
          () => (main.output().match(/"outcome":"triaged"/g) ?? []).length === ticketIds.length,
          'every example ticket to be triaged',
        );
        main.child.kill('SIGINT');
        expect(await main.exit).toBe(0);
      } finally {
        if (main.child.exitCode === null) main.child.kill('SIGKILL');
      }
    });
  });

  describe('graceful shutdown', () => {
    const redis = useRedisServer({ appendonly: true });
    let zendesk: Server;
    let zendeskUrl: string;
    const ticketRequests: string[] = [];

    beforeAll(async () => {
      // A slow Zendesk: ticket reads answer after 3 s, so a job is in flight when SIGTERM arrives.
      zendesk = createServer((req, res) => {
        ticketRequests.push(req.url ?? '');
        setTimeout(() => {
          res.statusCode = 404;
          res.setHeader('content-type', 'application/json');
          res.end('{"error":"RecordNotFound"}');
        }, 3_000);
      });
      await new Promise<void>((resolve) => zendesk.listen(0, '127.0.0.1', resolve));
      zendeskUrl = `http://127.0.0.1:${(zendesk.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      zendesk.closeAllConnections();
      await new Promise((resolve) => zendesk.close(resolve));
    });

    it('stops intake with 503 + Retry-After, drains the running job, and exits 0; a second signal changes nothing', async () => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const prefix = `main-${Date.now()}`;
      const main = startMain(
        ['--role', 'all'],
        baseEnv({
          PORT: String(port),
          HOST: '127.0.0.1',
          REDIS_URL: redis().url,
          QUEUE_PREFIX: prefix,
          ZENDESK_URL: zendeskUrl,
          ZENDESK_EMAIL: 'agent@example.com',
          ZENDESK_API_TOKEN: 'test-token-123',
          SHUTDOWN_GRACE_MS: '8000',
        }),
      );
      try {
        await waitFor(async () => (await fetch(`${url}/readyz`).catch(() => null))?.status === 200, 'readiness');
        expect((await postWebhook(url, '4242')).status).toBe(202);
        await waitFor(() => ticketRequests.some((path) => path.includes('/tickets/4242')), 'the worker to call Zendesk');

        main.child.kill('SIGTERM');
        await waitFor(() => main.output().includes('"msg":"shutting down"'), 'shutdown to start', 5_000);
        const during = await postWebhook(url, '4243');
        expect(during.status).toBe(503);
        expect(during.headers.get('retry-after')).toBe('5');
        main.child.kill('SIGTERM');

        expect(await main.exit).toBe(0);
        expect(main.output().match(/"msg":"shutting down"/g)).toHaveLength(1);
        expect(main.output()).toContain('"msg":"shutdown complete"');

        const queue = new Queue(TRIAGE_QUEUE, { connection: producerConnectionOptions(redis().url), prefix });
        try {
          const counts = await queue.getJobCounts('active', 'waiting', 'completed', 'failed', 'delayed');
          expect(counts.active).toBe(0);
          expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).toBe(1);
          expect(await queue.getJob('ticket-4243-created')).toBeUndefined();
        } finally {
          await queue.close();
        }
      } finally {
        if (main.child.exitCode === null) main.child.kill('SIGKILL');
      }
    });
  });
});
