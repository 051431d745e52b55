import { SignJWT, UnsecuredJWT } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { SandboxUser } from '../../../src/zendesk-sandbox/index.js';
import { sampleDiagnosis } from '../../support/sample-diagnosis.js';
import { startAgentApiHarness, type AgentApiHarness } from '../../support/agent-api-harness.js';
import { useRedisServer } from '../../support/use-redis-server.js';

const nowSec = () => Math.floor(Date.now() / 1000);

/**
 * The honest path for the stand-in's unrestricted agent: Zendesk signs the signed URL, the
 * server verifies it and puts a session token in the page. (The claims the app used to send
 * are gone: the argument is ignored and kept only so call sites read the same.)
 */
async function token(_claims?: Record<string, unknown>): Promise<string> {
  return harness.loadSidebar(harness.sandbox.agent.id);
}

/** An HS256 token signed with SIDEBAR_SHARED_SECRET itself, as Zendesk's proxy would sign an old app's claims. */
async function sharedSecretToken(claims: Record<string, unknown>, options: { exp?: number | null } = {}): Promise<string> {
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt(nowSec());
  if (options.exp !== null) jwt = jwt.setExpirationTime(options.exp ?? nowSec() + 300);
  return jwt.sign(new TextEncoder().encode(harness.secret));
}

const redisServer = useRedisServer();
let harness: AgentApiHarness;

const CUSTOMER_TEXT =
  'Hello, since this morning my username jdoerr is not accepted anymore, the login page only asks for an email address. What do I type now?';

async function newTicket(overrides: { subject?: string; body?: string; tags?: string[] } = {}): Promise<string> {
  const ticket = await harness.zendesk.createTicket({
    subject: overrides.subject ?? 'Username not accepted',
    comment: { body: overrides.body ?? CUSTOMER_TEXT },
    requester: { name: 'Jonathan Doerr', email: 'jonathan.doerr@example.com' },
    ...(overrides.tags ? { tags: overrides.tags } : {}),
  });
  return String(ticket.id);
}

beforeAll(async () => {
  harness = await startAgentApiHarness(redisServer().url);
});
afterAll(async () => {
  await harness?.close();
});

