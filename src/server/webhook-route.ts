import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { TriageQueue } from '../queue/create-queue.js';
import { DEFAULT_ENQUEUE_TIMEOUT_MS, QueueUnavailableError, enqueueTriageJob } from '../queue/enqueue-triage-job.js';
import { logFailureLine } from '../observability/log-failure.js';
import { verifyZendeskSignature } from '../zendesk/verify-signature.js';
import { parseWebhookPayload } from '../zendesk/webhook-payload.js';
import type { IntakeGate } from './intake-gate.js';
import { refusalSource, type RefusalLog } from './refusal-log.js';
import { requestLog } from './request-context.js';

export const WEBHOOK_PATH = '/webhooks/zendesk';

export const SIGNATURE_HEADER = 'x-zendesk-webhook-signature';
export const TIMESTAMP_HEADER = 'x-zendesk-webhook-signature-timestamp';

/** Seconds Zendesk should wait before retrying; it only retries a 503 whose Retry-After is under 60. */
export const RETRY_AFTER_SEC = 5;

export type WebhookOutcome =
  | 'queued'
  | 'duplicate'
  | 'ignored'
  | 'unauthorized'
  | 'bad_request'
  | 'invalid'
  | 'too_large'
  | 'unsupported_media_type'
  | 'unavailable'
  | 'error';

export interface WebhookRouteDeps {
  webhook: { secrets: readonly string[]; maxBodyBytes: number; toleranceSec: number };
  queue: TriageQueue;
  log: Logger;
  metrics: Metrics;
  /** Unsigned and badly signed requests are logged through it: per-source budget, summaries. */
  refusals: RefusalLog;
  intake?: IntakeGate;
  /** Budget for storing the job in Redis, in milliseconds. @defaultValue 2000 */
  enqueueTimeoutMs?: number;
  /** Clock for signature age checks. @defaultValue Date.now */
  now?: () => number;
}

const JSON_TYPE = /^application\/(?:[a-z0-9.+-]*\+)?json$/;

/**
 * POST /webhooks/zendesk: verify the exact bytes, then parse, then validate, then store the
 * job, and answer 202 only once Redis has it. Nothing slow happens here: Zendesk waits 12 s.
 */
