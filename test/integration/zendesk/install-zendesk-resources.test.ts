import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createLogger } from '../../../src/observability/logger.js';
import { createReadiness } from '../../../src/server/readiness.js';
import { createApp } from '../../../src/server/create-app.js';
import { createZendeskClient, type ZendeskClient } from '../../../src/zendesk/client.js';
import { checkZendeskInstall } from '../../../src/zendesk/install-check.js';
import { dryRunInstall } from '../../../src/zendesk/install-dry-run.js';
import { RERUN_MACRO_TITLE } from '../../../src/zendesk/install-resources.js';
import { uninstallZendeskResources } from '../../../src/zendesk/install-uninstall.js';
import { installZendeskResources } from '../../../src/zendesk/install-zendesk-resources.js';
import { startZendeskSandbox, type ZendeskSandbox } from '../../../src/zendesk-sandbox/index.js';
import type { SandboxMacro, SandboxTrigger } from '../../../src/zendesk-sandbox/sandbox-types.js';
import { createSignInTicket, ourNotes, useWorkerHarness } from '../../support/worker-harness.js';

const CONFIGURED = 'configured-secret-that-zendesk-never-uses-0123';
const PUBLIC_URL = 'https://triage.example.com';

/** GET /triggers and /macros of a real account (see the fixture's _comment). */
const RULES = JSON.parse(readFileSync(new URL('../../fixtures/zendesk/account-rules.json', import.meta.url), 'utf8')) as {
  triggers: Array<Record<string, unknown> & { id: number }>;
  macros: Array<Record<string, unknown> & { id: number }>;
};

/** Puts the account's own rules into the stand-in exactly as Zendesk returns them. */
function seedAccountRules(sandbox: ZendeskSandbox): void {
  for (const trigger of RULES.triggers) sandbox.state.triggers.set(trigger.id, structuredClone(trigger) as unknown as SandboxTrigger);
  for (const macro of RULES.macros) sandbox.state.macros.set(macro.id, structuredClone(macro) as unknown as SandboxMacro);
}

async function rawGet(sandbox: ZendeskSandbox, path: string): Promise<unknown> {
  const basic = Buffer.from(`${sandbox.credentials.email}/token:${sandbox.credentials.apiToken}`).toString('base64');
  const response = await fetch(`${sandbox.url}/api/v2${path}`, { headers: { authorization: `Basic ${basic}` } });
  expect(response.status).toBe(200);
  return response.json();
}

/** The account's rules as the API lists them, full JSON. */
async function accountJson(sandbox: ZendeskSandbox): Promise<string> {
  return JSON.stringify([
    await rawGet(sandbox, '/triggers.json'),
    await rawGet(sandbox, '/macros.json'),
    await rawGet(sandbox, '/webhooks'),
  ]);
}

function signingSecret(sandbox: ZendeskSandbox): string {
  return [...sandbox.state.webhooks.values()][0]!.signingSecret;
}

