// `npm run bench [-- --only webhook|e2e|burst|classification] [--write]`: measures the webhook
// acknowledgement, end-to-end triage, burst drain under the Zendesk update budget and the
// classifier, against a real redis-server started here and the local Zendesk stand-in.
// Prints every figure with its target; a full run (no --only) also writes BENCHMARKS.md.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon, { type AutocannonResult } from 'autocannon';
import { Redis } from 'ioredis';
import { WEBHOOK_PATH } from '../src/server/webhook-route.js';
import { startZendeskSandbox, type ZendeskSandbox } from '../src/zendesk/sandbox/index.js';
import { signZendeskWebhook } from '../src/zendesk/sign-webhook.js';
import { startRedisServer, type RedisServerHandle } from '../test/support/redis-server.js';
import { startBenchChild, type BenchChild } from './support/child-process.js';
import type { HostileInputBenchResult } from './hostile-input.js';
import type { ClassificationBenchResult } from './classification.js';

const SECTIONS = ['webhook', 'e2e', 'burst', 'classification', 'hostile'] as const;
type Section = (typeof SECTIONS)[number];

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RECEIVER_SCRIPT = 'bench/support/receiver-process.ts';
const WORKER_SCRIPT = 'bench/support/worker-process.ts';
const SAMPLE_TICKETS = fileURLToPath(new URL('../../shared/data/sample-tickets.jsonl', import.meta.url));
const DEV_TICKETS = fileURLToPath(new URL('../../shared/data/dev-tickets.jsonl', import.meta.url));

const WEBHOOK_RATES = [500, 1000, 2000] as const;
const WEBHOOK_SECONDS = 10;
const WEBHOOK_CONNECTIONS = 10;
const E2E_LATENCY_MS = 20;
const E2E_CONCURRENCY = 50;
const E2E_PACED_RATE = 100;
const E2E_PACED_TICKETS = 500;
const E2E_BURST_TICKETS = 2_000;
const BURST_TICKETS = 1_000;
const BURST_BUDGET = 100;
/** 1 stand-in "minute" = 3 s: 1,000 tickets at 100/min drain in about 30 s instead of 10 min. */
const BURST_MINUTE_MS = 3_000;

interface Figure {
  section: Section;
  name: string;
  value: string;
  target: string;
  /** null: reported, no target. */
  met: boolean | null;
}

interface Context {
  redis: RedisServerHandle;
  figures: Figure[];
  notes: Map<Section, string[]>;
  /** Stops whatever a section started, newest first; run even when the section throws. */
  cleanups: (() => Promise<unknown>)[];
}

const { values: flags } = parseArgs({
  options: { only: { type: 'string', multiple: true }, write: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  strict: true,
});
if (flags.help) {
  process.stdout.write(`Usage: npm run bench [-- --only ${SECTIONS.join('|')} ...] [--write]\n`);
  process.exit(0);
}
const only = (flags.only ?? []).flatMap((value) => value.split(','));
for (const name of only) {
  if (!SECTIONS.includes(name as Section)) {
    process.stderr.write(`--only must be one of ${SECTIONS.join(', ')} (got '${name}')\n`);
    process.exit(2);
  }
}
const selected: Section[] = only.length > 0 ? (only as Section[]) : [...SECTIONS];

// --------------------------------------------------------------------------------------------
// helpers

function record(ctx: Context, figure: Figure): void {
  ctx.figures.push(figure);
  const verdict = figure.met === null ? '' : figure.met ? '  ✓ met' : '  ✗ NOT met';
  process.stdout.write(`  ${figure.name}: ${figure.value}${figure.target ? ` (target: ${figure.target})` : ''}${verdict}\n`);
}

function note(ctx: Context, section: Section, text: string): void {
  const list = ctx.notes.get(section) ?? [];
  list.push(text);
  ctx.notes.set(section, list);
  process.stdout.write(`  · ${text}\n`);
}

function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
const sleep = (delay: number) => new Promise((resolve) => setTimeout(resolve, delay));

interface SignedBody {
  body: string;
  headers: Record<string, string>;
}

/** A valid, uniquely signed `created` webhook for each ticket id. */
function signedBodies(ticketIds: readonly number[], secret: string): SignedBody[] {
  return ticketIds.map((id) => {
    const body = JSON.stringify({ event: 'created', ticket_id: String(id) });
    const signed = signZendeskWebhook({ rawBody: body, secret });
    return { body, headers: { 'content-type': 'application/json', ...signed.headers } };
  });
}

const keepAlive = new Agent({ keepAlive: true, maxSockets: 64 });

/** POSTs one webhook; resolves with the status code. */
function postWebhook(port: number, signed: SignedBody): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: WEBHOOK_PATH,
        method: 'POST',
        agent: keepAlive,
        headers: { ...signed.headers, 'content-length': Buffer.byteLength(signed.body) },
      },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(signed.body);
  });
}

