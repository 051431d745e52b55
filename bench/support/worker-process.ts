// Bench child: one worker process against the bench's Zendesk stand-in. Settings come as one
// JSON env variable (BENCH_WORKER); prints `{"ready":true}` once started; drains on SIGTERM.
import { createLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { workerConnectionOptions } from '../../src/queue/redis-connection-options.js';
import { createDiagnosisStore } from '../../src/store/diagnosis-store.js';
import { loadTriage } from '../../src/triage/load-triage.js';
import { inProcessTriageService } from '../../src/triage/threads/isolated-triage.js';
import { createZendeskClient, type ZendeskClientAuth } from '../../src/zendesk/client.js';
import { createRateLimitFeed } from '../../src/zendesk/rate-limit-headers.js';
import { startWorker } from '../../worker/start-worker.js';
import { Redis } from 'ioredis';

interface WorkerSettings {
  redisUrl: string;
  prefix: string;
  zendeskUrl: string;
  auth: ZendeskClientAuth;
  concurrency: number;
  updatesPerMinute: number;
  limiterDurationMs: number;
}

const settings = JSON.parse(process.env.BENCH_WORKER ?? '') as WorkerSettings;
const log = createLogger({ level: 'silent' });
const redis = new Redis(settings.redisUrl);
// As start-service does: the worker reads the budgets each Zendesk answer reports.
const rateLimits = createRateLimitFeed();
const started = await startWorker({
  config: {
    queuePrefix: settings.prefix,
    workerConcurrency: settings.concurrency,
    zendeskUpdatesPerMinute: settings.updatesPerMinute,
    triageWrite: true,
    sweepIntervalMinutes: 0,
    shutdownGraceMs: 3_000,
    // Every ticket gets its note, `other` ones too, as the fault ledger runs: the sections wait
    // for the notes, and a ticket without one would hang them.
    noteOnOther: true,
  },
  connection: workerConnectionOptions(settings.redisUrl),
  zendesk: createZendeskClient({
    baseUrl: settings.zendeskUrl,
    auth: settings.auth,
    timeoutMs: 10_000,
    onRateLimit: rateLimits.publish,
  }),
  triage: inProcessTriageService(loadTriage()),
  store: createDiagnosisStore({ redis, prefix: settings.prefix }),
  log,
  metrics: createMetrics({ defaultMetrics: false }),
  limiterDurationMs: settings.limiterDurationMs,
  rateLimits,
});
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);

process.once('SIGTERM', () => {
  void started
    .close()
    .then(() => redis.quit())
    .finally(() => process.exit(0));
});