export function createWebhookRouter(deps: WebhookRouteDeps): Router {
  const router = express.Router();
  const now = deps.now ?? Date.now;
  const enqueueTimeoutMs = deps.enqueueTimeoutMs ?? DEFAULT_ENQUEUE_TIMEOUT_MS;

  const answer = (res: Response, outcome: WebhookOutcome, status: number, body: Record<string, unknown>) => {
    deps.metrics.webhooksTotal.inc({ outcome });
    if (status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SEC));
    res.status(status).json(body);
  };

  const gate = (_req: Request, res: Response, next: NextFunction) => {
    if (deps.intake && !deps.intake.open) {
      answer(res, 'unavailable', 503, { error: 'shutting down, retry later' });
      return;
    }
    next();
  };

  const requireJson = (req: Request, res: Response, next: NextFunction) => {
    const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!JSON_TYPE.test(mediaType)) {
      answer(res, 'unsupported_media_type', 415, { error: 'content type must be application/json' });
      return;
    }
    next();
  };

  const requireHeaders = (req: Request, res: Response, next: NextFunction) => {
    const missing = [SIGNATURE_HEADER, TIMESTAMP_HEADER].filter((name) => req.headers[name] === undefined);
    if (missing.length > 0) {
      const source = refusalSource(req);
      deps.refusals.refuse(source, 'webhook_signature', () =>
        requestLog(res, deps.log).warn(
          { missing, source },
          'webhook without signature headers: is the request coming from a Zendesk webhook?',
        ),
      );
      answer(res, 'bad_request', 400, { error: `missing headers: ${missing.join(', ')}`, missing });
      return;
    }
    next();
  };

  // body-parser answers only after reading (and discarding) the whole body; a declared length
  // over the limit is refused at once and the connection closed instead.
  const rejectDeclaredOversize = (req: Request, res: Response, next: NextFunction) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > deps.webhook.maxBodyBytes) {
      res.setHeader('Connection', 'close');
      answer(res, 'too_large', 413, { error: `body exceeds ${deps.webhook.maxBodyBytes} bytes` });
      return;
    }
    next();
  };

  // Any content type is read as bytes here: the JSON check already ran, and the signature
  // must be computed over exactly what was sent.
  const rawBody = express.raw({ type: () => true, limit: deps.webhook.maxBodyBytes });

  const bodyErrors = (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const status = httpStatusOf(error);
    if (status === 413) {
      answer(res, 'too_large', 413, { error: `body exceeds ${deps.webhook.maxBodyBytes} bytes` });
    } else if (status === 415) {
      answer(res, 'unsupported_media_type', 415, { error: 'unsupported content encoding or charset' });
    } else if (status !== undefined && status >= 400 && status < 500) {
      answer(res, 'bad_request', 400, { error: 'could not read the request body' });
    } else {
      next(error);
    }
  };

  const receive = async (req: Request, res: Response) => {
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const log = requestLog(res, deps.log);
    const verdict = verifyZendeskSignature({
      rawBody: body,
      signature: headerValue(req, SIGNATURE_HEADER),
      timestamp: headerValue(req, TIMESTAMP_HEADER),
      secrets: deps.webhook.secrets,
      now: now(),
      toleranceSec: deps.webhook.toleranceSec,
    });
    if (!verdict.ok) {
      const source = refusalSource(req);
      deps.refusals.refuse(source, 'webhook_signature', () =>
        log.warn({ reason: verdict.reason, source }, `webhook rejected: ${verdict.detail}`),
      );
      answer(res, 'unauthorized', 401, { error: 'invalid webhook signature' });
      return;
    }
    if (verdict.secretIndex > 0) {
      log.info(
        { secretIndex: verdict.secretIndex },
        'webhook signed with an older ZENDESK_WEBHOOK_SECRET entry: finish the rotation, then remove it',
      );
    }

    let json: unknown;
    try {
      json = JSON.parse(stripBom(body.toString('utf8')));
    } catch {
      answer(res, 'bad_request', 400, { error: 'body is not valid JSON' });
      return;
    }
    const parsed = parseWebhookPayload(json, body, {
      invocationId: res.locals.invocationId as string | undefined,
      signatureTimestamp: typeof req.headers[TIMESTAMP_HEADER] === 'string' ? req.headers[TIMESTAMP_HEADER] : undefined,
    });
    if (!parsed.ok) {
      log.warn({ issues: parsed.issues }, 'webhook body does not match the trigger payload: check the trigger body');
      answer(res, 'invalid', 422, { error: 'invalid webhook body', issues: parsed.issues });
      return;
    }
    const request = parsed.request;
    if (request.kind === 'ignored') {
      log.info({ eventType: request.eventType }, 'webhook event type not handled; ignored');
      answer(res, 'ignored', 202, { status: 'ignored' });
      return;
    }

    const invocationId = res.locals.invocationId as string | undefined;
    const jobLog = log.child({ ticketId: request.ticketId, jobId: request.requestKey });
    try {
      const result = await enqueueTriageJob(
        deps.queue,
        {
          ticketId: request.ticketId,
          event: request.event,
          requestKey: request.requestKey,
          receivedAt: new Date(now()).toISOString(),
          ...(invocationId !== undefined ? { invocationId } : {}),
          ...(request.requestedBy !== undefined ? { requestedBy: request.requestedBy } : {}),
        },
        { timeoutMs: enqueueTimeoutMs },
      );
      jobLog.info({ status: result.status }, result.status === 'queued' ? 'webhook queued' : 'duplicate webhook: job already exists');
      answer(res, result.status, 202, { status: result.status, jobId: result.jobId });
    } catch (error) {
      if (error instanceof QueueUnavailableError) {
        // One line per refused delivery (the connection's own errors are reported once per outage).
        logFailureLine(jobLog, 'error', error, { context: 'could not store the webhook in Redis; answered 503 so Zendesk retries' });
        answer(res, 'unavailable', 503, { error: 'queue unavailable, retry later' });
        return;
      }
      throw error;
    }
  };

  router.post(WEBHOOK_PATH, gate, requireJson, requireHeaders, rejectDeclaredOversize, rawBody, bodyErrors, receive);
  router.all(WEBHOOK_PATH, (_req, res) => {
    res.setHeader('Allow', 'POST');
    res.status(405).json({ error: 'method not allowed; use POST' });
  });
  return router;
}

/** A header sent twice arrives joined with ", "; headersDistinct shows the repetition. */
function headerValue(req: Request, name: string): string | string[] | undefined {
  const values = req.headersDistinct[name];
  if (values === undefined) return undefined;
  return values.length === 1 ? values[0] : values;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** body-parser and http-errors put the status on the error object. */
export function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = (error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode;
  return typeof candidate === 'number' ? candidate : undefined;
}
