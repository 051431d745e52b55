/** Load helpers of the bench sections: signed webhooks, the receiver and worker processes, tickets in the stand-in. */
import { existsSync, readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { WEBHOOK_PATH } from '../../src/server/webhook-route.js';
import type { ZendeskSandbox } from '../../src/zendesk-sandbox/index.js';
import { signZendeskWebhook } from '../../src/zendesk/sign-webhook.js';
import { sleep, type Context } from './bench-context.js';
import { startBenchChild, type BenchChild } from './child-process.js';

const RECEIVER_SCRIPT = 'bench/support/receiver-process.ts';
const WORKER_SCRIPT = 'bench/support/worker-process.ts';
const SAMPLE_TICKETS = fileURLToPath(new URL('../../../shared/data/sample-tickets.jsonl', import.meta.url));
export const DEV_TICKETS = fileURLToPath(new URL('../../../shared/data/dev-tickets.jsonl', import.meta.url));

export interface SignedBody {
  body: string;
  headers: Record<string, string>;
}

/** A valid, uniquely signed `created` webhook for each ticket id. */
export function signedBodies(ticketIds: readonly number[], secret: string): SignedBody[] {
  return ticketIds.map((id) => {
    const body = JSON.stringify({ event: 'created', ticket_id: String(id) });
    const signed = signZendeskWebhook({ rawBody: body, secret });
    return { body, headers: { 'content-type': 'application/json', ...signed.headers } };
  });
}

export const keepAlive = new Agent({ keepAlive: true, maxSockets: 64 });

/** POSTs one webhook; resolves with the status code. */
export function postWebhook(port: number, signed: SignedBody): Promise<number> {
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

export async function startReceiver(ctx: Context, env: Record<string, string>): Promise<BenchChild<{ port: number }>> {
  const child = await startBenchChild<{ port: number }>(RECEIVER_SCRIPT, env);
  ctx.cleanups.push(child.stop);
  return child;
}

/** Our real receiver (createApp with a real queue) in its own process. */
export function startAppReceiver(ctx: Context, prefix: string, secret: string): Promise<BenchChild<{ port: number }>> {
  return startReceiver(ctx, { BENCH_MODE: 'app', BENCH_REDIS_URL: ctx.redis.url, BENCH_PREFIX: prefix, BENCH_SECRET: secret });
}

export async function startWorkerChild(
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

export function createTickets(sandbox: ZendeskSandbox, count: number): number[] {
  const samples = loadSampleTickets();
  return Array.from({ length: count }, (_, index) => {
    const sample = samples[index % samples.length]!;
    return sandbox.createTicket({ subject: sample.subject, body: sample.description, requester: sample.requester }).id;
  });
}

/** Resolves with each ticket's time (performance.now) when our internal note appeared. */
export async function waitForNotes(sandbox: ZendeskSandbox, ticketIds: readonly number[], timeoutMs: number): Promise<Map<number, number>> {
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

export function countStatus(sandbox: ZendeskSandbox, status: number): number {
  let total = 0;
  for (const byStatus of Object.values(sandbox.stats())) total += byStatus[status] ?? 0;
  return total;
}

export function totalCalls(sandbox: ZendeskSandbox): number {
  let total = 0;
  for (const byStatus of Object.values(sandbox.stats())) for (const count of Object.values(byStatus)) total += count;
  return total;
}
