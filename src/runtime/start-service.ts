import { fileURLToPath } from 'node:url';
import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { Server as NetServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { maskUrlPassword, type Config } from '../config.js';
import type { Logger } from '../observability/logger.js';
import { createMetrics, observeZendeskCall } from '../observability/metrics.js';
import { createTriageQueue } from '../queue/create-queue.js';
import { createRedisClient } from '../queue/create-redis-client.js';
import { createRedisTroubleReporter, isRedisConnectionError, type RedisTroubleReporter } from '../queue/redis-trouble.js';
import { workerConnectionOptions } from '../queue/redis-connection-options.js';
import { createAgentApiRouter } from '../server/agent-api.js';
import { createAppPublicKeySource } from '../server/app-public-key.js';
import { createApp, logBasicAuthRefusal } from '../server/create-app.js';
import { createRefusalLog } from '../server/refusal-log.js';
import { createIntakeGate } from '../server/intake-gate.js';
import { mountQueueDashboard } from '../server/queue-dashboard.js';
import { mountQualityPage, QUALITY_PAGE_PATH } from '../server/quality-page.js';
import { createLiveReportSource } from '../report/live-report-source.js';
import { loadChartLibrary } from '../report/load-chart-library.js';
import { ADOPT_THRESHOLDS_HINT } from '../report/adopt-thresholds.js';
import { createReadiness } from '../server/readiness.js';
import { WEBHOOK_PATH } from '../server/webhook-route.js';
import { createDiagnosisStore } from '../store/diagnosis-store.js';
import { createFeedbackStore, feedbackToTrainingTicket } from '../store/feedback-store.js';
import type { IsolatedTriage } from '../triage/threads/isolated-triage.js';
import { createZendeskClient, type ZendeskClient } from '../zendesk/client.js';
import { createRateLimitFeed } from '../zendesk/rate-limit-headers.js';
import { ensureLocalRedis } from './local-redis.js';
import { assertPortFree } from './port-check.js';
import { withTimeout } from '../util/with-timeout.js';
import { findRunningSandbox, removeSandboxState, SandboxAlreadyRunningError, writeSandboxState } from './sandbox-state.js';
import { startSandboxZendesk, type SandboxZendesk } from './sandbox-zendesk.js';
import { sidebarAppFreshness } from './sidebar-app-freshness.js';
import { createShutdown, type Shutdown } from './shutdown.js';
import { describeScope } from '../scope/triage-scope.js';
import { checkSweepAccess, SWEEP_ACCESS_HINTS } from '../sweep/sweep-access.js';
import { adviseUpdateBudget } from '../zendesk/update-budget.js';
import { secretDigestsHex } from '../zendesk/install-secret.js';
import { launchClassifier, type LaunchedClassifier } from './launch-classifier.js';
import { ROLES, type Role } from './roles.js';

export { ROLES, type Role } from './roles.js';

/** The built sidebar app (`npm run app:build`), served as the page Zendesk loads with a signed URL. */
export const APP_ASSETS_DIR = fileURLToPath(new URL('../../app/assets/', import.meta.url));

export interface ServiceDeps {
  role: Role;
  config: Config;
  log: Logger;
  /** Local state (`.data`): the local redis-server's files. */
  dataDir: string;
  /** For tests; defaults to process.exit. */
  exit?: (code: number) => void;
  /**
   * The classifier thread, when main.ts launched it before this module loaded (the thread then
   * reads the playbook and the model while the service's modules load). Launched here when absent.
   */
  classifier?: LaunchedClassifier;
}

export interface RunningService {
  /** Base URL of the HTTP server (every role listens; the worker serves health and metrics only). */
  url: string | null;
  redisUrl: string;
  /** Zendesk base URL in use (the stand-in's in sandbox mode). */
  zendeskUrl: string;
  sandbox: boolean;
  shutdown: Shutdown;
}

/**
 * Composition root: builds every long-lived object once, wires them together, and registers
 * their shutdown in reverse dependency order (intake → worker → HTTP → queue → Redis → stand-in).
 */
export async function startService(deps: ServiceDeps): Promise<RunningService> {
  const classifier = deps.classifier ?? launchClassifier({ config: deps.config, log: deps.log });
  try {
    return await startWith(deps, classifier);
  } catch (error) {
    // main.ts exits on a start-up error; a test that catches it must not keep the thread.
    await classifier.triage.close();
    throw error;
  }
}

async function startWith(deps: ServiceDeps, classifier: LaunchedClassifier): Promise<RunningService> {
  const { role, log } = deps;
  const runApi = role === 'all' || role === 'api';
  const runWorker = role === 'all' || role === 'worker';
  const shutdown = createShutdown({ log, ...(deps.exit ? { exit: deps.exit } : {}) });
  const graceMs = deps.config.shutdownGraceMs;
  const intake = createIntakeGate();
  const ownedClients: Redis[] = [];
  let server: Server | null = null;
  let closeWorker: (() => Promise<void>) | null = null;
  let closeQueue: (() => Promise<void>) | null = null;
  let closeSandbox: (() => Promise<void>) | null = null;
  /** Set once the classifier is ready and the worker started: /readyz answers 503 "starting" until then. */
  let startedUp = false;
  /** FEEDBACK_LEARNING's retrain timer, stopped with the classifier. */
  let stopFeedbackTimer = (): void => undefined;

  // Worst case: SHUTDOWN_GRACE_MS for running jobs, then about 13 s for forced closes and I/O.
  shutdown.add({ name: 'stop webhook intake', run: () => intake.close(), timeoutMs: 1_000 });
  shutdown.add({ name: 'drain worker', run: () => closeWorker?.(), timeoutMs: graceMs + 5_000 });
  // 5 s: a sidebar request (a Zendesk read and write) may still be running.
  shutdown.add({ name: 'close HTTP server', run: () => (server ? closeServer(server, 5_000) : undefined), timeoutMs: 6_000 });
  shutdown.add({ name: 'close queue', run: () => closeQueue?.(), timeoutMs: 2_000 });
  shutdown.add({
    name: 'quit Redis clients',
    run: async () => {
      await Promise.allSettled(ownedClients.map((client) => client.quit().catch(() => client.disconnect())));
    },
    timeoutMs: 2_000,
  });
  shutdown.add({ name: 'close Zendesk stand-in', run: () => closeSandbox?.(), timeoutMs: 2_000 });
  shutdown.add({ name: 'remove sandbox state file', run: () => removeSandboxState(deps.dataDir), timeoutMs: 1_000 });
  shutdown.add({
    name: 'stop classifier thread',
    run: async () => {
      stopFeedbackTimer();
      await classifier.triage.close();
    },
    timeoutMs: 2_000,
  });

  // Loaded while the rest starts (the api role never loads it).
  const workerModule = runWorker ? import('../../worker/start-worker.js') : null;
  workerModule?.catch(() => undefined);
  // The classifier thread starts while the rest does: if it fails (a bad playbook, a stale
  // model in production) start-up stops at once, whatever it is waiting for.
  const classifierFailure = classifier.ready.then(() => new Promise<never>(() => undefined));
  classifierFailure.catch(() => undefined);
  const unlessClassifierFails = <T>(step: Promise<T>): Promise<T> => Promise.race([step, classifierFailure]);

  // Before anything shared is touched: a second `npm start` must not clear the first one's sandbox keys.
  await assertPortFree(deps.config.port, deps.config.host);
  const sandboxMode = deps.config.zendesk === null;
  // The playbook (shipped or PLAYBOOK_PATH), read and validated by the classifier thread, is
  // checked before anything is started or cleared (a local redis-server, the stand-in, the
  // sandbox's keys): a typo in PLAYBOOK_PATH or its YAML is a configuration error, said in one
  // line (PlaybookError). With REDIS_URL and a Zendesk account nothing is: connecting to Redis
  // and asking Zendesk go on meanwhile, and the playbook is awaited before the HTTP server.
  if (sandboxMode || deps.config.redisUrl === null) await classifier.playbookRead;
  // One sandbox per folder: a second one (another PORT) would clear the first one's queue and
  // diagnoses, share its Redis prefix and take its jobs.
  if (sandboxMode && role === 'all') {
    const running = findRunningSandbox(deps.dataDir);
    if (running.state !== null && running.state.pid !== process.pid) {
      throw new SandboxAlreadyRunningError(
        `a sandbox is already running from this folder (pid ${running.state.pid}, ${running.state.serviceUrl}): use it, or stop it (Ctrl-C) before starting another`,
      );
    }
  }
  const redisUrl = await unlessClassifierFails(resolveRedisUrl(deps.config, deps.dataDir, log));
  // The stand-in starts empty on every run and reuses ticket ids, so its jobs, diagnoses and
  // dedupe keys live under their own prefix, cleared at start (role all owns the stand-in).
  // Its webhook secrets are a copy: the stand-in generates its webhook's signing secret (as
  // Zendesk does) and connectSandboxToUs adds it once known.
  const config: Config = sandboxMode
    ? {
        ...deps.config,
        queuePrefix: `${deps.config.queuePrefix}-sandbox`,
        webhook: { ...deps.config.webhook, secrets: [...deps.config.webhook.secrets] },
      }
    : deps.config;
  if (sandboxMode && role === 'all') await unlessClassifierFails(clearPrefix(redisUrl, config.queuePrefix, log));

  // One voice for every Redis connection of this process: an outage is one line, not a stack per retry.
  const redisTrouble = createRedisTroubleReporter({ log, target: maskUrlPassword(redisUrl) });
  const queue = createTriageQueue({
    redisUrl,
    prefix: config.queuePrefix,
    onError: redisErrorHandler(redisTrouble, 'triage queue', log),
  });
  closeQueue = () => queue.close();
  const metrics = createMetrics({
    queue,
    // Oldest first: the head of the waiting list is the job that has waited longest.
    oldestWaitingJobAt: async () => (await queue.getJobs(['waiting'], 0, 0, true))[0]?.timestamp ?? null,
  });
  const refusals = createRefusalLog({ log, metrics });
  shutdown.add({ name: 'flush refusal summaries', run: () => refusals.close(), timeoutMs: 1_000 });

  let zendesk: ZendeskClient;
  let zendeskUrl: string;
  // The worker (once started) reads the budgets Zendesk reports on every answer, the start-up
  // checks' answers included (the feed replays the newest to it).
  const rateLimits = createRateLimitFeed({
    onListenerError: (error) => log.error({ err: error }, 'a rate-limit listener failed; the Zendesk call it came from is unaffected'),
  });
  let sandbox: SandboxZendesk | null = null;
  if (config.zendesk) {
    zendeskUrl = config.zendesk.baseUrl;
    zendesk = createZendeskClient({
      baseUrl: zendeskUrl,
      auth: config.zendesk.auth,
      timeoutMs: config.zendeskTimeoutMs,
      onCall: observeZendeskCall(metrics),
      onRateLimit: rateLimits.publish,
    });
  } else {
    sandbox = await startSandboxZendesk({ log });
    closeSandbox = sandbox.close;
    if (runApi) {
      const app = sidebarAppFreshness(join(APP_ASSETS_DIR, '..'));
      if (app !== 'fresh') {
        log.warn(
          { app },
          `the sidebar app's app/assets/main.js is ${app === 'missing' ? 'missing: the sidebar preview stays empty' : 'older than app/src: the sidebar preview shows the old app'}; run npm run app:build (npm start does)`,
        );
      }
    }
    zendeskUrl = sandbox.url;
    zendesk = createZendeskClient({
      baseUrl: sandbox.url,
      auth: sandbox.auth,
      timeoutMs: config.zendeskTimeoutMs,
      onCall: observeZendeskCall(metrics),
      onRateLimit: rateLimits.publish,
    });
  }

  // Once at start-up: who the API user is decides whether the sweep can run (the export is
  // admin-only), and the account's X-Rate-Limit whether our update budget fits its plan.
  // Asked now and awaited before the HTTP server listens, while the classifier thread loads.
  const accessCheck = checkSweepAccess({
    zendesk,
    intervalMinutes: config.sweepIntervalMinutes,
    log: log.child({ component: 'sweep' }),
  });

  const requestRedis = createRedisClient(redisUrl, 'producer', redisTrouble);
  ownedClients.push(requestRedis);
  const feedbackStore = createFeedbackStore({
    redis: requestRedis,
    prefix: config.queuePrefix,
    retentionDays: config.feedbackRetentionDays,
  });
  // Corrections are read only when retraining or exporting: with FEEDBACK_LEARNING=off nothing
  // else would ever delete them, so FEEDBACK_RETENTION_DAYS is enforced here, at start and daily.
  const purgeFeedback = () =>
    feedbackStore.purgeExpired().then(
      (count) => count > 0 && log.info({ count, retentionDays: config.feedbackRetentionDays }, 'expired agent corrections deleted'),
      (error: unknown) => log.warn({ err: error }, 'could not delete expired agent corrections; retrying in a day'),
    );
  if (runApi) {
    // The client refuses commands until connected (fail fast): the first purge waits for it.
    if (requestRedis.status === 'ready') void purgeFeedback();
    else requestRedis.once('ready', () => void purgeFeedback());
    const purgeTimer = setInterval(() => void purgeFeedback(), 86_400_000);
    purgeTimer.unref();
    shutdown.add({ name: 'stop feedback expiry', run: () => clearInterval(purgeTimer), timeoutMs: 100 });
  }
  classifier.events.onCutOff = (reason) => metrics.classificationCutoffsTotal.inc({ reason });
  const feedback = config.feedbackLearning
    ? feedbackLearning({ triage: classifier.triage, log, metrics, feedbackStore, delayMs: config.feedbackRetrainDelayMs })
    : null;
  if (feedback) stopFeedbackTimer = feedback.stop;

  const { access: sweepAccess, currentUser } = await unlessClassifierFails(accessCheck);
  metrics.sweepEnabled.set({ reason: sweepAccess.reason }, sweepAccess.enabled ? 1 : 0);
  if (runWorker && currentUser) {
    const advice = adviseUpdateBudget(config.zendeskUpdatesPerMinute, currentUser.accountRateLimitPerMinute);
    log[advice.level]({ accountRateLimitPerMinute: currentUser.accountRateLimitPerMinute, safe: advice.safe }, advice.message);
  }
  log.info({ scope: describeScope(config.triageScope) }, `triage scope: ${describeScope(config.triageScope)}`);

  // The sidebar's routes and the quality page read the playbook.
  await classifier.playbookRead;
  let url: string | null = null;
  {
    // Every role listens: the api role for webhooks and the sidebar, the worker role for its
    // healthcheck, readiness and metrics only.
    const app = createApp({
      webhooks: runApi,
      config,
      queue,
      log,
      metrics,
      refusals,
      intake,
      readiness: createReadiness({
        redis: requestRedis,
        intake,
        // Listening starts while the classifier loads its model: ready only once it classifies.
        extraChecks: [async () => (startedUp ? null : 'starting')],
        log: log.child({ component: 'readiness' }),
        details: () => ({
          sweep: { enabled: sweepAccess.enabled, reason: sweepAccess.reason, hint: SWEEP_ACCESS_HINTS[sweepAccess.reason] },
        }),
      }),
      agentApi: !runApi
        ? undefined
        : createAgentApiRouter({
            config,
            store: createDiagnosisStore({
              redis: requestRedis,
              prefix: config.queuePrefix,
              ttlSeconds: config.diagnosisRetentionDays * 86_400,
            }),
            feedbackStore,
            queue,
            zendesk,
            appPublicKey: createAppPublicKeySource({
              // Sandbox mode: the stand-in's app key, unless one is configured.
              sidebarApp:
                sandbox && config.sidebarApp.publicKeyPem === null && config.sidebarApp.appId === null
                  ? { ...config.sidebarApp, appId: sandbox.appId }
                  : config.sidebarApp,
              zendesk,
            }),
            appAssetsDir: APP_ASSETS_DIR,
            // Sandbox mode: the preview page on this server frames the sidebar (as the stand-in's
            // host would), and the page loads the local ZAF SDK stand-in so it works offline.
            ...(sandbox
              ? {
                  frameAncestors: [new URL(sandbox.url).origin, "'self'"],
                  localZafSdkPath: sandbox.sidebarPreview.zafSdkPath,
                }
              : {}),
            triage: classifier.triage,
            log: log.child({ route: 'app' }),
            metrics,
            onFeedback: feedback?.onFeedback,
          }),
      ...(sandbox && runApi ? { sandboxPreview: sandbox.sidebarPreview } : {}),
      mountQueueDashboard: !runApi
        ? undefined
        : (expressApp) => {
            const mounted = mountQueueDashboard(expressApp, {
              queues: [queue],
              user: config.admin?.user,
              password: config.admin?.password,
              onRefused: logBasicAuthRefusal(refusals, log, '/admin/queues'),
            });
            if (!mounted) log.info('queue dashboard off: set ADMIN_USER and ADMIN_PASSWORD to enable /admin/queues');
            mountQualityPage(expressApp, {
              admin: config.admin,
              loadReport: createLiveReportSource({
                redis: requestRedis,
                prefix: config.queuePrefix,
                feedbackStore,
                issues: () => classifier.triage.playbook.issues.map((issue) => issue.id),
                // The running model's (with ABSTAIN_THRESHOLD / HIGH_CONFIDENCE_THRESHOLD over them); none before it is ready.
                currentThresholds: () => (startedUp ? classifier.triage.thresholds : null),
              }),
              chartLibrary: loadChartLibrary,
              zendeskBaseUrl: zendeskUrl,
              adoptionHint: ADOPT_THRESHOLDS_HINT,
              onRefused: logBasicAuthRefusal(refusals, log, QUALITY_PAGE_PATH),
            });
          },
    });
    server = await listen(app, config.port, config.host);
    // Slow-loris and stuck uploads: headers must arrive within 10 s, the whole request within 15 s.
    server.headersTimeout = 10_000;
    server.requestTimeout = 15_000;
    server.keepAliveTimeout = 5_000;
    const { port } = server.address() as AddressInfo;
    url = `http://${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${port}`;
    log.info({ url, webhook: `${url}${WEBHOOK_PATH}` }, 'HTTP server listening');
    if (runApi) {
      log.info(
        { url: `${url}${QUALITY_PAGE_PATH}` },
        config.admin
          ? `quality page: ${url}${QUALITY_PAGE_PATH} (ADMIN_USER / ADMIN_PASSWORD)`
          : `quality page: ${url}${QUALITY_PAGE_PATH} (locked: set ADMIN_USER and ADMIN_PASSWORD to open it)`,
      );
    }
  }

  await classifier.ready;
  log.info(
    {
      examples: classifier.triage.trainingExamples,
      timeLimitMs: config.classifyTimeLimitMs,
      playbook: config.playbookPath ?? 'shipped',
      playbookVersion: classifier.triage.playbook.version,
    },
    'classifier ready',
  );
  feedback?.start();

  if (runWorker) {
    const workerRedis = createRedisClient(redisUrl, 'worker', redisTrouble);
    ownedClients.push(workerRedis);
    const { startWorker } = await workerModule!;
    const started = await startWorker({
      config,
      connection: workerConnectionOptions(redisUrl),
      zendesk,
      triage: classifier.triage,
      store: createDiagnosisStore({
        redis: workerRedis,
        prefix: config.queuePrefix,
        ttlSeconds: config.diagnosisRetentionDays * 86_400,
      }),
      feedbackStore,
      ...(feedback ? { onFeedback: feedback.onFeedback } : {}),
      log: log.child({ role: 'worker' }),
      metrics,
      locks: config.workerLocks,
      sweepAllowed: sweepAccess.enabled,
      redisTrouble,
      rateLimits,
    });
    closeWorker = () => started.close();
    log.info(
      { concurrency: config.workerConcurrency, updatesPerMinute: config.zendeskUpdatesPerMinute, write: config.triageWrite },
      'worker started',
    );
  }

  startedUp = true;

  if (sandbox) {
    const state =
      runApi && url !== null
        ? { pid: process.pid, serviceUrl: url, zendeskUrl: sandbox.url, auth: sandbox.auth, startedAt: new Date().toISOString() }
        : null;
    if (state) {
      const file = writeSandboxState(deps.dataDir, state);
      log.info({ file }, 'sandbox details for `npm run webhook:send` and `signin-triage sandbox:show ID` written');
    }
    await connectSandboxToUs({
      sandbox,
      zendesk,
      url: runApi ? url : null,
      config,
      log,
      // Once the stand-in's webhook secret is accepted: what `zendesk:install --check` compares with.
      onSecretsAccepted: (secrets) => {
        if (state) writeSandboxState(deps.dataDir, { ...state, webhookSecretSha256: secretDigestsHex(secrets) });
      },
    });
  }

  return { url, redisUrl, zendeskUrl, sandbox: sandboxMode, shutdown };
}

async function resolveRedisUrl(config: Config, dataDir: string, log: Logger): Promise<string> {
  if (config.redisUrl !== null) return config.redisUrl;
  const local = await ensureLocalRedis({ dir: join(dataDir, 'redis') });
  log.warn(
    { redisUrl: local.url, dir: local.dir, pid: local.pid },
    `${local.startedNow ? 'REDIS_URL is not set: started a local redis-server' : 'REDIS_URL is not set: reusing the local redis-server started earlier'} on ${local.url} (data in ${local.dir}, append-only). It keeps running after we exit, for the next start; stop it with: kill $(cat ${join(local.dir, 'redis.pid')}). Set REDIS_URL=redis://host:6379 to use your own Redis.`,
  );
  return local.url;
}

/**
 * FEEDBACK_LEARNING=on: stored corrections are trained in once the classifier is ready and,
 * after a correction, FEEDBACK_RETRAIN_DELAY_MS after the last one, in a thread of its own:
 * neither the request path nor the classifier thread waits for training.
 */
function feedbackLearning(deps: {
  triage: IsolatedTriage;
  log: Logger;
  metrics: ReturnType<typeof createMetrics>;
  feedbackStore: ReturnType<typeof createFeedbackStore>;
  delayMs: number;
}): { onFeedback: () => void; start: () => void; stop: () => void } {
  const { triage, log, metrics } = deps;
  let running: Promise<void> | null = null;
  let again = false;
  const retrain = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        const records = await deps.feedbackStore.list();
        if (records.length === 0) return;
        const { trainingExamples } = await triage.retrain(records.map(feedbackToTrainingTicket));
        metrics.feedbackRetrainsTotal.inc({ outcome: 'done' });
        log.info({ examples: trainingExamples, corrections: records.length }, 'classifier retrained with agent feedback');
      } catch (error) {
        metrics.feedbackRetrainsTotal.inc({ outcome: 'failed' });
        log.warn({ err: error }, 'could not retrain with agent feedback (Redis unreachable?); keeping the current model');
      } finally {
        running = null;
        if (again) {
          again = false;
          void retrain();
        }
      }
    })();
    return running;
  };
  let timer: NodeJS.Timeout | null = null;
  return {
    onFeedback: () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        void retrain();
      }, deps.delayMs);
      timer.unref();
    },
    start: () => void retrain(),
    stop: () => {
      if (timer) clearTimeout(timer);
    },
  };
}

