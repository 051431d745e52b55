import { randomUUID } from 'node:crypto';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { Counter, type Registry } from 'prom-client';
import { z } from 'zod';

import type { Config } from '../config.js';
import type { Logger } from '../observability/logger.js';
import { enqueueTriageJob, QueueUnavailableError } from '../queue/enqueue-triage-job.js';
import type { TriageQueue } from '../queue/create-queue.js';
import { DiagnosisStoreError, type DiagnosisStore } from '../store/diagnosis-store.js';
import { FEEDBACK_COMMENT_MAX_CHARS, FeedbackStoreError, type FeedbackRecord, type FeedbackStore } from '../store/feedback-store.js';
import type { TriageService } from '../triage/threads/isolated-triage.js';
import type { Diagnosis } from '../triage/diagnosis.js';
import { ticketSchema } from '../triage/ticket.js';
import type { ZendeskClient } from '../zendesk/client.js';
import { ZendeskAuthError, ZendeskConflictError, ZendeskError, ZendeskNotFoundError, ZendeskRateLimitError } from '../zendesk/errors.js';
import { toTriageTicket } from '../zendesk/to-triage-ticket.js';
import { buildDiagnosisResponse } from './build-diagnosis-response.js';
import { correctTags } from './correct-tags.js';
import { requestLog } from './request-context.js';
import { SidebarAuthError, verifySidebarToken } from './verify-sidebar-token.js';

export interface AgentApiDeps {
  config: Pick<Config, 'sidebarSharedSecret' | 'triageWrite' | 'feedbackLearning'>;
  store: Pick<DiagnosisStore, 'get' | 'save'>;
  feedbackStore: Pick<FeedbackStore, 'add' | 'get'>;
  queue: TriageQueue;
  zendesk: Pick<ZendeskClient, 'getTicket' | 'listComments' | 'updateTicket'>;
  /** The classifier (in production a worker thread with a per-ticket time limit, retrained in place on feedback). */
  triage: TriageService;
  log: Logger;
  /** The process registry; the router adds its own series to it. */
  metrics?: { registry: Registry };
  /** Called (when FEEDBACK_LEARNING=on) after a correction is stored; errors are logged, never sent to the agent. */
  onFeedback?: (record: FeedbackRecord) => void | Promise<void>;
  /** Budget for storing a re-run job in Redis, in milliseconds. @defaultValue 2000 */
  enqueueTimeoutMs?: number;
  now?: () => Date;
}

/** Which of the sidebar's calls a request was, for metrics and logs. */
type AgentRoute = 'diagnosis' | 'rerun' | 'feedback';

/** A refusal we answer ourselves: status + one sentence (+ Retry-After for 503). */
class AgentApiError extends Error {
  override name = 'AgentApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly details?: { issues?: Array<{ path: string; message: string }>; retryAfterSec?: number },
  ) {
    super(message);
  }
}

/** Redis did not answer a store read or write (down, reconnecting): worth retrying soon. */
class StorageUnavailableError extends Error {
  override name = 'StorageUnavailableError';
}

/**
 * Runs a store call; a failure that is not the store's own verdict on the data (invalid or
 * corrupt value) is Redis being unreachable, which the agent can retry.
 */
async function storage<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof DiagnosisStoreError || error instanceof FeedbackStoreError || error instanceof z.ZodError) throw error;
    throw new StorageUnavailableError('Redis did not answer', { cause: error });
  }
}

const TICKET_ID = /^\d{1,20}$/;
/** Query parameters that would carry a token in the URL (and so in proxy and access logs). */
const TOKEN_PARAMS = ['token', 'jwt', 'access_token', 'id_token', 'authorization'];
const JWT_SHAPE = /^eyJ[\w-]*\.[\w-]*\.[\w-]*$/;
const BODY_LIMIT = '16kb';