describe('sidebar authentication: the agent is the one Zendesk signed the URL for', () => {
  let ticketId: string;
  let restricted: SandboxUser;
  const GROUP_SUPPORT = 360_001;
  const GROUP_BILLING = 360_002;
  beforeAll(async () => {
    ticketId = await newTicket();
    await harness.store.save(sampleDiagnosis({ ticketId }));
    harness.sandbox.state.tickets.get(Number(ticketId))!.group_id = GROUP_SUPPORT;
    restricted = harness.sandbox.addUser({ name: 'Rita Restricted', email: 'rita@support.example.com', role: 'agent' });
    restricted.ticket_restriction = 'groups';
    harness.sandbox.state.groupMemberships.set(restricted.id, [GROUP_BILLING]);
  });

  const get = (path: string) => request(harness.url).get(path);
  const post = (path: string) => request(harness.url).post(path);
  const postSidebar = (body: Record<string, string>) => post('/app/sidebar').type('form').send(body);

  it('honest path: a Zendesk-signed URL gives a session the sidebar calls the API with', async () => {
    const page = await postSidebar({ token: await harness.sandbox.signUrlToken({ userId: harness.sandbox.agent.id }) });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['x-frame-options']).toBeUndefined();
    expect(page.headers['content-security-policy']).toMatch(/frame-ancestors [^;]*https:\/\/\*\.zendesk\.com/);
    const session = /name="signin-triage-session" content="([^"]+)"/.exec(page.text)?.[1];
    expect(session).toBeDefined();
    const response = await get(`/app/tickets/${ticketId}/diagnosis`).set('Authorization', `Bearer ${session}`);
    expect(response.status).toBe(200);
    // The key came from the stand-in's GET /api/v2/apps/{id}/public_key.pem (no ZENDESK_APP_PUBLIC_KEY).
    expect(harness.sandbox.requests.some((r) => r.route === '/api/v2/apps/{id}/public_key.pem' && r.status === 200)).toBe(true);
  });

  it('refuses a sidebar page whose token Zendesk did not sign', async () => {
    const honest = await harness.sandbox.signUrlToken({ userId: harness.sandbox.agent.id });
    const [header, payload] = honest.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: String(restricted.id) }),
    ).toString('base64url');
    const otherAccountToken = await harness.sandbox.signUrlToken({ userId: harness.sandbox.agent.id, expiresInSec: -120 });
    const cases: Array<[string, Record<string, string>, RegExp]> = [
      ['no token', {}, /loaded without a signed token/],
      [
        'another agent in the claims, Zendesk signature kept',
        { token: `${header}.${forgedPayload}.${honest.split('.')[2]}` },
        /signature does not match the app's public key/,
      ],
      [
        'HS256 with the shared secret',
        { token: await sharedSecretToken({ sub: String(harness.sandbox.agent.id), iss: new URL(harness.sandbox.url).host }) },
        /not signed RS256 by the app key/,
      ],
      ['alg none', { token: new UnsecuredJWT({ sub: '1', exp: nowSec() + 60 }).encode() }, /malformed/],
      ['expired', { token: otherAccountToken }, /expired: reload the page/],
    ];
    for (const [name, body, reason] of cases) {
      const response = await postSidebar(body);
      expect(response.status, name).toBe(401);
      expect(response.text, name).not.toContain('signin-triage-session');
      // The page says why, for the agent to pass on to an admin; the log has the reason code.
      expect(response.text, name).toContain('Zendesk did not vouch for this request');
      expect(response.text, name).toMatch(reason);
    }
    expect((await get('/app/sidebar')).status).toBe(405);
  });

  it('refuses tokens signed with the shared secret on the API, whatever they claim (ticket, agent)', async () => {
    const claims = [
      { ticket_id: ticketId },
      { ticket_id: String(Number(ticketId) + 1), agent_id: String(harness.sandbox.agent.id) },
      { sub: String(harness.sandbox.agent.id), iss: 'signin-triage', aud: 'signin-triage-sidebar' },
    ];
    for (const claim of claims) {
      const response = await get(`/app/tickets/${ticketId}/diagnosis`).set('Authorization', `Bearer ${await sharedSecretToken(claim)}`);
      expect(response.status).toBe(401);
      // The session key is derived from the secret: the raw secret's signature never matches.
      expect(response.body).toEqual({ error: 'unauthorized (bad-signature): reload the app in Zendesk', code: 'bad-signature' });
    }
  });

  it('answers the same generic 401 to every bad session token', async () => {
    const valid = await token();
    const [, payload, signature] = valid.split('.');
    const rs256Header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url');
    const cases: Array<[string, string | null]> = [
      ['no Authorization header', null],
      ['alg none', `Bearer ${new UnsecuredJWT({ sub: '1', exp: nowSec() + 60, iat: nowSec() }).encode()}`],
      ['an RS256 header', `Bearer ${rs256Header}.${payload}.${signature}`],
      ['an expired token', `Bearer ${await sharedSecretToken({}, { exp: nowSec() - 120 })}`],
      ['a token over 8 KB', `Bearer ${'a'.repeat(9000)}.b.c`],
      ['not a bearer token', `Basic ${Buffer.from('a:b').toString('base64')}`],
    ];
    for (const [name, authorization] of cases) {
      const test = get(`/app/tickets/${ticketId}/diagnosis`);
      const response = await (authorization === null ? test : test.set('Authorization', authorization));
      expect(response.status, name).toBe(401);
      expect(response.headers['www-authenticate'], name).toBe('Bearer');
      // The app shows a sentence per code; the finer reason stays in the log.
      expect(response.body.code, name).toBe(
        (
          { 'alg none': 'bad-signature', 'an RS256 header': 'bad-signature', 'an expired token': 'bad-signature' } as Record<string, string>
        )[name] ?? 'unauthorized',
      );
    }
    expect(harness.logText()).toContain('"reason":"signature"');
    expect(harness.logText()).toContain('"reason":"too-large"');
  });

  it('refuses a token in the query string, even next to a valid header', async () => {
    const valid = await token();
    for (const query of [`token=${valid}`, `jwt=${valid}`, `x=${valid}`]) {
      const response = await get(`/app/tickets/${ticketId}/diagnosis?${query}`).set('Authorization', `Bearer ${valid}`);
      expect(response.status, query).toBe(401);
    }
  });

  it('refuses a restricted agent on a ticket outside their groups, on every route, with the reason', async () => {
    const bearer = await harness.bearerFor(restricted.id);
    const responses = await Promise.all([
      get(`/app/tickets/${ticketId}/diagnosis`).set('Authorization', bearer),
      post(`/app/tickets/${ticketId}/rerun`).set('Authorization', bearer),
      post(`/app/tickets/${ticketId}/feedback`).set('Authorization', bearer).send({ issue: 'other' }),
    ]);
    for (const response of responses) {
      expect(response.status).toBe(403);
      expect(response.body.error).toMatch(/not in one of your groups/);
    }
    expect(harness.logText()).toContain('no access to the ticket');
  });

  it('lets a restricted agent see a ticket of their group, and an assignee see an assigned ticket', async () => {
    const groupAgent = harness.sandbox.addUser({ name: 'Gil Group', email: 'gil@support.example.com', role: 'agent' });
    groupAgent.ticket_restriction = 'groups';
    harness.sandbox.state.groupMemberships.set(groupAgent.id, [GROUP_SUPPORT]);
    expect((await get(`/app/tickets/${ticketId}/diagnosis`).set('Authorization', await harness.bearerFor(groupAgent.id))).status).toBe(200);

    const assignedOnly = harness.sandbox.addUser({ name: 'Ana Assigned', email: 'ana@support.example.com', role: 'agent' });
    assignedOnly.ticket_restriction = 'assigned';
    const bearer = await harness.bearerFor(assignedOnly.id);
    expect((await get(`/app/tickets/${ticketId}/diagnosis`).set('Authorization', bearer)).status).toBe(403);
    harness.sandbox.state.tickets.get(Number(ticketId))!.assignee_id = assignedOnly.id;
    // A fresh agent profile is not needed: the ticket is re-read on every call.
    expect((await get(`/app/tickets/${ticketId}/diagnosis`).set('Authorization', bearer)).status).toBe(200);
    harness.sandbox.state.tickets.get(Number(ticketId))!.assignee_id = null;
  });

  it('lets an agent restricted to organizations see tickets of any of their organizations, not only the default one', async () => {
    const ORG_ACME = 509_001;
    const ORG_GLOBEX = 509_002;
    const ORG_INITECH = 509_003;
    const ticket = harness.sandbox.state.tickets.get(Number(ticketId))!;
    const orgAgent = harness.sandbox.addUser({ name: 'Olga Org', email: 'olga@support.example.com', role: 'agent' });
    orgAgent.ticket_restriction = 'organization';
    // Default organization ACME; also a member of GLOBEX (GET /users/{id}/organization_memberships).
    orgAgent.organization_id = ORG_ACME;
    harness.sandbox.state.organizationMemberships.set(orgAgent.id, [ORG_ACME, ORG_GLOBEX]);
    expect(await harness.zendesk.listUserOrganizationIds(String(orgAgent.id))).toEqual([ORG_ACME, ORG_GLOBEX]);
    const bearer = await harness.bearerFor(orgAgent.id);
    const view = () => get(`/app/tickets/${ticketId}/diagnosis`).set('Authorization', bearer);
    try {
      ticket.organization_id = ORG_GLOBEX;
      expect((await view()).status).toBe(200);
      ticket.organization_id = ORG_ACME;
      expect((await view()).status).toBe(200);
      ticket.organization_id = ORG_INITECH;
      const refused = await view();
      expect(refused.status).toBe(403);
      expect(refused.body.error).toMatch(/not from one of your organizations/);
      ticket.organization_id = null;
      expect((await view()).status).toBe(403);
    } finally {
      ticket.organization_id = null;
    }
  });

  it('lets a light agent (custom role without ticket editing) read but not re-tag or re-run', async () => {
    harness.sandbox.state.customRoles.set(77, {
      id: 77,
      name: 'Light agent',
      description: '',
      role_type: 1,
      configuration: { ticket_editing: false, ticket_access: 'all' },
    });
    const light = harness.sandbox.addUser({ name: 'Lou Light', email: 'lou@support.example.com', role: 'agent' });
    light.custom_role_id = 77;
    const bearer = await harness.bearerFor(light.id);
    expect((await get(`/app/tickets/${ticketId}/diagnosis`).set('Authorization', bearer)).status).toBe(200);
    const feedback = await post(`/app/tickets/${ticketId}/feedback`).set('Authorization', bearer).send({ issue: 'other' });
    expect(feedback.status).toBe(403);
    expect(feedback.body.error).toMatch(/cannot edit tickets/);
    expect((await post(`/app/tickets/${ticketId}/rerun`).set('Authorization', bearer)).status).toBe(403);
  });

  it('refuses end-users even with a Zendesk-signed URL', async () => {
    const ticket = harness.sandbox.state.tickets.get(Number(ticketId))!;
    const bearer = await harness.bearerFor(ticket.requester_id);
    const response = await get(`/app/tickets/${ticketId}/diagnosis`).set('Authorization', bearer);
    expect(response.status).toBe(403);
    expect(response.body.error).toMatch(/only agents/);
  });

  it('answers 404 for a path that is not a ticket id, before looking at the token', async () => {
    expect((await get('/app/tickets/abc/diagnosis')).status).toBe(404);
  });

  it('sends no CORS headers (the app goes through the Zendesk proxy) and forbids caching', async () => {
    const response = await get(`/app/tickets/${ticketId}/diagnosis`)
      .set('Origin', 'https://acme.zendesk.com')
      .set('Authorization', `Bearer ${await token()}`);
    expect(response.status).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['cache-control']).toBe('no-store');
  });
});