async function startReceiver(ctx: Context, env: Record<string, string>): Promise<BenchChild<{ port: number }>> {
  const child = await startBenchChild<{ port: number }>(RECEIVER_SCRIPT, env);
  ctx.cleanups.push(child.stop);
  return child;
}

/** Our real receiver (createApp with a real queue) in its own process. */
function startAppReceiver(ctx: Context, prefix: string, secret: string): Promise<BenchChild<{ port: number }>> {
  return startReceiver(ctx, { BENCH_MODE: 'app', BENCH_REDIS_URL: ctx.redis.url, BENCH_PREFIX: prefix, BENCH_SECRET: secret });
}

async function startWorkerChild(
  ctx: Context,
  settings: { prefix: string; sandbox: ZendeskSandbox; concurrency: number; updatesPerMinute: number; limiterDurationMs: number },
): Promise<BenchChild<{ ready: boolean }>> {
  const child = await startBenchChild<{ ready: boolean }>(WORKER_SCRIPT, {
    BENCH_WORKER: JSON.stringify({
      redisUrl: ctx.redis.url,
      prefix: settings.prefix,
      zendeskUrl: settings.sandbox.url,
      auth: settings.sandbox.auth,
      concurrency: settings.concurrency,
      updatesPerMinute: settings.updatesPerMinute,
      limiterDurationMs: settings.limiterDurationMs,
    }),
  });
  ctx.cleanups.push(child.stop);
  return child;
}

interface SampleTicket {
  subject: string;
  description: string;
  requester: { name: string; email: string };
}

function loadSampleTickets(): SampleTicket[] {
  if (!existsSync(SAMPLE_TICKETS)) {
    return [
      {
        subject: 'Cannot log in any more',
        description: 'Since the migration my old username and password give "Login failed".',
        requester: { name: 'Bench User', email: 'bench.user@example.com' },
      },
    ];
  }
  return readJsonl(SAMPLE_TICKETS) as SampleTicket[];
}

function readJsonl(path: string): unknown[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}

function createTickets(sandbox: ZendeskSandbox, count: number): number[] {
  const samples = loadSampleTickets();
  return Array.from({ length: count }, (_, index) => {
    const sample = samples[index % samples.length]!;
    return sandbox.createTicket({ subject: sample.subject, body: sample.description, requester: sample.requester }).id;
  });
}

/** Resolves with each ticket's time (performance.now) when our internal note appeared. */
async function waitForNotes(sandbox: ZendeskSandbox, ticketIds: readonly number[], timeoutMs: number): Promise<Map<number, number>> {
  const seen = new Map<number, number>();
  const pending = new Set(ticketIds);
  const deadline = performance.now() + timeoutMs;
  while (pending.size > 0) {
    const now = performance.now();
    for (const id of pending) {
      const comments = sandbox.state.comments.get(id);
      if (comments?.some((comment) => !comment.public && comment.author_id === sandbox.apiUser.id)) {
        seen.set(id, now);
        pending.delete(id);
      }
    }
    if (pending.size === 0) break;
    if (now > deadline) throw new Error(`${pending.size} of ${ticketIds.length} tickets still without a note after ${timeoutMs} ms`);
    await sleep(2);
  }
  return seen;
}

function countStatus(sandbox: ZendeskSandbox, status: number): number {
  let total = 0;
  for (const byStatus of Object.values(sandbox.stats())) total += byStatus[status] ?? 0;
  return total;
}

