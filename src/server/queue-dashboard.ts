import type { Express, RequestHandler } from 'express';
import type { Queue } from 'bullmq';
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
 * Bull Board itself is loaded by the first request that passes the auth, not at start-up.
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

  let board: Promise<RequestHandler> | undefined;
  const dashboard: RequestHandler = (req, res, next) => {
    board ??= loadBoard(app, queues, basePath);
    board.then((handler) => handler(req, res, next), next);
  };
  app.use(
    basePath,
    noStore,
    basicAuth(
      { user, password },
      { realm: 'signin-triage queue dashboard', ...(options.onRefused ? { onRefused: options.onRefused } : {}) },
    ),
    dashboard,
  );
  return true;
}

/**
 * Bull Board's express app, as `app.use(basePath, board)` would mount it: its settings inherit
 * the parent's ('mount' event), and after it the request goes on with the parent's req/res
 * prototypes. Loaded on first use: it is 100 ms of start-up for a page few open.
 */
async function loadBoard(app: Express, queues: readonly Queue[], basePath: string): Promise<RequestHandler> {
  const [{ createBullBoard }, { BullMQAdapter }, { ExpressAdapter }] = await Promise.all([
    import('@bull-board/api'),
    import('@bull-board/api/bullMQAdapter'),
    import('@bull-board/express'),
  ]);
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(basePath);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: false, allowRetries: true })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'signin-triage' } },
  });
  // What express's app.use(path, subApp) does (express/lib/application.js), on first use.
  const board = serverAdapter.getRouter() as unknown as MountableApp;
  board.mountpath = basePath;
  board.parent = app;
  board.emit('mount', app);
  return (req, res, next) => {
    const parent = req.app as unknown as MountableApp;
    board.handle(req, res, (error?: unknown) => {
      Object.setPrototypeOf(req, parent.request);
      Object.setPrototypeOf(res, parent.response);
      next(error);
    });
  };
}

/** The parts of an express app that express's app.use reads of a mounted app (absent from its type declarations). */
interface MountableApp {
  mountpath: string;
  parent: Express;
  request: object;
  response: object;
  emit(event: 'mount', parent: Express): boolean;
  handle(req: Parameters<RequestHandler>[0], res: Parameters<RequestHandler>[1], done: (error?: unknown) => void): void;
}

/** Job lists and counts are operator data: keep them out of browser and proxy caches. */
const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};
