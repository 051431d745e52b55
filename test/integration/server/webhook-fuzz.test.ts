import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signZendeskWebhook } from '../../../src/zendesk/sign-webhook.js';
import { useRedisServer } from '../../support/use-redis-server.js';
import { MAX_BODY_BYTES, SECRET, startReceiver, type Receiver } from './receiver-harness.js';

// FC_RUNS=10000 for the long run; FC_SEED=<n> replays a failure.
const RUNS = Number(process.env.FC_RUNS ?? 300);
const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);

const redisServer = useRedisServer();
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver(redisServer().url);
});
afterAll(async () => {
  await receiver.close();
});

const printable = (max: number) => fc.stringMatching(new RegExp(`^[\\x20-\\x7e]{0,${max}}$`));

const validPayload = fc
  .record({
    event: fc.constantFrom('created', 'rerun'),
    ticket_id: fc.oneof(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 10_000 }).map(String)),
    updated_at: fc.option(printable(30), { nil: undefined }),
  })
  .map((payload) => JSON.stringify(payload));

const requestArb = fc.record({
  method: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
  path: fc.oneof(
    fc.constantFrom('/webhooks/zendesk', '/webhooks/zendesk/', '/webhooks/zendesk?x=1', '/webhooks', '/'),
    fc.stringMatching(/^\/x[a-zA-Z0-9._~/-]{0,30}$/),
  ),
  contentType: fc.option(
    fc.oneof(
      fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'application/vnd.api+json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        '',
      ),
      printable(40),
    ),
    { nil: undefined },
  ),
  body: fc.oneof(
    validPayload.map((text) => Buffer.from(text)),
    fc.json().map((text) => Buffer.from(text)),
    fc.uint8Array({ maxLength: 2 * MAX_BODY_BYTES }).map((bytes) => Buffer.from(bytes)),
    fc.constant(Buffer.from(JSON.stringify({ event: 'created', ticket_id: '1', pad: 'x'.repeat(MAX_BODY_BYTES) }))),
  ),
  signing: fc.constantFrom('valid', 'valid', 'wrong-secret', 'none', 'garbage', 'stale', 'signature-only'),
  invocationId: fc.option(printable(40), { nil: undefined }),
  garbage: printable(60),
});

type FuzzRequest = typeof requestArb extends fc.Arbitrary<infer T> ? T : never;

const ALLOWED = new Set([202, 400, 401, 404, 405, 413, 415, 422]);

function headersFor(request: FuzzRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  if (request.contentType !== undefined) headers['content-type'] = request.contentType;
  if (request.invocationId !== undefined) headers['x-zendesk-webhook-invocation-id'] = request.invocationId;
  const sign = (secret: string, timestamp?: Date) =>
    signZendeskWebhook({ rawBody: request.body, secret, ...(timestamp ? { timestamp } : {}) }).headers;
  switch (request.signing) {
    case 'valid':
      return { ...headers, ...sign(SECRET) };
    case 'wrong-secret':
      return { ...headers, ...sign('another-secret-0123456789') };
    case 'stale':
      return { ...headers, ...sign(SECRET, new Date(Date.now() - 3_600_000)) };
    case 'garbage':
      return { ...headers, 'x-zendesk-webhook-signature': request.garbage, 'x-zendesk-webhook-signature-timestamp': request.garbage };
    case 'signature-only':
      return { ...headers, 'x-zendesk-webhook-signature': sign(SECRET)['x-zendesk-webhook-signature'] };
    case 'none':
      return headers;
  }
}

describe('webhook receiver fuzz', () => {
  it(`answers only 2xx/4xx and queues nothing without a valid signature (seed ${SEED}, ${RUNS} runs)`, async () => {
    // Printed so a CI failure can be replayed with FC_SEED.
    console.info(`webhook fuzz: FC_SEED=${SEED} FC_RUNS=${RUNS}`);
    const queuedIds = new Set<string>();
    await fc.assert(
      fc.asyncProperty(requestArb, async (request) => {
        const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
        const response = await fetch(`${receiver.url}${request.path}`, {
          method: request.method,
          headers: headersFor(request),
          ...(hasBody ? { body: new Uint8Array(request.body) } : {}),
        });
        const text = await response.text();
        expect(ALLOWED.has(response.status), `status ${response.status}: ${text}`).toBe(true);
        if (request.method !== 'HEAD') expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        if (response.status === 202) {
          expect(request.signing).toBe('valid');
          const answer = JSON.parse(text) as { status: string; jobId?: string };
          if (answer.jobId !== undefined) queuedIds.add(answer.jobId);
        }
        expect(await receiver.jobCount()).toBe(queuedIds.size);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
