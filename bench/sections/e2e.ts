/** Section 2: end to end, webhook → internal note, paced and in a burst. */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { startZendeskSandbox } from '../../src/zendesk-sandbox/index.js';
import { ms, note, percentile, record, sleep, type Context } from '../support/bench-context.js';
import { createTickets, postWebhook, signedBodies, startAppReceiver, startWorkerChild, totalCalls, waitForNotes } from '../support/load.js';

export const E2E_LATENCY_MS = 20;
const E2E_CONCURRENCY = 50;
const E2E_PACED_RATE = 100;
const E2E_PACED_TICKETS = 500;
const E2E_BURST_TICKETS = 2_000;

export async function benchE2e(ctx: Context): Promise<void> {
  const secret = randomBytes(24).toString('base64url');
  const prefix = `bench-e2e-${Date.now()}`;
  const sandbox = await startZendeskSandbox({
    latencyMs: E2E_LATENCY_MS,
    updatesPerMinute: 10_000_000,
    requestsPerMinute: 10_000_000,
    updatesPerTicketPer10Min: 1_000,
    deliverWebhooks: false,
    maxLoggedRequests: 100_000,
  });
  ctx.cleanups.push(() => sandbox.close());
  const receiver = await startAppReceiver(ctx, prefix, secret);
  await startWorkerChild(ctx, { prefix, sandbox, concurrency: E2E_CONCURRENCY, updatesPerMinute: 10_000_000, limiterDurationMs: 60_000 });
  const port = receiver.hello.port;

  // Paced: latency from webhook send to note present, at a rate well inside capacity.
  const pacedIds = createTickets(sandbox, E2E_PACED_TICKETS);
  const pacedBodies = signedBodies(pacedIds, secret);
  sandbox.clearRequests();
  const sentAt = new Map<number, number>();
  const notesPaced = waitForNotes(sandbox, pacedIds, 60_000);
  const startedAt = performance.now();
  const sends: Promise<number>[] = [];
  for (let index = 0; index < pacedIds.length; index += 1) {
    const due = startedAt + (index * 1_000) / E2E_PACED_RATE;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    sentAt.set(pacedIds[index]!, performance.now());
    sends.push(postWebhook(port, pacedBodies[index]!));
  }
  const pacedStatuses = await Promise.all(sends);
  const pacedNotes = await notesPaced;
  const pacedLatencies = pacedIds.map((id) => pacedNotes.get(id)! - sentAt.get(id)!).sort((a, b) => a - b);
  const callsPaced = totalCalls(sandbox);
  record(ctx, {
    section: 'e2e',
    name: `webhook → note p50 / p99 at ${E2E_PACED_RATE} tickets/s`,
    value: `${ms(percentile(pacedLatencies, 0.5))} / ${ms(percentile(pacedLatencies, 0.99))}`,
    target: '',
    met: null,
  });

  // Saturated: every webhook at once (64 connections), tickets/s from first send to last note.
  const burstIds = createTickets(sandbox, E2E_BURST_TICKETS);
  const burstBodies = signedBodies(burstIds, secret);
  sandbox.clearRequests();
  const burstSent = new Map<number, number>();
  const notesBurst = waitForNotes(sandbox, burstIds, 120_000);
  const burstStart = performance.now();
  let cursor = 0;
  const burstStatuses: number[] = [];
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (cursor < burstIds.length) {
        const index = cursor++;
        burstSent.set(burstIds[index]!, performance.now());
        burstStatuses.push(await postWebhook(port, burstBodies[index]!));
      }
    }),
  );
  const sentAllMs = performance.now() - burstStart;
  const burstNotes = await notesBurst;
  const lastNote = Math.max(...burstNotes.values());
  const ticketsPerSecond = (burstIds.length / (lastNote - burstStart)) * 1_000;
  const burstLatencies = burstIds.map((id) => burstNotes.get(id)! - burstSent.get(id)!).sort((a, b) => a - b);
  const callsBurst = totalCalls(sandbox);
  const calls = callsPaced + callsBurst;
  const notAccepted = [...pacedStatuses, ...burstStatuses].filter((status) => status !== 202).length;

  record(ctx, {
    section: 'e2e',
    name: `throughput, ${E2E_BURST_TICKETS} webhooks at once`,
    value: `${ticketsPerSecond.toFixed(0)} tickets/s (webhooks sent in ${(sentAllMs / 1000).toFixed(2)} s, drained in ${((lastNote - burstStart) / 1000).toFixed(2)} s)`,
    target: '≥ 200 tickets/s',
    met: ticketsPerSecond >= 200,
  });
  record(ctx, {
    section: 'e2e',
    name: 'webhook → note p50 / p99 under that burst',
    value: `${ms(percentile(burstLatencies, 0.5))} / ${ms(percentile(burstLatencies, 0.99))}`,
    target: '',
    met: null,
  });
  record(ctx, {
    section: 'e2e',
    name: 'Zendesk calls per ticket',
    value: `${(calls / (pacedIds.length + burstIds.length)).toFixed(2)} (${Object.entries(sandbox.stats())
      .map(
        ([route, byStatus]) =>
          `${route}: ${Object.entries(byStatus)
            .map(([s, n]) => `${s}×${n}`)
            .join(' ')}`,
      )
      .join('; ')})`,
    target: '',
    met: null,
  });
  record(ctx, { section: 'e2e', name: 'webhooks not answered 202', value: String(notAccepted), target: '0', met: notAccepted === 0 });
  note(
    ctx,
    'e2e',
    `One worker process (WORKER_CONCURRENCY=${E2E_CONCURRENCY}), receiver in its own process, stand-in in the bench process answering after ${E2E_LATENCY_MS} ms with an unlimited update budget; "note present" is polled from the stand-in's state every ~2 ms.`,
  );
}