describe('GET /app/tickets/:id/diagnosis', () => {
  it('returns the stored diagnosis with the playbook text the sidebar shows', async () => {
    const ticketId = await newTicket();
    const stored = sampleDiagnosis({ ticketId });
    await harness.store.save(stored);
    const response = await request(harness.url)
      .get(`/app/tickets/${ticketId}/diagnosis`)
      .set('Authorization', `Bearer ${await token({ ticket_id: ticketId })}`);
    expect(response.status).toBe(200);
    expect(response.body.source).toBe('stored');
    expect(response.body.diagnosis).toEqual(stored);
    expect(response.body.correction).toBeNull();
    const issue = harness.triage.playbook.issues.find((entry) => entry.id === stored.issue)!;
    expect(response.body.playbook.issue).toEqual({
      id: issue.id,
      title: issue.title,
      diagnosis: issue.diagnosis,
      steps: issue.steps,
      checks: issue.checks.map((check) => harness.triage.playbook.checks[check]),
    });
    expect(response.body.playbook.issues).toHaveLength(harness.triage.playbook.issues.length);
    expect(response.body.customerRequest).toEqual({
      language: 'fr',
      greeting: harness.triage.playbook.escalation.greeting.fr,
      blocks: [
        {
          kind: 'missing-data',
          intro: issue.customerMessage.fr,
          items: stored.missing.map((field) => harness.triage.playbook.escalation.fields[field].ask.fr),
        },
      ],
      closing: harness.triage.playbook.escalation.closing.fr,
      // What a sidebar built before blocks reads (render-customer-request.ts).
      intro: issue.customerMessage.fr,
      asks: stored.missing.map((field) => harness.triage.playbook.escalation.fields[field].ask.fr),
    });
  });

  it('classifies an untriaged ticket on demand, once for concurrent views, and stores the result', async () => {
    const ticketId = await newTicket();
    const auth = `Bearer ${await token({ ticket_id: ticketId })}`;
    const reads = () => harness.sandbox.requests.filter((r) => r.method === 'GET' && r.path === `/api/v2/tickets/${ticketId}.json`).length;
    const [first, second] = await Promise.all([
      request(harness.url).get(`/app/tickets/${ticketId}/diagnosis`).set('Authorization', auth),
      request(harness.url).get(`/app/tickets/${ticketId}/diagnosis`).set('Authorization', auth),
    ]);
    expect(first.status).toBe(200);
    expect(first.body.source).toBe('on-demand');
    expect(second.body.diagnosis).toEqual(first.body.diagnosis);
    // One read per request for the access check, one shared read for the classification.
    expect(reads()).toBe(3);
    expect(first.body.diagnosis.ticketId).toBe(ticketId);
    expect(await harness.store.get(ticketId)).toEqual(first.body.diagnosis);
    const again = await request(harness.url).get(`/app/tickets/${ticketId}/diagnosis`).set('Authorization', auth);
    expect(again.body.source).toBe('stored');
    expect(reads()).toBe(4);
    // The customer's words reach the classifier, never the logs.
    expect(harness.logText()).not.toContain('jdoerr');
    expect(harness.logText()).not.toContain('jonathan.doerr@example.com');
  });

  it('answers 404 when Zendesk does not know the ticket', async () => {
    const response = await request(harness.url)
      .get('/app/tickets/987654321/diagnosis')
      .set('Authorization', `Bearer ${await token({ ticket_id: '987654321' })}`);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: 'ticket not found in Zendesk' });
  });
});