function totalCalls(sandbox: ZendeskSandbox): number {
  let total = 0;
  for (const byStatus of Object.values(sandbox.stats())) for (const count of Object.values(byStatus)) total += count;
  return total;
}

// --------------------------------------------------------------------------------------------
// 1. webhook acknowledgement

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

async function benchWebhook(ctx: Context): Promise<void> {
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

// --------------------------------------------------------------------------------------------
// 2. end-to-end

async function benchE2e(ctx: Context): Promise<void> {
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

// --------------------------------------------------------------------------------------------
// 3. burst drain under the update budget

async function benchBurst(ctx: Context): Promise<void> {
  const secret = randomBytes(24).toString('base64url');
  const prefix = `bench-burst-${Date.now()}`;
  const sandbox = await startZendeskSandbox({
    latencyMs: E2E_LATENCY_MS,
    updatesPerMinute: BURST_BUDGET,
    minuteMs: BURST_MINUTE_MS,
    deliverWebhooks: false,
    maxLoggedRequests: 100_000,
  });
  ctx.cleanups.push(() => sandbox.close());
  const receiver = await startAppReceiver(ctx, prefix, secret);
  await startWorkerChild(ctx, { prefix, sandbox, concurrency: 5, updatesPerMinute: BURST_BUDGET, limiterDurationMs: BURST_MINUTE_MS });
  const ids = createTickets(sandbox, BURST_TICKETS);
  const bodies = signedBodies(ids, secret);
  sandbox.clearRequests();

  // The stand-in, like Zendesk, counts in fixed windows; BullMQ's limiter window starts with its
  // first job. Starting on a window boundary keeps the two in step (see BENCHMARKS.md).
  // BENCH_BURST_OFFSET_MS=1500 starts mid-window instead, to see what misalignment costs.
  const offsetMs = Number(process.env.BENCH_BURST_OFFSET_MS ?? 5);
  await sleep(BURST_MINUTE_MS - (Date.now() % BURST_MINUTE_MS) + offsetMs);
  const notes = waitForNotes(sandbox, ids, 120_000);
  const start = performance.now();
  let cursor = 0;
  const statuses: number[] = [];
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (cursor < ids.length) {
        const index = cursor++;
        statuses.push(await postWebhook(receiver.hello.port, bodies[index]!));
      }
    }),
  );
  const seen = await notes;
  const elapsedMs = Math.max(...seen.values()) - start;
  // Updates per window of the stand-in's fixed grid, from its request log: the share of the
  // budget used over the windows the drain spanned (a raw tickets/elapsed figure exceeds 100%
  // because the last window's batch finishes early).
  const perWindow = new Map<number, number>();
  for (const request of sandbox.requests) {
    if (request.method !== 'PUT' || request.status !== 200) continue;
    const window = Math.floor(Date.parse(request.at) / BURST_MINUTE_MS);
    perWindow.set(window, (perWindow.get(window) ?? 0) + 1);
  }
  const windowIndexes = [...perWindow.keys()];
  const windowsUsed = windowIndexes.length > 0 ? Math.max(...windowIndexes) - Math.min(...windowIndexes) + 1 : Number.NaN;
  const updates = [...perWindow.values()].reduce((sum, count) => sum + count, 0);
  const perScaledMinute = updates / windowsUsed;
  const rawPerScaledMinute = ids.length / (elapsedMs / BURST_MINUTE_MS);
  const limited = countStatus(sandbox, 429);
  const minimumWindows = Math.ceil(ids.length / BURST_BUDGET);

  record(ctx, {
    section: 'burst',
    name: `${ids.length} tickets drained`,
    value: `${(elapsedMs / 1000).toFixed(1)} s = ${(elapsedMs / BURST_MINUTE_MS).toFixed(2)} scaled min (${windowsUsed} budget windows, minimum ${minimumWindows})`,
    target: '',
    met: null,
  });
  record(ctx, {
    section: 'burst',
    name: 'drain rate vs budget',
    value: `${perScaledMinute.toFixed(1)} updates per budget window = ${((perScaledMinute / BURST_BUDGET) * 100).toFixed(1)}% of ${BURST_BUDGET}/min (per window: ${[...perWindow.values()].join(', ')}; tickets ÷ elapsed: ${rawPerScaledMinute.toFixed(1)}/min)`,
    target: '≥ 95%',
    met: perScaledMinute >= BURST_BUDGET * 0.95,
  });
  record(ctx, { section: 'burst', name: '429 answers from the stand-in', value: String(limited), target: '0', met: limited === 0 });
  record(ctx, {
    section: 'burst',
    name: 'webhooks not answered 202',
    value: String(statuses.filter((status) => status !== 202).length),
    target: '0',
    met: statuses.every((status) => status === 202),
  });
  note(
    ctx,
    'burst',
    `Budget ${BURST_BUDGET} updates per stand-in minute, minute scaled to ${BURST_MINUTE_MS} ms (20×); the worker's limiter uses ZENDESK_UPDATES_PER_MINUTE=${BURST_BUDGET} over the same ${BURST_MINUTE_MS} ms (startWorker limiterDurationMs); WORKER_CONCURRENCY=5; stand-in latency ${E2E_LATENCY_MS} ms. The webhooks are sent ${offsetMs} ms after a stand-in window boundary: the stand-in (like Zendesk) counts in fixed windows while BullMQ's limiter window starts with its first job, so a mid-window start can put two limiter windows' updates into one stand-in window (try BENCH_BURST_OFFSET_MS=1500).`,
  );
}

