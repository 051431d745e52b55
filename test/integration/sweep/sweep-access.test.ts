import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { checkSweepAccess } from '../../../src/sweep/sweep-access.js';
import { createZendeskClient, type ZendeskClientAuth } from '../../../src/zendesk/client.js';
import { ZendeskAuthError } from '../../../src/zendesk/errors.js';
import { INCREMENTAL_FORBIDDEN_BODY } from '../../../src/zendesk-sandbox/sandbox-routes.js';
import { startZendeskSandbox, type ZendeskSandbox } from '../../../src/zendesk-sandbox/index.js';
import { capturedLogger } from '../../support/captured-log.js';

function basic(auth: ZendeskClientAuth & { type: 'token' }): string {
  return `Basic ${Buffer.from(`${auth.email}/token:${auth.apiToken}`).toString('base64')}`;
}

describe('the catch-up sweep needs an admin token (stand-in with an admin and an agent token)', () => {
  let sandbox: ZendeskSandbox;
  let agentAuth: ZendeskClientAuth & { type: 'token' };

  beforeEach(async () => {
    sandbox = await startZendeskSandbox();
    agentAuth = sandbox.addApiToken(sandbox.agent.id);
  });
  afterEach(async () => {
    await sandbox.close();
  });

  it("answers the export with Zendesk's 403 for an agent's token and 200 for an admin's", async () => {
    const startTime = Math.floor(Date.now() / 1000) - 60;
    const asAgent = await fetch(`${sandbox.url}/api/v2/incremental/tickets/cursor.json?start_time=${startTime}`, {
      headers: { authorization: basic(agentAuth) },
    });
    expect(asAgent.status).toBe(403);
    expect(await asAgent.json()).toEqual(INCREMENTAL_FORBIDDEN_BODY);
    // The agent's token is a real user's: reading tickets still works, /users/me says who it is.
    const me = await fetch(`${sandbox.url}/api/v2/users/me.json`, { headers: { authorization: basic(agentAuth) } });
    expect(((await me.json()) as { user: { id: number; role: string } }).user).toMatchObject({ id: sandbox.agent.id, role: 'agent' });

    const asAdmin = await fetch(`${sandbox.url}/api/v2/incremental/tickets/cursor.json?start_time=${startTime}`, {
      headers: { authorization: basic({ type: 'token', ...sandbox.credentials }) },
    });
    expect(asAdmin.status).toBe(200);
  });

  it('the client says the export is admin-only and which token to use', async () => {
    const client = createZendeskClient({ baseUrl: sandbox.url, auth: agentAuth });
    const error = await client.incrementalTicketsSince(0).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ZendeskAuthError);
    expect((error as Error).message).toMatch(/incremental export \(403\).*admin-only; use an admin's API token/);
  });

  it('with an agent token the start-up check turns the sweep off and says so once, with the reason', async () => {
    const captured = capturedLogger();
    const client = createZendeskClient({ baseUrl: sandbox.url, auth: agentAuth });
    const { access, currentUser } = await checkSweepAccess({ zendesk: client, intervalMinutes: 5, log: captured.log });
    expect(access).toEqual({ enabled: false, reason: 'not-admin', role: 'agent' });
    expect(currentUser?.user.id).toBe(sandbox.agent.id);
    const lines = captured.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'warn', sweep: 'not-admin', role: 'agent' });
    expect(String(lines[0]?.msg)).toMatch(/catch-up sweep is off.*admin-only/);
    // Only users/me was asked: the check itself never touches the export.
    expect(sandbox.requests.map((request) => request.route)).toEqual(['/api/v2/users/me']);
  });

  it("with an admin token the sweep runs, and the account's X-Rate-Limit is read", async () => {
    const client = createZendeskClient({ baseUrl: sandbox.url, auth: sandbox.auth });
    const { access, currentUser } = await checkSweepAccess({ zendesk: client, intervalMinutes: 5 });
    expect(access).toEqual({ enabled: true, reason: 'admin', role: 'admin' });
    expect(currentUser?.accountRateLimitPerMinute).toBe(700);
  });

  it('a bad token at start-up is one error line naming the cause and what to do; the stack only at debug level', async () => {
    const captured = capturedLogger('info');
    const client = createZendeskClient({ baseUrl: sandbox.url, auth: { ...agentAuth, apiToken: 'wrong-token-0123' } });
    const { access } = await checkSweepAccess({ zendesk: client, intervalMinutes: 5, log: captured.log });
    expect(access.reason).toBe('role-unchecked');
    const lines = captured.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', error: { name: 'ZendeskAuthError', status: 401, endpoint: 'GET /users/me' } });
    expect(String(lines[0]?.msg)).toMatch(
      /^could not read the API user at start-up \(GET \/api\/v2\/users\/me\): Zendesk rejected the credentials \(401\).*check ZENDESK_EMAIL\/ZENDESK_API_TOKEN.*signin-triage runs on/,
    );
    expect(captured.text()).not.toMatch(/"stack"|    at /);

    const verbose = capturedLogger('debug');
    await checkSweepAccess({ zendesk: client, intervalMinutes: 5, log: verbose.log });
    const debug = verbose.lines().filter((line) => line.level === 'debug');
    expect(debug).toHaveLength(1);
    expect((debug[0]?.err as { stack?: string }).stack).toMatch(/ZendeskAuthError/);
  });

  it('a DNS failure at start-up is one warning naming the name that does not resolve and what to check', async () => {
    const captured = capturedLogger('info');
    const client = createZendeskClient({ baseUrl: 'https://signin-triage-test.invalid', auth: sandbox.auth });
    await checkSweepAccess({ zendesk: client, intervalMinutes: 5, log: captured.log });
    const lines = captured.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'warn', error: { name: 'ZendeskNetworkError', kind: 'dns' } });
    expect(String(lines[0]?.msg)).toMatch(
      /DNS: the name signin-triage-test\.invalid does not resolve \((ENOTFOUND|EAI_AGAIN)\); check ZENDESK_SUBDOMAIN\/ZENDESK_URL/,
    );
    expect(captured.text()).not.toMatch(/"stack"|    at /);
  });

  it('a failed look-up leaves the sweep on and says why', async () => {
    const captured = capturedLogger();
    sandbox.injectFaults([{ path: /users\/me/, status: 503 }]);
    const client = createZendeskClient({ baseUrl: sandbox.url, auth: sandbox.auth });
    const { access } = await checkSweepAccess({ zendesk: client, intervalMinutes: 5, log: captured.log });
    expect(access).toEqual({ enabled: true, reason: 'role-unchecked', role: null });
    expect(captured.text()).toMatch(/could not read the API user/);
  });
});