describe('POST /app/tickets/:id/rerun', () => {
  it('queues a manual job keyed by ticket and a fresh uuid, with the agent id and no text', async () => {
    const ticketId = await newTicket();
    const auth = `Bearer ${await token({ ticket_id: ticketId, agent_id: 501 })}`;
    const first = await request(harness.url).post(`/app/tickets/${ticketId}/rerun`).set('Authorization', auth);
    const second = await request(harness.url).post(`/app/tickets/${ticketId}/rerun`).set('Authorization', auth);
    expect(first.status).toBe(202);
    expect(first.body.status).toBe('queued');
    expect(first.body.jobId).toMatch(new RegExp(`^ticket-${ticketId}-manual-[0-9a-f-]{36}$`));
    // No worker runs here: the second re-run merges into the first, still waiting.
    expect(second.body).toEqual({ status: 'duplicate', jobId: first.body.jobId });
    const job = await harness.queue.getJob(first.body.jobId);
    expect(job?.name).toBe('manual');
    expect(job?.data).toEqual({
      ticketId,
      event: 'manual',
      requestKey: first.body.jobId,
      requestedBy: String(harness.sandbox.agent.id),
      receivedAt: expect.any(String),
    });
  });
});

describe('POST /app/tickets/:id/feedback', () => {
  const post = async (ticketId: string, body: unknown, contentType = 'application/json') =>
    request(harness.url)
      .post(`/app/tickets/${ticketId}/feedback`)
      .set('Authorization', `Bearer ${await token({ ticket_id: ticketId, agent_id: '77' })}`)
      .set('Content-Type', contentType)
      .send(typeof body === 'string' ? body : JSON.stringify(body));

  it('refuses an invalid correction with 422 and the path of the problem', async () => {
    const ticketId = await newTicket();
    const unknown = await post(ticketId, { issue: 'not-an-issue' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.issues[0].path).toBe('issue');
    expect(unknown.body.issues[0].message).toContain('account-blocked');
    const long = await post(ticketId, { issue: 'other', comment: 'x'.repeat(1001) });
    expect(long.status).toBe(422);
    expect(long.body.issues[0].path).toBe('comment');
    const extra = await post(ticketId, { issue: 'other', text: 'sneaky' });
    expect(extra.status).toBe(422);
    expect((await post(ticketId, {})).body.issues[0].path).toBe('issue');
    expect((await post(ticketId, '{"issue":')).status).toBe(400);
    expect((await post(ticketId, 'issue=other', 'text/plain')).status).toBe(415);
    expect(await harness.feedbackStore.get(ticketId)).toBeNull();
  });

  it("stores the correction with the customer's words and re-tags the ticket with one safe update", async () => {
    const ticketId = await newTicket({ tags: ['vip', 'signin_issue_legacy_credentials', 'signin_missing_screenshot'] });
    await harness.store.save(
      sampleDiagnosis({ ticketId, issue: 'legacy-credentials', topIssue: 'legacy-credentials', language: 'en', missing: ['screenshot'] }),
    );
    const response = await post(ticketId, { issue: 'account-blocked', comment: '  Locked after 5 tries  ' });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      feedback: { ticketId, correctIssue: 'account-blocked', previousIssue: 'legacy-credentials', createdAt: expect.any(String) },
      retag: 'done',
    });
    expect(await harness.feedbackStore.get(ticketId)).toEqual({
      ticketId,
      correctIssue: 'account-blocked',
      previousIssue: 'legacy-credentials',
      source: 'sidebar',
      comment: 'Locked after 5 tries',
      agentId: String(harness.sandbox.agent.id),
      subject: 'Username not accepted',
      text: CUSTOMER_TEXT,
      language: 'en',
      createdAt: response.body.feedback.createdAt,
    });
    const { ticket } = await harness.zendesk.getTicket(ticketId);
    expect([...ticket.tags].sort()).toEqual([
      'signin_issue_account_blocked',
      'signin_missing_screenshot',
      'signin_triage',
      'signin_triage_corrected',
      'vip',
    ]);
    const writes = harness.sandbox.requests.filter((r) => r.method === 'PUT' && r.path === `/api/v2/tickets/${ticketId}.json`);
    expect(writes).toHaveLength(1);

    const view = await request(harness.url)
      .get(`/app/tickets/${ticketId}/diagnosis`)
      .set('Authorization', `Bearer ${await token({ ticket_id: ticketId })}`);
    expect(view.body.correction).toEqual({ issue: 'account-blocked', createdAt: response.body.feedback.createdAt, source: 'sidebar' });
    expect(view.body.playbook.issue.id).toBe('account-blocked');
    expect(view.body.diagnosis.issue).toBe('legacy-credentials');
    expect(harness.logText()).not.toContain('Locked after 5 tries');
  });

  it('re-reads and writes again once after a 409 UpdateConflict, and reports a second one', async () => {
    const ticketId = await newTicket({ tags: ['vip'] });
    const put = new RegExp(`/tickets/${ticketId}\\.json`);
    const conflict = {
      method: 'PUT',
      path: put,
      status: 409,
      body: { error: 'UpdateConflict', description: 'Safe Update prevented the update' },
    };
    harness.sandbox.injectFaults([conflict]);
    const once = await post(ticketId, { issue: 'verification-error' });
    expect(once.body.retag).toBe('done');
    expect((await harness.zendesk.getTicket(ticketId)).ticket.tags).toContain('signin_issue_verification_error');

    harness.sandbox.injectFaults([{ ...conflict, times: 2 }]);
    const twice = await post(ticketId, { issue: 'account-linking' });
    expect(twice.status).toBe(201);
    expect(twice.body.retag).toBe('conflict');
    expect((await harness.feedbackStore.get(ticketId))?.correctIssue).toBe('account-linking');
  });

  it('keeps the correction when Zendesk refuses the tag update, and says so', async () => {
    const ticketId = await newTicket();
    harness.sandbox.injectFaults([{ method: 'PUT', path: new RegExp(`/tickets/${ticketId}\\.json`), status: 429, retryAfterSec: 30 }]);
    const response = await post(ticketId, { issue: 'other' });
    expect(response.status).toBe(201);
    expect(response.body.retag).toBe('failed');
    expect((await harness.feedbackStore.get(ticketId))?.correctIssue).toBe('other');
  });

  it('answers 503 with Retry-After when Zendesk cannot be read', async () => {
    const ticketId = await newTicket();
    harness.sandbox.injectFaults([{ method: 'GET', path: new RegExp(`/tickets/${ticketId}\\.json`), status: 429, retryAfterSec: 7 }]);
    const response = await post(ticketId, { issue: 'other' });
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('7');
    expect(response.body.error).toMatch(/Zendesk/);
    expect(await harness.feedbackStore.get(ticketId)).toBeNull();
  });

  it('counts requests and corrections in the metrics registry', async () => {
    const text = await harness.metrics.registry.metrics();
    expect(text).toMatch(/signin_triage_agent_api_requests_total\{route="feedback",status="201"\} [1-9]/);
    expect(text).toMatch(/signin_triage_agent_api_requests_total\{route="diagnosis",status="401"\} [1-9]/);
    expect(text).toMatch(/signin_triage_corrections_total\{from="legacy-credentials",to="account-blocked"\} 1/);
  });
});

