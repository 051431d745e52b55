import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Redis } from 'ioredis';

import type { Config } from '../../src/config.js';
import { createMetrics, type Metrics } from '../../src/observability/metrics.js';
import { createTriageQueue, type TriageQueue } from '../../src/queue/create-queue.js';
import { createRedisClient } from '../../src/queue/create-redis-client.js';
import { createAgentApiRouter, type AgentApiDeps } from '../../src/server/agent-api.js';
import { createAppPublicKeySource } from '../../src/server/app-public-key.js';
import { createApp } from '../../src/server/create-app.js';
import { createReadiness } from '../../src/server/readiness.js';
import { createRefusalLog, type RefusalLogOptions } from '../../src/server/refusal-log.js';
import { createDiagnosisStore, type DiagnosisStore } from '../../src/store/diagnosis-store.js';
import { createFeedbackStore, type FeedbackStore } from '../../src/store/feedback-store.js';
import { loadTriage } from '../../src/triage/load-triage.js';
import { inProcessTriageService, type TriageService } from '../../src/triage/threads/isolated-triage.js';
import { createZendeskClient, type ZendeskClient } from '../../src/zendesk/client.js';
import { startZendeskSandbox } from '../../src/zendesk-sandbox/index.js';
import { APP_DIR } from '../../scripts/build-app.js';
import { capturedLogger } from './captured-log.js';
import { startHttpServer } from './http-server.js';

export const SIDEBAR_SECRET = 'sidebar-session-secret-for-tests-0123456789';

/** Classification time of on-demand diagnoses: fixed, so screenshots do not change between runs. */
export const TRIAGE_CLOCK = new Date('2026-11-26T09:30:00Z');

let sharedTriage: TriageService | null = null;
/** Training the classifier takes a moment: one per test process is enough. */
export function testTriage(): TriageService {
  sharedTriage ??= inProcessTriageService(loadTriage({ now: () => TRIAGE_CLOCK }));
  return sharedTriage;
}

export interface AgentApiHarness {
  /** Base URL of the real app (webhooks, health, and the agent API under /app). */
  url: string;
  secret: string;
  queue: TriageQueue;
  redis: Redis;
  store: DiagnosisStore;
  feedbackStore: FeedbackStore;
  /** A client of the Zendesk stand-in, as the server uses it. */
  zendesk: ZendeskClient;
  sandbox: Awaited<ReturnType<typeof startZendeskSandbox>>;
  metrics: Metrics;
  triage: TriageService;
  logText: () => string;
  logLines: () => Record<string, unknown>[];
  /**
   * The sidebar as Zendesk loads it: the stand-in signs the signed-URL token for `userId` and it
   * is POSTed to /app/sidebar; returns the session token the page carries (throws if refused).
   */
  loadSidebar(userId: number): Promise<string>;
  /** Bearer header for `userId`, by the same honest path. */
  bearerFor(userId: number): Promise<string>;
  close(): Promise<void>;
}

export interface AgentApiHarnessOptions {
  config?: Partial<Pick<Config, 'triageWrite' | 'feedbackLearning'>>;
  onFeedback?: AgentApiDeps['onFeedback'];
  /**
   * Budgets of the refusal log. @defaultValue a burst of 50 per source, so the JWT matrix sees
   * every refusal reason in the log; the flood test sets the production budget.
   */
  refusalLog?: Omit<RefusalLogOptions, 'log' | 'metrics' | 'timer'>;
  /** Origins allowed to frame the sidebar page (the browser test's host page). */
  frameAncestors?: string[];
  /** The agent API's clock (session and signed-URL expiry), e.g. to let a session expire. */
  now?: () => Date;
}

/**
 * The api role as production wires it (createApp + the agent API router) on a free port, with
 * real Redis (own key prefix), a real BullMQ queue, the real classifier and the Zendesk stand-in.
 */
export async function startAgentApiHarness(redisUrl: string, options: AgentApiHarnessOptions = {}): Promise<AgentApiHarness> {
  const prefix = `test-${randomUUID()}`;
  const sandbox = await startZendeskSandbox();
  const zendesk = createZendeskClient({
    baseUrl: sandbox.url,
    auth: { type: 'token', email: sandbox.credentials.email, apiToken: sandbox.credentials.apiToken },
  });
  const queue = createTriageQueue({ redisUrl, prefix });
  const redis = createRedisClient(redisUrl, 'producer');
  // The producer client fails fast instead of queueing commands: wait until it is connected.
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  const store = createDiagnosisStore({ redis, prefix });
  const feedbackStore = createFeedbackStore({ redis, prefix });
  const metrics = createMetrics({ defaultMetrics: false });
  const captured = capturedLogger('info');
  const triage = testTriage();
  const agentApi = createAgentApiRouter({
    config: {
      sidebarSessionSecret: SIDEBAR_SECRET,
      sidebarApp: {
        publicKeyPem: null,
        appId: sandbox.app.appId,
        audience: `${sandbox.url}/api/v2/apps/installations/${sandbox.app.installationId}.json`,
        sessionTtlSec: 600,
      },
      triageWrite: options.config?.triageWrite ?? true,
      feedbackLearning: options.config?.feedbackLearning ?? false,
    },
    store,
    feedbackStore,
    queue,
    zendesk,
    // Fetched from the stand-in's GET /api/v2/apps/{id}/public_key.pem, as in production without ZENDESK_APP_PUBLIC_KEY.
    appPublicKey: createAppPublicKeySource({ sidebarApp: { publicKeyPem: null, appId: sandbox.app.appId }, zendesk }),
    appAssetsDir: join(APP_DIR, 'assets'),
    ...(options.frameAncestors ? { frameAncestors: options.frameAncestors } : {}),
    triage,
    log: captured.log,
    metrics,
    ...(options.onFeedback ? { onFeedback: options.onFeedback } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const refusals = createRefusalLog({ log: captured.log, metrics, timer: false, burst: 50, ...options.refusalLog });
  const app = createApp({
    config: {
      webhook: { secrets: ['webhook-secret-for-tests-0123456789'], maxBodyBytes: 262_144, toleranceSec: 300 },
      admin: null,
      nodeEnv: 'test',
    },
    queue,
    log: captured.log,
    metrics,
    refusals,
    readiness: createReadiness({ redis, timeoutMs: 500 }),
    agentApi,
  });
  const server = await startHttpServer(app);
  async function loadSidebar(userId: number): Promise<string> {
    const token = await sandbox.signUrlToken({ userId });
    const response = await fetch(`${server.url}/app/sidebar?origin=https%3A%2F%2Fx.zendesk.com&app_guid=g`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    });
    const html = await response.text();
    const session = /<meta name="signin-triage-session" content="([^"]+)">/.exec(html)?.[1];
    if (response.status !== 200 || !session) throw new Error(`sidebar page refused (${response.status}): ${html.slice(0, 200)}`);
    return session;
  }
  return {
    url: server.url,
    secret: SIDEBAR_SECRET,
    queue,
    redis,
    store,
    feedbackStore,
    zendesk,
    sandbox,
    metrics,
    triage,
    logText: captured.text,
    logLines: captured.lines,
    loadSidebar,
    async bearerFor(userId) {
      return `Bearer ${await loadSidebar(userId)}`;
    },
    async close() {
      await server.close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      await redis.quit();
      await sandbox.close();
    },
  };
}
