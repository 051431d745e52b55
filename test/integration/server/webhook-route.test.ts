import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { signZendeskWebhook, zendeskTimestamp } from '../../../src/zendesk/sign-webhook.js';
import { useRedisServer } from '../../support/use-redis-server.js';
import { MAX_BODY_BYTES, SECRET, sendWebhook, startReceiver, type Receiver } from './receiver-harness.js';

const redisServer = useRedisServer();
let receiver: Receiver;

beforeEach(async () => {
  receiver = await startReceiver(redisServer().url);
});
afterEach(async () => {
  await receiver.close();
});

describe('POST /webhooks/zendesk', () => {
  it('queues a signed trigger webhook and answers 202 with the job id once Redis has it', async () => {
    const response = await sendWebhook(receiver, { headers: { 'x-zendesk-webhook-invocation-id': '8350205582' } });
    expect(response.status).toBe(202);
    expect(response.json).toEqual({ status: 'queued', jobId: 'ticket-123-created' });
    expect(response.headers.get('x-request-id')).toBe('8350205582');
    const job = await receiver.queue.getJob('ticket-123-created');
    expect(job?.data).toMatchObject({ ticketId: '123', event: 'created', requestKey: 'ticket-123-created', invocationId: '8350205582' });
    expect(job?.opts.removeOnComplete).toEqual({ age: 7 * 24 * 3600, count: 10_000 });
  });

  it('stores a rerun with the agent id and a body-derived key', async () => {
    const body = '{"event":"rerun","ticket_id":"77","by":"900","updated_at":"2026-01-02T03:04:05Z"}';
    const response = await sendWebhook(receiver, { body });
    expect(response.status).toBe(202);
    expect(response.json.jobId).toMatch(/^ticket-77-rerun-[0-9a-f]{16}$/);
    const job = await receiver.queue.getJob(String(response.json.jobId));
    expect(job?.data).toMatchObject({ ticketId: '77', event: 'rerun', requestedBy: '900' });
    expect(JSON.stringify(job?.data)).not.toContain('updated_at');
  });

  it('accepts the event-webhook envelope (ticket.created, string id)', async () => {
    const body = JSON.stringify({
      account_id: 22129848,
      detail: { id: '5158', status: 'OPEN', subject: 'cannot sign in', description: 'private text', requester_id: '8447388090494' },
      event: {},
      id: 'cbe4028c-0000-4000-8000-000000000000',
      subject: 'zen:ticket:5158',
      time: '2025-01-08T10:12:07.672717030Z',
      type: 'zen:event-type:ticket.created',
      zendesk_event_version: '2022-11-06',
    });
    const response = await sendWebhook(receiver, { body });
    expect(response.json).toEqual({ status: 'queued', jobId: 'ticket-5158-created' });
    const job = await receiver.queue.getJob('ticket-5158-created');
    expect(JSON.stringify(job?.data)).not.toContain('private text');
  });

  it('answers 202 ignored to other event types, queueing nothing', async () => {
    const response = await sendWebhook(receiver, { body: '{"type":"zen:event-type:ticket.comment_added","detail":{"id":"9"}}' });
    expect(response).toMatchObject({ status: 202, json: { status: 'ignored' } });
    expect(await receiver.jobCount()).toBe(0);
  });

  it('queues one job for three deliveries of the same trigger, even with a new invocation id', async () => {
    const body = '{"event":"created","ticket_id":"555"}';
    const signed = signZendeskWebhook({ rawBody: body, secret: SECRET });
    const deliver = (invocationId: string) =>
      sendWebhook(receiver, { body, timestamp: signed.timestamp, headers: { 'x-zendesk-webhook-invocation-id': invocationId } });
    const first = await deliver('1001');
    const retry = await deliver('1001');
    const replayWithNewId = await deliver('2002');
    expect(first.json).toEqual({ status: 'queued', jobId: 'ticket-555-created' });
    expect(retry.json).toEqual({ status: 'duplicate', jobId: 'ticket-555-created' });
    expect(replayWithNewId).toMatchObject({ status: 202, json: { status: 'duplicate' } });
    expect(await receiver.jobCount()).toBe(1);
  });

  it('queues one job for concurrent duplicate deliveries', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => sendWebhook(receiver, { body: '{"event":"created","ticket_id":"556"}' })),
    );
    expect(results.map((result) => result.status)).toEqual([202, 202, 202, 202, 202]);
    expect(await receiver.jobCount()).toBe(1);
  });

  it('merges a rerun into one of the same ticket still waiting (BullMQ deduplication), whatever its body', async () => {
    const rerun = (updatedAt: string) => sendWebhook(receiver, { body: `{"event":"rerun","ticket_id":"8","updated_at":"${updatedAt}"}` });
    const a = await rerun('2026-01-01T00:00:00Z');
    const b = await rerun('2026-01-01T00:01:00Z');
    expect(a.json.status).toBe('queued');
    expect(b.json).toEqual({ status: 'duplicate', jobId: a.json.jobId });
    expect(await receiver.jobCount()).toBe(1);
  });

  describe('raw-body fidelity: the signature is checked over the exact bytes', () => {
    it.each([
      ['emoji and RTL text', '{"event":"created","ticket_id":"31","note":"🔐 ✓ مرحبا עברית"}'],
      ['escape sequences', '{"event":"created","ticket_id":"32","note":"\\u001b[31m \\u0000 \\ud83d\\ude00"}'],
      ['CRLF and tabs', '{\r\n\t"event": "created",\r\n\t"ticket_id": "33"\r\n}\r\n'],
      ['a UTF-8 byte-order mark', '\uFEFF{"event":"created","ticket_id":"34"}'],
    ])('%s', async (_name, body) => {
      const response = await sendWebhook(receiver, { body: Buffer.from(body, 'utf8'), contentType: 'application/json; charset=utf-8' });
      expect(response.status).toBe(202);
      expect(response.json.status).toBe('queued');
    });
  });

  describe('signature matrix: 401, nothing queued, one generic error', () => {
    const body = '{"event":"created","ticket_id":"123"}';
    const good = () => signZendeskWebhook({ rawBody: body, secret: SECRET });
    const cases: [string, () => Record<string, string> | { body: string; headers: Record<string, string> }][] = [
      ['wrong secret', () => signZendeskWebhook({ rawBody: body, secret: 'some-other-secret-0123456789' }).headers],
      ['signature truncated to 8 characters', () => ({ ...good().headers, 'x-zendesk-webhook-signature': good().signature.slice(0, 8) })],
      ['empty signature', () => ({ ...good().headers, 'x-zendesk-webhook-signature': '' })],
      ['empty timestamp', () => ({ ...good().headers, 'x-zendesk-webhook-signature-timestamp': '' })],
      ['non-base64 signature', () => ({ ...good().headers, 'x-zendesk-webhook-signature': '%'.repeat(43) + '=' })],
      ['signature of another body', () => signZendeskWebhook({ rawBody: '{"event":"created","ticket_id":"124"}', secret: SECRET }).headers],
      ['one byte flipped', () => ({ body: body.replace('123', '133'), headers: good().headers })],
      ['JSON re-serialized with other whitespace', () => ({ body: JSON.stringify(JSON.parse(body), null, 2), headers: good().headers })],
      ['stale timestamp', () => signZendeskWebhook({ rawBody: body, secret: SECRET, timestamp: new Date(Date.now() - 301_000) }).headers],
      ['future timestamp', () => signZendeskWebhook({ rawBody: body, secret: SECRET, timestamp: new Date(Date.now() + 301_000) }).headers],
      [
        'epoch timestamp',
        () => signZendeskWebhook({ rawBody: body, secret: SECRET, timestamp: String(Math.floor(Date.now() / 1000)) }).headers,
      ],
      [
        'timestamp with trailing characters',
        () => signZendeskWebhook({ rawBody: body, secret: SECRET, timestamp: `${zendeskTimestamp(new Date())}x` }).headers,
      ],
      [
        'boundary shift between timestamp and body',
        () => {
          const timestamp = zendeskTimestamp(new Date());
          const signature = signZendeskWebhook({ rawBody: body, secret: SECRET, timestamp }).signature;
          return {
            body: body.slice(1),
            headers: { 'x-zendesk-webhook-signature': signature, 'x-zendesk-webhook-signature-timestamp': `${timestamp}{` },
          };
        },
      ],
    ];

    it.each(cases)('%s', async (_name, make) => {
      const made = make();
      const request =
        'body' in made && typeof made.body === 'string'
          ? { body: made.body, headers: made.headers as Record<string, string> }
          : { body, headers: made as Record<string, string> };
      const response = await sendWebhook(receiver, { body: request.body, unsigned: true, headers: request.headers });
      // The declared 5 bytes fail verification (401) and Node rejects the leftover bytes as a
      // malformed second request (400); whichever answer arrives first, nothing is queued.
      expect([400, 401]).toContain(response.status);
      expect(response.json).toEqual({ error: 'invalid webhook signature' });
      expect(await receiver.jobCount()).toBe(0);
    });

    it('duplicated signature header', async () => {
      const signed = good();
      const status = await new Promise<number>((resolve, reject) => {
        const url = new URL(`${receiver.url}/webhooks/zendesk`);
        const req = httpRequest(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: 'POST',
            // An array value sends the header line twice.
            headers: {
              'content-type': 'application/json',
              'x-zendesk-webhook-signature': [signed.signature, signed.signature],
              'x-zendesk-webhook-signature-timestamp': signed.timestamp,
            },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      expect(status).toBe(401);
      expect(await receiver.jobCount()).toBe(0);
    });

    it('logs what to check without logging the signature', async () => {
      const wrong = signZendeskWebhook({ rawBody: body, secret: 'some-other-secret-0123456789' });
      await sendWebhook(receiver, { body, unsigned: true, headers: wrong.headers });
      expect(receiver.logText()).toContain("ZENDESK_WEBHOOK_SECRET does not match the webhook's signing secret");
      expect(receiver.logText()).not.toContain(wrong.signature);
    });
  });

  it('400 lists the missing signature headers', async () => {
    const response = await sendWebhook(receiver, { unsigned: true });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      error: 'missing headers: x-zendesk-webhook-signature, x-zendesk-webhook-signature-timestamp',
      missing: ['x-zendesk-webhook-signature', 'x-zendesk-webhook-signature-timestamp'],
    });
    const onlyTimestamp = await sendWebhook(receiver, {
      unsigned: true,
      headers: { 'x-zendesk-webhook-signature-timestamp': zendeskTimestamp(new Date()) },
    });
    expect(onlyTimestamp.json.missing).toEqual(['x-zendesk-webhook-signature']);
  });

  it.each([['text/plain'], ['application/x-www-form-urlencoded'], ['application/xml'], [null]])(
    '415 for content type %s',
    async (contentType) => {
      const response = await sendWebhook(receiver, { body: Buffer.from('{"event":"created","ticket_id":"1"}'), contentType });
      expect(response.status).toBe(415);
      expect(response.json).toEqual({ error: 'content type must be application/json' });
      expect(await receiver.jobCount()).toBe(0);
    },
  );

  it('413 for a body over the limit, before anything is queued', async () => {
    const body = JSON.stringify({ event: 'created', ticket_id: '1', pad: 'x'.repeat(MAX_BODY_BYTES) });
    const response = await sendWebhook(receiver, { body });
    expect(response.status).toBe(413);
    expect(response.json).toEqual({ error: `body exceeds ${MAX_BODY_BYTES} bytes` });
    expect(await receiver.jobCount()).toBe(0);
  });

  it('413 from a declared Content-Length over the limit, and for a chunked stream that grows past it', async () => {
    const declared = await rawRequest(receiver.url, {
      headers: { 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024), ...signedHeaders() },
      chunks: ['{"event":"created"'],
      keepOpen: true,
    });
    expect(declared.status).toBe(413);
    const chunked = await rawRequest(receiver.url, {
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...signedHeaders() },
      chunks: Array.from({ length: 64 }, () => 'x'.repeat(1024)),
    });
    expect(chunked.status).toBe(413);
    expect(await receiver.jobCount()).toBe(0);
  });

  it('queues nothing when Content-Length is shorter than the body', async () => {
    const body = '{"event":"created","ticket_id":"123"}';
    const response = await rawRequest(receiver.url, {
      headers: { 'content-type': 'application/json', 'content-length': '5', ...signedHeaders(body) },
      chunks: [body],
    });
    // The declared 5 bytes fail verification (401) and Node rejects the leftover bytes as a
    // malformed second request (400); whichever answer arrives first, nothing is queued.
    expect([400, 401]).toContain(response.status);
    expect(await receiver.jobCount()).toBe(0);
  });

  it('422 names the invalid field of a signed body', async () => {
    const response = await sendWebhook(receiver, { body: '{"event":"created","ticket_id":"{{ticket.id}}"}' });
    expect(response.status).toBe(422);
    expect(response.json).toMatchObject({ error: 'invalid webhook body', issues: [{ path: 'ticket_id' }] });
  });

  it('400 for a signed body that is not JSON', async () => {
    const response = await sendWebhook(receiver, { body: 'event=created' });
    expect(response).toMatchObject({ status: 400, json: { error: 'body is not valid JSON' } });
  });

  it('405 with Allow for other methods on the webhook path, 404 JSON elsewhere', async () => {
    const get = await fetch(`${receiver.url}/webhooks/zendesk`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const missing = await fetch(`${receiver.url}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'not found' });
  });

  it('sends helmet headers and no x-powered-by', async () => {
    const response = await fetch(`${receiver.url}/healthz`);
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('answers 503 + Retry-After once intake is closed for shutdown', async () => {
    receiver.intake.close();
    const response = await sendWebhook(receiver, { body: '{"event":"created","ticket_id":"9"}' });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await receiver.jobCount()).toBe(0);
  });

  it('counts outcomes in /metrics', async () => {
    await sendWebhook(receiver);
    await sendWebhook(receiver);
    await sendWebhook(receiver, { secret: 'some-other-secret-0123456789' });
    const text = await (await fetch(`${receiver.url}/metrics`)).text();
    expect(text).toContain('signin_triage_webhooks_total{outcome="queued"} 1');
    expect(text).toContain('signin_triage_webhooks_total{outcome="duplicate"} 1');
    expect(text).toContain('signin_triage_webhooks_total{outcome="unauthorized"} 1');
    expect(text).toMatch(/signin_triage_queue_jobs\{state="waiting"\} 1/);
  });
});

function signedHeaders(body = '{}'): Record<string, string> {
  return signZendeskWebhook({ rawBody: body, secret: SECRET }).headers;
}

/** A hand-written HTTP/1.1 request, to send what fetch refuses to (lying lengths, endless bodies). */
function rawRequest(
  baseUrl: string,
  options: { headers: Record<string, string>; chunks: string[]; keepOpen?: boolean },
): Promise<{ status: number }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) }, () => {
      const chunked = options.headers['transfer-encoding'] === 'chunked';
      const head = [
        `POST /webhooks/zendesk HTTP/1.1`,
        `host: ${url.host}`,
        ...Object.entries(options.headers).map(([k, v]) => `${k}: ${v}`),
      ];
      socket.write(`${head.join('\r\n')}\r\n\r\n`);
      for (const chunk of options.chunks) {
        socket.write(chunked ? `${Buffer.byteLength(chunk).toString(16)}\r\n${chunk}\r\n` : chunk);
      }
      if (chunked && !options.keepOpen) socket.write('0\r\n\r\n');
    });
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk.toString();
      const match = /^HTTP\/1\.1 (\d{3})/.exec(data);
      if (match) {
        socket.destroy();
        resolve({ status: Number(match[1]) });
      }
    });
    socket.on('error', reject);
    socket.setTimeout(10_000, () => {
      socket.destroy();
      reject(new Error(`no answer; got ${JSON.stringify(data)}`));
    });
  });
}
