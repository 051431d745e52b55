import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createMetrics, type Metrics } from '../../../src/observability/metrics.js';
import { createTriageQueue, type TriageQueue } from '../../../src/queue/create-queue.js';
import { createRedisClient } from '../../../src/queue/create-redis-client.js';
import { createApp, type AppDeps } from '../../../src/server/create-app.js';
import { createIntakeGate, type IntakeGate } from '../../../src/server/intake-gate.js';
import { createReadiness } from '../../../src/server/readiness.js';
import { createRefusalLog, type RefusalLog, type RefusalLogOptions } from '../../../src/server/refusal-log.js';
import { signZendeskWebhook } from '../../../src/zendesk/sign-webhook.js';
import { capturedLogger } from '../../support/captured-log.js';
import { startHttpServer } from '../../support/http-server.js';

export const SECRET = 'receiver-test-secret-0123456789';
export const MAX_BODY_BYTES = 4096;

export interface Receiver {
  url: string;
  queue: TriageQueue;
  redis: Redis;
  metrics: Metrics;
  intake: IntakeGate;
  refusals: RefusalLog;
  logText: () => string;
  logLines: () => Record<string, unknown>[];
  /** Number of jobs in any state. */
  jobCount(): Promise<number>;
  close(): Promise<void>;
}

/** The real app on a free port, with its own queue prefix in the harness Redis. */
export async function startReceiver(
  redisUrl: string,
  overrides: {
    secrets?: string[];
    admin?: AppDeps['config']['admin'];
    nodeEnv?: AppDeps['config']['nodeEnv'];
    enqueueTimeoutMs?: number;
    now?: () => number;
    /** Budgets of the refusal log (its timer is off: call `refusals.flush()`). */
    refusalLog?: Omit<RefusalLogOptions, 'log' | 'metrics' | 'timer'>;
  } = {},
): Promise<Receiver> {
  const prefix = `test-${randomUUID()}`;
  const queue = createTriageQueue({ redisUrl, prefix });
  const redis = createRedisClient(redisUrl, 'producer');
  const metrics = createMetrics({ queue, defaultMetrics: false });
  const intake = createIntakeGate();
  const captured = capturedLogger('info');
  const refusals = createRefusalLog({ log: captured.log, metrics, timer: false, ...overrides.refusalLog });
  const app = createApp({
    config: {
      webhook: { secrets: overrides.secrets ?? [SECRET], maxBodyBytes: MAX_BODY_BYTES, toleranceSec: 300 },
      admin: overrides.admin ?? null,
      nodeEnv: overrides.nodeEnv ?? 'test',
    },
    queue,
    log: captured.log,
    metrics,
    refusals,
    readiness: createReadiness({ redis, intake, timeoutMs: 500, log: captured.log }),
    intake,
    enqueueTimeoutMs: overrides.enqueueTimeoutMs ?? 1000,
    ...(overrides.now ? { now: overrides.now } : {}),
  });
  const server = await startHttpServer(app);
  return {
    url: server.url,
    queue,
    redis,
    metrics,
    intake,
    refusals,
    logText: captured.text,
    logLines: captured.lines,
    async jobCount() {
      const counts = await queue.getJobCounts();
      return Object.values(counts).reduce((sum, count) => sum + count, 0);
    },
    async close() {
      await server.close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      redis.disconnect();
    },
  };
}

export interface SendOptions {
  body?: string | Buffer;
  secret?: string;
  timestamp?: string;
  contentType?: string | null;
  headers?: Record<string, string>;
  /** Drop the signature headers. */
  unsigned?: boolean;
}

/** POSTs a webhook signed like Zendesk signs it. */
export async function sendWebhook(
  receiver: Pick<Receiver, 'url'>,
  options: SendOptions = {},
): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const body = options.body ?? '{"event":"created","ticket_id":"123"}';
  const signed = signZendeskWebhook({
    rawBody: body,
    secret: options.secret ?? SECRET,
    ...(options.timestamp ? { timestamp: options.timestamp } : {}),
  });
  const headers: Record<string, string> = {
    ...(options.contentType === null ? {} : { 'content-type': options.contentType ?? 'application/json' }),
    ...(options.unsigned ? {} : signed.headers),
    ...options.headers,
  };
  const payload = typeof body === 'string' ? body : new Uint8Array(body);
  const response = await fetch(`${receiver.url}/webhooks/zendesk`, { method: 'POST', headers, body: payload });
  const text = await response.text();
  return { status: response.status, json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>), headers: response.headers };
}
