import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Logger } from '../observability/logger.js';
import type { ZendeskClientAuth } from '../zendesk/client.js';
import { createFaults, dropIdentity, type SandboxFault } from './faults.js';
import { createRateLimits, type WindowUsage } from './rate-limits.js';
import { createSandboxApp, signUrlToken, type SandboxApp, type SignedUrlTokenInput } from './sandbox-apps.js';
import { createSandboxAccount, type AttachmentInput, type CommentInput, type SavedTicket, type TicketChanges } from './sandbox-account.js';
import { createSandboxRoutes, type Reply, type Route } from './sandbox-routes.js';
import type { SandboxMacro, SandboxState, SandboxTicket, SandboxUser, UserRole } from './sandbox-types.js';
import { seedZendeskSandbox } from './seed.js';
import { createWebhookDelivery, type WebhookDelivery } from './webhook-delivery.js';

export interface ZendeskSandboxOptions {
  /** @defaultValue 0 (a free port) */
  port?: number;
  /** API user's credentials. @defaultValue a bot user with a random token */
  credentials?: { email: string; apiToken: string };
  /** Bearer token also accepted for the API user. @defaultValue random */
  oauthToken?: string;
  /** Role of the API user: `agent` cannot manage webhooks/triggers/macros, `end-user` nothing (403). @defaultValue 'admin' */
  apiUserRole?: UserRole;
  /** Id of the installed sidebar app. @defaultValue 1064193 */
  appId?: number;
  accountId?: number;
  /** Account-wide Update Ticket budget per (scaled) minute. @defaultValue 100 */
  updatesPerMinute?: number;
  /** Update Ticket budget per user+ticket per 10 (scaled) minutes. @defaultValue 30 */
  updatesPerTicketPer10Min?: number;
  /** Whole-API budget per (scaled) minute. @defaultValue 700 */
  requestsPerMinute?: number;
  /** Length of a rate-limit minute, in ms (e.g. 6_000 to run a benchmark 10× faster). @defaultValue 60_000 */
  minuteMs?: number;
  /** Epoch milliseconds; drives stamps and rate windows. @defaultValue Date.now */
  clock?: () => number;
  /** Added before every answer, in ms (benchmarks use 20). @defaultValue 0 */
  latencyMs?: number;
  /** false: fired webhooks are recorded (state `skipped`) but not sent. @defaultValue true */
  deliverWebhooks?: boolean;
  /** Zendesk's delivery timeout. @defaultValue 12_000 */
  webhookTimeoutMs?: number;
  /** Delay before retrying a 409/timeout delivery. @defaultValue 500 */
  webhookRetryDelayMs?: number;
  /** Seeds the example sign-in tickets at start (no triggers exist yet, so none fire). @defaultValue false */
  seed?: boolean;
  /** Entries kept in `requests` (oldest dropped first; `stats()` counts everything). @defaultValue 50_000 */
  maxLoggedRequests?: number;
  /** Request bodies above this are refused (413). @defaultValue 1 MiB */
  maxBodyBytes?: number;
  /** Lifecycle and delivery failures only; never request bodies or ticket text. */
  log?: Logger;
}

export interface SandboxRequest {
  method: string;
  /** Path without query, as received (`/api/v2/tickets/1001.json`). */
  path: string;
  query: string;
  /** Route template (`/api/v2/tickets/{id}`), or null for an unknown path. */
  route: string | null;
  status: number;
  /** Answered by an injected fault. */
  fault: boolean;
  at: string;
}

export interface AgentEdit {
  addTags?: string[];
  removeTags?: string[];
  status?: TicketChanges['status'];
  comment?: CommentInput;
  /** Agent making the edit. @defaultValue the sandbox's agent */
  agentId?: number;
}

export interface NewSandboxTicket {
  subject: string;
  body?: string;
  html_body?: string;
  requester: { name: string; email: string; locale?: string };
  attachments?: AttachmentInput[];
  tags?: string[];
  status?: SandboxTicket['status'];
  /** @defaultValue 'web' */
  channel?: string;
}