/**
 * Creates our webhook, triggers and macro in the stand-in, then the example tickets: its
 * trigger engine sends them to our webhook, so `npm start` shows the whole loop.
 */
async function connectSandboxToUs(deps: {
  sandbox: SandboxZendesk;
  zendesk: ZendeskClient;
  url: string | null;
  config: Config;
  log: Logger;
  /** Called with every webhook secret the service now accepts. */
  onSecretsAccepted: (secrets: readonly string[]) => void;
}): Promise<void> {
  const { log } = deps;
  const account = 'Set ZENDESK_SUBDOMAIN, ZENDESK_EMAIL, ZENDESK_API_TOKEN to use your account.';
  if (deps.url === null) {
    log.warn(
      `sandbox mode: no Zendesk account configured; this worker uses its own empty Zendesk stand-in. ${account} Run \`npm start\` (all roles) to try the whole loop locally.`,
    );
    return;
  }
  const { installZendeskResources } = await import('../zendesk/install-zendesk-resources.js');
  try {
    const installed = await installZendeskResources({
      zendesk: deps.zendesk,
      publicUrl: deps.url,
      secrets: null,
      scope: deps.config.triageScope,
    });
    // What an admin does on a real account after install: read the webhook's generated signing
    // secret and accept it. It goes first (the stand-in's deliveries use it); the development
    // secret stays accepted after it, so `npm run webhook:send` still verifies.
    const signingSecret = await deps.zendesk.getWebhookSigningSecret(installed.webhookId);
    deps.config.webhook.secrets.unshift(signingSecret);
    deps.onSecretsAccepted(deps.config.webhook.secrets);
  } catch (error) {
    log.warn({ err: error }, 'could not create the webhook and triggers in the Zendesk stand-in; send webhooks by hand');
  }
  const ticketIds = deps.sandbox.seed();
  const example = ticketIds[0] ?? '<ticketId>';
  log.warn(
    { zendeskStandIn: deps.sandbox.url, ticketIds },
    `sandbox mode: no Zendesk account configured, using a local Zendesk stand-in with ${ticketIds.length} example tickets, ${
      deps.config.triageScope === null
        ? 'now being triaged.'
        : 'of which only those inside TRIAGE_SCOPE are triaged (the examples carry no brand, group, form or tag of yours: unset it to see them triaged).'
    } ${account} ` +
      `The worker logs each result (issue, confidence band, tags, missing data). See a ticket's tags and our note: npx signin-triage sandbox:show ${example}. Send a test webhook: npm run webhook:send -- ${example} rerun (or: created).`,
  );
  if (ticketIds[0] !== undefined) {
    const link = deps.sandbox.sidebarPreview.link(deps.url, ticketIds[0]);
    log.info(
      { url: link },
      `Sidebar preview: ${link} (the sidebar app beside the stand-in's ticket, its tags and our note; any example ticket)`,
    );
  }
}

