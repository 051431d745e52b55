/**
 * Typed failures of the Zendesk client. Callers steer retries with `instanceof`/`name`,
 * `retryable` and `retryAfterMs`, never with the message text. Messages carry the endpoint
 * template (`PUT /tickets/{id}`), the status and Zendesk's error code, never ticket text.
 */

export interface ZendeskErrorOptions {
  /** HTTP status; null when no answer arrived (timeout, network). */
  status: number | null;
  /** Route template, e.g. `PUT /tickets/{id}`. */
  endpoint: string;
  /** Zendesk's `error` code from the body, e.g. `UpdateConflict`, `RecordNotFound`. */
  code?: string | undefined;
  cause?: unknown;
}

export class ZendeskError extends Error {
  override name = 'ZendeskError';
  readonly status: number | null;
  readonly endpoint: string;
  readonly code: string | undefined;
  /** Whether the same request may succeed later (the caller decides when and how often). */
  readonly retryable: boolean;

  constructor(message: string, options: ZendeskErrorOptions & { retryable: boolean }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
    this.endpoint = options.endpoint;
    this.code = options.code;
    this.retryable = options.retryable;
  }
}

/** 401/403: wrong or missing credentials, or a user without the needed role. */
export class ZendeskAuthError extends ZendeskError {
  override name = 'ZendeskAuthError';
  constructor(message: string, options: ZendeskErrorOptions) {
    super(message, { ...options, retryable: false });
  }
}

/** 404: the ticket (or other record) does not exist, or was deleted. */
export class ZendeskNotFoundError extends ZendeskError {
  override name = 'ZendeskNotFoundError';
  constructor(message: string, options: ZendeskErrorOptions) {
    super(message, { ...options, retryable: false });
  }
}

/** 409 `UpdateConflict`: the ticket changed since it was read. Re-read, re-merge, then retry. */
export class ZendeskConflictError extends ZendeskError {
  override name = 'ZendeskConflictError';
  constructor(message: string, options: ZendeskErrorOptions) {
    super(message, { ...options, retryable: true });
  }
}

/** 422 `RecordInvalid` (and 400 bad request): the request itself is wrong; repeating it cannot help. */
export class ZendeskValidationError extends ZendeskError {
  override name = 'ZendeskValidationError';
  /** Zendesk's `details` (422) or `errors` (Webhooks API 400), as sent. */
  readonly details: unknown;
  constructor(message: string, options: ZendeskErrorOptions & { details?: unknown }) {
    super(message, { ...options, retryable: false });
    this.details = options.details;
  }
}

/** 429: wait `retryAfterMs` (from Retry-After; 60 s when Zendesk did not say). */
export class ZendeskRateLimitError extends ZendeskError {
  override name = 'ZendeskRateLimitError';
  readonly retryAfterMs: number;
  /** The `Zendesk-RateLimit-*` header that ran out, when present, e.g. `tickets-update`. */
  readonly limit: string | undefined;
  constructor(message: string, options: ZendeskErrorOptions & { retryAfterMs: number; limit?: string | undefined }) {
    super(message, { ...options, retryable: true });
    this.retryAfterMs = options.retryAfterMs;
    this.limit = options.limit;
  }
}

/** 5xx: Zendesk failed; a 503 may say when to come back. */
export class ZendeskServerError extends ZendeskError {
  override name = 'ZendeskServerError';
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: ZendeskErrorOptions & { retryAfterMs?: number | undefined }) {
    super(message, { ...options, retryable: true });
    this.retryAfterMs = options.retryAfterMs;
  }
}

/**
 * No answer within the client's timeout. The request may still have been applied (a PUT that
 * was slow but succeeded), so the caller must make its retry idempotent.
 */
export class ZendeskTimeoutError extends ZendeskError {
  override name = 'ZendeskTimeoutError';
  readonly timeoutMs: number;
  constructor(message: string, options: Omit<ZendeskErrorOptions, 'status'> & { timeoutMs: number }) {
    super(message, { ...options, status: null, retryable: true });
    this.timeoutMs = options.timeoutMs;
  }
}

/** Why a connection failed before any answer: the message says what to check for each. */
export type NetworkFailureKind = 'dns' | 'refused' | 'tls' | 'reset' | 'timeout' | 'other';

/**
 * The connection failed before an answer arrived. `kind` names the cause (DNS, refused, TLS,
 * reset, connect timeout); `errorCode` is the system or TLS code (`ENOTFOUND`, `ECONNREFUSED`,
 * `ERR_SSL_WRONG_VERSION_NUMBER`, …). Retryable like any lost
 * connection (the worker's back-off applies); the CLI reports it at once.
 */
export class ZendeskNetworkError extends ZendeskError {
  override name = 'ZendeskNetworkError';
  readonly kind: NetworkFailureKind;
  readonly errorCode: string | undefined;
  constructor(message: string, options: Omit<ZendeskErrorOptions, 'status'> & { kind?: NetworkFailureKind; errorCode?: string }) {
    super(message, { ...options, status: null, retryable: true });
    this.kind = options.kind ?? 'other';
    this.errorCode = options.errorCode;
  }
}

/** A 2xx whose body is not JSON or does not match the schema; `path` names the first bad field. */
export class ZendeskResponseError extends ZendeskError {
  override name = 'ZendeskResponseError';
  /** Dotted path of the offending field (`ticket.updated_at`), or `(body)` when not JSON. */
  readonly path: string;
  constructor(message: string, options: ZendeskErrorOptions & { path: string }) {
    super(message, { ...options, retryable: false });
    this.path = options.path;
  }
}

/**
 * A 3xx. The client never follows redirects (they could carry our credentials to another host);
 * a redirect usually means the base URL is not the account's canonical one.
 */
export class ZendeskRedirectError extends ZendeskError {
  override name = 'ZendeskRedirectError';
  readonly location: string | undefined;
  constructor(message: string, options: ZendeskErrorOptions & { location?: string | undefined }) {
    super(message, { ...options, retryable: false });
    this.location = options.location;
  }
}

/** Any other 4xx (405, 413, …): a bug on our side, not retryable. */
export class ZendeskRequestError extends ZendeskError {
  override name = 'ZendeskRequestError';
  constructor(message: string, options: ZendeskErrorOptions) {
    super(message, { ...options, retryable: false });
  }
}
