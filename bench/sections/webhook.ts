/** Section 1: webhook acknowledgement, our receiver against an empty handler at fixed rates (autocannon). */
import { randomBytes } from 'node:crypto';
import autocannon, { type AutocannonResult } from 'autocannon';
import { Redis } from 'ioredis';
import { WEBHOOK_PATH } from '../../src/server/webhook-route.js';
import { ms, note, percentile, record, type Context } from '../support/bench-context.js';
import { signedBodies, startAppReceiver, startReceiver, type SignedBody } from '../support/load.js';

const WEBHOOK_RATES = [500, 1000, 2000] as const;
const WEBHOOK_SECONDS = 10;
const WEBHOOK_CONNECTIONS = 10;

interface LoadRun {
  result: AutocannonResult;
  latencies: Float64Array;
  acked: string[];
  statuses: Map<number, number>;
}

function runLoad(port: number, rate: number, seconds: number, bodies: SignedBody[], collectJobIds: boolean): Promise<LoadRun> {
  let next = 0;
  const acked: string[] = [];
  const statuses = new Map<number, number>();
  const latencies = new Float64Array(Math.ceil(rate * seconds * 1.5) + 1_000);
  let recorded = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections: WEBHOOK_CONNECTIONS,
        duration: seconds,
        overallRate: rate,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            path: WEBHOOK_PATH,
            setupRequest: (request) => {
              // Past the precomputed list a body repeats: answered 202 duplicate, counted apart.
              const signed = bodies[next % bodies.length]!;
              next += 1;
              return { ...request, body: signed.body, headers: signed.headers };
            },
            onResponse: (status, body) => {
              statuses.set(status, (statuses.get(status) ?? 0) + 1);
              if (collectJobIds && status === 202) {
                const parsed = JSON.parse(body) as { status?: string; jobId?: string };
                if (parsed.status === 'queued' && parsed.jobId) acked.push(parsed.jobId);
              }
            },
          },
        ],
      },
      (error, result) => {
        if (error) reject(error);
        else resolve({ result, latencies: latencies.slice(0, recorded).sort(), acked, statuses });
      },
    );
    // autocannon's own histogram has 1 ms resolution; the raw response times are sub-ms.
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      if (recorded < latencies.length) latencies[recorded++] = responseTime;
    });
  });
}

function mergeRuns(a: LoadRun, b: LoadRun): LoadRun {
  const latencies = new Float64Array(a.latencies.length + b.latencies.length);
  latencies.set(a.latencies);
  latencies.set(b.latencies, a.latencies.length);
  const statuses = new Map(a.statuses);
  for (const [status, count] of b.statuses) statuses.set(status, (statuses.get(status) ?? 0) + count);
  const result: AutocannonResult = {
    ...a.result,
    requests: { ...a.result.requests, average: (a.result.requests.average + b.result.requests.average) / 2 },
    errors: a.result.errors + b.result.errors,
    timeouts: a.result.timeouts + b.result.timeouts,
  };
  return { result, latencies: latencies.sort(), acked: [...a.acked, ...b.acked], statuses };
}

export async function benchWebhook(ctx: Context): Promise<void> {
  const secret = randomBytes(24).toString('base64url');
  const prefix = `bench-webhook-${Date.now()}`;
  const ours = await startAppReceiver(ctx, prefix, secret);
  const empty = await startReceiver(ctx, { BENCH_MODE: 'empty' });
  let nextTicketId = 1;
  const bodiesFor = (count: number) =>
    signedBodies(
      Array.from({ length: count }, () => nextTicketId++),
      secret,
    );

  // JIT and connection warm-up for both servers; these jobs are checked in Redis like the rest.
  const allAcked: string[] = [];
  for (const port of [empty.hello.port, ours.hello.port]) {
    const warm = await runLoad(port, 500, 2, bodiesFor(1_500), port === ours.hello.port);
    allAcked.push(...warm.acked);
  }

  for (const rate of WEBHOOK_RATES) {
    // Two interleaved halves (empty, ours, ours, empty) so a burst of outside load on this
    // shared machine lands on both sides rather than on one.
    const half = WEBHOOK_SECONDS / 2;
    const count = Math.ceil(rate * half * 1.2) + 200;
    const e1 = await runLoad(empty.hello.port, rate, half, bodiesFor(count), false);
    const o1 = await runLoad(ours.hello.port, rate, half, bodiesFor(count), true);
    const o2 = await runLoad(ours.hello.port, rate, half, bodiesFor(count), true);
    const e2 = await runLoad(empty.hello.port, rate, half, bodiesFor(count), false);
    const baseline = mergeRuns(e1, e2);
    const run = mergeRuns(o1, o2);
    allAcked.push(...run.acked);
    const p50 = percentile(run.latencies, 0.5);
    const p99 = percentile(run.latencies, 0.99);
    const baseP50 = percentile(baseline.latencies, 0.5);
    const baseP99 = percentile(baseline.latencies, 0.99);
    const other = [...run.statuses].filter(([status]) => status !== 202);
    process.stdout.write(`  -- ${rate} req/s, ${WEBHOOK_CONNECTIONS} connections, ${WEBHOOK_SECONDS} s each (2 × ${half} s interleaved)\n`);
    record(ctx, { section: 'webhook', name: `${rate}/s receiver p50 / p99`, value: `${ms(p50)} / ${ms(p99)}`, target: '', met: null });
    record(ctx, {
      section: 'webhook',
      name: `${rate}/s empty handler p50 / p99`,
      value: `${ms(baseP50)} / ${ms(baseP99)}`,
      target: '',
      met: null,
    });
    record(ctx, {
      section: 'webhook',
      name: `${rate}/s p99 ratio receiver / empty`,
      value: `${(p99 / baseP99).toFixed(2)}×`,
      target: '≤ 1.20×',
      met: p99 <= baseP99 * 1.2,
    });
    record(ctx, {
      section: 'webhook',
      name: `${rate}/s throughput receiver / empty`,
      value: `${run.result.requests.average.toFixed(0)} / ${baseline.result.requests.average.toFixed(0)} req/s`,
      target: `${rate} req/s`,
      met: run.result.requests.average >= rate * 0.95,
    });
    record(ctx, {
      section: 'webhook',
      name: `${rate}/s answers`,
      value: `${run.acked.length} queued (202)${other.length > 0 ? `, other: ${other.map(([s, n]) => `${s}×${n}`).join(' ')}` : ''}, errors ${run.result.errors}, timeouts ${run.result.timeouts}`,
      target: 'all 202',
      met: other.length === 0 && run.result.errors === 0 && run.result.timeouts === 0,
    });
  }

  const redis = new Redis(ctx.redis.url);
  try {
    let missing = 0;
    for (let start = 0; start < allAcked.length; start += 1_000) {
      const pipeline = redis.pipeline();
      for (const jobId of allAcked.slice(start, start + 1_000)) pipeline.exists(`${prefix}:triage:${jobId}`);
      const replies = (await pipeline.exec()) ?? [];
      missing += replies.filter(([error, exists]) => error !== null || exists !== 1).length;
    }
    record(ctx, {
      section: 'webhook',
      name: 'acknowledged jobs present in Redis',
      value: `${allAcked.length - missing} / ${allAcked.length}`,
      target: 'all',
      met: missing === 0 && allAcked.length > 0,
    });
  } finally {
    await redis.quit();
  }
  note(
    ctx,
    'webhook',
    "Latency percentiles from autocannon's raw per-response times (its histogram has 1 ms resolution); receiver and empty handler each in its own Node process, autocannon in the bench process.",
  );
}
