import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import {
  startZendeskSandbox,
  SANDBOX_SEED_TICKETS,
  type WebhookDelivery,
  type ZendeskSandbox,
} from '../../../src/zendesk-sandbox/index.js';
import { commentsPage, ticketShow } from '../../fixtures/zendesk/index.js';
import { startHttpServer, type TestHttpServer } from '../../support/http-server.js';

const CUSTOMER = { name: 'Tomás Okonkwo', email: 'tomas.okonkwo@harbour-goods.example' };

interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON (text when not JSON); tests check it field by field. */
  json: any;
}

/** A raw HTTP call, as any Zendesk client would make it. */
async function call(
  sandbox: ZendeskSandbox,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; authorization?: string | null } = {},
): Promise<Answer> {
  const basic = `Basic ${Buffer.from(`${sandbox.credentials.email}/token:${sandbox.credentials.apiToken}`).toString('base64')}`;
  const headers: Record<string, string> = { accept: 'application/json' };
  const authorization = options.authorization === undefined ? basic : options.authorization;
  if (authorization !== null) headers.authorization = authorization;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${sandbox.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}), redirect: 'manual' });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // HTML and empty bodies stay text.
  }
  return { status: response.status, headers: response.headers, json };
}

function newTicket(sandbox: ZendeskSandbox, tags: string[] = []) {
  return sandbox.createTicket({ subject: 'Verification link error', body: 'The link opens an error page.', requester: CUSTOMER, tags });
}

async function startReceiver(answer: (req: IncomingMessage, res: ServerResponse, count: number) => void) {
  const received: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
  const server = await startHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      answer(req, res, received.length);
    });
  });
  return { server, received };
}

