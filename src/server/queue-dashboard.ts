import type { Express, RequestHandler } from 'express';
import type { Queue } from 'bullmq';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { basicAuth, type BasicAuthOptions } from './basic-auth.js';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

export interface QueueDashboardOptions {
  queues: readonly Queue[];
  /** ADMIN_USER; the dashboard stays off unless both user and password are set. */
  user?: string | undefined;
  /** ADMIN_PASSWORD. */
  password?: string | undefined;
  /** @defaultValue '/admin/queues' */
  basePath?: string;
  /** Called for each refused login (counted and logged through RefusalLog). */
  onRefused?: BasicAuthOptions['onRefused'];
}

/** Thrown when only one of ADMIN_USER / ADMIN_PASSWORD is set: half a credential is a mistake, not "off". */
export class QueueDashboardConfigError extends Error {
  override readonly name = 'QueueDashboardConfigError';
}

/**
 * Mounts Bull Board behind HTTP basic auth. Returns false, and mounts nothing, when no
 * credentials are configured: the dashboard can retry and delete jobs, so it never runs open.
 */
export function mountQueueDashboard(app: Express, options: QueueDashboardOptions): boolean {
  const { queues, user, password, basePath = QUEUE_DASHBOARD_PATH } = options;
  const hasUser = user !== undefined && user !== '';
  const hasPassword = password !== undefined && password !== '';
  if (!hasUser && !hasPassword) return false;
  if (!hasUser || !hasPassword) {
    throw new QueueDashboardConfigError(
      `Set both ADMIN_USER and ADMIN_PASSWORD to enable the queue dashboard, or neither to keep it off (only ${hasUser ? 'ADMIN_USER' : 'ADMIN_PASSWORD'} is set)`,
    );
  }
  if (!basePath.startsWith('/') || basePath.endsWith('/')) {
    throw new QueueDashboardConfigError(`basePath must start with "/" and not end with "/", got "${basePath}"`);
  }

  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(basePath);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: false, allowRetries: true })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'signin-triage' } },
  });

  app.use(
    basePath,
    noStore,
    basicAuth(
      { user, password },
      { realm: 'signin-triage queue dashboard', ...(options.onRefused ? { onRefused: options.onRefused } : {}) },
    ),
    serverAdapter.getRouter() as RequestHandler,
  );
  return true;
}

/** Job lists and counts are operator data: keep them out of browser and proxy caches. */
const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};
