import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../observability/logger.js';

export const INVOCATION_ID_HEADER = 'x-zendesk-webhook-invocation-id';

// The invocation id is not signed: accept only a short token so it cannot forge log lines.
const SAFE_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Request id = Zendesk's invocation id when present (so our logs match Zendesk's activity
 * log), else a UUID. Stored in res.locals with a child logger; echoed as `x-request-id`.
 */
export function requestContext(log: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers[INVOCATION_ID_HEADER];
    const invocationId = typeof header === 'string' && SAFE_ID.test(header) ? header : undefined;
    const reqId = invocationId ?? randomUUID();
    res.locals.reqId = reqId;
    res.locals.invocationId = invocationId;
    res.locals.log = log.child({ reqId });
    res.setHeader('x-request-id', reqId);
    next();
  };
}

/** The request's child logger, or `fallback` outside a request context. */
export function requestLog(res: Response, fallback: Logger): Logger {
  return (res.locals.log as Logger | undefined) ?? fallback;
}
