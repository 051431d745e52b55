import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { createLogger } from '../../../src/observability/logger.js';
import { createReadiness } from '../../../src/server/readiness.js';
import { createApp } from '../../../src/server/create-app.js';
import { installZendeskResources } from '../../../src/zendesk/install-zendesk-resources.js';
import { RERUN_MACRO_TITLE } from '../../../src/zendesk/install-resources.js';
import { startRedisServer, type RedisServerHandle } from '../../support/redis-server.js';
import { createSignInTicket, ourNotes, startHarness, testTriage, type Harness } from '../../support/worker-harness.js';

const SECRET = 'install-test-signing-secret-0123456789';

describe('zendesk:install against the stand-in', () => {
  let redisServer: RedisServerHandle;
  let harness: Harness | null = null;
  let server: Server | null = null;

  beforeAll(async () => {
    redisServer = await startRedisServer();
    testTriage();
  });
  afterEach(async () => {
    if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = null;
    await harness?.close();
    harness = null;
  });
  afterAll(async () => {
    await redisServer.stop();
  });

  it('creates webhook, triggers and macro once; a second run creates nothing', async () => {
    harness = await startHarness({ redisUrl: redisServer.url, noWorker: true });
    const { sandbox, zendesk } = harness;
    const first: string[] = [];
    const items = await installZendeskResources({
      zendesk,
      publicUrl: 'https://triage.example.com',
      secret: SECRET,
      out: (line) => first.push(line),
    });
    expect(items.map((item) => `${item.kind}:${item.status}`)).toEqual([
      'webhook:created',
      'trigger:created',
      'trigger:created',
      'macro:created',
    ]);
    expect(first[0]).toMatch(/^webhook "signin-triage": created \(id \w+\)$/);

    const webhook = [...sandbox.state.webhooks.values()][0]!;
    expect(webhook).toMatchObject({
      endpoint: 'https://triage.example.com/webhooks/zendesk',
      http_method: 'POST',
      request_format: 'json',
      signingSecret: SECRET,
    });
    expect([...sandbox.state.triggers.values()].map((trigger) => trigger.actions[0]?.value)).toEqual([
      [webhook.id, expect.stringContaining('"event":"created"')],
      [webhook.id, expect.stringContaining('"event":"rerun"')],
    ]);

    const second: string[] = [];
    const again = await installZendeskResources({
      zendesk,
      publicUrl: 'https://moved.example.com',
      secret: SECRET,
      out: (line) => second.push(line),
    });
    expect(again.map((item) => item.status)).toEqual(['present', 'present', 'present', 'present']);
    expect(second.join('\n')).toMatch(/already present/);
    expect(second.join('\n')).toMatch(
      /warning: it points to https:\/\/triage\.example\.com\/webhooks\/zendesk, not https:\/\/moved\.example\.com/,
    );
    expect([sandbox.state.webhooks.size, sandbox.state.triggers.size, sandbox.state.macros.size]).toEqual([1, 2, 1]);
  });

  it('--dry-run sends nothing and never prints the secret', async () => {
    harness = await startHarness({ redisUrl: redisServer.url, noWorker: true });
    const lines: string[] = [];
    const items = await installZendeskResources({
      zendesk: harness.zendesk,
      publicUrl: 'https://triage.example.com',
      secret: SECRET,
      dryRun: true,
      out: (line) => lines.push(line),
    });
    expect(items.every((item) => item.status === 'would-create')).toBe(true);
    expect(harness.sandbox.requests).toEqual([]);
    const printed = lines.join('\n');
    expect(printed).toContain('POST /api/v2/webhooks');
    expect(printed).toContain('https://triage.example.com/webhooks/zendesk');
    expect(printed).not.toContain(SECRET);
  });

  it('new ticket → trigger → signed webhook → job → note; macro → re-run trigger → second note, no loop', { timeout: 60_000 }, async () => {
    harness = await startHarness({ redisUrl: redisServer.url });
    const h = harness;
    const log = createLogger({ level: 'silent' });
    const app = createApp({
      config: { webhook: { secrets: [SECRET], maxBodyBytes: 262_144, toleranceSec: 300 }, admin: null, nodeEnv: 'test' },
      queue: h.queue,
      log,
      metrics: h.metrics,
      readiness: createReadiness({ redis: h.redis }),
    });
    server = createServer(app);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
    const publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await installZendeskResources({ zendesk: h.zendesk, publicUrl, secret: SECRET });

    const ticket = createSignInTicket(h.sandbox);
    const created = await h.waitForJob(`ticket-${ticket.id}-created`);
    expect(created.returnvalue?.outcome).toBe('triaged');
    expect(ourNotes(h.sandbox, ticket.id)).toHaveLength(1);

    h.sandbox.applyMacro(ticket.id, RERUN_MACRO_TITLE);
    await h.sandbox.waitForDeliveries((deliveries) =>
      deliveries.some((delivery) => delivery.body.includes('"rerun"') && delivery.state === 'delivered'),
    );
    const rerunJob = (await h.queue.getJobs(['waiting', 'active', 'completed', 'delayed'])).find((job) => job.data.event === 'rerun');
    expect(rerunJob?.id).toMatch(new RegExp(`^ticket-${ticket.id}-rerun-[0-9a-f]{16}$`));
    expect(rerunJob?.data.requestedBy).toBe(String(h.sandbox.agent.id));
    const rerun = await h.waitForJob(rerunJob!.id!);
    expect(rerun.returnvalue?.outcome).toBe('triaged');

    await h.sandbox.idle();
    expect(ourNotes(h.sandbox, ticket.id)).toHaveLength(2);
    expect(h.sandbox.state.tickets.get(ticket.id)!.tags).not.toContain('signin_triage_rerun');
    // Our own updates fired no trigger: one created and one rerun delivery in all, both accepted.
    expect(h.sandbox.deliveries.map((delivery) => [JSON.parse(delivery.body).event, delivery.state])).toEqual([
      ['created', 'delivered'],
      ['rerun', 'delivered'],
    ]);
  });
});
