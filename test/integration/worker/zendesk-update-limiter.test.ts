import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createZendeskClient } from '../../../src/zendesk/client.js';
import { startZendeskSandbox, type ZendeskSandbox } from '../../../src/zendesk-sandbox/index.js';
import { allowedPerWindow, createZendeskUpdateLimiter } from '../../../worker/zendesk-update-limiter.js';
import { startRedisServer, type RedisServerHandle } from '../../support/redis-server.js';

/** The stand-in's Update Ticket budget per (scaled) minute, counted in fixed windows as Zendesk does. */
const BUDGET = 20;
const WINDOW_MS = 1_000;
/** Two full windows' worth, so every run crosses at least two window boundaries. */
const UPDATES = allowedPerWindow(BUDGET) * 2 + 3;
const CONCURRENCY = 5;

describe('Zendesk update limiter (real redis, stand-in fixed windows)', () => {
  let redisServer: RedisServerHandle;
  let redis: Redis;
  let sandbox: ZendeskSandbox;

  beforeAll(async () => {
    redisServer = await startRedisServer();
    redis = new Redis(redisServer.url);
    sandbox = await startZendeskSandbox({ deliverWebhooks: false, updatesPerMinute: BUDGET, minuteMs: WINDOW_MS });
  });
  afterAll(async () => {
    redis?.disconnect();
    await sandbox?.close();
    await redisServer?.stop();
  });

  for (const startShare of [0, 0.25, 0.5, 0.75]) {
    it(`a burst started ${startShare * 100}% into Zendesk's window gets no 429`, { timeout: 30_000 }, async () => {
      const zendesk = createZendeskClient({
        baseUrl: sandbox.url,
        auth: { type: 'token', email: sandbox.credentials.email, apiToken: sandbox.credentials.apiToken },
      });
      const limiter = createZendeskUpdateLimiter({
        redis,
        prefix: `limiter-${startShare}-${Date.now()}`,
        perWindow: BUDGET,
        windowMs: WINDOW_MS,
      });
      const tickets = Array.from(
        { length: UPDATES },
        (_, index) =>
          sandbox.createTicket({
            subject: 'Login failed',
            body: 'Cannot sign in',
            requester: { name: `C ${index}`, email: `c${index}@example.com` },
          }).id,
      );
      // Start at the chosen point of the stand-in's next window.
      await new Promise((resolve) => setTimeout(resolve, WINDOW_MS - (Date.now() % WINDOW_MS) + startShare * WINDOW_MS));
      sandbox.clearRequests();
      let next = 0;
      const statuses: number[] = [];
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < tickets.length) {
            const id = tickets[next++]!;
            await limiter.acquire();
            try {
              await zendesk.updateTicket(String(id), { tags: ['signin_triage'] });
              statuses.push(200);
            } catch (error) {
              statuses.push((error as { status?: number }).status ?? 0);
            }
          }
        }),
      );

      const puts = sandbox.requests.filter((request) => request.method === 'PUT');
      expect(puts.filter((request) => request.status === 429)).toHaveLength(0);
      expect(statuses.filter((status) => status !== 200)).toEqual([]);
      const perWindow = new Map<number, number>();
      for (const put of puts) {
        const window = Math.floor(Date.parse(put.at) / WINDOW_MS);
        perWindow.set(window, (perWindow.get(window) ?? 0) + 1);
      }
      expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(BUDGET);
      expect(puts).toHaveLength(UPDATES);
    });
  }
});
