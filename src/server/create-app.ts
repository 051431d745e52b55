import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import type { Config } from '../config.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { TriageQueue } from '../queue/create-queue.js';
import { basicAuth, type BasicAuthOptions } from './basic-auth.js';
import type { IntakeGate } from './intake-gate.js';
import type { Readiness } from './readiness.js';
import { createRefusalLog, refusalSource, type RefusalLog } from './refusal-log.js';
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
  /**
   * Counts refusals and keeps them from flooding the log. @defaultValue a RefusalLog on `log`
   * and `metrics` with the default budgets
   */
  refusals?: RefusalLog;
  /**
   * The sandbox's sidebar preview (zendesk-sandbox/sidebar-preview.ts), mounted at `path`. Only
   * start-service's sandbox mode (no Zendesk settings) passes it; a configured service has none.
   */
  sandboxPreview?: { path: string; router: RequestHandler };
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
function metricsGuard(config: Pick<Config, 'admin' | 'nodeEnv'>, refusals: RefusalLog, log: Logger): RequestHandler {
  if (config.admin) return basicAuth(config.admin, { onRefused: logBasicAuthRefusal(refusals, log, '/metrics') });
  if (config.nodeEnv !== 'production') return (_req, _res, next) => next();
  return (req, res) => {
    refusals.refuse(refusalSource(req), 'basic_auth', () =>
      requestLog(res, log).warn(
        { route: '/metrics', source: refusalSource(req), reason: 'locked' },
        '/metrics refused: set ADMIN_USER and ADMIN_PASSWORD to scrape it in production',
      ),
    );
    res.setHeader('WWW-Authenticate', 'Basic realm="signin-triage", charset="UTF-8"');
    res.status(401).json({ error: 'metrics are locked: the operator must set ADMIN_USER and ADMIN_PASSWORD' });
  };
}

/** basicAuth's `onRefused` for `route`: counted, and logged within the refusal log budget. */
export function logBasicAuthRefusal(refusals: RefusalLog, log: Logger, route: string): NonNullable<BasicAuthOptions['onRefused']> {
  return (req, res, reason) => {
    const source = refusalSource(req);
    refusals.refuse(source, 'basic_auth', () =>
      requestLog(res, log).warn(
        { route, source, reason },
        reason === 'missing' ? `${route} refused: no basic-auth credentials` : `${route} refused: wrong ADMIN_USER or ADMIN_PASSWORD`,
      ),
    );
  };
}

/**
 * For routers that log their own refusals (the sidebar API): a source over its refusal budget
 * gets a request logger at level error for this request, so its warn-level refusal line is not
 * written; a 401/403 answer is then counted (and summarized) by the RefusalLog. The budget is
 * checked when the request starts, so concurrent requests can pass it by at most their number.
 */
function quietWhenFlooding(refusals: RefusalLog, log: Logger, kind: 'sidebar_token'): RequestHandler {
  return (req, res, next) => {
    const source = refusalSource(req);
    const logged = refusals.wouldLog(source);
    if (!logged) res.locals.log = requestLog(res, log).child({}, { level: 'error' });
    res.once('close', () => {
      if (res.statusCode === 401 || res.statusCode === 403) refusals.record(source, kind, logged);
    });
    next();
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
  const refusals = deps.refusals ?? createRefusalLog({ log: deps.log, metrics: deps.metrics });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const report = await deps.readiness.check();
    const details = Object.keys(report.details ?? {}).length > 0 ? { details: report.details } : {};
    if (report.ready) res.json({ status: 'ready', ...details });
    else res.status(503).json({ status: 'not ready', reasons: report.reasons, ...details });
  });

  app.get('/metrics', metricsGuard(deps.config, refusals, deps.log), async (_req, res) => {
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
        refusals,
        ...(deps.intake ? { intake: deps.intake } : {}),
        ...(deps.enqueueTimeoutMs !== undefined ? { enqueueTimeoutMs: deps.enqueueTimeoutMs } : {}),
        ...(deps.now ? { now: deps.now } : {}),
      }),
    );
  }

  if (deps.agentApi) app.use('/app', quietWhenFlooding(refusals, deps.log, 'sidebar_token'), deps.agentApi);
  if (deps.sandboxPreview) app.use(deps.sandboxPreview.path, deps.sandboxPreview.router);
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
