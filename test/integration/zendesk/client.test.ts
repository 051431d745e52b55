import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { createZendeskClient, type ZendeskCall, type ZendeskClient } from '../../../src/zendesk/client.js';
import {
  ZendeskAuthError,
  ZendeskConflictError,
  ZendeskNetworkError,
  ZendeskNotFoundError,
  ZendeskRateLimitError,
  ZendeskRedirectError,
  ZendeskResponseError,
  ZendeskServerError,
  ZendeskTimeoutError,
  ZendeskValidationError,
} from '../../../src/zendesk/errors.js';
import { startZendeskSandbox, type ZendeskSandbox } from '../../../src/zendesk-sandbox/index.js';
import * as fixtures from '../../fixtures/zendesk/index.js';
import { startHttpServer, type TestHttpServer } from '../../support/http-server.js';

const CUSTOMER = { name: 'Ines Duarte', email: 'ines.duarte@duarte-moveis.example' };

function newTicket(sandbox: ZendeskSandbox, tags: string[] = []) {
  return sandbox.createTicket({ subject: 'Cannot sign in', body: 'My username is refused since this morning.', requester: CUSTOMER, tags });
}

/** A local HTTP server that records what it receives and answers with `reply`. */
async function startRecorder(reply: (req: IncomingMessage, res: ServerResponse, body: string) => void = (_req, res) => res.end('{}')) {
  const received: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];
  const server = await startHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      reply(req, res, body);
    });
  });
  return { server, received };
}

