/**
 * `npm run soak [-- --minutes N --rate R]`: the service under a steady load for N minutes
 * (default 30; not part of CI), tried from outside as an operator would.
 *
 * Real processes: a `redis-server` (append-only, noeviction, as in docker-compose.yml), the
 * compiled service (`node dist/src/main.js`, as the image runs it) as one `--role api` and one
 * `--role worker` process, and the Zendesk stand-in in this process.
 * - R webhooks a second (default 4), each for a new ticket; 1% are a duplicate delivery of an
 *   earlier ticket's webhook, 1% a "re-run" of an earlier ticket (a new note is due);
 * - 2% of new tickets get a stand-in fault: 429 + Retry-After on the read, 503 on the update,
 *   a reset connection on the read, or an update applied but answered after our client's timeout;
 * - a webhook answered other than 2xx is re-sent as Zendesk does (after Retry-After or 5 s, up to
 *   5 times); only 2xx answers enter the ledger;
 * - at 40% of the run the worker gets SIGTERM and a new one starts; at 60% Redis restarts
 *   (SIGTERM, then the same port and data).
 *
 * Figures: RSS of both processes (classifier thread included) and Redis used_memory at start
 * (10% of the run, after warm-up), middle (50%) and end (100%, before draining); event-loop lag
 * p99 from each process's /metrics (prom-client's perf_hooks monitorEventLoopDelay gauge, reset
 * at each scrape, scraped every 10 s). Bounds (exit code 1 when exceeded): RSS at end ≤ 1.25 ×
 * RSS at middle for each process, and Redis growth ≤ 8 KiB per job completed between start and
 * end (completed jobs are kept, up to 10,000, by design: src/queue/create-queue.ts).
 *
 * The ledger check: every acknowledged request has exactly one note. The last line reads
 * `soak: lost L, duplicate notes D, …` with the real counts; `--out FILE` also writes them as JSON.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import type { SandboxFault, ZendeskSandbox } from '../src/zendesk-sandbox/index.js';
import { created, notesFor, queueCounts, sendWebhook, type Ledger, type WebhookBody } from '../test/support/ledger.js';
import { startStandIn } from '../test/support/service-fixture.js';
import { WEBHOOK_SECRET } from '../test/support/service-process.js';
import { waitFor } from '../test/support/wait-for.js';
import { buildCompiled } from '../test/support/compiled-build.js';
import { freePort } from '../test/support/free-port.js';
import { startRedisServer, type RedisServerHandle } from '../test/support/redis-server.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const MIB = 1024 * 1024;
const ZENDESK_TIMEOUT_MS = 2_000;
const RSS_GROWTH_BOUND = 1.25;
const REDIS_BYTES_PER_JOB_BOUND = 8 * 1024;

interface Options {
  minutes: number;
  rate: number;
  seed: number;
  out: string | null;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      minutes: { type: 'string', default: '30' },
      rate: { type: 'string', default: '4' },
      seed: { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const minutes = Number(values.minutes);
  const rate = Number(values.rate);
  if (!(minutes > 0)) throw new TypeError(`--minutes must be a positive number (got '${values.minutes}')`);
  if (!(rate > 0 && rate <= 100)) throw new TypeError(`--rate must be between 0 and 100 webhooks a second (got '${values.rate}')`);
  return { minutes, rate, seed: Number(values.seed ?? Date.now() % 1_000_000), out: values.out ?? null };
}

/** mulberry32: the run is replayable with --seed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Service {
  role: 'api' | 'worker';
  url: string;
  child: ChildProcess;
  exit: Promise<number | null>;
  output(): string;
}

async function startService(
  role: 'api' | 'worker',
  dir: string,
  redisUrl: string,
  sandbox: ZendeskSandbox,
  prefix: string,
): Promise<Service> {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/src/main.js', '--role', role], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      DOTENV_CONFIG_QUIET: 'true',
      TZ: 'UTC',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      ZENDESK_URL: sandbox.url,
      ZENDESK_EMAIL: sandbox.credentials.email,
      ZENDESK_API_TOKEN: sandbox.credentials.apiToken,
      ZENDESK_WEBHOOK_SECRET: WEBHOOK_SECRET,
      SIDEBAR_SESSION_SECRET: 'soak-sidebar-secret-0123456789abcdef0123',
      SWEEP_INTERVAL_MINUTES: '0',
      ZENDESK_UPDATES_PER_MINUTE: '1000',
      ZENDESK_TIMEOUT_MS: String(ZENDESK_TIMEOUT_MS),
      SHUTDOWN_GRACE_MS: '5000',
    },
  });
  // Keep only the tail: a 30-minute run must not grow this process's own memory.
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`${role} exited with ${child.exitCode} during start-up:\n${output}`);
      return (await fetch(`${url}/readyz`).catch(() => null))?.status === 200;
    },
    `${role} readiness`,
    120_000,
    100,
  );
  return { role, url, child, exit, output: () => output };
}

function rssBytes(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const kb = /^VmRSS:\s{0,20}(\d{1,12}) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? NaN : Number(kb) * 1024;
  } catch {
    return NaN;
  }
}

async function lagP99Ms(url: string): Promise<number> {
  const text = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5_000) })
    .then((response) => (response.ok ? response.text() : ''))
    .catch(() => '');
  const value = /^signin_triage_nodejs_eventloop_lag_p99_seconds (\S{1,40})$/m.exec(text)?.[1];
  return value === undefined ? NaN : Number(value) * 1000;
}

async function redisUsedMemory(url: string): Promise<number> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  try {
    await client.connect();
    return Number(/^used_memory:(\d{1,15})\r?$/m.exec(await client.info('memory'))?.[1] ?? NaN);
  } catch {
    return NaN;
  } finally {
    client.disconnect();
  }
}

interface Sample {
  label: string;
  atSec: number;
  apiRss: number;
  workerRss: number;
  redisMemory: number;
  completed: number;
}

const mib = (bytes: number) => (Number.isFinite(bytes) ? (bytes / MIB).toFixed(1) : 'n/a');
const percentile = (values: number[], p: number) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const random = seededRandom(options.seed);
  const durationMs = options.minutes * 60_000;
  const log = (message: string) => process.stdout.write(`[soak ${new Date().toISOString()}] ${message}\n`);
  log(`${options.minutes} min at ${options.rate} webhooks/s, seed ${options.seed} (replay with --seed ${options.seed})`);

  const image = await buildCompiled('soak');
  const redis: RedisServerHandle = await startRedisServer({ appendonly: true, args: ['--maxmemory-policy', 'noeviction'] });
  const sandbox = await startStandIn();
  const prefix = `soak-${Date.now()}`;
  let api: Service | undefined;
  let worker: Service | undefined;
  try {
    api = await startService('api', image.dir, redis.url, sandbox, prefix);
    worker = await startService('worker', image.dir, redis.url, sandbox, prefix);
    const startedAt = Date.now();
    const elapsed = () => (Date.now() - startedAt) / 1000;

    const ledger: Ledger = new Map();
    const ticketIds: number[] = [];
    const counts = { sent: 0, created: 0, duplicates: 0, reruns: 0, faults: 0, nonAck: 0, resent: 0, gaveUp: 0 };
    const inFlight = new Set<Promise<void>>();
    const deliver = (body: WebhookBody, attempt = 1): void => {
      counts.sent += 1;
      const sending = sendWebhook(api!.url, body, ledger).then(async (status) => {
        if (status >= 200 && status < 300) return;
        counts.nonAck += 1;
        // Zendesk re-sends a webhook that failed (docs/operations.md); so do we, a few times.
        if (attempt >= 5) {
          counts.gaveUp += 1;
          return;
        }
        counts.resent += 1;
        await new Promise((resolve) => setTimeout(resolve, 5_000));
        deliver(body, attempt + 1);
      });
      inFlight.add(sending);
      void sending.finally(() => inFlight.delete(sending));
    };
    const faultFor = (id: number): SandboxFault => {
      const path = new RegExp(`^/api/v2/tickets/${id}\\.json`);
      const kinds: SandboxFault[] = [
        { method: 'GET', path, status: 429, retryAfterSec: 1 },
        { method: 'PUT', path, status: 503 },
        { method: 'GET', path, mode: 'reset' },
        { method: 'PUT', path, delayMs: ZENDESK_TIMEOUT_MS + 500 },
      ];
      return kinds[Math.floor(random() * kinds.length)]!;
    };
    const sendOne = (): void => {
      const roll = random();
      if (roll < 0.01 && ticketIds.length > 0) {
        counts.duplicates += 1;
        deliver(created(ticketIds[Math.floor(random() * ticketIds.length)]!));
        return;
      }
      if (roll < 0.02 && ticketIds.length > 0) {
        counts.reruns += 1;
        const id = ticketIds[Math.floor(random() * ticketIds.length)]!;
        deliver({ event: 'rerun', ticket_id: String(id), by: String(sandbox.agent.id), updated_at: new Date().toISOString() });
        return;
      }
      const { id } = sandbox.createTicket({
        subject: 'Cannot log in any more',
        body: 'Hello, since the migration my old username and password give "Login failed". What should I type now?',
        requester: { name: `Customer ${ticketIds.length}`, email: `customer-${ticketIds.length}@example.com` },
      });
      ticketIds.push(id);
      counts.created += 1;
      if (random() < 0.02) {
        counts.faults += 1;
        sandbox.injectFaults([faultFor(id)]);
      }
      deliver(created(id));
    };

    const samples: Sample[] = [];
    const lags: { api: number[]; worker: number[] } = { api: [], worker: [] };
    const sample = async (label: string): Promise<Sample> => {
      const queue = await queueCounts(redis.url, prefix).catch(() => ({ completed: NaN }) as Record<string, number>);
      const taken: Sample = {
        label,
        atSec: Math.round(elapsed()),
        apiRss: rssBytes(api!.child.pid),
        workerRss: rssBytes(worker!.child.pid),
        redisMemory: await redisUsedMemory(redis.url),
        completed: queue.completed ?? NaN,
      };
      samples.push(taken);
      log(
        `${label}: rss api ${mib(taken.apiRss)} MiB, worker ${mib(taken.workerRss)} MiB; redis ${mib(taken.redisMemory)} MiB; completed jobs ${taken.completed}; acknowledged ${[...ledger.values()].reduce((sum, keys) => sum + keys.size, 0)}`,
      );
      return taken;
    };

    // The plan, in fractions of the run.
    const events: Array<{ at: number; run: () => Promise<void> }> = [
      { at: 0.1, run: async () => void (await sample('start')) },
      {
        at: 0.4,
        run: async () => {
          const old = worker!;
          const t0 = Date.now();
          old.child.kill('SIGTERM');
          const code = await old.exit;
          log(`worker restart: old worker exited ${code} after ${Date.now() - t0} ms`);
          if (code !== 0) throw new Error(`the worker exited ${code} on SIGTERM:\n${old.output()}`);
          worker = await startService('worker', image.dir, redis.url, sandbox, prefix);
          log(`worker restart: new worker ready ${Date.now() - t0} ms after SIGTERM`);
        },
      },
      { at: 0.5, run: async () => void (await sample('middle')) },
      {
        at: 0.6,
        run: async () => {
          const t0 = Date.now();
          await redis.restart();
          log(`redis restart: answering again after ${Date.now() - t0} ms`);
        },
      },
    ];
    let nextEvent = 0;
    let eventRunning: Promise<void> | null = null;
    const scrape = setInterval(() => {
      for (const service of [api!, worker!]) {
        void lagP99Ms(service.url).then((ms) => {
          if (Number.isFinite(ms)) lags[service.role].push(ms);
        });
      }
    }, 10_000);

    // Steady load: one tick every 1000/R ms, counted from the start so delays do not add up.
    const intervalMs = 1000 / options.rate;
    let ticks = 0;
    while (Date.now() - startedAt < durationMs) {
      sendOne();
      ticks += 1;
      const due = events[nextEvent];
      if (due && !eventRunning && Date.now() - startedAt >= due.at * durationMs) {
        nextEvent += 1;
        eventRunning = due.run().finally(() => (eventRunning = null));
        eventRunning.catch(() => undefined);
      }
      const wait = startedAt + ticks * intervalMs - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    await eventRunning;
    await sample('end');
    clearInterval(scrape);

    log('load stopped; waiting for re-sent webhooks and for the queue to drain');
    await waitFor(() => inFlight.size === 0, 'webhooks in flight', 120_000);
    const acknowledged = [...ledger.values()].reduce((sum, keys) => sum + keys.size, 0);
    let drained = true;
    try {
      await waitFor(
        async () => {
          const queue = await queueCounts(redis.url, prefix);
          return queue.active! + queue.waiting! + queue.delayed! + queue.prioritized! === 0;
        },
        'an empty queue',
        300_000,
        1_000,
      );
      // A slow update is applied before its late answer: give the last ones a moment.
      await new Promise((resolve) => setTimeout(resolve, ZENDESK_TIMEOUT_MS + 1_000));
    } catch (error) {
      drained = false;
      log((error as Error).message);
    }
    await sample('drained');

    // The ledger check.
    let lost = 0;
    let duplicateNotes = 0;
    for (const [ticketId, keys] of ledger) {
      for (const key of keys) {
        const notes = notesFor(sandbox, ticketId, key);
        if (notes === 0) lost += 1;
        if (notes > 1) duplicateNotes += notes - 1;
      }
    }
    const queue = await queueCounts(redis.url, prefix);
    const byLabel = (label: string) => samples.find((s) => s.label === label)!;
    const [start, middle, end] = [byLabel('start'), byLabel('middle'), byLabel('end')];
    const rssOk = end.apiRss <= RSS_GROWTH_BOUND * middle.apiRss && end.workerRss <= RSS_GROWTH_BOUND * middle.workerRss;
    const redisPerJob = (end.redisMemory - start.redisMemory) / Math.max(1, end.completed - start.completed);
    const redisOk = redisPerJob <= REDIS_BYTES_PER_JOB_BOUND;
    const lagApi = percentile(lags.api, 99);
    const lagWorker = percentile(lags.worker, 99);
    const result = {
      minutes: options.minutes,
      rate: options.rate,
      seed: options.seed,
      loadAverageAtEnd: loadavg(),
      counts: { ...counts, acknowledged, lost, duplicateNotes, failedJobs: queue.failed ?? NaN, completedJobs: queue.completed ?? NaN },
      drained,
      samples,
      eventLoopLagP99Ms: {
        api: { p99OfWindows: lagApi, max: Math.max(...lags.api) },
        worker: { p99OfWindows: lagWorker, max: Math.max(...lags.worker) },
      },
      bounds: {
        rssGrowth: RSS_GROWTH_BOUND,
        rssOk,
        redisBytesPerJob: Math.round(redisPerJob),
        redisBytesPerJobBound: REDIS_BYTES_PER_JOB_BOUND,
        redisOk,
      },
    };
    if (options.out) writeFileSync(join(ROOT, options.out), `${JSON.stringify(result, null, 2)}\n`);
    const ok = lost === 0 && duplicateNotes === 0 && drained && rssOk && redisOk && counts.gaveUp === 0;
    process.stdout.write(
      `soak: lost ${lost}, duplicate notes ${duplicateNotes}, acknowledged ${acknowledged}, failed jobs ${queue.failed}, ` +
        `webhooks ${counts.sent} (${counts.duplicates} duplicates, ${counts.reruns} re-runs, ${counts.nonAck} not acknowledged, ${counts.resent} re-sent, ${counts.gaveUp} given up), ` +
        `faults ${counts.faults}, rss api ${mib(start.apiRss)}/${mib(middle.apiRss)}/${mib(end.apiRss)} MiB, ` +
        `worker ${mib(start.workerRss)}/${mib(middle.workerRss)}/${mib(end.workerRss)} MiB (bound ×${RSS_GROWTH_BOUND} end/middle: ${rssOk ? 'ok' : 'EXCEEDED'}), ` +
        `redis ${mib(start.redisMemory)}/${mib(middle.redisMemory)}/${mib(end.redisMemory)} MiB (${Math.round(redisPerJob)} B/job, bound ${REDIS_BYTES_PER_JOB_BOUND}: ${redisOk ? 'ok' : 'EXCEEDED'}), ` +
        `event-loop lag p99 api ${lagApi.toFixed(1)} ms, worker ${lagWorker.toFixed(1)} ms, ${options.minutes} min\n`,
    );
    return ok ? 0 : 1;
  } finally {
    for (const service of [api, worker]) {
      if (service && service.child.exitCode === null && service.child.signalCode === null) {
        service.child.kill('SIGTERM');
        await Promise.race([service.exit, new Promise((resolve) => setTimeout(resolve, 8_000))]);
        if (service.child.exitCode === null) service.child.kill('SIGKILL');
      }
    }
    await sandbox.close();
    await redis.stop();
    image.remove();
  }
}

process.exitCode = await main().catch((error: unknown) => {
  process.stderr.write(`soak: ${(error as Error).stack ?? String(error)}\n`);
  return 1;
});