describe('feedback with TRIAGE_WRITE=off and FEEDBACK_LEARNING=on', () => {
  let dryRun: AgentApiHarness;
  const learned: string[] = [];
  beforeAll(async () => {
    dryRun = await startAgentApiHarness(redisServer().url, {
      config: { triageWrite: false, feedbackLearning: true },
      onFeedback: (record) => {
        learned.push(`${record.ticketId}:${record.correctIssue}`);
      },
    });
  });
  afterAll(async () => {
    await dryRun.close();
  });

  it('stores the correction, leaves the ticket alone, and hands it to the learning hook', async () => {
    const created = await dryRun.zendesk.createTicket({
      subject: 'Locked',
      comment: { body: 'Login failed after several attempts' },
      tags: ['vip'],
    });
    const ticketId = String(created.id);
    const jwt = await dryRun.loadSidebar(dryRun.sandbox.agent.id);
    const response = await request(dryRun.url)
      .post(`/app/tickets/${ticketId}/feedback`)
      .set('Authorization', `Bearer ${jwt}`)
      .send({ issue: 'account-blocked' });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.retag).toBe('off');
    expect(response.body.feedback.previousIssue).toBeNull();
    expect((await dryRun.zendesk.getTicket(ticketId)).ticket.tags).toEqual(['vip']);
    expect(dryRun.sandbox.requests.some((r) => r.method === 'PUT')).toBe(false);
    await expect.poll(() => learned).toEqual([`${ticketId}:account-blocked`]);
  });
});