// --------------------------------------------------------------------------------------------
// 4. classification

/** Runs a bench script in a process of its own (tsx, logs silent); resolves with its stdout. */
function runBenchScript(ctx: Context, args: string[]): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent', DOTENV_CONFIG_QUIET: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
    ctx.cleanups.push(async () => proc.kill('SIGKILL'));
    proc.once('error', reject);
    proc.once('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${args[0]} exited with ${code}: ${stderr.trim()}`))));
  });
}

async function benchClassificationSection(ctx: Context): Promise<void> {
  if (!existsSync(DEV_TICKETS)) {
    note(ctx, 'classification', `skipped: ${DEV_TICKETS} not found`);
    return;
  }
  // Its own process, so peak RSS is the classifier's alone; it spawns the cold-start children itself.
  const output = await runBenchScript(ctx, ['bench/classification.ts', DEV_TICKETS, '--table']);
  const lines = output.trim().split('\n');
  const result = JSON.parse(lines.at(-1) ?? '') as ClassificationBenchResult;
  const { triage, bayes } = result;
  const side = (ours: string, theirs: string) => `${ours} (natural Bayes: ${theirs})`;
  record(ctx, {
    section: 'classification',
    name: 'cold start: fresh process, import + loadTriage() + 1 ticket (median of 5)',
    value: side(ms(triage.coldStartMs), ms(bayes.coldStartMs)),
    target: '< 300 ms',
    met: triage.coldStartMs < 300 && !triage.trainedAtStart,
  });
  record(ctx, {
    section: 'classification',
    name: 'load alone: import + loadTriage() (median of 5)',
    value: side(ms(triage.loadMs), ms(bayes.loadMs)),
    target: '',
    met: null,
  });
  record(ctx, {
    section: 'classification',
    name: 'process start → first answer, incl. Node + tsx (median of 5)',
    value: side(ms(triage.processReadyMs), ms(bayes.processReadyMs)),
    target: '',
    met: null,
  });
  record(ctx, {
    section: 'classification',
    name: 'throughput, one thread',
    value: side(
      `${triage.classificationsPerSecond.toFixed(0)}/s (${triage.classifications} classifications)`,
      `${bayes.classificationsPerSecond.toFixed(0)}/s`,
    ),
    target: '≥ 5,000/s',
    met: triage.classificationsPerSecond >= 5_000,
  });
  record(ctx, {
    section: 'classification',
    name: 'classifications per CPU-second (process CPU time)',
    value: side(triage.classificationsPerCpuSecond.toFixed(0), bayes.classificationsPerCpuSecond.toFixed(0)),
    target: '',
    met: null,
  });
  record(ctx, {
    section: 'classification',
    name: 'throughput vs natural Bayes',
    value: `${(triage.classificationsPerSecond / bayes.classificationsPerSecond).toFixed(2)}×`,
    target: '',
    met: null,
  });
  record(ctx, {
    section: 'classification',
    name: 'latency p50 / p99 per ticket',
    value: side(`${ms(triage.p50Ms)} / ${ms(triage.p99Ms)}`, `${ms(bayes.p50Ms)} / ${ms(bayes.p99Ms)}`),
    target: 'p99 < 2 ms',
    met: triage.p99Ms < 2,
  });
  record(ctx, {
    section: 'classification',
    name: 'training (npm run train, in-process)',
    value: side(
      `${ms(result.trainingMs)} (${triage.trainingExamples} examples)`,
      `${ms(bayes.trainMs)} (${bayes.trainingExamples} examples)`,
    ),
    target: '',
    met: null,
  });
  record(ctx, { section: 'classification', name: 'peak RSS', value: `${triage.peakRssMb.toFixed(0)} MB`, target: '', met: null });
  note(
    ctx,
    'classification',
    `${result.tickets} tickets of dev-tickets.jsonl (benchmark input only) × ${triage.classifications / result.tickets} rounds after a warm-up round. natural's BayesClassifier (deep import, default PorterStemmer) is trained on the same ${bayes.trainingExamples} corpus examples (subject + description) and classifies the same tickets' subject + description; its cold start restores its serialized model. Cold starts run in fresh \`node --import tsx\` processes. ${triage.trainedAtStart ? '**The model file was stale: the triage was trained at start.**' : 'The model came from src/playbook/model.json (not trained at start).'}`,
  );
}