function metricsFor(registry: Registry | undefined) {
  if (!registry) return null;
  const existing = (name: string) => registry.getSingleMetric(name) as Counter<string> | undefined;
  const requests =
    existing('signin_triage_agent_api_requests_total') ??
    new Counter({
      name: 'signin_triage_agent_api_requests_total',
      help: 'Sidebar API requests by route (diagnosis, rerun, feedback) and HTTP status.',
      labelNames: ['route', 'status'],
      registers: [registry],
    });
  const corrections =
    existing('signin_triage_corrections_total') ??
    new Counter({
      name: 'signin_triage_corrections_total',
      help: "Agents' corrections by the model's issue (from, 'none' when untriaged) and the corrected issue (to).",
      labelNames: ['from', 'to'],
      registers: [registry],
    });
  return { requests, corrections };
}

function tokenInQuery(req: Request): boolean {
  return Object.entries(req.query).some(
    ([name, value]) => TOKEN_PARAMS.includes(name.toLowerCase()) || (typeof value === 'string' && JWT_SHAPE.test(value)),
  );
}

/**
 * The sidebar app's API, mounted at `/app`. Every call carries the HS256 JWT that Zendesk's
 * proxy signs with the app's secure `shared_secret` setting, bound to the ticket in the URL.
 *
 * No CORS headers, on purpose: the app calls through Zendesk's proxy (`cors: false`, needed
 * for secure settings), so browsers never call this API directly and no origin is allowed.
 */
