import { AUTH_REFUSAL_CODES, type ApiFailure, type AuthRefusalCode, type DiagnosisResponse } from './view-model.js';
import type { ZafClient, ZafRequestFailure, ZafRequestOptions } from './zaf.js';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(readonly failure: ApiFailure) {
    super(`signin-triage server call failed: ${failure.kind}`);
  }
}

export interface FeedbackResult {
  retag: 'done' | 'off' | 'conflict' | 'failed';
}

export interface ApiClient {
  getDiagnosis(): Promise<DiagnosisResponse>;
  rerun(): Promise<void>;
  sendFeedback(issue: string, comment: string): Promise<FeedbackResult>;
}

export interface ApiClientOptions {
  zaf: ZafClient;
  /** The app's `server_url` setting, as typed by the admin. */
  serverUrl: string;
  ticketId: string;
  /**
   * The session token the server put in the page after verifying Zendesk's signed URL
   * (`<meta name="signin-triage-session">`); null when the page was not loaded that way.
   */
  sessionToken: string | null;
}

/**
 * `server_url` without trailing slashes, or null when it is not an https URL (plain http is
 * allowed for localhost only, for `zcli apps:server` development).
 */
export function normalizeServerUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) return null;
  if (url.username || url.password || url.search || url.hash) return null;
  // A loop, not /\/+$/ (quadratic on long runs of slashes).
  const text = url.toString();
  let end = text.length;
  while (end > 0 && text[end - 1] === '/') end -= 1;
  return text.slice(0, end);
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const base = normalizeServerUrl(options.serverUrl);
  const ticketPath = `/app/tickets/${encodeURIComponent(options.ticketId)}`;

  async function call(type: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    if (base === null) throw new ApiError({ kind: 'not-configured' });
    if (options.sessionToken === null) throw new ApiError({ kind: 'unauthorized', code: 'unauthorized' });
    // The agent is the one Zendesk signed the iframe's URL for; nothing here names the agent.
    const request: ZafRequestOptions = {
      url: `${base}${path}`,
      type,
      secure: false,
      cors: false,
      headers: { Authorization: `Bearer ${options.sessionToken}` },
      contentType: 'application/json',
      dataType: 'json',
    };
    if (body !== undefined) request.data = JSON.stringify(body);
    try {
      const data = await options.zaf.request(request);
      return typeof data === 'string' ? parseJson(data) : data;
    } catch (error) {
      throw new ApiError(failureOf(error));
    }
  }

  return {
    async getDiagnosis() {
      return (await call('GET', `${ticketPath}/diagnosis`)) as DiagnosisResponse;
    },
    async rerun() {
      await call('POST', `${ticketPath}/rerun`, {});
    },
    async sendFeedback(issue, comment) {
      const trimmed = comment.trim();
      const result = (await call('POST', `${ticketPath}/feedback`, trimmed ? { issue, comment: trimmed } : { issue })) as {
        retag?: FeedbackResult['retag'];
      };
      return { retag: result.retag ?? 'failed' };
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The server's `code` when it is one the app knows; anything else reads as a plain refusal. */
function refusalCode(body: unknown): AuthRefusalCode {
  const code = typeof body === 'object' && body !== null ? (body as { code?: unknown }).code : undefined;
  return AUTH_REFUSAL_CODES.find((known) => known === code) ?? 'unauthorized';
}

/**
 * Our server always answers `{ "error": "…" }` on failure. Anything else (status 0, an HTML
 * page from a proxy or a wrong host) means the request never reached us: check server_url.
 */
export function failureOf(error: unknown): ApiFailure {
  const failure = (typeof error === 'object' && error !== null ? error : {}) as ZafRequestFailure;
  const status = typeof failure.status === 'number' ? failure.status : 0;
  const body = failure.responseJSON ?? (typeof failure.responseText === 'string' ? parseJson(failure.responseText) : undefined);
  const message =
    typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string'
      ? (body as { error: string }).error
      : null;
  if (status === 0 || message === null) return { kind: 'unreachable', status };
  if (status === 401) return { kind: 'unauthorized', code: refusalCode(body) };
  if (status === 403) return { kind: 'forbidden' };
  return { kind: 'server', status, message };
}