// --------------------------------------------------------------------------------------------
// main

/** Each input of the security report, in process and through the classifier thread (bench/hostile-input.ts). */
async function benchHostileSection(ctx: Context): Promise<void> {
  const output = await runBenchScript(ctx, ['bench/hostile-input.ts']);
  const result = JSON.parse(output.trim().split('\n').at(-1) ?? '') as HostileInputBenchResult;
  for (const figure of result.figures) {
    record(ctx, {
      section: 'hostile',
      name: `${figure.name} (${figure.chars} chars): slowest of ${result.rounds}, in process / in the classifier thread`,
      value: `${ms(figure.inProcessMaxMs)} / ${ms(figure.threadMaxMs)}`,
      target: `< ${result.targetMs} ms`,
      met: figure.inProcessMaxMs < result.targetMs && figure.threadMaxMs < result.targetMs,
    });
  }
}

const RUNNERS: Record<Section, { title: string; run: (ctx: Context) => Promise<void> }> = {
  webhook: { title: '1. Webhook acknowledgement', run: benchWebhook },
  e2e: { title: '2. End-to-end: webhook → internal note', run: benchE2e },
  burst: { title: '3. Burst drain under the Zendesk update budget', run: benchBurst },
  classification: { title: '4. Classification', run: benchClassificationSection },
  hostile: { title: '5. Hostile input', run: benchHostileSection },
};

function machine(): { lines: string[] } {
  const sh = (command: string, args: string[]) => {
    try {
      return execFileSync(command, args, { encoding: 'utf8' }).trimEnd();
    } catch {
      return '(unavailable)';
    }
  };
  return {
    lines: [
      `- Date: ${new Date().toISOString()}`,
      `- Command: \`npm run bench${only.length > 0 ? ` -- ${only.map((name) => `--only ${name}`).join(' ')}` : ''}\``,
      `- \`nproc\`: ${sh('nproc', [])} (${cpus()[0]?.model ?? 'unknown CPU'})`,
      `- Node: ${process.version}; ${sh('redis-server', ['--version']).split(' ').slice(0, 3).join(' ')}`,
      `- Load average at start (1/5/15 min): ${loadavg()
        .map((value) => value.toFixed(2))
        .join(' / ')}`,
      `- Memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB total, ${(freemem() / 2 ** 30).toFixed(1)} GiB free at start`,
      '',
      '```',
      '$ free -g',
      sh('free', ['-g']),
      '```',
    ],
  };
}

