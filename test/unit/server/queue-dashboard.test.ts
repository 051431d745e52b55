import { randomUUID } from 'node:crypto';
import express from 'express';
import request from 'supertest';
import { Queue, Worker } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mountQueueDashboard, QueueDashboardConfigError } from '../../../src/server/queue-dashboard.js';
import { startRedisServer, type RedisServerHandle } from '../../support/redis-server.js';

const USER = 'ops';
const PASSWORD = 'correct horse: battery staple';

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

describe('mountQueueDashboard', () => {
  let redis: RedisServerHandle;
  let queue: Queue;
  const opened: Queue[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
  });

  afterAll(async () => {
    await redis?.stop();
  });

  afterEach(async () => {
    for (const q of opened.splice(0)) {
      await q.obliterate({ force: true });
      await q.close();
    }
  });

  function appWithDashboard(options: { user?: string; password?: string; basePath?: string } = { user: USER, password: PASSWORD }) {
    queue = new Queue(`test-${randomUUID()}`, { connection: { url: redis.url } });
    opened.push(queue);
    const app = express();
    const mounted = mountQueueDashboard(app, { queues: [queue], ...options });
    return { app, mounted };
  }

  it('answers 401 with a WWW-Authenticate challenge when no credentials are sent', async () => {
    const { app, mounted } = appWithDashboard();
    expect(mounted).toBe(true);
    const res = await request(app).get('/admin/queues/api/queues');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Basic realm="[^"]+"/);
    expect(res.body).toEqual({ error: expect.any(String) });
  });

  it.each([
    ['wrong password', basic(USER, 'wrong')],
    ['wrong user', basic('root', PASSWORD)],
    ['password prefix', basic(USER, PASSWORD.slice(0, -1))],
    ['no colon', `Basic ${Buffer.from(`${USER}${PASSWORD}`).toString('base64')}`],
    ['bearer scheme', `Bearer ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`],
    ['empty basic', 'Basic '],
  ])('answers 401 for %s', async (_label, authorization) => {
    const { app } = appWithDashboard();
    const res = await request(app).get('/admin/queues').set('Authorization', authorization);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Basic /);
  });

  it('serves the board UI and the queue API with the right credentials', async () => {
    const { app } = appWithDashboard();
    await queue.add('triage', { ticketId: '42' }, { jobId: 'ticket-42-created' });

    const page = await request(app).get('/admin/queues').set('Authorization', basic(USER, PASSWORD));
    expect(page.status).toBe(200);
    expect(page.text).toContain('<base href="/admin/queues/"');

    const api = await request(app).get('/admin/queues/api/queues').set('Authorization', basic(USER, PASSWORD));
    expect(api.status).toBe(200);
    expect(api.headers['cache-control']).toBe('no-store');
    const listed = (api.body as { queues: Array<{ name: string; readOnlyMode: boolean; counts: Record<string, number> }> }).queues;
    expect(listed.map((q) => q.name)).toEqual([queue.name]);
    expect(listed[0]?.readOnlyMode).toBe(false);
    expect(listed[0]?.counts.waiting).toBe(1);
  });

  it('accepts the scheme name in any case', async () => {
    const { app } = appWithDashboard();
    const res = await request(app).get('/admin/queues/api/queues').set('Authorization', basic(USER, PASSWORD).replace('Basic', 'bASIC'));
    expect(res.status).toBe(200);
  });

  it('lets an authenticated operator retry a failed job (not read-only)', async () => {
    const { app } = appWithDashboard();
    await queue.add('triage', { ticketId: '7' }, { jobId: 'ticket-7-created' });
    // Fail the job the way a worker would, without a processor: take it with a lock token, then fail it.
    const worker = new Worker(queue.name, null, { connection: { url: redis.url } });
    try {
      const active = await worker.getNextJob('test-token');
      expect(active?.id).toBe('ticket-7-created');
      await active!.moveToFailed(new Error('boom'), 'test-token', false);
    } finally {
      await worker.close();
    }
    expect(await queue.getJobState('ticket-7-created')).toBe('failed');

    const unauthenticated = await request(app).put(`/admin/queues/api/queues/${encodeURIComponent(queue.name)}/ticket-7-created/retry`);
    expect(unauthenticated.status).toBe(401);
    expect(await queue.getJobState('ticket-7-created')).toBe('failed');

    const res = await request(app)
      .put(`/admin/queues/api/queues/${encodeURIComponent(queue.name)}/ticket-7-created/retry`)
      .set('Authorization', basic(USER, PASSWORD));
    expect(res.status).toBe(204);
    expect(await queue.getJobState('ticket-7-created')).toBe('waiting');
  });

  it('honours a custom base path', async () => {
    const { app } = appWithDashboard({ user: USER, password: PASSWORD, basePath: '/ops/board' });
    expect((await request(app).get('/ops/board/api/queues')).status).toBe(401);
    expect((await request(app).get('/ops/board/api/queues').set('Authorization', basic(USER, PASSWORD))).status).toBe(200);
    expect((await request(app).get('/admin/queues/api/queues').set('Authorization', basic(USER, PASSWORD))).status).toBe(404);
  });

  it('mounts nothing and returns false without credentials', async () => {
    const { app, mounted } = appWithDashboard({});
    expect(mounted).toBe(false);
    expect((await request(app).get('/admin/queues')).status).toBe(404);
    expect((await request(app).get('/admin/queues/api/queues').set('Authorization', basic('', ''))).status).toBe(404);
  });

  it('treats empty strings as unset', () => {
    const { mounted } = appWithDashboard({ user: '', password: '' });
    expect(mounted).toBe(false);
  });

  it('refuses half a credential instead of silently staying off', () => {
    expect(() => appWithDashboard({ user: USER })).toThrow(QueueDashboardConfigError);
    expect(() => appWithDashboard({ password: PASSWORD })).toThrow(/ADMIN_USER and ADMIN_PASSWORD/);
  });
});
