import { describe, expect, it } from 'vitest';
import {
  acknowledgedCount,
  created,
  createTickets,
  ledgerProblems,
  queueCounts,
  sendWebhook,
  waitForDrain,
  type Ledger,
} from '../../support/ledger.js';
import { useServiceFixture } from '../../support/service-fixture.js';
import { waitFor } from '../../support/wait-for.js';

const TICKETS = 150;
const OUTAGE_MS = 3_000;

describe('SIGKILL of redis-server right after a burst of acknowledged webhooks', () => {
  // Slow enough that most of the burst is still queued when Redis dies.
  const fixture = useServiceFixture({ standIn: { latencyMs: 50 } });

  it('loses nothing acknowledged; the same process recovers by itself on the same AOF', { timeout: 120_000 }, async () => {
    const { sandbox, redis } = fixture();
    const prefix = fixture().newPrefix('redis');
    const service = await fixture().start('all', { prefix });
    const ticketIds = createTickets(sandbox, TICKETS);
    const ledger: Ledger = new Map();
    const statuses = await Promise.all(ticketIds.map((id) => sendWebhook(service.url, created(id), ledger)));
    await redis.kill('SIGKILL');
    const acknowledged = acknowledgedCount(ledger);
    expect(statuses.filter((status) => status === 202)).toHaveLength(acknowledged);
    expect(acknowledged).toBe(TICKETS);

    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    await redis.restart();
    const backAt = Date.now();
    // Every acknowledged job came back from the AOF (completed ones included).
    const afterRestart = await queueCounts(redis.url, prefix);
    const stored = Object.values(afterRestart).reduce((sum, count) => sum + count, 0);
    expect(stored).toBe(TICKETS);
    const completedBefore = afterRestart.completed!;

    await waitFor(
      async () => (await queueCounts(redis.url, prefix)).completed! > completedBefore,
      'a job completed after Redis returned',
      60_000,
      50,
    );
    const firstCompletionMs = Date.now() - backAt;

    await waitForDrain(sandbox, ledger, redis.url, prefix, 90_000);
    const drainedMs = Date.now() - backAt;
    expect(ledgerProblems(sandbox, ledger)).toEqual([]);
    const counts = await queueCounts(redis.url, prefix);
    expect(counts.failed).toBe(0);
    expect(counts.completed).toBe(TICKETS);
    expect(service.child.exitCode).toBeNull();
    console.info(
      `[faults] Redis SIGKILL: ${TICKETS}/${TICKETS} acknowledged jobs in the AOF (${completedBefore} already completed); ` +
        `first job completed ${firstCompletionMs} ms after Redis returned (outage ${OUTAGE_MS} ms), all done after ${drainedMs} ms`,
    );
  });
});