/** Deletes every key under `<prefix>:` (sandbox mode only: the stand-in starts empty). */
/** Redis did not answer at start-up: nothing can be queued. Check REDIS_URL. */
export class RedisUnreachableError extends Error {
  override name = 'RedisUnreachableError';
}

/** How long start-up waits for a first answer from Redis, in milliseconds. */
const REDIS_FIRST_ANSWER_MS = 10_000;

async function clearPrefix(redisUrl: string, prefix: string, log: Logger): Promise<void> {
  const redis = createRedisClient(redisUrl, 'worker');
  // The worker connection retries for ever (BullMQ's requirement): without a first answer in
  // time, say which Redis did not answer instead of hanging in silence.
  redis.on('error', () => undefined);
  try {
    await withTimeout(redis.ping(), REDIS_FIRST_ANSWER_MS).catch(() => {
      throw new RedisUnreachableError(
        `Redis at ${maskUrlPassword(redisUrl)} did not answer within ${REDIS_FIRST_ANSWER_MS / 1000} s: check REDIS_URL (or unset it for a local redis-server)`,
      );
    });
    let deleted = 0;
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    }
    if (deleted > 0) log.info({ prefix, deleted }, "sandbox mode: cleared the previous run's queue and diagnoses");
  } finally {
    // quit() queues behind a connection that never came: close it outright then.
    if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
    else redis.disconnect();
  }
}