describe('Zendesk client against the stand-in', () => {
  let sandbox: ZendeskSandbox;
  let client: ZendeskClient;
  const calls: ZendeskCall[] = [];

  beforeAll(async () => {
    sandbox = await startZendeskSandbox({ deliverWebhooks: false });
    client = createZendeskClient({ baseUrl: sandbox.url, auth: sandbox.auth, onCall: (call) => calls.push(call) });
  });
  afterAll(() => sandbox.close());
  afterEach(() => {
    sandbox.clearFaults();
    calls.length = 0;
  });

  it('reads a ticket with its requester sideloaded, and reports the call', async () => {
    const ticket = newTicket(sandbox, ['vip']);
    const read = await client.getTicket(String(ticket.id));
    expect(read.ticket).toMatchObject({
      id: ticket.id,
      subject: 'Cannot sign in',
      tags: ['vip'],
      status: 'new',
      updated_at: ticket.updated_at,
    });
    expect(read.users.map((user) => user.email)).toContain(CUSTOMER.email);
    expect(calls).toEqual([expect.objectContaining({ method: 'GET', endpoint: 'GET /tickets/{id}', status: 200 })]);
    expect(sandbox.requests.at(-1)).toMatchObject({ path: `/api/v2/tickets/${ticket.id}.json`, query: '?include=users' });
  });

  it('accepts an OAuth access token', async () => {
    const ticket = newTicket(sandbox);
    const oauth = createZendeskClient({ baseUrl: sandbox.url, auth: { type: 'oauth', accessToken: sandbox.oauthToken } });
    await expect(oauth.getTicket(String(ticket.id))).resolves.toMatchObject({ ticket: { id: ticket.id } });
  });

  it('turns a 401 into ZendeskAuthError that says which settings to check', async () => {
    const wrong = createZendeskClient({
      baseUrl: sandbox.url,
      auth: { type: 'token', email: sandbox.credentials.email, apiToken: 'wrong-token' },
    });
    const error = await wrong.getTicket('1').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ZendeskAuthError);
    expect(error).toMatchObject({ name: 'ZendeskAuthError', status: 401, retryable: false, endpoint: 'GET /tickets/{id}' });
    expect((error as Error).message).toMatch(/ZENDESK_EMAIL\/ZENDESK_API_TOKEN/);
  });

  it('turns a 404 into ZendeskNotFoundError', async () => {
    const error = await client.getTicket('999999').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ZendeskNotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'RecordNotFound', retryable: false });
  });

  it('refuses ids that are not digits before sending anything', async () => {
    const before = sandbox.requests.length;
    await expect(client.getTicket('1/../../users/me')).rejects.toThrow(TypeError);
    expect(sandbox.requests.length).toBe(before);
  });

  it('lists all 250 comments across cursor pages, oldest first, inline images included', async () => {
    const ticket = sandbox.createTicket({
      subject: 'Screenshot inside',
      html_body: '<p>See below</p><p><img src="cid:1" alt="error.png"></p>',
      requester: CUSTOMER,
      attachments: [{ file_name: 'error.png', content_type: 'image/png', size: 1200, inline: true }],
    });
    for (let index = 2; index <= 250; index += 1) sandbox.addComment(ticket.id, { body: `reply ${index}` });
    sandbox.clearRequests();

    const { comments, users } = await client.listComments(String(ticket.id));

    expect(comments).toHaveLength(250);
    expect(comments.map((comment) => comment.body).slice(-2)).toEqual(['reply 249', 'reply 250']);
    expect(new Set(comments.map((comment) => comment.id)).size).toBe(250);
    expect(comments[0]?.attachments).toEqual([expect.objectContaining({ file_name: 'error.png', inline: true })]);
    expect(users.map((user) => user.email)).toEqual([CUSTOMER.email]);
    const pages = sandbox.requests.filter((request) => request.route === '/api/v2/tickets/{id}/comments');
    expect(pages).toHaveLength(3);
    expect(pages.every((page) => page.query.includes('page%5Bsize%5D=100') && page.query.includes('include_inline_images=true'))).toBe(
      true,
    );
  });

  it('replaces all tags and adds an internal note in one update', async () => {
    const ticket = newTicket(sandbox, ['existing_a', 'existing_b']);
    const updated = await client.updateTicket(String(ticket.id), {
      tags: ['existing_a', 'signin_triage'],
      comment: { html_body: '<p>Diagnosis</p>', public: false },
      safeUpdate: { updatedStamp: ticket.updated_at },
    });
    expect(updated.tags).toEqual(['existing_a', 'signin_triage']);
    expect(Date.parse(updated.updated_at)).toBeGreaterThan(Date.parse(ticket.updated_at));
    const { comments } = await client.listComments(String(ticket.id));
    expect(comments.at(-1)).toMatchObject({ public: false, author_id: sandbox.apiUser.id, body: 'Diagnosis' });
  });

  it('turns a stale updated_stamp into ZendeskConflictError', async () => {
    const ticket = newTicket(sandbox);
    sandbox.agentEdit(ticket.id, { addTags: ['agent_was_here'] });
    const error = await client
      .updateTicket(String(ticket.id), { tags: ['signin_triage'], safeUpdate: { updatedStamp: ticket.updated_at } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ZendeskConflictError);
    expect(error).toMatchObject({ status: 409, code: 'UpdateConflict', retryable: true });
    expect(sandbox.state.tickets.get(ticket.id)?.tags).toEqual(['agent_was_here']);
  });

  it('turns a 422 into ZendeskValidationError carrying the details', async () => {
    const ticket = newTicket(sandbox);
    sandbox.agentEdit(ticket.id, { status: 'closed' });
    const error = await client.updateTicket(String(ticket.id), { tags: ['signin_triage'] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ZendeskValidationError);
    expect(error).toMatchObject({
      status: 422,
      code: 'RecordInvalid',
      details: { status: [expect.objectContaining({ error: 'ClosedTicket' })] },
    });
  });

  it('turns a 503 into a retryable ZendeskServerError with Retry-After', async () => {
    sandbox.injectFaults([{ method: 'GET', path: /\/tickets\/\d+\.json/, status: 503, retryAfterSec: 7 }]);
    const error = await client.getTicket('1').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ZendeskServerError);
    expect(error).toMatchObject({ status: 503, retryable: true, retryAfterMs: 7_000 });
  });

  it('times out a slow answer, although the slow update was applied', async () => {
    const ticket = newTicket(sandbox);
    const impatient = createZendeskClient({ baseUrl: sandbox.url, auth: sandbox.auth, timeoutMs: 100, onCall: (call) => calls.push(call) });
    sandbox.injectFaults([{ method: 'PUT', delayMs: 600 }]);
    const error = await impatient.updateTicket(String(ticket.id), { tags: ['signin_triage'] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ZendeskTimeoutError);
    expect(error).toMatchObject({ status: null, retryable: true, timeoutMs: 100 });
    expect(calls.at(-1)).toMatchObject({ endpoint: 'PUT /tickets/{id}', status: 'timeout' });
    expect(sandbox.state.tickets.get(ticket.id)?.tags).toEqual(['signin_triage']);
  });

  it('turns a dropped connection into ZendeskNetworkError', async () => {
    sandbox.injectFaults([{ mode: 'reset' }]);
    const error = await client.getTicket('1').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ZendeskNetworkError);
    expect(error).toMatchObject({ retryable: true });
    expect(calls.at(-1)).toMatchObject({ status: 'network' });
  });

  it('rejects an HTML 200 and a body with missing fields, naming where', async () => {
    const ticket = newTicket(sandbox);
    sandbox.injectFaults([{ mode: 'html' }]);
    const html = await client.getTicket(String(ticket.id)).catch((caught: unknown) => caught);
    expect(html).toBeInstanceOf(ZendeskResponseError);
    expect(html).toMatchObject({ status: 200, path: '(body)', retryable: false });

    sandbox.injectFaults([{ mode: 'missing-fields' }]);
    const missing = await client.getTicket(String(ticket.id)).catch((caught: unknown) => caught);
    expect(missing).toBeInstanceOf(ZendeskResponseError);
    expect(missing).toMatchObject({ path: 'ticket.id' });
    expect((missing as Error).message).toMatch(/GET \/tickets\/\{id\}.*ticket\.id/);
  });

  it('refuses to follow a redirect, so credentials never reach the other host', async () => {
    const elsewhere = await startRecorder();
    try {
      sandbox.injectFaults([{ status: 302, headers: { location: `${elsewhere.server.url}/api/v2/tickets/1.json` } }]);
      const error = await client.getTicket('1').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ZendeskRedirectError);
      expect(error).toMatchObject({ status: 302, retryable: false, location: `${elsewhere.server.url}/api/v2/tickets/1.json` });
      expect(elsewhere.received).toEqual([]);
    } finally {
      await elsewhere.server.close();
    }
  });

  it('reads the incremental export from a start time, then by cursor', async () => {
    const first = newTicket(sandbox);
    const page = await client.incrementalTicketsSince(Math.floor(Date.parse(first.updated_at) / 1000));
    expect(page.tickets.map((ticket) => ticket.id)).toContain(first.id);
    expect(page.endOfStream).toBe(true);
    expect(page.afterCursor).toEqual(expect.any(String));

    const later = newTicket(sandbox);
    const next = await client.incrementalTicketsSince(0, page.afterCursor ?? undefined);
    expect(next.tickets.map((ticket) => ticket.id)).toEqual([later.id]);
  });

  it('creates a ticket (201) and reads a user', async () => {
    const created = await client.createTicket({
      subject: 'Via API',
      comment: { body: 'Hello', public: true },
      requester: CUSTOMER,
      tags: ['api'],
    });
    expect(created).toMatchObject({ subject: 'Via API', tags: ['api'], status: 'new' });
    expect(calls.at(-1)).toMatchObject({ endpoint: 'POST /tickets', status: 201 });
    const requester = await client.getUser(String(created.requester_id));
    expect(requester).toMatchObject({ name: CUSTOMER.name, role: 'end-user' });
  });
});