describe('when Redis is down', () => {
  const ownRedis = useRedisServer();
  let outage: AgentApiHarness;
  beforeAll(async () => {
    outage = await startAgentApiHarness(ownRedis().url);
  });
  afterAll(async () => {
    if (!ownRedis().running) await ownRedis().restart();
    await outage.close();
  });

  it('answers 503 with Retry-After instead of an internal error', async () => {
    const ticketId = String(
      outage.sandbox.createTicket({ subject: 'Locked', body: 'Login failed', requester: { name: 'A B', email: 'a.b@example.com' } }).id,
    );
    const auth = await outage.bearerFor(outage.sandbox.agent.id);
    await ownRedis().kill();
    const diagnosis = await request(outage.url).get(`/app/tickets/${ticketId}/diagnosis`).set('Authorization', auth);
    expect(diagnosis.status).toBe(503);
    expect(diagnosis.headers['retry-after']).toBe('5');
    expect(diagnosis.body).toEqual({ error: 'storage is unavailable, try again in a few seconds' });
    const rerun = await request(outage.url).post(`/app/tickets/${ticketId}/rerun`).set('Authorization', auth);
    expect(rerun.status).toBe(503);
    expect(rerun.body.error).toMatch(/queue is unavailable/);

    // And recovers without a restart of the server.
    await ownRedis().restart();
    await expect
      .poll(async () => (await request(outage.url).get(`/app/tickets/${ticketId}/diagnosis`).set('Authorization', auth)).status, {
        timeout: 15_000,
      })
      .toBe(200);
    await expect
      .poll(async () => (await request(outage.url).post(`/app/tickets/${ticketId}/rerun`).set('Authorization', auth)).status, {
        timeout: 15_000,
      })
      .toBe(202);
  });
});
