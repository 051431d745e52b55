import { describe, expect, it } from 'vitest';
import {
  acknowledgedCount,
  created,
  createTickets,
  ledgerProblems,
  notedCount,
  queueCounts,
  sendWebhook,
  waitForDrain,
  type Ledger,
} from '../../support/ledger.js';
import { useServiceFixture } from '../../support/service-fixture.js';
import { waitFor } from '../../support/wait-for.js';

const TICKETS = 50;

describe('SIGKILL of the service (role all) in the middle of a batch', () => {
  const fixture = useServiceFixture({ standIn: { latencyMs: 40 } });
  const LOCK_DURATION_MS = 2_000;
  const STALLED_INTERVAL_MS = 1_000;

  it('after a restart every acknowledged ticket ends with exactly one note', { timeout: 120_000 }, async () => {
    const { sandbox, redis } = fixture();
    const prefix = fixture().newPrefix('kill');
    const env = {
      prefix,
      extra: {
        WORKER_CONCURRENCY: '5',
        // Short locks (production: 30 s / 5 s) so a killed worker's jobs come back within seconds.
        WORKER_LOCK_DURATION_MS: String(LOCK_DURATION_MS),
        WORKER_STALLED_INTERVAL_MS: String(STALLED_INTERVAL_MS),
      },
    };
    const first = await fixture().start('all', env);

    const ticketIds = createTickets(sandbox, TICKETS);
    const ledger: Ledger = new Map();
    const statuses = await Promise.all(ticketIds.map((id) => sendWebhook(first.url, created(id), ledger)));
    expect(statuses.filter((status) => status === 202)).toHaveLength(TICKETS);

    // Mid-batch: some tickets written, jobs in flight (40 ms per Zendesk call), most still waiting.
    await waitFor(() => notedCount(sandbox, ledger) >= 10, '10 tickets triaged', 30_000, 10);
    await first.kill();
    const killedAt = Date.now();
    const notedAtKill = notedCount(sandbox, ledger);
    const countsAtKill = await queueCounts(redis.url, prefix);
    expect(notedAtKill).toBeLessThan(TICKETS);
    expect(countsAtKill.active).toBeGreaterThan(0);

    const second = await fixture().start('all', env);
    await waitForDrain(sandbox, ledger, redis.url, prefix, 90_000);
    const drainedAfterMs = Date.now() - killedAt;

    expect(ledgerProblems(sandbox, ledger)).toEqual([]);
    expect(acknowledgedCount(ledger)).toBe(TICKETS);
    const counts = await queueCounts(redis.url, prefix);
    expect(counts.failed).toBe(0);
    expect(counts.completed).toBe(TICKETS);
    expect(second.output()).toContain('job stalled');
    console.info(
      `[faults] SIGKILL mid-batch: ${notedAtKill}/${TICKETS} noted and ${countsAtKill.active} active at the kill; ` +
        `all ${TICKETS} done ${drainedAfterMs} ms after the kill (locks: ${LOCK_DURATION_MS} ms lock, ${STALLED_INTERVAL_MS} ms stalled check)`,
    );
  });
});