describe('Zendesk client: rate limits', () => {
  it('turns the Update Ticket budget into ZendeskRateLimitError with Retry-After', async () => {
    // 19 s into a rate-limit minute: the window resets in 41 s.
    const clock = () => Date.parse('2026-11-20T10:15:19Z');
    const sandbox = await startZendeskSandbox({ updatesPerMinute: 2, clock, deliverWebhooks: false });
    try {
      const client = createZendeskClient({ baseUrl: sandbox.url, auth: sandbox.auth });
      const ticket = newTicket(sandbox);
      await client.updateTicket(String(ticket.id), { tags: ['a'] });
      await client.updateTicket(String(ticket.id), { tags: ['b'] });
      const error = await client.updateTicket(String(ticket.id), { tags: ['c'] }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ZendeskRateLimitError);
      expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 41_000, limit: 'tickets-update' });
      // Reads are not Update Ticket calls.
      await expect(client.getTicket(String(ticket.id))).resolves.toMatchObject({ ticket: { tags: ['b'] } });
    } finally {
      await sandbox.close();
    }
  });
});

describe('Zendesk client: permissions', () => {
  it('turns a 403 (agent creating a trigger) into ZendeskAuthError', async () => {
    const sandbox = await startZendeskSandbox({ apiUserRole: 'agent' });
    try {
      const client = createZendeskClient({ baseUrl: sandbox.url, auth: sandbox.auth });
      const error = await client
        .createMacro({ title: 'x', actions: [{ field: 'current_tags', value: 'x' }] })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ZendeskAuthError);
      expect(error).toMatchObject({ status: 403, code: 'Forbidden' });
    } finally {
      await sandbox.close();
    }
  });
});