function listen(app: RequestListener, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(app);
    const answering = new Set<ServerResponse>();
    server.on('request', (_request, response: ServerResponse) => {
      answering.add(response);
      response.once('close', () => answering.delete(response));
    });
    ANSWERING.set(server, answering);
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** The responses each server is writing (see listen), so a shutdown can end their connections. */
const ANSWERING = new WeakMap<Server, Set<ServerResponse>>();

/**
 * Idle connections are left this long, in ms, to send the request they may already have on the
 * way, before they are closed.
 */
const IDLE_CONNECTION_GRACE_MS = 300;

/**
 * Stops accepting connections, lets in-flight requests finish for `graceMs`, then cuts the rest.
 *
 * Under load a plain `server.close()` resets requests (seen in
 * test/integration/faults/service-sigterm.test.ts): since Node 19 it also closes idle kept-alive
 * connections at once, and a client may be sending a webhook on one at that very moment. So the
 * port is closed with net.Server's close (new clients are refused cleanly), every answer not yet
 * sent carries `Connection: close` and ends its connection, and connections still idle after
 * IDLE_CONNECTION_GRACE_MS are closed. Until this step the drain answers with keep-alive, so
 * clients reuse their connections instead of opening new ones that could be caught in the
 * kernel's accept queue when the port closes (a reset too).
 */
function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    server.prependListener('request', (_request, response) => response.setHeader('Connection', 'close'));
    // Requests already being answered end their connection too, once answered.
    for (const response of ANSWERING.get(server) ?? []) if (!response.headersSent) response.setHeader('Connection', 'close');
    const idle = setTimeout(() => server.closeIdleConnections(), Math.min(IDLE_CONNECTION_GRACE_MS, graceMs));
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    NetServer.prototype.close.call(server, () => {
      clearTimeout(idle);
      clearTimeout(force);
      resolve();
    });
  });
}

/**
 * Connection errors go to the process's one Redis reporter; anything else a BullMQ object emits
 * (a bug, a script error) is logged with its stack, at most once per 30 s.
 */
function redisErrorHandler(trouble: RedisTroubleReporter, source: string, log: Logger, intervalMs = 30_000): (error: Error) => void {
  let last = 0;
  return (error) => {
    if (isRedisConnectionError(error)) {
      trouble.report(source, error);
      return;
    }
    const now = Date.now();
    if (now - last < intervalMs) return;
    last = now;
    log.warn({ err: error }, `${source}: Redis error`);
  };
}