describe('zendesk:install against the stand-in', () => {
  let sandbox: ZendeskSandbox;
  let zendesk: ZendeskClient;

  beforeEach(async () => {
    sandbox = await startZendeskSandbox({ deliverWebhooks: false });
    zendesk = createZendeskClient({ baseUrl: sandbox.url, auth: sandbox.auth });
  });
  afterEach(async () => {
    await sandbox.close();
  });

  it('never chooses the signing secret: reads the generated one, says what to set, reveals it only on request', async () => {
    const lines: string[] = [];
    const revealed: string[] = [];
    const result = await installZendeskResources({
      zendesk,
      publicUrl: PUBLIC_URL,
      secrets: [CONFIGURED],
      out: (line) => lines.push(line),
      revealSecret: (secret) => revealed.push(secret),
    });
    expect(result.items.map((item) => `${item.kind}:${item.status}`)).toEqual([
      'webhook:created',
      'trigger:created',
      'trigger:created',
      'trigger:created',
      'trigger:created',
      'macro:created',
    ]);
    const webhookCreate = sandbox.requests.filter((request) => request.method === 'POST' && request.route === '/api/v2/webhooks');
    expect(webhookCreate).toHaveLength(1);
    const actual = signingSecret(sandbox);
    expect(actual).not.toBe(CONFIGURED);
    expect(result.secret).toEqual({ state: 'differs' });
    expect(revealed).toEqual([actual]);
    const printed = lines.join('\n');
    expect(printed).not.toContain(actual);
    expect(printed).toMatch(/webhook signing secret: ZENDESK_WEBHOOK_SECRET does not contain the webhook's signing secret.*--show-secret/);
    expect(sandbox.requests.some((request) => request.method === 'GET' && request.route === '/api/v2/webhooks/{id}/signing_secret')).toBe(
      true,
    );

    // The admin sets it (here as the second entry of a rotation): found, in constant time, wherever it is.
    const again = await installZendeskResources({ zendesk, publicUrl: PUBLIC_URL, secrets: [CONFIGURED, actual] });
    expect(again.secret).toEqual({ state: 'matches', index: 1 });
    expect(again.items.map((item) => item.status)).toEqual(['present', 'present', 'present', 'present', 'present', 'present']);
    expect([sandbox.state.webhooks.size, sandbox.state.triggers.size, sandbox.state.macros.size]).toEqual([1, 4, 1]);
    const unset = await installZendeskResources({ zendesk, publicUrl: PUBLIC_URL, secrets: null });
    expect(unset.secret).toEqual({ state: 'not-set' });
  });

  it('reports a resource that differs with the difference, and changes nothing', async () => {
    await installZendeskResources({ zendesk, publicUrl: PUBLIC_URL, secrets: null });
    const lines: string[] = [];
    const result = await installZendeskResources({
      zendesk,
      publicUrl: 'https://moved.example.com',
      secrets: null,
      out: (line) => lines.push(line),
    });
    expect(result.items[0]).toMatchObject({
      kind: 'webhook',
      status: 'differs',
      differences: ['endpoint: is "https://triage.example.com/webhooks/zendesk", should be "https://moved.example.com/webhooks/zendesk"'],
    });
    expect(lines.join('\n')).toContain('present but differs');
    expect([...sandbox.state.webhooks.values()][0]!.endpoint).toBe('https://triage.example.com/webhooks/zendesk');
  });

  it("parses a real account's triggers and macros (mixed value shapes, null lists, unknown fields) and skips an unreadable one by id", async () => {
    seedAccountRules(sandbox);
    // The stand-in also accepts such shapes through the API, as Zendesk does.
    const basic = Buffer.from(`${sandbox.credentials.email}/token:${sandbox.credentials.apiToken}`).toString('base64');
    const posted = await fetch(`${sandbox.url}/api/v2/triggers.json`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        trigger: {
          title: 'Form and status (API)',
          conditions: {
            all: [
              { field: 'ticket_form_id', operator: 'is', value: 360000123456 },
              { field: 'custom_status_id', operator: 'includes', value: ['1500000001'] },
            ],
            any: null,
          },
          actions: [{ field: 'group_id', value: 360000987654 }],
        },
      }),
    });
    expect(posted.status).toBe(201);

    const listed = await rawGet(sandbox, '/triggers.json');
    expect(JSON.stringify(listed)).toContain('"any":null');
    expect(JSON.stringify(listed)).toContain('"is_managed_by_app":false');

    const lines: string[] = [];
    const result = await installZendeskResources({ zendesk, publicUrl: PUBLIC_URL, secrets: null, out: (line) => lines.push(line) });
    expect(result.items.map((item) => item.status)).toEqual(['created', 'created', 'created', 'created', 'created', 'created']);
    expect(lines).toContain(
      '  note: skipped trigger 360000000014 that does not parse (title: Invalid input: expected string, received null)',
    );
    // Our triggers go after the account's own (positions 1–4, and 5 for the one made through the API).
    const ours = [...sandbox.state.triggers.values()].filter((trigger) => trigger.title?.startsWith('signin-triage'));
    expect(ours.map((trigger) => trigger.position)).toEqual([6, 7, 8, 9]);
    const check = await checkZendeskInstall({ zendesk, publicUrl: PUBLIC_URL, secrets: [signingSecret(sandbox)] });
    expect(check.problems).toEqual([]);
  });

  it('--check: verified when complete; one line per problem otherwise', async () => {
    const before = await checkZendeskInstall({ zendesk, publicUrl: PUBLIC_URL, secrets: [CONFIGURED] });
    expect(before.problems).toEqual([
      'webhook "signin-triage" is missing: run signin-triage zendesk:install',
      'trigger "signin-triage: new ticket" is missing: run signin-triage zendesk:install',
      'trigger "signin-triage: re-run requested" is missing: run signin-triage zendesk:install',
      'trigger "signin-triage: customer replied" is missing: run signin-triage zendesk:install',
      'trigger "signin-triage: agent replied" is missing: run signin-triage zendesk:install',
      'macro "signin-triage: re-run triage" is missing: run signin-triage zendesk:install',
    ]);
    const installed = await installZendeskResources({ zendesk, publicUrl: PUBLIC_URL, secrets: null });
    const secret = signingSecret(sandbox);
    const good = await checkZendeskInstall({ zendesk, publicUrl: PUBLIC_URL, secrets: [secret] });
    expect(good.problems).toEqual([]);
    expect(good.ok).toHaveLength(7);

    sandbox.state.webhooks.get(installed.webhookId)!.status = 'inactive';
    const created = [...sandbox.state.triggers.values()].find((trigger) => trigger.title === 'signin-triage: new ticket')!;
    created.actions = [{ field: 'notification_webhook', value: ['01OTHERWEBHOOK0000000000000', '{}'] }];
    const macroId = [...sandbox.state.macros.values()].find((macro) => macro.title === RERUN_MACRO_TITLE)!.id;
    sandbox.state.macros.delete(macroId);
    const bad = await checkZendeskInstall({ zendesk, publicUrl: 'https://moved.example.com', secrets: [CONFIGURED] });
    expect(bad.problems).toEqual([
      `webhook "signin-triage" (id ${installed.webhookId}) endpoint: is "https://triage.example.com/webhooks/zendesk", should be "https://moved.example.com/webhooks/zendesk"`,
      `webhook "signin-triage" (id ${installed.webhookId}) status: is "inactive", should be "active"`,
      expect.stringMatching(/^webhook signing secret: ZENDESK_WEBHOOK_SECRET does not contain/),
      expect.stringMatching(
        new RegExp(`^trigger "signin-triage: new ticket" \\(id ${created.id}\\) actions: lacks .*${installed.webhookId}`),
      ),
      expect.stringMatching(/^trigger "signin-triage: new ticket" \(id \d+\) actions: has .*01OTHERWEBHOOK.* that install does not set$/),
      'macro "signin-triage: re-run triage" is missing: run signin-triage zendesk:install',
    ]);
    expect(bad.problems.join('\n')).not.toContain(secret);
  });

  it('--dry-run sends GETs only and prints host, user, auth and per resource would create / present / differs', async () => {
    const lines: string[] = [];
    await dryRunInstall({ zendesk, auth: sandbox.auth, publicUrl: PUBLIC_URL, secrets: null, out: (line) => lines.push(line) });
    expect(sandbox.requests.length).toBeGreaterThan(0);
    expect(sandbox.requests.filter((request) => request.method !== 'GET')).toEqual([]);
    expect([sandbox.state.webhooks.size, sandbox.state.triggers.size, sandbox.state.macros.size]).toEqual([0, 0, 0]);
    const printed = lines.join('\n');
    expect(printed).toContain(`Account: ${new URL(sandbox.url).host}`);
    expect(printed).toMatch(new RegExp(`User: .+ \\(id ${sandbox.apiUser.id}, role admin\\), authenticated with an API token of .…@`));
    expect(printed).not.toContain(sandbox.credentials.email);
    expect(printed).toContain('webhook "signin-triage": would create');
    expect(printed).toContain('"endpoint": "https://triage.example.com/webhooks/zendesk"');
    expect(printed).toContain('trigger "signin-triage: re-run requested": would create');

    await installZendeskResources({ zendesk, publicUrl: PUBLIC_URL, secrets: null });
    const secret = signingSecret(sandbox);
    [...sandbox.state.triggers.values()][1]!.active = false;
    sandbox.requests.length = 0;
    const after: string[] = [];
    await dryRunInstall({ zendesk, auth: sandbox.auth, publicUrl: PUBLIC_URL, secrets: [secret], out: (line) => after.push(line) });
    expect(sandbox.requests.filter((request) => request.method !== 'GET')).toEqual([]);
    const text = after.join('\n');
    expect(text).toMatch(/webhook "signin-triage": already present \(id \w+\)\n {2}signing secret: matches ZENDESK_WEBHOOK_SECRET/);
    expect(text).toMatch(
      /trigger "signin-triage: re-run requested": differs \(id \d+\); install leaves it as it is:\n {2}active: is false, should be true/,
    );
    expect(text).not.toContain(secret);
  });

  it("uninstall removes exactly what install created: the account's own rules are byte-for-byte as before", async () => {
    seedAccountRules(sandbox);
    const before = await accountJson(sandbox);
    await installZendeskResources({ zendesk, publicUrl: PUBLIC_URL, secrets: null });
    expect(await accountJson(sandbox)).not.toBe(before);

    const dryLines: string[] = [];
    sandbox.requests.length = 0;
    const planned = await uninstallZendeskResources({ zendesk, dryRun: true, out: (line) => dryLines.push(line) });
    expect(planned.map((item) => `${item.kind}:${item.status}`)).toEqual([
      'trigger:would-delete',
      'trigger:would-delete',
      'trigger:would-delete',
      'trigger:would-delete',
      'macro:would-delete',
      'webhook:would-delete',
    ]);
    expect(sandbox.requests.filter((request) => request.method !== 'GET')).toEqual([]);

    const removed = await uninstallZendeskResources({ zendesk });
    expect(removed.every((item) => item.status === 'deleted')).toBe(true);
    expect(await accountJson(sandbox)).toBe(before);
    expect(await uninstallZendeskResources({ zendesk })).toEqual([]);
  });

  it('uninstall keeps our webhook while a trigger that is not ours still notifies it', async () => {
    const installed = await installZendeskResources({ zendesk, publicUrl: PUBLIC_URL, secrets: null });
    const foreign = sandbox.state.triggers.size + 1;
    sandbox.state.triggers.set(360000000099, {
      ...structuredClone([...sandbox.state.triggers.values()][0]!),
      id: 360000000099,
      title: 'Admin copy of our trigger',
      position: foreign,
    });
    const lines: string[] = [];
    const items = await uninstallZendeskResources({ zendesk, out: (line) => lines.push(line) });
    expect(items.at(-1)).toMatchObject({ kind: 'webhook', status: 'kept', id: installed.webhookId });
    expect(lines.at(-1)).toContain('still used by trigger 360000000099 "Admin copy of our trigger"');
    expect(sandbox.state.webhooks.has(installed.webhookId)).toBe(true);
    expect([...sandbox.state.triggers.keys()]).toEqual([360000000099]);
  });
});