describe('ticket comments with cursor pagination sort by `sort`, as documented', () => {
  let sandbox: ZendeskSandbox;
  beforeEach(async () => {
    sandbox = await startZendeskSandbox();
  });
  afterEach(async () => {
    await sandbox.close();
  });

  async function commentIds(query: string): Promise<{ status: number; ids: number[] }> {
    const ticket = [...sandbox.state.tickets.values()][0]!;
    const response = await fetch(`${sandbox.url}/api/v2/tickets/${ticket.id}/comments.json?${query}`, {
      headers: { authorization: basic({ type: 'token', ...sandbox.credentials }) },
    });
    const body = (await response.json()) as { comments?: Array<{ id: number }> };
    return { status: response.status, ids: (body.comments ?? []).map((comment) => comment.id) };
  }

  it('honours sort=-created_at, ignores sort_order under cursor pagination, refuses an unknown sort', async () => {
    const ticket = sandbox.createTicket({ subject: 'Login', body: 'first', requester: { name: 'A B', email: 'a.b@example.com' } });
    sandbox.addComment(ticket.id, { body: 'second', public: true });
    sandbox.addComment(ticket.id, { body: 'third', public: true });
    const oldestFirst = (sandbox.state.comments.get(ticket.id) ?? []).map((comment) => comment.id);

    expect((await commentIds('page[size]=2&sort=created_at')).ids).toEqual(oldestFirst.slice(0, 2));
    expect((await commentIds('page[size]=10&sort=-created_at')).ids).toEqual([...oldestFirst].reverse());
    expect((await commentIds('page[size]=10&sort_order=desc')).ids).toEqual(oldestFirst);
    expect((await commentIds('sort_order=desc')).ids).toEqual([...oldestFirst].reverse());
    expect((await commentIds('page[size]=10&sort=updated_at')).status).toBe(400);
  });

  it('the client asks for sort=created_at with page[size], and gets every comment oldest first', async () => {
    const ticket = sandbox.createTicket({ subject: 'Login', body: 'first', requester: { name: 'A B', email: 'a.b@example.com' } });
    for (let index = 0; index < 120; index += 1) sandbox.addComment(ticket.id, { body: `reply ${index}`, public: true });
    const client = createZendeskClient({ baseUrl: sandbox.url, auth: sandbox.auth });
    const { comments } = await client.listComments(String(ticket.id));
    expect(comments.map((comment) => comment.id)).toEqual((sandbox.state.comments.get(ticket.id) ?? []).map((comment) => comment.id));
    const queries = sandbox.requests.filter((request) => request.route === '/api/v2/tickets/{id}/comments').map((request) => request.query);
    expect(queries).toHaveLength(2);
    for (const query of queries) {
      const params = new URLSearchParams(query);
      expect(params.get('sort')).toBe('created_at');
      expect(params.get('page[size]')).toBe('100');
      expect(params.has('sort_order')).toBe(false);
    }
  });
});
