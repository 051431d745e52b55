import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import type { Config } from '../config.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { TriageQueue } from '../queue/create-queue.js';
import { basicAuth } from './basic-auth.js';
import type { IntakeGate } from './intake-gate.js';
import type { Readiness } from './readiness.js';
import { requestContext, requestLog } from './request-context.js';
import { createWebhookRouter, httpStatusOf } from './webhook-route.js';

export interface AppDeps {
  /** nodeEnv decides /metrics without ADMIN_* credentials: open outside production, 401 in production. */
  config: Pick<Config, 'webhook' | 'admin' | 'nodeEnv'>;
  queue: TriageQueue;
  log: Logger;
  metrics: Metrics;
  readiness: Readiness;
  /** Closed on shutdown: webhooks then get 503 + Retry-After. */
  intake?: IntakeGate;
  /** Budget for storing a webhook's job in Redis, in milliseconds. @defaultValue 2000 */
  enqueueTimeoutMs?: number;
  /** Clock for signature age checks. @defaultValue Date.now */
  now?: () => number;
  /** The sidebar app's API, mounted at /app. */
  agentApi?: RequestHandler;
  /** Mounts the queue dashboard (it decides its own path and auth). */
  mountQueueDashboard?: (app: Express) => void;
  /**
   * Accept webhooks. The worker role serves only health, readiness and metrics, so its
   * container healthcheck and Prometheus can reach it. @defaultValue true
   */
  webhooks?: boolean;
}

/**
 * Who may read /metrics: basic auth with ADMIN_USER/ADMIN_PASSWORD when set; without them,
 * anyone outside production (local development, tests), nobody in production. The service still
 * starts in that case, with a start-up warning: a missing metrics password must not stop triage.
 */
function metricsGuard(config: Pick<Config, 'admin' | 'nodeEnv'>): RequestHandler {
  if (config.admin) return basicAuth(config.admin);
  if (config.nodeEnv !== 'production') return (_req, _res, next) => next();
  return (_req, res) => {
    res.setHeader('WWW-Authenticate', 'Basic realm="signin-triage", charset="UTF-8"');
    res.status(401).json({ error: 'metrics are locked: the operator must set ADMIN_USER and ADMIN_PASSWORD' });
  };
}

/**
 * The HTTP surface of the api role: webhook intake, health, readiness, metrics, plus the
 * sidebar API and queue dashboard when given. Every answer, errors included, is JSON.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(helmet());
  app.use(requestContext(deps.log));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const report = await deps.readiness.check();
    if (report.ready) res.json({ status: 'ready' });
    else res.status(503).json({ status: 'not ready', reasons: report.reasons });
  });

  app.get('/metrics', metricsGuard(deps.config), async (_req, res) => {
    const text = await deps.metrics.registry.metrics();
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.send(text);
  });

  if (deps.webhooks !== false) {
    app.use(
      createWebhookRouter({
        webhook: deps.config.webhook,
        queue: deps.queue,
        log: deps.log,
        metrics: deps.metrics,
        ...(deps.intake ? { intake: deps.intake } : {}),
        ...(deps.enqueueTimeoutMs !== undefined ? { enqueueTimeoutMs: deps.enqueueTimeoutMs } : {}),
        ...(deps.now ? { now: deps.now } : {}),
      }),
    );
  }

  if (deps.agentApi) app.use('/app', deps.agentApi);
  deps.mountQueueDashboard?.(app);

  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });

  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const status = httpStatusOf(error);
    if (status !== undefined && status >= 400 && status < 500) {
      res.status(status).json({ error: status === 413 ? 'request too large' : 'bad request' });
      return;
    }
    requestLog(res, deps.log).error({ err: error }, 'request failed');
    res.status(500).json({ error: 'internal error' });
  });

  return app;
}