describe('zendesk:install end to end (real redis)', () => {
  const harnesses = useWorkerHarness();
  let server: Server | null = null;
  afterEach(async () => {
    if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = null;
  });

  it(
    'deliveries signed with the generated secret are refused until it is set; then ticket → note, macro → re-run, no loop',
    { timeout: 60_000 },
    async () => {
      const h = await harnesses.start();
      const log = createLogger({ level: 'silent' });
      // The server's accepted secrets, as ZENDESK_WEBHOOK_SECRET: the admin's guess first.
      const secrets = [CONFIGURED];
      const app = createApp({
        config: { webhook: { secrets, maxBodyBytes: 262_144, toleranceSec: 300 }, admin: null, nodeEnv: 'test' },
        queue: h.queue,
        log,
        metrics: h.metrics,
        readiness: createReadiness({ redis: h.redis }),
      });
      server = createServer(app);
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
      const publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const installed = await installZendeskResources({ zendesk: h.zendesk, publicUrl, secrets });
      expect(installed.secret.state).toBe('differs');

      // What a real account would do with a secret we chose: every delivery refused with 401.
      const refused = createSignInTicket(h.sandbox);
      await h.sandbox.waitForDeliveries((deliveries) =>
        deliveries.some((delivery) => delivery.ticketId === refused.id && delivery.state !== 'pending'),
      );
      await h.sandbox.idle();
      expect(h.sandbox.deliveries.find((delivery) => delivery.ticketId === refused.id)?.attempts.map((attempt) => attempt.outcome)).toEqual(
        [401],
      );

      // The admin sets ZENDESK_WEBHOOK_SECRET to the webhook's secret, as install said.
      secrets.unshift(await h.zendesk.getWebhookSigningSecret(installed.webhookId));
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
      // Our own updates fired no trigger: besides the refused one, one created and one rerun delivery, both accepted.
      expect(
        h.sandbox.deliveries
          .filter((delivery) => delivery.ticketId === ticket.id)
          .map((delivery) => [JSON.parse(delivery.body).event, delivery.state]),
      ).toEqual([
        ['created', 'delivered'],
        ['rerun', 'delivered'],
      ]);
    },
  );
});
