import { SignJWT, UnsecuredJWT } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { sampleDiagnosis } from '../../support/sample-diagnosis.js';
import { startAgentApiHarness, type AgentApiHarness } from '../../support/agent-api-harness.js';
import { startRedisServer, type RedisServerHandle } from '../../support/redis-server.js';

const nowSec = () => Math.floor(Date.now() / 1000);

async function token(
  claims: Record<string, unknown>,
  options: { secret?: string; exp?: number | null; iat?: number } = {},
): Promise<string> {
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt(options.iat ?? nowSec());
  if (options.exp !== null) jwt = jwt.setExpirationTime(options.exp ?? nowSec() + 300);
  return jwt.sign(new TextEncoder().encode(options.secret ?? harness.secret));
}

let redisServer: RedisServerHandle;
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
  redisServer = await startRedisServer();
  harness = await startAgentApiHarness(redisServer.url);
});
afterAll(async () => {
  await harness?.close();
  await redisServer?.stop();
});

describe('sidebar authentication', () => {
  let ticketId: string;
  beforeAll(async () => {
    ticketId = await newTicket();
    await harness.store.save(sampleDiagnosis({ ticketId }));
  });

  const get = (path: string) => request(harness.url).get(path);

  it('accepts the HS256 token of this ticket, with ticket_id as a string or a number', async () => {
    for (const claim of [ticketId, Number(ticketId)]) {
      const response = await get(`/app/tickets/${ticketId}/diagnosis`).set('Authorization', `Bearer ${await token({ ticket_id: claim })}`);
      expect(response.status).toBe(200);
    }
  });

  it('answers the same generic 401 to every bad token', async () => {
    const valid = await token({ ticket_id: ticketId });
    const [, payload, signature] = valid.split('.');
    const rs256Header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url');
    const wrongSecret = await token({ ticket_id: ticketId }, { secret: 'a-different-secret-of-enough-length-000' });
    const cases: Array<[string, string | null]> = [
      ['no Authorization header', null],
      ['alg none', `Bearer ${new UnsecuredJWT({ ticket_id: ticketId, exp: nowSec() + 60, iat: nowSec() }).encode()}`],
      ['an RS256 header', `Bearer ${rs256Header}.${payload}.${signature}`],
      ['another secret', `Bearer ${wrongSecret}`],
      ['an expired token', `Bearer ${await token({ ticket_id: ticketId }, { exp: nowSec() - 120 })}`],
      ['nbf in the future', `Bearer ${await token({ ticket_id: ticketId, nbf: nowSec() + 120 })}`],
      ['no exp', `Bearer ${await token({ ticket_id: ticketId }, { exp: null })}`],
      ['a token over 8 KB', `Bearer ${await token({ ticket_id: ticketId, pad: 'x'.repeat(9000) })}`],
      ['not a bearer token', `Basic ${Buffer.from('a:b').toString('base64')}`],
    ];
    for (const [name, authorization] of cases) {
      const test = get(`/app/tickets/${ticketId}/diagnosis`);
      const response = await (authorization === null ? test : test.set('Authorization', authorization));
      expect(response.status, name).toBe(401);
      expect(response.body, name).toEqual({ error: 'unauthorized' });
      expect(response.headers['www-authenticate'], name).toBe('Bearer');
    }
    // Reasons are logged for the operator, tokens never.
    expect(harness.logText()).toContain('"reason":"signature"');
    expect(harness.logText()).toContain('"reason":"too-large"');
    expect(harness.logText()).not.toContain(wrongSecret.split('.')[2]);
  });

  it('refuses a token in the query string, even next to a valid header', async () => {
    const valid = await token({ ticket_id: ticketId });
    for (const query of [`token=${valid}`, `jwt=${valid}`, `x=${valid}`]) {
      const response = await get(`/app/tickets/${ticketId}/diagnosis?${query}`).set('Authorization', `Bearer ${valid}`);
      expect(response.status, query).toBe(401);
      expect(response.body).toEqual({ error: 'unauthorized' });
    }
    expect((await get(`/app/tickets/${ticketId}/diagnosis?access_token=${valid}`)).status).toBe(401);
  });

  it('answers 403 to a valid token of another ticket, on every route', async () => {
    const other = await token({ ticket_id: String(Number(ticketId) + 1) });
    const responses = await Promise.all([
      get(`/app/tickets/${ticketId}/diagnosis`).set('Authorization', `Bearer ${other}`),
      request(harness.url).post(`/app/tickets/${ticketId}/rerun`).set('Authorization', `Bearer ${other}`),
      request(harness.url).post(`/app/tickets/${ticketId}/feedback`).set('Authorization', `Bearer ${other}`).send({ issue: 'other' }),
    ]);
    for (const response of responses) {
      expect(response.status).toBe(403);
      expect(response.body.error).toMatch(/another ticket/);
    }
  });

  it('answers 404 for a path that is not a ticket id, before looking at the token', async () => {
    expect((await get('/app/tickets/abc/diagnosis')).status).toBe(404);
  });

  it('sends no CORS headers (the app goes through the Zendesk proxy) and forbids caching', async () => {
    const response = await get(`/app/tickets/${ticketId}/diagnosis`)
      .set('Origin', 'https://acme.zendesk.com')
      .set('Authorization', `Bearer ${await token({ ticket_id: ticketId })}`);
    expect(response.status).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['cache-control']).toBe('no-store');
    const preflight = await request(harness.url)
      .options(`/app/tickets/${ticketId}/diagnosis`)
      .set('Origin', 'https://acme.zendesk.com')
      .set('Access-Control-Request-Method', 'GET');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
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
      intro: issue.customerMessage.fr,
      asks: stored.missing.map((field) => harness.triage.playbook.escalation.fields[field].ask.fr),
      closing: harness.triage.playbook.escalation.closing.fr,
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
    expect(reads()).toBe(1);
    expect(first.body.diagnosis.ticketId).toBe(ticketId);
    expect(await harness.store.get(ticketId)).toEqual(first.body.diagnosis);
    const again = await request(harness.url).get(`/app/tickets/${ticketId}/diagnosis`).set('Authorization', auth);
    expect(again.body.source).toBe('stored');
    expect(reads()).toBe(1);
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
    expect(second.body.jobId).not.toBe(first.body.jobId);
    const job = await harness.queue.getJob(first.body.jobId);
    expect(job?.name).toBe('manual');
    expect(job?.data).toEqual({
      ticketId,
      event: 'manual',
      requestKey: first.body.jobId,
      requestedBy: '501',
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
      comment: 'Locked after 5 tries',
      agentId: '77',
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
    expect(view.body.correction).toEqual({ issue: 'account-blocked', createdAt: response.body.feedback.createdAt });
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
    dryRun = await startAgentApiHarness(redisServer.url, {
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
    const jwt = await new SignJWT({ ticket_id: ticketId })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(dryRun.secret));
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
  let ownRedis: RedisServerHandle;
  let outage: AgentApiHarness;
  beforeAll(async () => {
    ownRedis = await startRedisServer();
    outage = await startAgentApiHarness(ownRedis.url);
  });
  afterAll(async () => {
    if (!ownRedis.running) await ownRedis.restart();
    await outage.close();
    await ownRedis.stop();
  });

  it('answers 503 with Retry-After instead of an internal error', async () => {
    const ticketId = String(
      outage.sandbox.createTicket({ subject: 'Locked', body: 'Login failed', requester: { name: 'A B', email: 'a.b@example.com' } }).id,
    );
    const auth = `Bearer ${await new SignJWT({ ticket_id: ticketId })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(outage.secret))}`;
    await ownRedis.kill();
    const diagnosis = await request(outage.url).get(`/app/tickets/${ticketId}/diagnosis`).set('Authorization', auth);
    expect(diagnosis.status).toBe(503);
    expect(diagnosis.headers['retry-after']).toBe('5');
    expect(diagnosis.body).toEqual({ error: 'storage is unavailable, try again in a few seconds' });
    const rerun = await request(outage.url).post(`/app/tickets/${ticketId}/rerun`).set('Authorization', auth);
    expect(rerun.status).toBe(503);
    expect(rerun.body.error).toMatch(/queue is unavailable/);

    // And recovers without a restart of the server.
    await ownRedis.restart();
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
