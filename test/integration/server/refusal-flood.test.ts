import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgentApiHarness, type AgentApiHarness } from '../../support/agent-api-harness.js';
import { useRedisServer } from '../../support/use-redis-server.js';
import { sendWebhook, startReceiver } from './receiver-harness.js';

const redisServer = useRedisServer();

async function counterValue(
  metrics: { refusalsTotal: { get(): Promise<{ values: Array<{ labels: object; value: number }> }> } },
  kind: string,
) {
  const { values } = await metrics.refusalsTotal.get();
  return values.find((value) => (value.labels as { kind?: string }).kind === kind)?.value ?? 0;
}

/** Runs `total` calls of `send`, `concurrency` at a time. */
async function flood(total: number, concurrency: number, send: () => Promise<number>): Promise<number[]> {
  const statuses: number[] = [];
  let started = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started < total) {
        started += 1;
        statuses.push(await send());
      }
    }),
  );
  return statuses;
}

describe('a flood of refused requests', () => {
  it('1,000 bad webhook signatures: every one answered 401 and counted, a bounded number of log lines, one summary', async () => {
    const receiver = await startReceiver(redisServer().url, { refusalLog: { burst: 5, perSourcePerMinute: 6, summaryIntervalMs: 60_000 } });
    try {
      const statuses = await flood(1000, 10, async () => (await sendWebhook(receiver, { secret: 'an-attackers-guess-0123456789' })).status);
      expect(statuses).toHaveLength(1000);
      expect(new Set(statuses)).toEqual(new Set([401]));
      expect(await receiver.jobCount()).toBe(0);

      const rejected = receiver.logLines().filter((line) => String(line.msg).startsWith('webhook rejected'));
      expect(rejected.length).toBeGreaterThanOrEqual(1);
      expect(rejected.length).toBeLessThanOrEqual(6); // burst 5, plus at most one refill during the run

      // The metric counts all 1,000, logged or not.
      expect(await counterValue(receiver.metrics, 'webhook_signature')).toBe(1000);

      receiver.refusals.flush(true);
      const summaries = receiver.logLines().filter((line) => /^suppressed \d+ similar refusals from /.test(String(line.msg)));
      expect(summaries).toHaveLength(1);
      expect(summaries[0]).toMatchObject({ level: 'warn', suppressed: 1000 - rejected.length, kinds: ['webhook_signature'] });
      expect(String(summaries[0]!.msg)).toBe(`suppressed ${1000 - rejected.length} similar refusals from ${String(summaries[0]!.source)}`);
      expect(String(summaries[0]!.source)).toMatch(/127\.0\.0\.1/);
      expect(receiver.logLines().length).toBeLessThan(20);
    } finally {
      await receiver.close();
    }
  });

  it('basic-auth guesses on /metrics are counted and logged within the same budget', async () => {
    const receiver = await startReceiver(redisServer().url, { admin: { user: 'ops', password: 'correct-horse-battery' } });
    try {
      const wrong = `Basic ${Buffer.from('ops:guess').toString('base64')}`;
      const statuses = await flood(
        200,
        10,
        async () => (await fetch(`${receiver.url}/metrics`, { headers: { authorization: wrong } })).status,
      );
      expect(new Set(statuses)).toEqual(new Set([401]));
      const refused = receiver.logLines().filter((line) => line.msg === '/metrics refused: wrong ADMIN_USER or ADMIN_PASSWORD');
      expect(refused.length).toBeGreaterThanOrEqual(1);
      expect(refused.length).toBeLessThanOrEqual(6);
      expect(JSON.stringify(refused)).not.toContain('guess');
      expect(await counterValue(receiver.metrics, 'basic_auth')).toBe(200);
    } finally {
      await receiver.close();
    }
  });

  describe('bad sidebar tokens', () => {
    let harness: AgentApiHarness;
    beforeAll(async () => {
      harness = await startAgentApiHarness(redisServer().url, { refusalLog: { burst: 5, perSourcePerMinute: 6 } });
    });
    afterAll(async () => {
      await harness.close();
    });

    it('are all answered 401 and counted, and the sidebar API logs only a bounded number of them', async () => {
      const statuses = await flood(300, 5, async () => {
        const response = await fetch(`${harness.url}/app/tickets/1001/diagnosis`, { headers: { authorization: 'Bearer not-a-token' } });
        await response.body?.cancel();
        return response.status;
      });
      expect(new Set(statuses)).toEqual(new Set([401]));
      // The close handlers that count have run once the responses are read; give them a tick.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await counterValue(harness.metrics, 'sidebar_token')).toBe(300);
      const refused = harness.logLines().filter((line) => line.msg === 'sidebar request refused');
      expect(refused.length).toBeGreaterThanOrEqual(1);
      // burst 5 plus at most one request in flight per concurrent client when the budget ran out
      expect(refused.length).toBeLessThanOrEqual(5 + 5 + 1);
    });
  });
});
