import { describe, expect, it } from 'vitest';
import {
  created,
  createTickets,
  ledgerProblems,
  queueCounts,
  sendWebhook,
  triagedInLog,
  waitForDrain,
  type Ledger,
} from '../../support/ledger.js';
import { useServiceFixture } from '../../support/service-fixture.js';

const TICKETS = 100;

describe('two worker processes and one api process on one queue', () => {
  const fixture = useServiceFixture({ standIn: { latencyMs: 20 } });

  it('triages each of 100 tickets once, the work shared by both workers', { timeout: 120_000 }, async () => {
    const { sandbox, redis } = fixture();
    const prefix = fixture().newPrefix('two');
    const extra = { WORKER_CONCURRENCY: '4' };
    const [api, workerA, workerB] = await Promise.all([
      fixture().start('api', { prefix, extra }),
      fixture().start('worker', { prefix, extra }),
      fixture().start('worker', { prefix, extra }),
    ]);

    const ticketIds = createTickets(sandbox, TICKETS);
    const ledger: Ledger = new Map();
    const statuses = await Promise.all(ticketIds.map((id) => sendWebhook(api.url, created(id), ledger)));
    expect(statuses.filter((status) => status === 202)).toHaveLength(TICKETS);

    await waitForDrain(sandbox, ledger, redis.url, prefix, 90_000);
    expect(ledgerProblems(sandbox, ledger)).toEqual([]);
    // One accepted write per ticket: no worker wrote a ticket the other had already written.
    const writes = sandbox.requests.filter(
      (request) => request.method === 'PUT' && request.route === '/api/v2/tickets/{id}' && request.status === 200,
    );
    expect(writes).toHaveLength(TICKETS);
    const byA = triagedInLog(workerA.output());
    const byB = triagedInLog(workerB.output());
    expect(byA + byB).toBe(TICKETS);
    expect(byA).toBeGreaterThan(0);
    expect(byB).toBeGreaterThan(0);
    expect(triagedInLog(api.output())).toBe(0);
    const counts = await queueCounts(redis.url, prefix);
    expect(counts.completed).toBe(TICKETS);
    expect(counts.failed).toBe(0);
    console.info(`[faults] two workers: ${TICKETS} tickets, ${byA} + ${byB} triaged, ${writes.length} ticket writes`);
  });
});