function renderMarkdown(ctx: Context, failures: Map<Section, string>, totalSec: number, header: string[]): string {
  const out = [
    '# Benchmarks',
    '',
    'Produced by `bench/run.ts` (`npm run bench`; one section: `npm run bench -- --only e2e`). It starts its own',
    '`redis-server` and the local Zendesk stand-in; the receiver and the worker run in their own Node processes.',
    'Everything (load generator, receiver, worker, Redis, stand-in) shares the machine below.',
    '',
    '## Machine',
    '',
    ...header,
    '',
    `Total run time: ${totalSec.toFixed(0)} s. Load average at the end: ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' / ')}.`,
    '',
    'The 2 cores are shared with whatever else runs on the machine (other builds and test runs during',
    'development); the load averages above show how busy it was. Latency tails and cold start are the',
    'figures most sensitive to that.',
  ];
  for (const section of selected) {
    out.push('', `## ${RUNNERS[section].title}`, '');
    const failure = failures.get(section);
    if (failure) out.push(`**FAILED:** ${failure}`, '');
    const rows = ctx.figures.filter((figure) => figure.section === section);
    if (rows.length > 0) {
      out.push('| Figure | Value | Target | Met |', '|---|---|---|---|');
      for (const row of rows)
        out.push(
          `| ${row.name} | ${row.value.replace(/\|/g, '\\|')} | ${row.target || '—'} | ${row.met === null ? '—' : row.met ? 'yes' : '**no**'} |`,
        );
    }
    for (const text of ctx.notes.get(section) ?? []) out.push('', text);
  }
  return `${out.join('\n')}\n`;
}

async function main(): Promise<number> {
  const began = performance.now();
  const header = machine().lines;
  process.stdout.write(`signin-triage bench — ${selected.join(', ')}\n${header.filter((line) => line.startsWith('- ')).join('\n')}\n`);
  const redis = await startRedisServer();
  const ctx: Context = { redis, figures: [], notes: new Map(), cleanups: [] };
  const failures = new Map<Section, string>();
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    // Requests in flight fail as their servers stop; nothing may end the process before Redis is stopped.
    process.on('uncaughtException', () => undefined);
    process.on('unhandledRejection', () => undefined);
    process.stdout.write('\ninterrupted: stopping child processes and redis-server\n');
    void runCleanups(ctx).finally(() => redis.stop().finally(() => process.exit(130)));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    for (const section of selected) {
      if (interrupted) break;
      process.stdout.write(`\n${RUNNERS[section].title}\n`);
      const sectionStart = performance.now();
      try {
        await RUNNERS[section].run(ctx);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failures.set(section, message);
        process.stdout.write(`  ✗ FAILED: ${message}\n`);
      } finally {
        await runCleanups(ctx);
      }
      process.stdout.write(`  (${((performance.now() - sectionStart) / 1000).toFixed(1)} s)\n`);
    }
  } finally {
    await runCleanups(ctx);
    await redis.stop();
    keepAlive.destroy();
  }
  const totalSec = (performance.now() - began) / 1000;
  const missed = ctx.figures.filter((figure) => figure.met === false);
  process.stdout.write(
    `\nDone in ${totalSec.toFixed(0)} s: ${ctx.figures.filter((f) => f.met === true).length} targets met, ${missed.length} missed, ${failures.size} section(s) failed.\n`,
  );
  if (only.length === 0 || flags.write) {
    writeFileSync(new URL('../BENCHMARKS.md', import.meta.url), renderMarkdown(ctx, failures, totalSec, header));
    process.stdout.write('Wrote BENCHMARKS.md\n');
  }
  return failures.size > 0 ? 1 : 0;
}

async function runCleanups(ctx: Context): Promise<void> {
  while (ctx.cleanups.length > 0) {
    const cleanup = ctx.cleanups.pop()!;
    await cleanup().catch((error: unknown) =>
      process.stdout.write(`  (cleanup failed: ${error instanceof Error ? error.message : String(error)})\n`),
    );
  }
}

process.exitCode = await main();
