import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READINESS_HINTS } from '../../../src/server/readiness.js';
import { useRedisServer } from '../../support/use-redis-server.js';
import { sendWebhook, startReceiver, type Receiver } from './receiver-harness.js';

const redisServer = useRedisServer({ appendonly: true });
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver(redisServer().url, { enqueueTimeoutMs: 1000 });
});
afterAll(async () => {
  redisServer().thaw();
  if (!redisServer().running) await redisServer().restart();
  await receiver.close();
});

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('webhooks while Redis is down', () => {
  it('answers 503 + Retry-After (never 2xx), keeps liveness, and recovers without a restart', async () => {
    const before = await sendWebhook(receiver, { body: '{"event":"created","ticket_id":"1"}' });
    expect(before.status).toBe(202);

    await redisServer().kill('SIGKILL');

    for (const id of ['2', '3', '4']) {
      const response = await sendWebhook(receiver, { body: `{"event":"created","ticket_id":"${id}"}` });
      expect(response.status).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(response.headers.get('retry-after'))).toBeLessThan(60);
      expect(response.json).toEqual({ error: 'queue unavailable, retry later' });
    }
    expect((await fetch(`${receiver.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${receiver.url}/readyz`);
    expect(ready.status).toBe(503);
    // A stable code for the caller; the raw connection error (host, port, errno) only in the log.
    const readyBody = await ready.text();
    expect(JSON.parse(readyBody)).toEqual({
      status: 'not ready',
      reasons: [{ code: 'redis-unreachable', hint: READINESS_HINTS['redis-unreachable'] }],
    });
    expect(readyBody).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|\d{4,5}/);
    expect(receiver.logText()).toMatch(/"reason":"redis-unreachable"/);

    await redisServer().restart();

    // Deliveries while Redis comes back are answered 503 too, and counted: as many as the restart takes.
    let refusedWhileRestarting = 0;
    const after = await eventually(
      async () => {
        const response = await sendWebhook(receiver, { body: '{"event":"created","ticket_id":"2"}' });
        if (response.status === 503) refusedWhileRestarting += 1;
        return response;
      },
      (response) => response.status === 202,
    );
    expect(after.json).toEqual({ status: 'queued', jobId: 'ticket-2-created' });
    const readyAgain = await eventually(
      () => fetch(`${receiver.url}/readyz`),
      (response) => response.status === 200,
    );
    expect(readyAgain.status).toBe(200);
    // appendonly: the job acknowledged before the crash is still there.
    expect(await receiver.queue.getJob('ticket-1-created')).toBeDefined();
    const metrics = await (await fetch(`${receiver.url}/metrics`)).text();
    const unavailable = metrics.match(/signin_triage_webhooks_total\{outcome="unavailable"\} (\d+)/u)?.[1];
    expect(Number(unavailable)).toBe(3 + refusedWhileRestarting);
  });

  it('a Redis that stops answering without closing (SIGSTOP): 503 within the enqueue timeout, /readyz 503, recovery by itself', async () => {
    expect((await sendWebhook(receiver, { body: '{"event":"created","ticket_id":"20"}' })).status).toBe(202);

    redisServer().freeze();
    try {
      const started = Date.now();
      const response = await sendWebhook(receiver, { body: '{"event":"created","ticket_id":"21"}' });
      const waitedMs = Date.now() - started;
      expect(response.status).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      // The enqueue timeout is 1 s here; a hung Redis must not hold the webhook for longer.
      expect(waitedMs).toBeLessThan(10_000);
      const ready = await eventually(
        () => fetch(`${receiver.url}/readyz`, { signal: AbortSignal.timeout(10_000) }),
        (answer) => answer.status === 503,
      );
      expect(ready.status).toBe(503);
      expect((await fetch(`${receiver.url}/healthz`)).status).toBe(200);
    } finally {
      redisServer().thaw();
    }

    const after = await eventually(
      () => sendWebhook(receiver, { body: '{"event":"created","ticket_id":"22"}' }),
      (answer) => answer.status === 202,
    );
    expect(after.status).toBe(202);
    const readyAgain = await eventually(
      () => fetch(`${receiver.url}/readyz`),
      (answer) => answer.status === 200,
    );
    expect(readyAgain.status).toBe(200);
    expect(await receiver.queue.getJob('ticket-20-created')).toBeDefined();
    expect(await receiver.queue.getJob('ticket-22-created')).toBeDefined();
  });
});