describe('Zendesk stand-in: reading', () => {
  let sandbox: ZendeskSandbox;
  beforeAll(async () => {
    sandbox = await startZendeskSandbox({ deliverWebhooks: false });
  });
  afterAll(() => sandbox.close());

  it("answers 401 with Zendesk's body to missing, wrong and password credentials", async () => {
    const password = `Basic ${Buffer.from(`${sandbox.credentials.email}:${sandbox.credentials.apiToken}`).toString('base64')}`;
    for (const authorization of [null, 'Bearer nope', password]) {
      const answer = await call(sandbox, 'GET', '/api/v2/tickets/1.json', { authorization });
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ error: "Couldn't authenticate you" });
    }
  });

  it('serves a ticket with and without .json, sideloading requester and submitter', async () => {
    const ticket = newTicket(sandbox, ['Billing', 'two words']);
    const withSuffix = await call(sandbox, 'GET', `/api/v2/tickets/${ticket.id}.json?include=users`);
    const without = await call(sandbox, 'GET', `/api/v2/tickets/${ticket.id}`);
    expect(withSuffix.status).toBe(200);
    expect(withSuffix.json.ticket).toEqual(without.json.ticket);
    expect(without.json.users).toBeUndefined();
    expect(withSuffix.json.ticket.tags).toEqual(['billing', 'two', 'words']);
    expect(withSuffix.json.users.map((user: { email: string }) => user.email)).toEqual([CUSTOMER.email]);
    expect(withSuffix.headers.get('x-rate-limit')).toBe('700');
  });

  it('shapes tickets, users and comments like the recorded Zendesk payloads', async () => {
    const ticket = newTicket(sandbox);
    const show = await call(sandbox, 'GET', `/api/v2/tickets/${ticket.id}.json?include=users`);
    expect(Object.keys(show.json.ticket).sort()).toEqual(Object.keys(ticketShow.ticket).sort());
    expect(Object.keys(show.json.users[0]).sort()).toEqual(Object.keys(ticketShow.users[0] ?? {}).sort());
    const comments = await call(sandbox, 'GET', `/api/v2/tickets/${ticket.id}/comments.json?page[size]=1`);
    expect(Object.keys(comments.json.comments[0]).sort()).toEqual(Object.keys(commentsPage.comments[0] ?? {}).sort());
    expect(Object.keys(comments.json.meta).sort()).toEqual(Object.keys(commentsPage.meta).sort());
  });

  it('answers 404 RecordNotFound for an unknown ticket and InvalidEndpoint for an unknown path', async () => {
    const missing = await call(sandbox, 'GET', '/api/v2/tickets/424242.json');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: 'RecordNotFound', description: 'Not found' });
    const unknown = await call(sandbox, 'GET', '/api/v2/nothing-here.json');
    expect(unknown).toMatchObject({ status: 404, json: { error: 'InvalidEndpoint' } });
  });

  it('lists inline images only with include_inline_images=true, and sorts both ways', async () => {
    const ticket = sandbox.createTicket({
      subject: 'Two files',
      html_body: '<p>Error:</p><p><img src="cid:shot" alt="shot.png"></p>',
      requester: CUSTOMER,
      attachments: [
        { file_name: 'shot.png', content_type: 'image/png', size: 5120, inline: true },
        { file_name: 'report.pdf', content_type: 'application/pdf', size: 90_000 },
      ],
    });
    sandbox.addComment(ticket.id, { body: 'Any news?' });
    const plain = await call(sandbox, 'GET', `/api/v2/tickets/${ticket.id}/comments.json`);
    expect(plain.json.comments[0].attachments.map((a: { file_name: string }) => a.file_name)).toEqual(['report.pdf']);
    const inline = await call(sandbox, 'GET', `/api/v2/tickets/${ticket.id}/comments.json?include_inline_images=true&sort_order=desc`);
    expect(inline.json.comments.map((c: { plain_body: string }) => c.plain_body)).toEqual(['Any news?', 'Error:']);
    expect(inline.json.comments[1].attachments.map((a: { file_name: string; inline: boolean }) => [a.file_name, a.inline])).toEqual([
      ['shot.png', true],
      ['report.pdf', false],
    ]);
    expect(plain.json).toMatchObject({ count: 2, next_page: null });
  });

  it('paginates comments by cursor with meta and links.next, and refuses page[size] over 100', async () => {
    const ticket = newTicket(sandbox);
    for (let index = 0; index < 4; index += 1) sandbox.addComment(ticket.id, { body: `follow-up ${index}` });
    const first = await call(sandbox, 'GET', `/api/v2/tickets/${ticket.id}/comments.json?page[size]=2&include=users`);
    expect(first.json.meta).toMatchObject({ has_more: true, after_cursor: expect.any(String) });
    expect(first.json.users).toHaveLength(1);
    const nextUrl = new URL(first.json.links.next);
    expect(nextUrl.origin).toBe(sandbox.url);
    const second = await call(sandbox, 'GET', `${nextUrl.pathname}${nextUrl.search}`);
    expect(second.json.comments.map((c: { body: string }) => c.body)).toEqual(['follow-up 1', 'follow-up 2']);
    const last = await call(
      sandbox,
      'GET',
      `/api/v2/tickets/${ticket.id}/comments.json?page[size]=2&page[after]=${second.json.meta.after_cursor}`,
    );
    expect(last.json.meta.has_more).toBe(false);
    expect(last.json.links.next).toBeNull();

    const tooBig = await call(sandbox, 'GET', `/api/v2/tickets/${ticket.id}/comments.json?page[size]=101`);
    expect(tooBig).toMatchObject({ status: 400, json: { error: 'InvalidPaginationParameter' } });
    const badCursor = await call(sandbox, 'GET', `/api/v2/tickets/${ticket.id}/comments.json?page[after]=garbage`);
    expect(badCursor.status).toBe(400);
  });

  it('exports tickets updated since a start time', async () => {
    const before = newTicket(sandbox);
    const startTime = Math.floor(Date.parse(before.updated_at) / 1000) + 1;
    const after = sandbox.agentEdit(newTicket(sandbox).id, { addTags: ['bumped'] });
    const exported = await call(sandbox, 'GET', `/api/v2/incremental/tickets/cursor.json?start_time=${startTime}`);
    const ids = exported.json.tickets.map((ticket: { id: number }) => ticket.id);
    expect(ids).toContain(after.id);
    expect(ids).not.toContain(before.id);
    expect(exported.json).toMatchObject({ end_of_stream: true, after_cursor: expect.any(String) });
    expect(await call(sandbox, 'GET', '/api/v2/incremental/tickets/cursor.json')).toMatchObject({ status: 400 });
  });

  it('logs requests without query text or bodies and counts them by route and status', async () => {
    sandbox.clearRequests();
    const ticket = newTicket(sandbox);
    await call(sandbox, 'GET', `/api/v2/tickets/${ticket.id}.json`);
    await call(sandbox, 'GET', '/api/v2/tickets/999999.json');
    await call(sandbox, 'PUT', `/api/v2/tickets/${ticket.id}.json`, { body: { ticket: { comment: { body: 'secret customer words' } } } });
    expect(sandbox.stats()).toEqual({ 'GET /api/v2/tickets/{id}': { 200: 1, 404: 1 }, 'PUT /api/v2/tickets/{id}': { 200: 1 } });
    expect(JSON.stringify(sandbox.requests)).not.toContain('secret customer words');
  });
});

