import { describe, expect, it } from 'vitest';
import { READINESS_HINTS } from '../../../src/server/readiness.js';
import { useRedisServer } from '../../support/use-redis-server.js';
import { startReceiver } from './receiver-harness.js';

const evicting = useRedisServer({ args: ['--maxmemory-policy', 'allkeys-lru'] });
const healthy = useRedisServer();

describe('GET /readyz and /healthz', () => {
  it('is ready on a noeviction Redis', async () => {
    const receiver = await startReceiver(healthy().url);
    try {
      const response = await fetch(`${receiver.url}/readyz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ready' });
    } finally {
      await receiver.close();
    }
  });

  it('refuses ready on allkeys-lru and says how to fix it, while liveness stays 200', async () => {
    const receiver = await startReceiver(evicting().url);
    try {
      const response = await fetch(`${receiver.url}/readyz`);
      expect(response.status).toBe(503);
      const body = (await response.json()) as { status: string; reasons: Array<{ code: string; hint: string }> };
      expect(body).toEqual({
        status: 'not ready',
        reasons: [{ code: 'redis-eviction-policy', hint: READINESS_HINTS['redis-eviction-policy'] }],
      });
      expect(body.reasons[0]!.hint).toContain('CONFIG SET maxmemory-policy noeviction');
      // The policy Redis reported is for the operator's log, not for the unauthenticated caller.
      expect(JSON.stringify(body)).not.toContain('allkeys-lru');
      expect(receiver.logText()).toContain('"maxmemoryPolicy":"allkeys-lru"');
      expect((await fetch(`${receiver.url}/healthz`)).status).toBe(200);
    } finally {
      await receiver.close();
    }
  });

  it('reports shutting down once intake is closed', async () => {
    const receiver = await startReceiver(healthy().url);
    try {
      receiver.intake.close();
      const response = await fetch(`${receiver.url}/readyz`);
      expect(response.status).toBe(503);
      expect(((await response.json()) as { reasons: unknown[] }).reasons).toEqual([
        { code: 'shutting-down', hint: READINESS_HINTS['shutting-down'] },
      ]);
    } finally {
      await receiver.close();
    }
  });
});

describe('GET /metrics', () => {
  it('is open outside production when ADMIN_USER/ADMIN_PASSWORD are unset (local development)', async () => {
    const receiver = await startReceiver(healthy().url, { nodeEnv: 'development' });
    try {
      expect((await fetch(`${receiver.url}/metrics`)).status).toBe(200);
    } finally {
      await receiver.close();
    }
  });

  it('answers 401 to everyone in production when ADMIN_USER/ADMIN_PASSWORD are unset, and says what to set', async () => {
    const receiver = await startReceiver(healthy().url, { nodeEnv: 'production' });
    try {
      for (const authorization of [
        undefined,
        `Basic ${Buffer.from('admin:admin').toString('base64')}`,
        `Basic ${Buffer.from(':').toString('base64')}`,
      ]) {
        const response = await fetch(`${receiver.url}/metrics`, { headers: authorization ? { authorization } : {} });
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
        expect(await response.json()).toEqual({ error: 'metrics are locked: the operator must set ADMIN_USER and ADMIN_PASSWORD' });
      }
      // Health and readiness stay open: probes carry no credentials.
      expect((await fetch(`${receiver.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${receiver.url}/readyz`)).status).toBe(200);
    } finally {
      await receiver.close();
    }
  });

  it('requires basic auth when ADMIN_USER/ADMIN_PASSWORD are set', async () => {
    const receiver = await startReceiver(healthy().url, { admin: { user: 'ops', password: 'correct-horse-battery' } });
    try {
      const anonymous = await fetch(`${receiver.url}/metrics`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
      const wrong = await fetch(`${receiver.url}/metrics`, {
        headers: { authorization: `Basic ${Buffer.from('ops:wrong').toString('base64')}` },
      });
      expect(wrong.status).toBe(401);
      const ok = await fetch(`${receiver.url}/metrics`, {
        headers: { authorization: `Basic ${Buffer.from('ops:correct-horse-battery').toString('base64')}` },
      });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toContain('text/plain');
      const text = await ok.text();
      for (const name of [
        'webhooks_total',
        'jobs_total',
        'job_duration_seconds',
        'classifications_total',
        'missing_data_total',
        'zendesk_calls_total',
        'zendesk_rate_limited_total',
        'queue_jobs',
      ]) {
        expect(text).toContain(`# TYPE signin_triage_${name} `);
      }
    } finally {
      await receiver.close();
    }
  });
});
