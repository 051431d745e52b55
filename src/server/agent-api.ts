import { randomUUID, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
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
import { toTriageTicket } from '../adapters/zendesk-to-triage-ticket.js';
import { buildDiagnosisResponse } from './build-diagnosis-response.js';
import { correctTags } from './correct-tags.js';
import { requestLog } from './request-context.js';
import { AppKeyUnavailableError } from './app-public-key.js';
import {
  issueSidebarSession,
  refusalCodeOf,
  SidebarAuthError,
  verifySidebarSession,
  type SidebarAuthReason,
  type SidebarRefusalCode,
} from './sidebar-session.js';
import { canEditTicket, canViewTicket, loadAgentProfile, type AgentProfile } from './ticket-access.js';
import { verifySignedUrlToken } from './verify-signed-url-token.js';
import { ZAF_SDK_URL } from './zaf-sdk.js';

export interface AgentApiDeps {
  config: Pick<Config, 'sidebarSessionSecret' | 'sidebarApp' | 'triageWrite' | 'feedbackLearning'>;
  store: Pick<DiagnosisStore, 'get' | 'save'>;
  feedbackStore: Pick<FeedbackStore, 'add' | 'get'>;
  queue: TriageQueue;
  zendesk: Pick<
    ZendeskClient,
    'baseUrl' | 'getTicket' | 'listComments' | 'updateTicket' | 'getUser' | 'listUserGroupIds' | 'listUserOrganizationIds' | 'getCustomRole'
  >;
  /** The sidebar app's public key, which verifies Zendesk's signed-URL token (see app-public-key.ts). */
  appPublicKey: () => Promise<KeyObject>;
  /** The built app's assets (iframe.html, main.js, …): app/assets. */
  appAssetsDir: string;
  /**
   * Origins allowed to frame the sidebar page (CSP frame-ancestors).
   * @defaultValue the Zendesk base URL and https://*.zendesk.com
   */
  frameAncestors?: string[];
  /**
   * Sandbox mode only: a same-origin path the sidebar page loads the ZAF SDK from instead of
   * Zendesk's asset host (the local SDK stand-in, so the sidebar preview works offline); the
   * page's script-src is then 'self' alone. Must start with `/`.
   * @defaultValue unset: Zendesk's official SDK, ZAF_SDK_URL
   */
  localZafSdkPath?: string;
  /** How long an agent's Zendesk role, restriction and groups are reused, in milliseconds. @defaultValue 30000 */
  agentProfileTtlMs?: number;
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
    readonly details?: { issues?: Array<{ path: string; message: string }>; retryAfterSec?: number; code?: string },
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
/** A path on this server (`//host` would be another origin). */
const SAME_ORIGIN_PATH = /^\/(?!\/)[\w./-]{1,200}$/;

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

/** The built app's files the sidebar page loads, with their types. */
const PAGE_ASSETS: Record<string, string> = {
  'main.js': 'text/javascript',
  'main.css': 'text/css',
};

/** Every file of app/assets the server reads to serve the sidebar (the Dockerfile must ship them). */
export const SIDEBAR_PAGE_FILES: readonly string[] = ['iframe.html', ...Object.keys(PAGE_ASSETS)];

function pageMessage(paragraphs: string[], code?: SidebarRefusalCode): string {
  const escape = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
  const reasonAttributes = code ? ` class="reason" data-code="${code}"` : ' class="reason"';
  const body = paragraphs.map((text, index) => `<p${index > 0 ? reasonAttributes : ''}>${escape(text)}</p>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>signin-triage</title></head><body>${body}</body></html>`;
}

/**
 * Why the sidebar page was refused, in words an agent can pass on to an admin. It only describes
 * the token the requester sent itself (nothing of the server's secrets), and a forged token
 * cannot be made to pass by knowing which check failed: RS256 needs the app's private key.
 */
const PAGE_REFUSAL_REASONS: Record<SidebarAuthReason, string> = {
  missing:
    'Reason: the page was loaded without a signed token. The app must be installed from a package with "signedUrls": true (npm run app:package).',
  'not-bearer': 'Reason: the signed token is malformed.',
  'too-large': 'Reason: the signed token is too large.',
  'in-query': 'Reason: a token was sent in the URL.',
  algorithm: 'Reason: the token is not signed RS256 by the app key.',
  malformed: 'Reason: the signed token is malformed.',
  signature: "Reason: the token's signature does not match the app's public key (ZENDESK_APP_ID or ZENDESK_APP_PUBLIC_KEY on the server).",
  expired: 'Reason: the signed token expired: reload the page. If every load says this, an admin must check the server clock (NTP).',
  skew: "Reason: the token is dated in the future beyond the 5 minutes tolerated: an admin must sync the server's clock (NTP); the agent's computer clock plays no part.",
  lifetime:
    'Reason: the token claims to be valid for more than 10 minutes, which Zendesk never signs: an admin must check the server clock (NTP).',
  claims: 'Reason: the signed token lacks a required claim.',
  issuer: 'Reason: the token was issued by another Zendesk account than the one the server uses.',
  audience: 'Reason: the token is for another installation of the app (ZENDESK_APP_AUDIENCE on the server).',
  subject: 'Reason: the token does not name the Zendesk user who opened the app.',
  'no-app-key': 'Reason: the server has no app public key (ZENDESK_APP_ID or ZENDESK_APP_PUBLIC_KEY).',
};

function tokenInQuery(req: Request): boolean {
  return Object.entries(req.query).some(
    ([name, value]) => TOKEN_PARAMS.includes(name.toLowerCase()) || (typeof value === 'string' && JWT_SHAPE.test(value)),
  );
}

/**
 * The sidebar app's API, mounted at `/app`. `POST /app/sidebar` is the page Zendesk loads with a
 * signed URL (RS256 token of the app's key, naming the agent); it carries our own session token,
 * which every `/app/tickets/:id/*` call sends back. Each call then checks with Zendesk that this
 * agent may see (or edit) that ticket.
 *
 * No CORS headers, on purpose: the app calls through Zendesk's proxy (`cors: false`), so
 * browsers never call this API directly and no origin is allowed.
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

  const profiles = new Map<string, { profile: Promise<AgentProfile>; until: number }>();
  const profileTtlMs = deps.agentProfileTtlMs ?? 30_000;
  /** The agent's access as Zendesk states it now (briefly cached: one sidebar makes a few calls). */
  function agentProfile(agentId: string): Promise<AgentProfile> {
    const hit = profiles.get(agentId);
    if (hit && hit.until > now().getTime()) return hit.profile;
    const profile = loadAgentProfile(zendesk, agentId);
    profiles.set(agentId, { profile, until: now().getTime() + profileTtlMs });
    profile.catch(() => profiles.delete(agentId));
    if (profiles.size > 10_000) profiles.delete(profiles.keys().next().value as string);
    return profile;
  }

  /**
   * Our session token names the agent (Zendesk vouched for it when the sidebar loaded); the
   * ticket is the URL's. Before anything is shown or changed, Zendesk is asked whether this
   * agent may see (or edit) this ticket.
   */
  const authenticate = (route: AgentRoute, need: 'view' | 'edit') => async (req: Request, res: Response, next: NextFunction) => {
    res.locals.agentRoute = route;
    const ticketId = String(req.params.id);
    if (!TICKET_ID.test(ticketId)) {
      next(new AgentApiError(404, 'not found'));
      return;
    }
    try {
      if (tokenInQuery(req)) throw new SidebarAuthError('in-query');
      const { agentId } = await verifySidebarSession({
        authorization: req.headers.authorization,
        secret: config.sidebarSessionSecret,
        now: now(),
        maxLifetimeSec: config.sidebarApp.sessionTtlSec,
      });
      res.locals.agentId = agentId;
      const [profile, { ticket }] = await Promise.all([agentProfile(agentId), zendesk.getTicket(ticketId)]);
      const access = need === 'edit' ? canEditTicket(profile, ticket) : canViewTicket(profile, ticket);
      if (!access.allowed) {
        requestLog(res, deps.log).warn({ agentId, ticketId, route, need }, 'sidebar request refused: no access to the ticket');
        throw new AgentApiError(403, `forbidden: ${access.reason}`, { code: 'ticket-forbidden' });
      }
      res.locals.ticketId = ticketId;
      next();
    } catch (error) {
      next(error);
    }
  };

  if (deps.localZafSdkPath !== undefined && !SAME_ORIGIN_PATH.test(deps.localZafSdkPath)) {
    throw new TypeError(`localZafSdkPath must be a path on this server, e.g. /sandbox/zaf-sdk.js (got ${deps.localZafSdkPath})`);
  }
  const frameAncestors = deps.frameAncestors ?? [new URL(zendesk.baseUrl).origin, 'https://*.zendesk.com'];
  const pageCsp = [
    "default-src 'none'",
    // The official ZAF SDK comes from Zendesk's asset host, as in Zendesk's own scaffolds.
    deps.localZafSdkPath === undefined ? `script-src 'self' ${new URL(ZAF_SDK_URL).origin}` : "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors.join(' ')}`,
  ].join('; ');
  const issuerHost = new URL(zendesk.baseUrl).host;

  /** The page Zendesk loads in the sidebar: with `"signedUrls": true` it POSTs a signed `token`. */
  router.post('/sidebar', express.urlencoded({ extended: false, limit: BODY_LIMIT }), async (req: Request, res: Response) => {
    res.removeHeader('X-Frame-Options');
    res.setHeader('Content-Security-Policy', pageCsp);
    const log = requestLog(res, deps.log);
    try {
      const token = typeof req.body?.token === 'string' ? (req.body.token as string) : undefined;
      let publicKey: KeyObject;
      try {
        publicKey = await deps.appPublicKey();
      } catch (error) {
        log.error({ err: error }, error instanceof AppKeyUnavailableError ? error.message : 'could not get the app public key');
        res
          .status(503)
          .type('html')
          .send(pageMessage(['The app cannot verify Zendesk yet: an admin must set ZENDESK_APP_PUBLIC_KEY or ZENDESK_APP_ID.']));
        return;
      }
      const { agentId } = await verifySignedUrlToken({
        token,
        publicKey,
        issuerHost,
        audience: config.sidebarApp.audience,
        now: now(),
      });
      const session = await issueSidebarSession({
        agentId,
        secret: config.sidebarSessionSecret,
        ttlSec: config.sidebarApp.sessionTtlSec,
        now: now(),
      });
      let html = await readFile(join(deps.appAssetsDir, 'iframe.html'), 'utf8');
      if (deps.localZafSdkPath !== undefined) html = html.replace(`src="${ZAF_SDK_URL}"`, `src="${deps.localZafSdkPath}"`);
      log.info({ agentId }, 'sidebar loaded with a Zendesk-signed URL');
      res
        .status(200)
        .type('html')
        .send(html.replace('<head>', `<head>\n    <meta name="signin-triage-session" content="${session}">`));
    } catch (error) {
      if (error instanceof SidebarAuthError) {
        log.warn({ reason: error.reason }, 'sidebar page refused: the signed URL token did not verify');
        res
          .status(401)
          .type('html')
          .send(
            pageMessage(
              [
                'Zendesk did not vouch for this request: reload the page; if it persists, an admin must check the app installation (signed URLs).',
                PAGE_REFUSAL_REASONS[error.reason],
              ],
              refusalCodeOf(error.reason),
            ),
          );
        return;
      }
      log.error({ err: error }, 'sidebar page failed');
      res
        .status(500)
        .type('html')
        .send(pageMessage(['internal error']));
    }
  });

  router.get('/sidebar', (_req, res) => {
    res
      .status(405)
      .setHeader('Allow', 'POST')
      .type('html')
      .send(pageMessage(['Open this app from a ticket in Zendesk: it must be loaded with a signed URL.']));
  });

  for (const [file, type] of Object.entries(PAGE_ASSETS)) {
    router.get(`/${file}`, async (_req, res, next) => {
      try {
        res.type(type).setHeader('Cache-Control', 'no-cache');
        res.send(await readFile(join(deps.appAssetsDir, file)));
      } catch (error) {
        next(error);
      }
    });
  }

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

  router.get('/tickets/:id/diagnosis', authenticate('diagnosis', 'view'), async (_req, res, next) => {
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
        correction ? { issue: correction.correctIssue, createdAt: correction.createdAt, source: correction.source } : null,
      );
      res.json({ ...response, source });
    } catch (error) {
      next(error);
    }
  });

  router.post('/tickets/:id/rerun', authenticate('rerun', 'edit'), async (_req, res, next) => {
    const ticketId = res.locals.ticketId as string;
    const agentId = res.locals.agentId as string;
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

  router.post('/tickets/:id/feedback', authenticate('feedback', 'edit'), ...jsonBody, async (req, res, next) => {
    const ticketId = res.locals.ticketId as string;
    const agentId = res.locals.agentId as string;
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
      // The code lets the app say what happened and what to do (expired, clock skew, bad
      // signature); the finer reason is in the log. Neither helps forge an HS256 session.
      const code = refusalCodeOf(error.reason);
      log.warn(
        { reason: error.reason, code, route: res.locals.agentRoute, path: req.path.replace(/\d+/g, ':id') },
        'sidebar request refused',
      );
      res.setHeader('WWW-Authenticate', 'Bearer');
      res.status(error.status).json({ error: `unauthorized (${code}): reload the app in Zendesk`, code });
      return;
    }
    if (error instanceof AgentApiError) {
      if (error.details?.retryAfterSec !== undefined) res.setHeader('Retry-After', String(error.details.retryAfterSec));
      res.status(error.status).json({
        error: error.message,
        ...(error.details?.code ? { code: error.details.code } : {}),
        ...(error.details?.issues ? { issues: error.details.issues } : {}),
      });
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