describe('Zendesk client: triggers, webhooks and macros', () => {
  let sandbox: ZendeskSandbox;
  let client: ZendeskClient;
  let receiver: Awaited<ReturnType<typeof startRecorder>>;

  beforeAll(async () => {
    receiver = await startRecorder((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
    sandbox = await startZendeskSandbox({ webhookRetryDelayMs: 10 });
    client = createZendeskClient({ baseUrl: sandbox.url, auth: sandbox.auth });
  });
  afterAll(async () => {
    await sandbox.close();
    await receiver.server.close();
  });

  it('installs webhook, triggers and macro; a new ticket fires a signed webhook; the macro re-runs it', async () => {
    const webhook = await client.createWebhook({
      name: 'signin-triage',
      status: 'active',
      endpoint: `${receiver.server.url}/webhooks/zendesk`,
      http_method: 'POST',
      request_format: 'json',
      subscriptions: ['conditional_ticket_events'],
    });
    await client.createTrigger({
      title: 'signin-triage: new ticket',
      conditions: { all: [{ field: 'update_type', operator: 'is', value: 'Create' }], any: [] },
      actions: [{ field: 'notification_webhook', value: [webhook.id, '{"event":"created","ticket_id":"{{ticket.id}}"}'] }],
    });
    await client.createTrigger({
      title: 'signin-triage: re-run requested',
      conditions: {
        all: [
          { field: 'update_type', operator: 'is', value: 'Change' },
          { field: 'current_tags', operator: 'includes', value: 'signin_triage_rerun' },
        ],
        any: [],
      },
      actions: [
        {
          field: 'notification_webhook',
          value: [
            webhook.id,
            '{"event":"rerun","ticket_id":"{{ticket.id}}","by":"{{current_user.id}}","updated_at":"{{ticket.updated_at_with_timestamp}}"}',
          ],
        },
        { field: 'remove_tags', value: 'signin_triage_rerun' },
      ],
    });
    const macro = await client.createMacro({
      title: 'signin-triage: re-run triage',
      actions: [{ field: 'current_tags', value: 'signin_triage_rerun' }],
    });
    expect((await client.listWebhooks()).map((listed) => listed.id)).toEqual([webhook.id]);
    expect((await client.listTriggers()).map((trigger) => trigger.title)).toEqual([
      'signin-triage: new ticket',
      'signin-triage: re-run requested',
    ]);
    expect((await client.listMacros()).map((listed) => listed.id)).toEqual([macro.id]);
    const secret = await client.getWebhookSigningSecret(webhook.id);

    const created = await client.createTicket({
      subject: 'Locked out',
      comment: { body: 'Blocked after 5 attempts' },
      requester: CUSTOMER,
    });
    await sandbox.waitForDeliveries((all) => all.some((delivery) => delivery.state === 'delivered'));
    const first = receiver.received[0];
    expect(first).toBeDefined();
    expect(JSON.parse(first?.body ?? '')).toEqual({ event: 'created', ticket_id: String(created.id) });
    const timestamp = String(first?.headers['x-zendesk-webhook-signature-timestamp']);
    expect(timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const expected = createHmac('sha256', secret)
      .update(timestamp + (first?.body ?? ''))
      .digest('base64');
    expect(first?.headers['x-zendesk-webhook-signature']).toBe(expected);
    expect(first?.headers).toMatchObject({
      'x-zendesk-account-id': String(sandbox.accountId),
      'x-zendesk-webhook-id': webhook.id,
      'x-zendesk-webhook-invocation-id': expect.stringMatching(/^\d+$/),
    });

    const applied = sandbox.applyMacro(created.id, macro.id);
    await sandbox.waitForDeliveries((all) => all.filter((delivery) => delivery.state === 'delivered').length === 2);
    const rerun = JSON.parse(receiver.received[1]?.body ?? '{}') as Record<string, string>;
    expect(rerun).toEqual({ event: 'rerun', ticket_id: String(created.id), by: String(sandbox.agent.id), updated_at: applied.updated_at });
    // The trigger removed its own tag before the save.
    expect(applied.tags).not.toContain('signin_triage_rerun');

    // Our worker's follow-up write (a Change without the rerun tag) fires nothing.
    await client.updateTicket(String(created.id), {
      tags: ['signin_triage'],
      comment: { html_body: '<p>note</p>', public: false },
      safeUpdate: { updatedStamp: applied.updated_at },
    });
    await sandbox.idle();
    expect(sandbox.deliveries).toHaveLength(2);
  });

  it('answers 422 for a trigger with a bad shape or an unknown webhook', async () => {
    const badShape = await client
      .createTrigger({
        title: 'broken',
        conditions: { all: [{ field: 'update_type', operator: 'is', value: 'Create' }], any: [] },
        actions: [],
      })
      .catch((caught: unknown) => caught);
    expect(badShape).toBeInstanceOf(ZendeskValidationError);
    expect(badShape).toMatchObject({ status: 422, details: { actions: expect.any(Array) } });

    const unknownWebhook = await client
      .createTrigger({
        title: 'dangling',
        conditions: { all: [{ field: 'update_type', operator: 'is', value: 'Create' }], any: [] },
        actions: [{ field: 'notification_webhook', value: ['01NOPE', '{}'] }],
      })
      .catch((caught: unknown) => caught);
    expect(unknownWebhook).toBeInstanceOf(ZendeskValidationError);
  });
});

describe('Zendesk client against recorded Zendesk payloads', () => {
  let server: TestHttpServer;
  let elsewhere: Awaited<ReturnType<typeof startRecorder>>;
  let nextReply: { status: number; headers: Record<string, string>; body: string };

  beforeAll(async () => {
    elsewhere = await startRecorder();
    server = await startHttpServer((_req, res) => {
      res.writeHead(nextReply.status, nextReply.headers);
      res.end(nextReply.body);
    });
  });
  afterAll(async () => {
    await server.close();
    await elsewhere.server.close();
  });

  const client = () => createZendeskClient({ baseUrl: server.url, auth: { type: 'token', email: 'bot@acme.example', apiToken: 't' } });

  it('parses a real ticket show with sideloaded users', async () => {
    nextReply = {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: fixtures.rawFixture(fixtures.fixtureFiles.ticketShow),
    };
    const read = await client().getTicket('35436');
    expect(read.ticket).toMatchObject({ id: 35436, tags: ['akeneo', 'web_widget'], updated_at: '2026-11-16T08:12:04Z' });
    expect(read.users[0]).toEqual({
      id: 20978392,
      name: 'Helena Marsh',
      email: 'h.marsh@northwind-home.example',
      role: 'end-user',
      locale: 'en-US',
      time_zone: 'London',
      // The access fields the sidebar's ticket check reads (recorded values).
      organization_id: 509974,
      ticket_restriction: 'requested',
      custom_role_id: null,
      suspended: false,
    });
  });

  it('follows after_cursor on our own host, never the absolute links.next', async () => {
    const page = structuredClone(fixtures.commentsPage);
    page.links.next = `${elsewhere.server.url}/api/v2/tickets/35436/comments.json?page[after]=x`;
    const lastPage = { ...page, meta: { has_more: false, after_cursor: null, before_cursor: null }, links: { prev: null, next: null } };
    let served = 0;
    const seen: string[] = [];
    const pagedServer = await startHttpServer((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(served++ === 0 ? page : lastPage));
    });
    try {
      const paged = createZendeskClient({ baseUrl: pagedServer.url, auth: { type: 'token', email: 'bot@acme.example', apiToken: 't' } });
      const { comments } = await paged.listComments('35436');
      expect(comments).toHaveLength(4);
      expect(comments[0]?.attachments.map((attachment) => [attachment.content_type, attachment.inline])).toEqual([
        ['image/png', true],
        ['application/pdf', false],
      ]);
      expect(seen[1]).toContain(`page%5Bafter%5D=${page.meta.after_cursor}`);
      expect(elsewhere.received).toEqual([]);
    } finally {
      await pagedServer.close();
    }
  });

  it('maps the recorded 409, 429 and 422 answers', async () => {
    const replay = (fixture: fixtures.ErrorResponseFixture) => {
      nextReply = { status: fixture.status, headers: fixture.headers, body: JSON.stringify(fixture.body) };
    };
    replay(fixtures.updateConflict);
    await expect(client().updateTicket('1', { tags: [] })).rejects.toBeInstanceOf(ZendeskConflictError);
    replay(fixtures.rateLimited);
    await expect(client().updateTicket('1', { tags: [] })).rejects.toMatchObject({
      name: 'ZendeskRateLimitError',
      retryAfterMs: 41_000,
      limit: 'tickets-update',
    });
    replay(fixtures.recordInvalid);
    await expect(client().updateTicket('1', { tags: [] })).rejects.toMatchObject({ name: 'ZendeskValidationError', code: 'RecordInvalid' });
    replay(fixtures.unauthorized);
    await expect(client().getTicket('1')).rejects.toBeInstanceOf(ZendeskAuthError);
  });

  it('waits 60 s on a 429 without Retry-After', async () => {
    nextReply = { status: 429, headers: {}, body: '' };
    await expect(client().getTicket('1')).rejects.toMatchObject({ name: 'ZendeskRateLimitError', retryAfterMs: 60_000 });
  });
});