export interface ZendeskSandbox {
  url: string;
  accountId: number;
  credentials: { email: string; apiToken: string };
  oauthToken: string;
  /** Ready for `createZendeskClient({ auth })`. */
  auth: ZendeskClientAuth;
  apiUser: SandboxUser;
  /** An agent for simulated edits and macro applications. */
  agent: SandboxUser;
  state: SandboxState;
  requests: SandboxRequest[];
  deliveries: WebhookDelivery[];
  /** Count of requests per `METHOD template` and status, e.g. `{'PUT /api/v2/tickets/{id}': {200: 3, 409: 1}}`. */
  stats(): Record<string, Record<number, number>>;
  clearRequests(): void;
  /**
   * Per fixed window of an account-wide budget (`tickets-update`: Update Ticket; `api`: every
   * request), oldest first: requests counted and refused with 429, on the stand-in's clock. How
   * benchmarks and tests measure the share of Zendesk's budget a burst used.
   */
  rateLimitWindows(budget: 'api' | 'tickets-update'): WindowUsage[];
  injectFaults(faults: readonly SandboxFault[]): void;
  clearFaults(): void;
  /** A ticket as a customer submits it (update_type Create: triggers fire). */
  createTicket(ticket: NewSandboxTicket): SandboxTicket;
  /** Adds a comment as a save by `author_id` (default: the requester); triggers fire. */
  addComment(ticketId: number, comment: CommentInput): SandboxTicket;
  /** An agent's concurrent edit: bumps updated_at, fires triggers. */
  agentEdit(ticketId: number, edit: AgentEdit): SandboxTicket;
  /** Agent applies a macro (by id or title) and submits: saved as the agent's update, triggers fire. */
  applyMacro(ticketId: number, macro: number | string, options?: { agentId?: number }): SandboxTicket;
  /** Adds a user (e.g. a restricted agent: set `ticket_restriction`, groups in `state.groupMemberships`). */
  addUser(user: { name: string; email: string | null; role: UserRole; locale?: string }): SandboxUser;
  /**
   * An API token for another user (Admin Center → Zendesk API tokens act as the email given with
   * them): requests made with it act as that user, with that user's role (an agent's token gets
   * 403 on admin-only endpoints such as the incremental export). Ready for `createZendeskClient`.
   */
  addApiToken(userId: number): ZendeskClientAuth & { type: 'token' };
  /** The sidebar app installed as a private app: its own RSA key pair. */
  app: SandboxApp;
  /** The `token` Zendesk POSTs when it loads the app's iframe (`"signedUrls": true`) for `userId`. */
  signUrlToken(input: SignedUrlTokenInput): Promise<string>;
  /** Resolves when the deliveries satisfy `predicate`; rejects after timeoutMs. */
  waitForDeliveries(predicate: (deliveries: readonly WebhookDelivery[]) => boolean, timeoutMs?: number): Promise<WebhookDelivery[]>;
  /** Resolves once no webhook delivery is in flight. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const UNAUTHORIZED_BODY = { error: "Couldn't authenticate you" };
const FORBIDDEN_BODY = {
  error: 'Forbidden',
  description: 'You do not have access to this page. Please contact the account owner of this help desk for further help.',
};
const HTML_PAGE = '<!DOCTYPE html><html><head><title>Help Center</title></head><body><h1>Maintenance</h1></body></html>';

/**
 * A local Zendesk Support API on 127.0.0.1: tickets, comments, users, webhooks, triggers and
 * macros in memory, with Zendesk's auth answers, safe updates, rate limits, pagination, trigger
 * engine and signed webhook deliveries. For tests, benchmarks and `npm start` without an account.
 */
export async function startZendeskSandbox(options: ZendeskSandboxOptions = {}): Promise<ZendeskSandbox> {
  const now = options.clock ?? Date.now;
  const accountId = options.accountId ?? 22_129_848;
  const credentials = options.credentials ?? { email: 'triage-bot@sandbox.example.com', apiToken: randomBytes(18).toString('base64url') };
  const oauthToken = options.oauthToken ?? randomBytes(24).toString('hex');
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  let baseUrl = '';

  const delivery = createWebhookDelivery({
    accountId,
    enabled: options.deliverWebhooks ?? true,
    ...(options.webhookTimeoutMs !== undefined ? { timeoutMs: options.webhookTimeoutMs } : {}),
    ...(options.webhookRetryDelayMs !== undefined ? { retryDelayMs: options.webhookRetryDelayMs } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const account = createSandboxAccount({ accountId, baseUrl: () => baseUrl, now, notify: delivery.enqueue });
  const limits = createRateLimits({
    now,
    ...(options.updatesPerMinute !== undefined ? { updatesPerMinute: options.updatesPerMinute } : {}),
    ...(options.updatesPerTicketPer10Min !== undefined ? { updatesPerTicketPer10Min: options.updatesPerTicketPer10Min } : {}),
    ...(options.requestsPerMinute !== undefined ? { requestsPerMinute: options.requestsPerMinute } : {}),
    ...(options.minuteMs !== undefined ? { minuteMs: options.minuteMs } : {}),
  });
  const routes = createSandboxRoutes({ account, limits, baseUrl: () => baseUrl });
  const faults = createFaults();
  const requests: SandboxRequest[] = [];
  const counts = new Map<string, Map<number, number>>();
  const maxLogged = options.maxLoggedRequests ?? 50_000;
  /** Cuts short the waits of latency and slow faults when the stand-in closes. */
  const closing = new AbortController();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (closing.signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        closing.signal.removeEventListener('abort', done);
        resolve();
      }
      closing.signal.addEventListener('abort', done, { once: true });
    });

  const apiUser = account.addUser({ name: 'Sign-in Triage Bot', email: credentials.email, role: options.apiUserRole ?? 'admin' });
  const agent = account.addUser({ name: 'Alex Moreau', email: 'alex.moreau@support.example.com', role: 'agent', locale: 'en-GB' });
  const app = createSandboxApp(options.appId ?? 1_064_193, 360_000_123_456);
  account.state.apps.set(app.appId, app);

  const basicExpected = Buffer.from(
    `Basic ${Buffer.from(`${credentials.email}/token:${credentials.apiToken}`, 'utf8').toString('base64')}`,
  );
  const bearerExpected = Buffer.from(`Bearer ${oauthToken}`);
  /** Accepted Authorization headers and the user each one acts as. */
  const tokens: Array<{ expected: Buffer; userId: number }> = [
    { expected: basicExpected, userId: apiUser.id },
    { expected: bearerExpected, userId: apiUser.id },
  ];
  const authenticated = (header: string | undefined): SandboxUser | null => {
    if (header === undefined) return null;
    const given = Buffer.from(header);
    const found = tokens.find(({ expected }) => expected.length === given.length && timingSafeEqual(expected, given));
    return found ? (account.state.users.get(found.userId) ?? null) : null;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const path = url.pathname.replace(/\.json$/, '');
    const matched = matchRoute(routes, method, path);
    const log = (status: number, fault: boolean) => {
      const route = matched?.route.template ?? null;
      // Benchmarks send many requests: the log keeps the latest ones, the counters all of them.
      if (requests.length >= maxLogged) requests.splice(0, Math.ceil(maxLogged / 10));
      requests.push({ method, path: url.pathname, query: url.search, route, status, fault, at: new Date().toISOString() });
      const key = `${method} ${route ?? url.pathname}`;
      const byStatus = counts.get(key) ?? new Map<number, number>();
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
      counts.set(key, byStatus);
    };

    if (options.latencyMs) await sleep(options.latencyMs);

    const fault = faults.take(method, url.pathname + url.search);
    if (fault?.delayMs && (fault.status !== undefined || fault.mode !== undefined)) await sleep(fault.delayMs);
    if (fault?.mode === 'reset') {
      log(0, true);
      req.socket.destroy();
      return;
    }
    if (fault?.mode === 'html') {
      log(200, true);
      send(res, { status: 200, body: HTML_PAGE, headers: { 'content-type': 'text/html; charset=utf-8' } });
      return;
    }
    if (fault?.status !== undefined) {
      log(fault.status, true);
      const headers: Record<string, string> = { ...fault.headers };
      if (fault.retryAfterSec !== undefined) headers['Retry-After'] = String(fault.retryAfterSec);
      send(res, { status: fault.status, body: fault.body ?? defaultFaultBody(fault.status), headers });
      return;
    }

    let reply: Reply;
    try {
      reply = await answer(req, method, url, matched);
    } catch (error) {
      options.log?.error({ err: error, route: matched?.route.template }, 'sandbox handler failed');
      reply = { status: 500, body: { error: 'InternalError', description: 'Sandbox handler failed' } };
    }
    if (fault?.mode === 'missing-fields' && reply.status < 300) reply = { ...reply, body: dropIdentity(reply.body) };
    // "Slow but applied": the change is saved; only the answer is late.
    if (fault?.delayMs && fault.status === undefined && fault.mode === undefined) await sleep(fault.delayMs);
    log(reply.status, fault !== undefined);
    send(res, reply);
  }

  async function answer(req: IncomingMessage, method: string, url: URL, matched: ReturnType<typeof matchRoute>): Promise<Reply> {
    const budget = limits.request();
    const budgetHeaders = {
      'X-Rate-Limit': String(budget.total),
      'X-Rate-Limit-Remaining': String(budget.remaining),
      'ratelimit-limit': String(budget.total),
      'ratelimit-remaining': String(budget.remaining),
      'ratelimit-reset': String(budget.resetsSec),
    };
    const withBudget = (reply: Reply): Reply => ({ ...reply, headers: { ...budgetHeaders, ...reply.headers } });

    const actor = authenticated(req.headers.authorization);
    if (!actor) {
      req.resume();
      return withBudget({ status: 401, body: UNAUTHORIZED_BODY, headers: { 'WWW-Authenticate': 'Basic realm="Web Password"' } });
    }
    if (!budget.allowed) {
      req.resume();
      return withBudget({
        status: 429,
        headers: { 'Retry-After': String(budget.resetsSec) },
        body: { error: 'APIRateLimitExceeded', description: 'Number of allowed API requests per minute exceeded' },
      });
    }
    if (!matched) {
      req.resume();
      return withBudget({ status: 404, body: { error: 'InvalidEndpoint', description: 'Not found' } });
    }
    const { route } = matched;
    if ((actor.role === 'end-user' && !route.anyRole) || (route.adminOnly && actor.role !== 'admin')) {
      req.resume();
      return withBudget({ status: 403, body: route.forbiddenBody ?? FORBIDDEN_BODY });
    }

    let body: unknown;
    if (method === 'POST' || method === 'PUT') {
      const raw = await readBody(req, maxBodyBytes);
      if (raw === null)
        return withBudget({
          status: 413,
          body: { error: 'RequestTooLarge', description: `Request body is larger than ${maxBodyBytes} bytes` },
        });
      try {
        body = raw.length === 0 ? undefined : JSON.parse(raw.toString('utf8'));
      } catch {
        return withBudget({ status: 400, body: { error: 'InvalidJSON', description: 'The request body is not valid JSON' } });
      }
    } else {
      req.resume();
    }
    return withBudget(route.handle({ params: matched.params, query: url.searchParams, body, actor }));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.log?.error({ err: error }, 'sandbox request failed');
      if (!res.headersSent) send(res, { status: 500, body: { error: 'InternalError' } });
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Users created before the port was known get their real URLs.
  for (const user of account.state.users.values()) user.url = `${baseUrl}/api/v2/users/${user.id}.json`;

  const saved = (result: SavedTicket) => result.ticket;

  function findMacro(macro: number | string): SandboxMacro {
    const found =
      typeof macro === 'number'
        ? account.state.macros.get(macro)
        : [...account.state.macros.values()].find((candidate) => candidate.title === macro);
    if (!found) throw new Error(`sandbox has no macro ${String(macro)}`);
    return found;
  }

  const sandbox: ZendeskSandbox = {
    url: baseUrl,
    accountId,
    credentials,
    oauthToken,
    auth: { type: 'token', email: credentials.email, apiToken: credentials.apiToken },
    apiUser,
    agent,
    state: account.state,
    requests,
    deliveries: delivery.deliveries,
    stats() {
      return Object.fromEntries([...counts].map(([key, byStatus]) => [key, Object.fromEntries(byStatus)]));
    },
    clearRequests() {
      requests.length = 0;
      counts.clear();
    },
    rateLimitWindows: (budget) => limits.usage(budget),
    injectFaults: faults.add,
    clearFaults: faults.clear,
    addUser: (user) => account.addUser(user),
    addApiToken(userId) {
      const user = account.state.users.get(userId);
      if (!user?.email) throw new Error(`sandbox has no user ${userId} with an email`);
      const apiToken = randomBytes(18).toString('base64url');
      tokens.push({ expected: Buffer.from(`Basic ${Buffer.from(`${user.email}/token:${apiToken}`, 'utf8').toString('base64')}`), userId });
      return { type: 'token', email: user.email, apiToken };
    },
    app,
    signUrlToken: (input) => signUrlToken(app, baseUrl, input),
    createTicket(ticket) {
      const requester = account.findOrAddEndUser(ticket.requester.name, ticket.requester.email);
      if (ticket.requester.locale) requester.locale = ticket.requester.locale;
      const comment: CommentInput = {
        ...(ticket.html_body !== undefined ? { html_body: ticket.html_body } : { body: ticket.body ?? '' }),
        public: true,
        author_id: requester.id,
        ...(ticket.attachments ? { attachments: ticket.attachments } : {}),
      };
      return saved(
        account.createTicket(
          {
            subject: ticket.subject,
            comment,
            requester_id: requester.id,
            ...(ticket.tags ? { tags: ticket.tags } : {}),
            ...(ticket.status ? { status: ticket.status } : {}),
            channel: ticket.channel ?? 'web',
          },
          requester.id,
        ),
      );
    },
    addComment(ticketId, comment) {
      const ticket = account.state.tickets.get(ticketId);
      if (!ticket) throw new Error(`sandbox has no ticket ${ticketId}`);
      const authorId = comment.author_id ?? ticket.requester_id;
      return saved(account.updateTicket(ticketId, { comment: { ...comment, author_id: authorId } }, authorId));
    },
    agentEdit(ticketId, edit) {
      const changes: TicketChanges = {
        ...(edit.addTags ? { addTags: edit.addTags } : {}),
        ...(edit.removeTags ? { removeTags: edit.removeTags } : {}),
        ...(edit.status ? { status: edit.status } : {}),
        ...(edit.comment ? { comment: edit.comment } : {}),
      };
      return saved(account.updateTicket(ticketId, changes, edit.agentId ?? agent.id));
    },
    applyMacro(ticketId, macro, applyOptions = {}) {
      return saved(account.updateTicket(ticketId, account.macroChanges(findMacro(macro)), applyOptions.agentId ?? agent.id));
    },
    waitForDeliveries: delivery.waitFor,
    idle: delivery.idle,
    async close() {
      closing.abort();
      await delivery.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      options.log?.info('Zendesk sandbox stopped');
    },
  };

  if (options.seed) seedZendeskSandbox(sandbox);
  options.log?.info({ url: baseUrl }, 'Zendesk sandbox listening');
  return sandbox;
}

function matchRoute(routes: readonly Route[], method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (!match) continue;
    try {
      return {
        route,
        params: Object.fromEntries(Object.entries(match.groups ?? {}).map(([key, value]) => [key, decodeURIComponent(value)])),
      };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function defaultFaultBody(status: number): unknown {
  if (status === 429) return { error: 'APIRateLimitExceeded', description: 'Number of allowed API requests per minute exceeded' };
  if (status === 503) return { error: 'ServiceUnavailable', description: 'Service temporarily unavailable' };
  if (status >= 500) return { error: 'InternalError', description: 'Something went wrong' };
  if (status >= 300 && status < 400) return '';
  return { error: `Status${status}` };
}

function send(res: ServerResponse, reply: Reply): void {
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'x-zendesk-origin-server': 'sandbox.signin-triage',
    ...lowerKeys(reply.headers ?? {}),
  };
  headers['content-length'] = String(Buffer.byteLength(text));
  res.writeHead(reply.status, headers);
  res.end(text);
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