export function createAgentApiRouter(deps: AgentApiDeps): Router {
  const { config, store, feedbackStore, zendesk } = deps;
  const now = deps.now ?? (() => new Date());
  const metrics = metricsFor(deps.metrics?.registry);
  /** Concurrent first views of one untriaged ticket share one classification. */
  const inFlight = new Map<string, Promise<Diagnosis | null>>();

  const router = Router();

  router.use((req: Request, res: Response, next: NextFunction) => {
    // Diagnoses quote the customer's words: never let a proxy or browser cache them.
    res.setHeader('Cache-Control', 'no-store');
    res.on('finish', () => {
      const route = res.locals.agentRoute as AgentRoute | undefined;
      if (route) metrics?.requests.inc({ route, status: String(res.statusCode) });
    });
    next();
  });

  const authenticate = (route: AgentRoute) => async (req: Request, res: Response, next: NextFunction) => {
    res.locals.agentRoute = route;
    const ticketId = String(req.params.id);
    if (!TICKET_ID.test(ticketId)) {
      next(new AgentApiError(404, 'not found'));
      return;
    }
    try {
      if (tokenInQuery(req)) throw new SidebarAuthError('in-query');
      const claims = await verifySidebarToken({
        authorization: req.headers.authorization,
        ticketId,
        secret: config.sidebarSharedSecret,
        now: now(),
      });
      res.locals.ticketId = ticketId;
      res.locals.agentId = claims.agentId;
      next();
    } catch (error) {
      next(error);
    }
  };

  const jsonBody = [
    (req: Request, _res: Response, next: NextFunction) => {
      const type = req.headers['content-type'];
      if (req.headers['content-length'] !== '0' && type !== undefined && !req.is('application/json')) {
        next(new AgentApiError(415, 'send the body as application/json'));
        return;
      }
      next();
    },
    express.json({ limit: BODY_LIMIT, strict: true }),
  ];

  async function readTicket(ticketId: string) {
    const [{ ticket, users }, { comments, users: commentUsers }] = await Promise.all([
      zendesk.getTicket(ticketId),
      zendesk.listComments(ticketId),
    ]);
    return { ticket, input: ticketSchema.parse(toTriageTicket({ ticket, comments, users: [...users, ...commentUsers] })) };
  }

  async function computeOnDemand(ticketId: string, log: Logger): Promise<Diagnosis | null> {
    const { input } = await readTicket(ticketId);
    // A ticket without words (e.g. created empty through the API) has nothing to classify.
    if (`${input.subject}${input.description}`.trim() === '') return null;
    const diagnosis = await deps.triage.classify(input);
    await storage(store.save(diagnosis));
    log.info({ ticketId, issue: diagnosis.issue, band: diagnosis.band }, 'classified on demand for the sidebar');
    return diagnosis;
  }

  router.get('/tickets/:id/diagnosis', authenticate('diagnosis'), async (_req, res, next) => {
    const ticketId = res.locals.ticketId as string;
    const log = requestLog(res, deps.log);
    try {
      const [stored, correction] = await Promise.all([storage(store.get(ticketId)), storage(feedbackStore.get(ticketId))]);
      let diagnosis = stored;
      let source: 'stored' | 'on-demand' | 'none' = 'stored';
      if (diagnosis === null) {
        let pending = inFlight.get(ticketId);
        if (!pending) {
          pending = computeOnDemand(ticketId, log).finally(() => inFlight.delete(ticketId));
          inFlight.set(ticketId, pending);
        }
        diagnosis = await pending;
        source = diagnosis === null ? 'none' : 'on-demand';
      }
      const response = buildDiagnosisResponse(
        diagnosis,
        deps.triage.playbook,
        correction ? { issue: correction.correctIssue, createdAt: correction.createdAt } : null,
      );
      res.json({ ...response, source });
    } catch (error) {
      next(error);
    }
  });

  router.post('/tickets/:id/rerun', authenticate('rerun'), async (_req, res, next) => {
    const ticketId = res.locals.ticketId as string;
    const agentId = res.locals.agentId as string | undefined;
    try {
      const result = await enqueueTriageJob(
        deps.queue,
        {
          ticketId,
          event: 'manual',
          requestKey: `ticket-${ticketId}-manual-${randomUUID()}`,
          ...(agentId ? { requestedBy: agentId } : {}),
          receivedAt: now().toISOString(),
        },
        deps.enqueueTimeoutMs !== undefined ? { timeoutMs: deps.enqueueTimeoutMs } : {},
      );
      requestLog(res, deps.log).info({ ticketId, jobId: result.jobId }, 'manual re-run queued from the sidebar');
      res.status(202).json({ status: result.status, jobId: result.jobId });
    } catch (error) {
      next(error);
    }
  });

  router.post('/tickets/:id/feedback', authenticate('feedback'), ...jsonBody, async (req, res, next) => {
    const ticketId = res.locals.ticketId as string;
    const agentId = res.locals.agentId as string | undefined;
    const log = requestLog(res, deps.log);
    try {
      const issueIds = deps.triage.playbook.issues.map((issue) => issue.id);
      const parsed = z
        .object({
          issue: z.string().refine((id) => issueIds.includes(id), { message: `must be one of: ${issueIds.join(', ')}` }),
          comment: z.string().trim().max(FEEDBACK_COMMENT_MAX_CHARS).optional(),
        })
        .strict()
        .safeParse(req.body ?? {});
      if (!parsed.success) {
        throw new AgentApiError(422, 'invalid feedback', {
          issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message })),
        });
      }
      const { issue, comment } = parsed.data;

      const [{ ticket, input }, previous] = await Promise.all([readTicket(ticketId), storage(store.get(ticketId))]);
      const customerWords = [input.description, ...input.conversation.filter((m) => m.from_requester).map((m) => m.body)]
        .filter((part) => part.trim() !== '')
        .join('\n\n');
      const record = await storage(
        feedbackStore.add({
          ticketId,
          correctIssue: issue,
          previousIssue: previous?.issue ?? null,
          ...(comment ? { comment } : {}),
          ...(agentId ? { agentId } : {}),
          subject: input.subject,
          text: customerWords,
          ...(previous ? { language: previous.language } : {}),
        }),
      );
      metrics?.corrections.inc({ from: previous?.issue ?? 'none', to: issue });

      const retag = await retagTicket(ticketId, ticket, issue, previous?.missing ?? [], log);
      log.info({ ticketId, from: previous?.issue ?? null, to: issue, retag }, 'agent corrected the diagnosis');

      if (config.feedbackLearning && deps.onFeedback) {
        const onFeedback = deps.onFeedback;
        // Retraining is the caller's background work: the agent's answer does not wait for it.
        void Promise.resolve()
          .then(() => onFeedback(record))
          .catch((error: unknown) => log.error({ err: error, ticketId }, 'feedback learning hook failed'));
      }
      res.status(201).json({
        feedback: { ticketId, correctIssue: record.correctIssue, previousIssue: record.previousIssue, createdAt: record.createdAt },
        retag,
      });
    } catch (error) {
      next(error);
    }
  });

  /**
   * One safe update of the tags only (no note): `PUT` replaces all tags, so the write carries the
   * `updated_stamp` we read; on a 409 the ticket is re-read once and the write tried again.
   */
  async function retagTicket(
    ticketId: string,
    ticket: { tags: string[]; updated_at: string },
    issue: string,
    missing: Diagnosis['missing'],
    log: Logger,
  ): Promise<'done' | 'off' | 'conflict' | 'failed'> {
    if (!config.triageWrite) return 'off';
    let current = ticket;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await zendesk.updateTicket(ticketId, {
          tags: correctTags(current.tags, issue, missing),
          safeUpdate: { updatedStamp: current.updated_at },
        });
        return 'done';
      } catch (error) {
        if (error instanceof ZendeskConflictError && attempt === 1) {
          current = (await zendesk.getTicket(ticketId)).ticket;
          continue;
        }
        log.warn({ err: error, ticketId }, 'could not re-tag the corrected ticket');
        return error instanceof ZendeskConflictError ? 'conflict' : 'failed';
      }
    }
  }

  router.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const log = requestLog(res, deps.log);
    const ticketId = res.locals.ticketId as string | undefined;
    if (error instanceof SidebarAuthError) {
      // The reason helps the operator; the client learns nothing about which check failed.
      log.warn({ reason: error.reason, route: res.locals.agentRoute, path: req.path.replace(/\d+/g, ':id') }, 'sidebar request refused');
      if (error.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
      res
        .status(error.status)
        .json({ error: error.status === 401 ? 'unauthorized' : 'forbidden: the token was issued for another ticket' });
      return;
    }
    if (error instanceof AgentApiError) {
      if (error.details?.retryAfterSec !== undefined) res.setHeader('Retry-After', String(error.details.retryAfterSec));
      res.status(error.status).json({ error: error.message, ...(error.details?.issues ? { issues: error.details.issues } : {}) });
      return;
    }
    const bodyStatus = httpStatusOfBodyError(error);
    if (bodyStatus !== undefined) {
      res.status(bodyStatus).json({ error: bodyStatus === 413 ? `body larger than ${BODY_LIMIT}` : 'body is not valid JSON' });
      return;
    }
    if (error instanceof QueueUnavailableError) {
      log.error({ err: error, ticketId }, 'could not queue the re-run');
      res.setHeader('Retry-After', '5');
      res.status(503).json({ error: 'the queue is unavailable, try again in a few seconds' });
      return;
    }
    if (error instanceof StorageUnavailableError) {
      log.error({ err: error, ticketId }, 'Redis did not answer');
      res.setHeader('Retry-After', '5');
      res.status(503).json({ error: 'storage is unavailable, try again in a few seconds' });
      return;
    }
    if (error instanceof ZendeskNotFoundError) {
      res.status(404).json({ error: 'ticket not found in Zendesk' });
      return;
    }
    if (error instanceof ZendeskAuthError) {
      log.error({ err: error, ticketId }, 'Zendesk refused our credentials');
      res.status(502).json({
        error: 'Zendesk refused the server credentials: an admin must check ZENDESK_EMAIL and ZENDESK_API_TOKEN (or ZENDESK_OAUTH_TOKEN)',
      });
      return;
    }
    if (error instanceof ZendeskError) {
      log.warn({ err: error, ticketId }, 'Zendesk call failed');
      if (error.retryable) {
        const retryAfterSec = error instanceof ZendeskRateLimitError ? Math.max(1, Math.ceil(error.retryAfterMs / 1000)) : 5;
        res.setHeader('Retry-After', String(retryAfterSec));
        res.status(503).json({ error: 'Zendesk is not answering right now, try again shortly' });
      } else {
        res.status(502).json({ error: 'unexpected answer from Zendesk' });
      }
      return;
    }
    log.error({ err: error, ticketId }, 'sidebar request failed');
    res.status(500).json({ error: 'internal error' });
  });

  return router;
}

/** body-parser marks its errors with `status` and `type` (data, not message text). */
function httpStatusOfBodyError(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { type, status } = error as { type?: unknown; status?: unknown };
  if (type === 'entity.parse.failed') return 400;
  if (type === 'entity.too.large') return 413;
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return 415;
  return typeof status === 'number' && status >= 400 && status < 500 && typeof type === 'string' ? 400 : undefined;
}
