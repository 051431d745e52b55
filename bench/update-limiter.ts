// `node --import tsx bench/update-limiter.ts`: the Zendesk update limiter alone (no classifier,
// so the figure is the limiter's, not the CPU's): bursts of ticket updates through the real
// client into the stand-in (fixed windows, as Zendesk counts), started 0, 25, 50 and 75% into
// a window. Prints, per start point, the 429s and the updates of every full window vs the budget.
import { Redis } from 'ioredis';
import { createZendeskClient } from '../src/zendesk/client.js';
import { startZendeskSandbox } from '../src/zendesk-sandbox/index.js';
import { createZendeskUpdateLimiter } from '../worker/zendesk-update-limiter.js';
import { startRedisServer } from '../test/support/redis-server.js';

const BUDGET = 100;
const WINDOW_MS = Number(process.env.BENCH_LIMITER_WINDOW_MS ?? 3_000);
const UPDATES = 500;
const CONCURRENCY = 5;

const redisServer = await startRedisServer();
const redis = new Redis(redisServer.url);
const sandbox = await startZendeskSandbox({ deliverWebhooks: false, updatesPerMinute: BUDGET, minuteMs: WINDOW_MS, latencyMs: 20 });
const zendesk = createZendeskClient({
  baseUrl: sandbox.url,
  auth: { type: 'token', email: sandbox.credentials.email, apiToken: sandbox.credentials.apiToken },
});
let allMet = true;
try {
  for (const share of [0, 0.25, 0.5, 0.75]) {
    const limiter = createZendeskUpdateLimiter({
      redis,
      prefix: `bench-limiter-${share}-${Date.now()}`,
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
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS - (Date.now() % WINDOW_MS) + share * WINDOW_MS + 5));
    sandbox.clearRequests();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < tickets.length) {
          const id = tickets[next++]!;
          await limiter.acquire();
          await zendesk.updateTicket(String(id), { tags: ['signin_triage'] }).catch(() => undefined);
        }
      }),
    );
    const puts = sandbox.requests.filter((request) => request.method === 'PUT');
    const limited = puts.filter((request) => request.status === 429).length;
    const perWindow = new Map<number, number>();
    for (const put of puts) {
      if (put.status !== 200) continue;
      const window = Math.floor(Date.parse(put.at) / WINDOW_MS);
      perWindow.set(window, (perWindow.get(window) ?? 0) + 1);
    }
    const windows = [...perWindow.keys()].sort((a, b) => a - b);
    const full = windows.slice(1, -1).map((window) => perWindow.get(window)!);
    const mean = full.reduce((sum, count) => sum + count, 0) / full.length;
    const met = limited === 0 && mean >= BUDGET * 0.95;
    allMet &&= met;
    process.stdout.write(
      `start at ${share * 100}%: 429 × ${limited}; full windows: mean ${mean.toFixed(1)} = ${((mean / BUDGET) * 100).toFixed(1)}% of ${BUDGET}, lowest ${Math.min(...full)} (per window: ${windows.map((window) => perWindow.get(window)).join(', ')}) ${met ? 'met' : 'NOT met'}\n`,
    );
  }
} finally {
  redis.disconnect();
  await sandbox.close();
  await redisServer.stop();
}
process.stdout.write(
  `update limiter: budget ${BUDGET} per ${WINDOW_MS} ms window, ${UPDATES} updates per start point, ${CONCURRENCY} concurrent callers\n`,
);
process.exitCode = allMet ? 0 : 1;