describe('Zendesk stand-in: updating tickets', () => {
  let sandbox: ZendeskSandbox;
  beforeAll(async () => {
    sandbox = await startZendeskSandbox({ deliverWebhooks: false });
  });
  afterAll(() => sandbox.close());

  it('replaces tags, adds a public comment by default, and reports the update budget', async () => {
    const ticket = newTicket(sandbox, ['keep_me_not', 'other']);
    const answer = await call(sandbox, 'PUT', `/api/v2/tickets/${ticket.id}.json`, {
      body: { ticket: { tags: ['only_this'], comment: { html_body: '<p>Hello <b>there</b></p>' } } },
    });
    expect(answer.status).toBe(200);
    expect(answer.json.ticket.tags).toEqual(['only_this']);
    expect(answer.json.audit).toMatchObject({ ticket_id: ticket.id, author_id: sandbox.apiUser.id });
    expect(answer.headers.get('zendesk-ratelimit-tickets-update')).toMatch(/^total=100; remaining=\d+; resets=\d+$/);
    const comment = sandbox.state.comments.get(ticket.id)?.at(-1);
    expect(comment).toMatchObject({ public: true, plain_body: 'Hello there', html_body: '<p>Hello <b>there</b></p>' });
  });

  it('ignores additional_tags on a single-ticket update, as documented only for update_many', async () => {
    const ticket = newTicket(sandbox, ['a']);
    await call(sandbox, 'PUT', `/api/v2/tickets/${ticket.id}.json`, { body: { ticket: { additional_tags: ['b'] } } });
    expect(sandbox.state.tickets.get(ticket.id)?.tags).toEqual(['a']);
  });

  it('advances updated_at on every update, strictly, even within one second', async () => {
    const ticket = newTicket(sandbox);
    const stamps = [ticket.updated_at];
    for (let index = 0; index < 3; index += 1) {
      const answer = await call(sandbox, 'PUT', `/api/v2/tickets/${ticket.id}`, { body: { ticket: { tags: [`t${index}`] } } });
      stamps.push(answer.json.ticket.updated_at);
    }
    for (const stamp of stamps) expect(stamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const times = stamps.map((stamp) => Date.parse(stamp));
    for (let index = 1; index < times.length; index += 1) expect(times[index]).toBeGreaterThan(times[index - 1] ?? Infinity);
  });

  it('applies a safe update with the current stamp and answers 409 to a stale one', async () => {
    const ticket = newTicket(sandbox);
    const fresh = await call(sandbox, 'PUT', `/api/v2/tickets/${ticket.id}.json`, {
      body: { ticket: { tags: ['x'], safe_update: true, updated_stamp: ticket.updated_at } },
    });
    expect(fresh.status).toBe(200);
    const stale = await call(sandbox, 'PUT', `/api/v2/tickets/${ticket.id}.json`, {
      body: { ticket: { tags: ['y'], safe_update: true, updated_stamp: ticket.updated_at } },
    });
    expect(stale.status).toBe(409);
    expect(stale.json).toEqual({
      error: 'UpdateConflict',
      description: 'Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.',
    });
    expect(sandbox.state.tickets.get(ticket.id)?.tags).toEqual(['x']);
  });

  it('answers 409 after an agent edit bumped the ticket', async () => {
    const ticket = newTicket(sandbox);
    const edited = sandbox.agentEdit(ticket.id, { addTags: ['urgent'] });
    expect(Date.parse(edited.updated_at)).toBeGreaterThan(Date.parse(ticket.updated_at));
    const stale = await call(sandbox, 'PUT', `/api/v2/tickets/${ticket.id}.json`, {
      body: { ticket: { tags: ['mine'], safe_update: true, updated_stamp: ticket.updated_at } },
    });
    expect(stale.status).toBe(409);
  });

  it('answers 422 RecordInvalid for a malformed body and for a closed ticket, 400 for broken JSON', async () => {
    const ticket = newTicket(sandbox);
    const badTags = await call(sandbox, 'PUT', `/api/v2/tickets/${ticket.id}.json`, { body: { ticket: { tags: 5 } } });
    expect(badTags).toMatchObject({ status: 422, json: { error: 'RecordInvalid', details: { tags: [expect.any(Object)] } } });
    const noTicket = await call(sandbox, 'PUT', `/api/v2/tickets/${ticket.id}.json`, { body: { tags: ['x'] } });
    expect(noTicket).toMatchObject({ status: 422, json: { details: { ticket: expect.any(Array) } } });
    const emptyComment = await call(sandbox, 'PUT', `/api/v2/tickets/${ticket.id}.json`, {
      body: { ticket: { comment: { public: false } } },
    });
    expect(emptyComment.status).toBe(422);
    const broken = await call(sandbox, 'PUT', `/api/v2/tickets/${ticket.id}.json`, { rawBody: '{"ticket":' });
    expect(broken.status).toBe(400);

    sandbox.agentEdit(ticket.id, { status: 'closed' });
    const closed = await call(sandbox, 'PUT', `/api/v2/tickets/${ticket.id}.json`, { body: { ticket: { tags: ['late'] } } });
    expect(closed).toMatchObject({ status: 422, json: { error: 'RecordInvalid', details: { status: [{ error: 'ClosedTicket' }] } } });
  });

  it('creates a ticket (201, Location) with a new end-user as requester', async () => {
    const created = await call(sandbox, 'POST', '/api/v2/tickets.json', {
      body: {
        ticket: { subject: 'Hola', comment: { body: 'No puedo entrar' }, requester: { name: 'Ana Ruiz', email: 'ana.ruiz@ruiz.example' } },
      },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(created.json.ticket.url);
    expect(created.json.ticket).toMatchObject({ subject: 'Hola', description: 'No puedo entrar', status: 'new' });
    const requester = await call(sandbox, 'GET', `/api/v2/users/${created.json.ticket.requester_id}.json`);
    expect(requester.json.user).toMatchObject({ name: 'Ana Ruiz', role: 'end-user' });
  });
});

describe('Zendesk stand-in: rate limits', () => {
  let now = Date.parse('2026-11-20T10:15:00Z');
  let sandbox: ZendeskSandbox;
  beforeAll(async () => {
    // A "minute" of 6 s, as benchmarks use.
    sandbox = await startZendeskSandbox({
      updatesPerMinute: 3,
      updatesPerTicketPer10Min: 4,
      minuteMs: 6_000,
      clock: () => now,
      deliverWebhooks: false,
    });
  });
  afterAll(() => sandbox.close());

  it('answers 429 with Retry-After once the account budget of the minute is spent, then recovers', async () => {
    now = Date.parse('2026-11-20T10:16:01Z'); // 1 s into a 6 s window
    const tickets = [newTicket(sandbox), newTicket(sandbox), newTicket(sandbox), newTicket(sandbox)];
    const statuses: number[] = [];
    let limited: Answer | undefined;
    for (const ticket of tickets) {
      const answer = await call(sandbox, 'PUT', `/api/v2/tickets/${ticket.id}.json`, { body: { ticket: { tags: ['x'] } } });
      statuses.push(answer.status);
      if (answer.status === 429) limited = answer;
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(limited?.headers.get('retry-after')).toBe('5');
    expect(limited?.headers.get('zendesk-ratelimit-tickets-update')).toBe('total=3; remaining=0; resets=5');
    expect(limited?.json).toMatchObject({ error: 'APIRateLimitExceeded' });
    expect(sandbox.state.tickets.get(tickets[3]?.id ?? 0)?.tags).toEqual([]);

    now += 6_000;
    const again = await call(sandbox, 'PUT', `/api/v2/tickets/${tickets[3]?.id}.json`, { body: { ticket: { tags: ['x'] } } });
    expect(again.status).toBe(200);

    // What each fixed window counted, as benchmarks read it.
    const windowStart = Date.parse('2026-11-20T10:16:00Z');
    expect(sandbox.rateLimitWindows('tickets-update').slice(-2)).toEqual([
      { start: windowStart, lengthMs: 6_000, used: 3, refused: 1 },
      { start: windowStart + 6_000, lengthMs: 6_000, used: 1, refused: 0 },
    ]);
  });

  it('limits updates per user and ticket over 10 minutes', async () => {
    const ticket = newTicket(sandbox);
    const other = newTicket(sandbox);
    const statuses: number[] = [];
    for (let index = 0; index < 5; index += 1) {
      now += 6_000; // a fresh account minute each time, same 10-minute window
      statuses.push(
        (await call(sandbox, 'PUT', `/api/v2/tickets/${ticket.id}.json`, { body: { ticket: { tags: [`v${index}`] } } })).status,
      );
    }
    expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 200]);
    expect(statuses[4]).toBe(429);
    expect((await call(sandbox, 'PUT', `/api/v2/tickets/${other.id}.json`, { body: { ticket: { tags: ['ok'] } } })).status).toBe(200);
  });
});

describe('Zendesk stand-in: roles', () => {
  it('lets an agent read triggers but not webhooks, and an end-user nothing', async () => {
    const agent = await startZendeskSandbox({ apiUserRole: 'agent' });
    const endUser = await startZendeskSandbox({ apiUserRole: 'end-user' });
    try {
      expect((await call(agent, 'GET', '/api/v2/triggers.json')).status).toBe(200);
      const forbidden = await call(agent, 'GET', '/api/v2/webhooks');
      expect(forbidden).toMatchObject({ status: 403, json: { error: 'Forbidden' } });
      expect((await call(endUser, 'GET', '/api/v2/tickets/1.json')).status).toBe(403);
      expect((await call(endUser, 'GET', '/api/v2/users/me.json')).json.user).toMatchObject({ role: 'end-user' });
    } finally {
      await agent.close();
      await endUser.close();
    }
  });
});

describe('Zendesk stand-in: webhooks, triggers, macros', () => {
  let sandbox: ZendeskSandbox;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let answerWith: (res: ServerResponse, count: number) => void = (res) => res.end('ok');

  beforeAll(async () => {
    receiver = await startReceiver((_req, res, count) => answerWith(res, count));
    sandbox = await startZendeskSandbox({ webhookRetryDelayMs: 10 });
  });
  afterAll(async () => {
    await sandbox.close();
    await receiver.server.close();
  });
  afterEach(async () => {
    await sandbox.idle();
    for (const trigger of sandbox.state.triggers.values()) trigger.active = false;
    receiver.received.length = 0;
    answerWith = (res) => res.end('ok');
  });

  async function createWebhook(name = 'signin-triage', extra: Record<string, unknown> = {}) {
    const answer = await call(sandbox, 'POST', '/api/v2/webhooks', {
      body: {
        webhook: {
          name,
          status: 'active',
          endpoint: `${receiver.server.url}/hook`,
          http_method: 'POST',
          request_format: 'json',
          subscriptions: ['conditional_ticket_events'],
          ...extra,
        },
      },
    });
    expect(answer.status).toBe(201);
    return answer.json.webhook as { id: string };
  }

  async function createTrigger(trigger: Record<string, unknown>) {
    const answer = await call(sandbox, 'POST', '/api/v2/triggers.json', { body: { trigger } });
    expect(answer.status).toBe(201);
    return answer.json.trigger as { id: number };
  }

  it('generates the signing secret itself (a chosen one is ignored), reveals it only on its own path, resets it', async () => {
    const webhook = await createWebhook('signin-triage filtered', { signing_secret: { algorithm: 'SHA256', secret: 'chosen-secret' } });
    await createWebhook('unrelated hook');
    const shown = await call(sandbox, 'GET', `/api/v2/webhooks/${webhook.id}`);
    expect(JSON.stringify(shown.json)).not.toContain('chosen-secret');
    expect(webhook.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    const filtered = await call(sandbox, 'GET', '/api/v2/webhooks?filter[name_contains]=FILTERED');
    expect(filtered.json.webhooks.map((w: { id: string }) => w.id)).toEqual([webhook.id]);
    expect(filtered.json.meta).toMatchObject({ has_more: false });
    const secret = await call(sandbox, 'GET', `/api/v2/webhooks/${webhook.id}/signing_secret`);
    expect(secret.json).toEqual({ signing_secret: { algorithm: 'SHA256', secret: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/) } });
    expect(secret.json.signing_secret.secret).not.toBe('chosen-secret');
    expect(JSON.stringify(shown.json)).not.toContain(secret.json.signing_secret.secret);
    const reset = await call(sandbox, 'POST', `/api/v2/webhooks/${webhook.id}/signing_secret`);
    expect(reset.status).toBe(201);
    expect(reset.json.signing_secret.secret).not.toBe(secret.json.signing_secret.secret);
    const after = await call(sandbox, 'GET', `/api/v2/webhooks/${webhook.id}/signing_secret`);
    expect(after.json.signing_secret.secret).toBe(reset.json.signing_secret.secret);
    const invalid = await call(sandbox, 'POST', '/api/v2/webhooks', { body: { webhook: { name: 'x', endpoint: 'not a url' } } });
    expect(invalid).toMatchObject({ status: 400, json: { errors: [expect.objectContaining({ code: 'InvalidValue' })] } });
  });

  it('validates trigger and macro shapes (422)', async () => {
    const webhook = await createWebhook();
    const cases: Array<[string, Record<string, unknown>]> = [
      ['triggers', { title: 'no conditions', conditions: { all: [], any: [] }, actions: [{ field: 'current_tags', value: 'x' }] }],
      [
        'triggers',
        {
          title: 'condition without operator',
          conditions: { all: [{ field: 'update_type', value: 'Create' }] },
          actions: [{ field: 'current_tags', value: 'x' }],
        },
      ],
      [
        'triggers',
        {
          title: 'webhook value not a pair',
          conditions: { all: [{ field: 'update_type', operator: 'is', value: 'Create' }] },
          actions: [{ field: 'notification_webhook', value: webhook.id }],
        },
      ],
      [
        'triggers',
        {
          conditions: { all: [{ field: 'update_type', operator: 'is', value: 'Create' }] },
          actions: [{ field: 'current_tags', value: 'x' }],
        },
      ],
      ['macros', { title: 'empty', actions: [] }],
      ['macros', { title: 'webhook in macro', actions: [{ field: 'notification_webhook', value: [webhook.id, '{}'] }] }],
      ['macros', { title: 'no tag', actions: [{ field: 'current_tags', value: '' }] }],
    ];
    for (const [kind, body] of cases) {
      const answer = await call(sandbox, 'POST', `/api/v2/${kind}.json`, { body: { [kind === 'triggers' ? 'trigger' : 'macro']: body } });
      expect({ kind, title: body.title, status: answer.status, error: answer.json.error }).toEqual({
        kind,
        title: body.title,
        status: 422,
        error: 'RecordInvalid',
      });
    }
  });

  it('paginates triggers in position order', async () => {
    const fresh = await startZendeskSandbox({ deliverWebhooks: false });
    try {
      for (const [title, position] of [
        ['c', 3],
        ['a', 1],
        ['b', 2],
      ] as const) {
        await call(fresh, 'POST', '/api/v2/triggers.json', {
          body: {
            trigger: {
              title,
              position,
              conditions: { all: [{ field: 'update_type', operator: 'is', value: 'Create' }] },
              actions: [{ field: 'current_tags', value: title }],
            },
          },
        });
      }
      const first = await call(fresh, 'GET', '/api/v2/triggers.json?page[size]=2');
      expect(first.json.triggers.map((t: { title: string }) => t.title)).toEqual(['a', 'b']);
      expect(first.json.meta.has_more).toBe(true);
      const second = await call(fresh, 'GET', `/api/v2/triggers.json?page[size]=2&page[after]=${first.json.meta.after_cursor}`);
      expect(second.json.triggers.map((t: { title: string }) => t.title)).toEqual(['c']);
      expect(second.json.meta.has_more).toBe(false);
    } finally {
      await fresh.close();
    }
  });

  it('runs the trigger cycle: restart after each firing, each trigger at most once', async () => {
    await createTrigger({
      title: 'z after y',
      position: 1,
      conditions: {
        all: [
          { field: 'update_type', operator: 'is', value: 'Change' },
          { field: 'current_tags', operator: 'includes', value: 'y' },
        ],
      },
      actions: [{ field: 'current_tags', value: 'z' }],
    });
    await createTrigger({
      title: 'y after x',
      position: 2,
      conditions: {
        all: [
          { field: 'update_type', operator: 'is', value: 'Change' },
          { field: 'current_tags', operator: 'includes', value: 'x' },
        ],
      },
      actions: [{ field: 'current_tags', value: 'y' }],
    });
    await createTrigger({
      title: 'swap unless q',
      position: 3,
      conditions: {
        all: [
          { field: 'current_tags', operator: 'not_includes', value: 'q' },
          { field: 'current_tags', operator: 'includes', value: 'z' },
        ],
      },
      actions: [{ field: 'set_tags', value: 'x y z final' }],
    });
    const ticket = newTicket(sandbox);
    expect(sandbox.state.tickets.get(ticket.id)?.tags).toEqual([]);
    const edited = sandbox.agentEdit(ticket.id, { addTags: ['x'] });
    expect(edited.tags).toEqual(['x', 'y', 'z', 'final']);
  });

  it('delivers a signed webhook with rendered placeholders, without blocking the API answer', async () => {
    const webhook = await createWebhook();
    await createTrigger({
      title: 'new ticket',
      conditions: { all: [{ field: 'update_type', operator: 'is', value: 'Create' }], any: [] },
      actions: [
        {
          field: 'notification_webhook',
          value: [
            webhook.id,
            '{"ticket_id":"{{ticket.id}}","by":"{{current_user.id}}","at":"{{ticket.updated_at_with_timestamp}}","x":"{{ticket.nope}}"}',
          ],
        },
      ],
    });
    const created = await call(sandbox, 'POST', '/api/v2/tickets.json', {
      body: { ticket: { subject: 'New', comment: { body: 'help' }, requester: CUSTOMER } },
    });
    const delivery = (await sandbox.waitForDeliveries((all) => all.some((d) => d.state === 'delivered'))).find(
      (d) => d.state === 'delivered',
    );
    const ticket = created.json.ticket as { id: number; updated_at: string };
    expect(delivery).toMatchObject({
      ticketId: ticket.id,
      webhookId: webhook.id,
      unknownPlaceholders: ['ticket.nope'],
      attempts: [{ outcome: 200 }],
    });
    const got = receiver.received[0];
    expect(JSON.parse(got?.body ?? '')).toEqual({
      ticket_id: String(ticket.id),
      by: String(sandbox.apiUser.id),
      at: ticket.updated_at,
      x: '',
    });
    expect(got?.headers['content-type']).toBe('application/json');
    const secret = (await call(sandbox, 'GET', `/api/v2/webhooks/${webhook.id}/signing_secret`)).json.signing_secret.secret as string;
    const timestamp = String(got?.headers['x-zendesk-webhook-signature-timestamp']);
    expect(got?.headers['x-zendesk-webhook-signature']).toBe(
      createHmac('sha256', secret)
        .update(timestamp)
        .update(got?.body ?? '')
        .digest('base64'),
    );
  });

  it('retries a 503 with a short Retry-After under the same invocation id, but not a 500', async () => {
    const webhook = await createWebhook();
    await createTrigger({
      title: 'on create',
      conditions: { all: [{ field: 'update_type', operator: 'is', value: 'Create' }] },
      actions: [{ field: 'notification_webhook', value: [webhook.id, '{"id":"{{ticket.id}}"}'] }],
    });
    answerWith = (res, count) => {
      res.writeHead(count === 1 ? 503 : 200, count === 1 ? { 'retry-after': '1' } : {});
      res.end();
    };
    const mark = sandbox.deliveries.length;
    const settled = (count: number) => (all: readonly WebhookDelivery[]) =>
      all.length === mark + count && all.slice(mark).every((d) => d.state !== 'pending');
    newTicket(sandbox);
    const retried = (await sandbox.waitForDeliveries(settled(1)))[mark];
    expect(retried?.attempts.map((attempt) => attempt.outcome)).toEqual([503, 200]);
    expect(receiver.received).toHaveLength(2);
    expect(new Set(receiver.received.map((request) => request.headers['x-zendesk-webhook-invocation-id'])).size).toBe(1);

    answerWith = (res) => {
      res.writeHead(500);
      res.end();
    };
    newTicket(sandbox);
    const failed = (await sandbox.waitForDeliveries(settled(2)))[mark + 1];
    expect(failed).toMatchObject({ state: 'failed', attempts: [{ outcome: 500 }] });
  });

  it('applies a macro as an agent update that fires the re-run trigger, which removes its own tag', async () => {
    const webhook = await createWebhook();
    await createTrigger({
      title: 're-run',
      conditions: {
        all: [
          { field: 'update_type', operator: 'is', value: 'Change' },
          { field: 'current_tags', operator: 'includes', value: 'signin_triage_rerun' },
        ],
        any: [],
      },
      actions: [
        { field: 'notification_webhook', value: [webhook.id, '{"event":"rerun","ticket_id":"{{ticket.id}}","by":"{{current_user.id}}"}'] },
        { field: 'remove_tags', value: 'signin_triage_rerun' },
      ],
    });
    const macro = (
      await call(sandbox, 'POST', '/api/v2/macros.json', {
        body: { macro: { title: 'signin-triage: re-run triage', actions: [{ field: 'current_tags', value: 'signin_triage_rerun' }] } },
      })
    ).json.macro as { id: number };
    const ticket = newTicket(sandbox, ['signin_triage']);
    const mark = sandbox.deliveries.length;
    const applied = sandbox.applyMacro(ticket.id, 'signin-triage: re-run triage');
    expect(applied.tags).toEqual(['signin_triage']);
    expect(Date.parse(applied.updated_at)).toBeGreaterThan(Date.parse(ticket.updated_at));
    await sandbox.waitForDeliveries((all) => all.slice(mark).some((d) => d.state === 'delivered'));
    expect(JSON.parse(receiver.received[0]?.body ?? '')).toEqual({
      event: 'rerun',
      ticket_id: String(ticket.id),
      by: String(sandbox.agent.id),
    });
    expect(() => sandbox.applyMacro(ticket.id, macro.id + 1)).toThrow(/no macro/);
  });

  it('records but does not send deliveries when delivery is off', async () => {
    const quiet = await startZendeskSandbox({ deliverWebhooks: false });
    try {
      const webhook = (
        await call(quiet, 'POST', '/api/v2/webhooks', {
          body: {
            webhook: { name: 'w', status: 'active', endpoint: `${receiver.server.url}/hook`, http_method: 'POST', request_format: 'json' },
          },
        })
      ).json.webhook as { id: string };
      await call(quiet, 'POST', '/api/v2/triggers.json', {
        body: {
          trigger: {
            title: 't',
            conditions: { all: [{ field: 'update_type', operator: 'is', value: 'Create' }] },
            actions: [{ field: 'notification_webhook', value: [webhook.id, '{"id":"{{ticket.id}}"}'] }],
          },
        },
      });
      const ticket = newTicket(quiet);
      await quiet.idle();
      expect(quiet.deliveries).toEqual([expect.objectContaining({ state: 'skipped', ticketId: ticket.id, body: `{"id":"${ticket.id}"}` })]);
      expect(receiver.received).toEqual([]);
    } finally {
      await quiet.close();
    }
  });
});

describe('Zendesk stand-in: faults and seed', () => {
  let sandbox: ZendeskSandbox;
  let elsewhere: TestHttpServer;
  beforeAll(async () => {
    sandbox = await startZendeskSandbox({ seed: true, deliverWebhooks: false, latencyMs: 5 });
    elsewhere = await startHttpServer((_req, res) => res.end());
  });
  afterAll(async () => {
    await sandbox.close();
    await elsewhere.close();
  });

  it('seeds six sign-in tickets in several languages with an inline image and a PDF', async () => {
    const tickets = [...sandbox.state.tickets.values()];
    expect(tickets).toHaveLength(SANDBOX_SEED_TICKETS.length);
    expect(tickets.length).toBeGreaterThanOrEqual(6);
    const locales = new Set(tickets.map((ticket) => sandbox.state.users.get(ticket.requester_id)?.locale.slice(0, 2)));
    expect(locales.size).toBeGreaterThanOrEqual(4);
    const attachments = [...sandbox.state.comments.values()].flat().flatMap((comment) => comment.attachments);
    expect(attachments.some((attachment) => attachment.inline && attachment.content_type.startsWith('image/'))).toBe(true);
    expect(attachments.some((attachment) => attachment.content_type === 'application/pdf')).toBe(true);
    expect(tickets.some((ticket) => (sandbox.state.comments.get(ticket.id)?.length ?? 0) > 1)).toBe(true);
  });

  it('applies a fault only to matching requests, only as many times as asked', async () => {
    const [ticket] = sandbox.state.tickets.values();
    sandbox.injectFaults([{ method: 'GET', path: /\/comments/, status: 500, times: 2 }]);
    expect((await call(sandbox, 'GET', `/api/v2/tickets/${ticket?.id}.json`)).status).toBe(200);
    expect((await call(sandbox, 'GET', `/api/v2/tickets/${ticket?.id}/comments.json`)).status).toBe(500);
    expect((await call(sandbox, 'GET', `/api/v2/tickets/${ticket?.id}/comments.json`)).status).toBe(500);
    expect((await call(sandbox, 'GET', `/api/v2/tickets/${ticket?.id}/comments.json`)).status).toBe(200);
    expect(sandbox.requests.filter((request) => request.fault)).toHaveLength(2);
  });

  it('serves HTML, drops fields, and redirects on demand', async () => {
    const [ticket] = sandbox.state.tickets.values();
    sandbox.injectFaults([
      { mode: 'html' },
      { mode: 'missing-fields' },
      { status: 301, headers: { location: `${elsewhere.url}/api/v2/tickets/1.json` } },
    ]);
    const html = await call(sandbox, 'GET', `/api/v2/tickets/${ticket?.id}.json`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    const missing = await call(sandbox, 'GET', `/api/v2/tickets/${ticket?.id}.json`);
    expect(missing.json.ticket).not.toHaveProperty('id');
    expect(missing.json.ticket).not.toHaveProperty('updated_at');
    expect(missing.json.ticket).toHaveProperty('subject');
    const moved = await call(sandbox, 'GET', `/api/v2/tickets/${ticket?.id}.json`);
    expect(moved.status).toBe(301);
    expect(moved.headers.get('location')).toBe(`${elsewhere.url}/api/v2/tickets/1.json`);
  });

  it('applies a slow update before answering it', async () => {
    const [ticket] = sandbox.state.tickets.values();
    sandbox.injectFaults([{ method: 'PUT', delayMs: 5_000 }]);
    const controller = new AbortController();
    const pending = fetch(`${sandbox.url}/api/v2/tickets/${ticket?.id}.json`, {
      method: 'PUT',
      signal: controller.signal,
      headers: { authorization: `Bearer ${sandbox.oauthToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ticket: { tags: ['slow_but_applied'] } }),
    }).catch((error: unknown) => error);
    await expect.poll(() => sandbox.state.tickets.get(ticket?.id ?? 0)?.tags).toEqual(['slow_but_applied']);
    controller.abort();
    expect(await pending).toBeInstanceOf(Error);
  });
});
