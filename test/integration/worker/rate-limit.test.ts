import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createZendeskClient } from '../../../src/zendesk/client.js';
import { startRedisServer, type RedisServerHandle } from '../../support/redis-server.js';
import { createSignInTicket, ourNotes, startHarness, testTriage } from '../../support/worker-harness.js';

const WINDOW_MS = 2_000;
/** A request already on the wire when the 429 came back may still arrive; nothing after that. */
const IN_FLIGHT_SLACK_MS = 300;
const CONCURRENCY = 3;

describe('429 storm (real redis, stand-in with a tiny API budget)', () => {
  let redisServer: RedisServerHandle;

  beforeAll(async () => {
    redisServer = await startRedisServer();
    testTriage();
  });
  afterAll(async () => {
    await redisServer.stop();
  });

  it(
    'honours Retry-After across concurrent jobs, spends no attempt, keeps its reads, and writes one note per ticket',
    { timeout: 90_000 },
    async () => {
      // 4 requests per 2-second window: 5 tickets × 3 calls need at least 4 windows.
      const h = await startHarness({
        redisUrl: redisServer.url,
        sandbox: { requestsPerMinute: 4, minuteMs: WINDOW_MS },
        config: { workerConcurrency: CONCURRENCY },
        // The Retry-After path itself: without reading the budget headers first.
        readBudgets: false,
      });
      try {
        const tickets = Array.from({ length: 5 }, () => createSignInTicket(h.sandbox));
        const jobIds = await Promise.all(tickets.map((ticket) => h.enqueue({ ticketId: String(ticket.id) })));
        // Until a 429 was waited out in place, the last two jobs could re-read and be refused at
        // their update in every window, for ever (3 runs in 8 never ended).
        const results = await Promise.all(jobIds.map((jobId) => h.waitForJob(jobId, 60_000)));

        for (const result of results) expect(result).toMatchObject({ state: 'completed', returnvalue: { outcome: 'triaged' } });
        for (const ticket of tickets) expect(ourNotes(h.sandbox, ticket.id)).toHaveLength(1);
        // Rate limits never counted as failed attempts.
        for (const result of results) expect(result.attemptsMade).toBeLessThanOrEqual(1);
        // A job refused by a 429 keeps what it read: each ticket is read once (2 GETs) and
        // written once, plus the refused requests, and nothing else.
        const answered = h.sandbox.requests.filter((request) => request.status !== 429);
        expect(answered).toHaveLength(tickets.length * 3);

        const requests = h.sandbox.requests.map((request) => ({ status: request.status, at: Date.parse(request.at) }));
        const limited = requests.filter((request) => request.status === 429);
        expect(limited.length).toBeGreaterThan(0);
        const byWindow = new Map<number, number[]>();
        for (const request of limited) {
          const window = Math.floor(request.at / WINDOW_MS);
          byWindow.set(window, [...(byWindow.get(window) ?? []), request.at]);
        }
        for (const [window, times] of byWindow) {
          // Only requests already in flight when Zendesk first said "wait" can be refused.
          expect(times.length).toBeLessThanOrEqual(CONCURRENCY);
          const firstRefusal = Math.min(...times);
          const windowEnd = (window + 1) * WINDOW_MS;
          const tooEarly = requests.filter((request) => request.at > firstRefusal + IN_FLIGHT_SLACK_MS && request.at < windowEnd);
          expect(tooEarly).toEqual([]);
        }
      } finally {
        await h.close();
      }
    },
  );

  it(
    'gives the slot back on a long Retry-After: the job returns to waiting without spending an attempt, then completes',
    { timeout: 90_000 },
    async () => {
      const h = await startHarness({ redisUrl: redisServer.url, sandbox: {} });
      try {
        const ticket = createSignInTicket(h.sandbox);
        // Longer than a job waits in place (MAX_INLINE_PAUSE_MS, 10 s).
        h.sandbox.injectFaults([
          { method: 'GET', path: new RegExp(`^/api/v2/tickets/${ticket.id}\\.json`), status: 429, retryAfterSec: 11 },
        ]);
        const jobId = await h.enqueue({ ticketId: String(ticket.id) });
        const result = await h.waitForJob(jobId, 60_000);

        expect(result).toMatchObject({ state: 'completed', returnvalue: { outcome: 'triaged' }, attemptsMade: 1 });
        expect(ourNotes(h.sandbox, ticket.id)).toHaveLength(1);
        const outcomes = (await h.metrics.jobsTotal.get()).values;
        expect(outcomes.find((value) => value.labels.outcome === 'rate_limited')?.value).toBe(1);
        const reads = h.ticketRequests(ticket.id).filter((request) => request.method === 'GET' && !request.path.includes('comments'));
        expect(reads.map((request) => request.status)).toEqual([429, 200]);
        // The queue waited Zendesk's Retry-After before asking again.
        expect(Date.parse(reads[1]!.at) - Date.parse(reads[0]!.at)).toBeGreaterThanOrEqual(10_500);
      } finally {
        await h.close();
      }
    },
  );

  describe('another integration spends most of the Update Ticket budget (Zendesk-RateLimit-tickets-update)', () => {
    const UPDATE_WINDOW_MS = 3_000;
    const UPDATES_PER_WINDOW = 10;
    const SPENT_ELSEWHERE = 8;

    async function runBatch(readBudgets: boolean) {
      const h = await startHarness({
        redisUrl: redisServer.url,
        sandbox: { updatesPerMinute: UPDATES_PER_WINDOW, minuteMs: UPDATE_WINDOW_MS },
        config: { workerConcurrency: 2 },
        readBudgets,
        noWorker: true,
      });
      try {
        const other = createZendeskClient({ baseUrl: h.sandbox.url, auth: h.sandbox.auth });
        const theirs = createSignInTicket(h.sandbox);
        const tickets = Array.from({ length: 4 }, () => createSignInTicket(h.sandbox));
        // Start early in a fixed window, so the other integration and our batch share it.
        while (Date.now() % UPDATE_WINDOW_MS > 200) await new Promise((resolve) => setTimeout(resolve, 20));
        for (let update = 0; update < SPENT_ELSEWHERE; update += 1)
          await other.updateTicket(String(theirs.id), { tags: [`other-${update}`] });
        await h.startWorker();
        const jobIds = await Promise.all(tickets.map((ticket) => h.enqueue({ ticketId: String(ticket.id) })));
        const results = await Promise.all(jobIds.map((jobId) => h.waitForJob(jobId, 30_000)));
        for (const result of results) expect(result.state).toBe('completed');
        for (const ticket of tickets) expect(ourNotes(h.sandbox, ticket.id)).toHaveLength(1);
        return h.sandbox.requests.filter((request) => request.method === 'PUT' && request.status === 429).length;
      } finally {
        await h.close();
      }
    }

    it('holds every call back until the window resets instead of running into 429s', { timeout: 60_000 }, async () => {
      expect(await runBatch(true)).toBe(0);
    });

    it('without reading the headers the same batch gets 429s (what the hold-back saves)', { timeout: 60_000 }, async () => {
      expect(await runBatch(false)).toBeGreaterThan(0);
    });
  });
});
