import type { z } from 'zod';

import { zendeskBaseUrl } from './base-url.js';
import {
  ZendeskAuthError,
  ZendeskConflictError,
  ZendeskError,
  ZendeskNetworkError,
  type NetworkFailureKind,
  ZendeskNotFoundError,
  ZendeskRateLimitError,
  ZendeskRedirectError,
  ZendeskRequestError,
  ZendeskResponseError,
  ZendeskServerError,
  ZendeskTimeoutError,
  ZendeskValidationError,
} from './errors.js';
import { parseRetryAfterMs } from './parse-retry-after.js';
import { readRateLimitHeaders, type RateLimitReading } from './rate-limit-headers.js';
import {
  commentsPageSchema,
  errorBodySchema,
  incrementalTicketsPageSchema,
  macroShowSchema,
  macrosPageSchema,
  ticketSchema,
  ticketShowSchema,
  ticketUpdateResponseSchema,
  macroSchema,
  triggerSchema,
  triggerShowSchema,
  triggersPageSchema,
  userShowSchema,
  groupMembershipsPageSchema,
  organizationMembershipsPageSchema,
  customRoleShowSchema,
  publicKeyPemSchema,
  webhookShowSchema,
  webhookSigningSecretSchema,
  webhooksPageSchema,
  type ZendeskComment,
  type ZendeskMacro,
  type ZendeskMacroCreate,
  type ZendeskTicket,
  type ZendeskTicketCreate,
  type ZendeskTrigger,
  type ZendeskTriggerCreate,
  type ZendeskUser,
  type ZendeskWebhook,
  type ZendeskWebhookCreate,
} from './schemas.js';

export type ZendeskClientAuth = { type: 'token'; email: string; apiToken: string } | { type: 'oauth'; accessToken: string };

export interface ZendeskCall {
  method: string;
  /** Route template, e.g. `PUT /tickets/{id}`: bounded label values for metrics. */
  endpoint: string;
  status: number | 'timeout' | 'network';
  durationMs: number;
}

export interface ZendeskClientOptions {
  /** Account origin, e.g. https://acme.zendesk.com or http://127.0.0.1:PORT (stand-in). */
  baseUrl: string;
  auth: ZendeskClientAuth;
  /** Per request, headers and body included. @defaultValue 10_000 */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Called once per HTTP call (metrics). */
  onCall?: (call: ZendeskCall) => void;
  /** Sees the request budgets each answer reports (src/zendesk/rate-limit-headers.ts). */
  onRateLimit?: (reading: RateLimitReading) => void;
}

export interface TicketUpdate {
  /** The full tag set: Zendesk replaces all tags with it. */
  tags: string[];
  comment?: { html_body: string; public: false };
  /** Apply only if the ticket's updated_at still equals this (else 409 UpdateConflict). */
  safeUpdate?: { updatedStamp: string };
}

export interface IncrementalTicketsPage {
  tickets: ZendeskTicket[];
  /**
   * Records that did not parse as a ticket, skipped: the id when one could be read (never any
   * text) and where the record was wrong (`created_at`, `tags.0`, …).
   */
  malformed: Array<{ id: number | null; path: string }>;
  afterCursor: string | null;
  endOfStream: boolean;
}

/** Who the credentials act as, and the account's request budget if Zendesk sent one. */
export interface CurrentUser {
  user: ZendeskUser;
  /**
   * Requests per minute the account's plan allows, from `X-Rate-Limit` (or `ratelimit-limit`)
   * on the answer (developer.zendesk.com/api-reference/introduction/rate-limits/); null when absent.
   */
  accountRateLimitPerMinute: number | null;
}

export interface ZendeskClient {
  readonly baseUrl: string;
  getTicket(id: string): Promise<{ ticket: ZendeskTicket; users: ZendeskUser[] }>;
  /** Every comment, oldest first, inline images included, with the authors sideloaded. */
  listComments(id: string): Promise<{ comments: ZendeskComment[]; users: ZendeskUser[] }>;
  updateTicket(id: string, update: TicketUpdate): Promise<ZendeskTicket>;
  createTicket(ticket: ZendeskTicketCreate): Promise<ZendeskTicket>;
  incrementalTicketsSince(startTimeSec: number, cursor?: string): Promise<IncrementalTicketsPage>;
  /** `GET /api/v2/users/me` with the account's `X-Rate-Limit`: the role decides whether the sweep may run (the export is admin-only). */
  getCurrentUserAndLimit(): Promise<CurrentUser>;
  getUser(id: string): Promise<ZendeskUser>;
  /** Ids of the groups the user belongs to. */
  listUserGroupIds(userId: string): Promise<number[]>;
  /** Ids of the organizations the user belongs to (a user can be in several). */
  listUserOrganizationIds(userId: string): Promise<number[]>;
  getCustomRole(id: string): Promise<{ id: number; name: string; ticketEditing: boolean }>;
  /** The app's RS256 public key (PEM), which verifies its signed-URL tokens. */
  getAppPublicKey(appId: string): Promise<string>;
  listWebhooks(): Promise<ZendeskWebhook[]>;
  createWebhook(webhook: ZendeskWebhookCreate): Promise<ZendeskWebhook>;
  getWebhookSigningSecret(webhookId: string): Promise<string>;
  /** Deletes a webhook (204). */
  deleteWebhook(webhookId: string): Promise<void>;
  /** Every trigger; an entry that does not parse is left out and reported to `onSkip` (never fatal). */
  listTriggers(options?: ListOptions): Promise<ZendeskTrigger[]>;
  createTrigger(trigger: ZendeskTriggerCreate): Promise<ZendeskTrigger>;
  deleteTrigger(id: string): Promise<void>;
  /** Every shared macro; entries that do not parse are skipped like `listTriggers`'. */
  listMacros(options?: ListOptions): Promise<ZendeskMacro[]>;
  createMacro(macro: ZendeskMacroCreate): Promise<ZendeskMacro>;
  deleteMacro(id: string): Promise<void>;
  /** The API user (`GET /users/me`): who the credentials belong to and their role. */
  getCurrentUser(): Promise<ZendeskUser>;
}

/** A listed record that did not match our schema: its id (when readable) and the first problem. */
export interface SkippedRecord {
  kind: 'trigger' | 'macro';
  id: unknown;
  reason: string;
}

export interface ListOptions {
  onSkip?: (skipped: SkippedRecord) => void;
}

export const DEFAULT_ZENDESK_TIMEOUT_MS = 10_000;
/** Zendesk's maximum for cursor pagination. */
export const ZENDESK_PAGE_SIZE = 100;
/** A ticket holds at most 5,000 comments (50 pages); more pages mean a cursor loop. */
const MAX_PAGES = 1_000;
/** 429 without Retry-After: wait a full rate-limit window. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;
const USER_AGENT = 'signin-triage (+https://github.com/akeneo/signin-triage)';

interface RequestSpec<S extends z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Route template for metrics and messages (`/tickets/{id}`), without /api/v2. */
  route: string;
  /** Path after /api/v2, already encoded. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  schema: S;
  /** The answer is plain text (a PEM), validated by `schema` as a string. */
  text?: true;
  /** The answer has no body (204 No Content); `schema` is not used. */
  empty?: true;
  /** Sees the headers of a successful answer (e.g. the rate-limit budget). */
  onHeaders?: (headers: Headers) => void;
}

export function createZendeskClient(options: ZendeskClientOptions): ZendeskClient {
  const baseUrl = zendeskBaseUrl({ url: options.baseUrl });
  const timeoutMs = options.timeoutMs ?? DEFAULT_ZENDESK_TIMEOUT_MS;
  const doFetch = options.fetch ?? fetch;
  const authorization =
    options.auth.type === 'token'
      ? `Basic ${Buffer.from(`${options.auth.email}/token:${options.auth.apiToken}`, 'utf8').toString('base64')}`
      : `Bearer ${options.auth.accessToken}`;

  async function request<S extends z.ZodType>(spec: RequestSpec<S>): Promise<z.infer<S>> {
    const endpoint = `${spec.method} ${spec.route}`;
    // Built from the validated base URL and our own path only: credentials never go elsewhere
    // (pagination follows cursors, not the absolute `links.next` Zendesk sends).
    const url = new URL(`${baseUrl}/api/v2${spec.path}`);
    for (const [key, value] of Object.entries(spec.query ?? {})) url.searchParams.set(key, value);

    const headers: Record<string, string> = { authorization, accept: 'application/json', 'user-agent': USER_AGENT };
    if (spec.body !== undefined) headers['content-type'] = 'application/json';

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const started = performance.now();
    const report = (status: ZendeskCall['status']) =>
      options.onCall?.({ method: spec.method, endpoint, status, durationMs: performance.now() - started });

    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, {
        method: spec.method,
        headers,
        ...(spec.body !== undefined ? { body: JSON.stringify(spec.body) } : {}),
        redirect: 'manual',
        signal: controller.signal,
      });
      // Reading the body is part of the request: a server that stalls mid-body times out too.
      text = await response.text();
    } catch (error) {
      clearTimeout(timer);
      if (controller.signal.aborted) {
        report('timeout');
        throw new ZendeskTimeoutError(
          `Zendesk ${endpoint} did not answer within ${timeoutMs} ms (the request may still have been applied)`,
          {
            endpoint,
            timeoutMs,
            cause: error,
          },
        );
      }
      report('network');
      const { code, kind } = networkFailure(error);
      throw new ZendeskNetworkError(`Zendesk ${endpoint} failed before an answer: ${NETWORK_ADVICE[kind](url.host, code)}`, {
        endpoint,
        cause: error,
        kind,
        errorCode: code,
      });
    }
    clearTimeout(timer);
    report(response.status);
    if (options.onRateLimit) {
      const reading = readRateLimitHeaders(response.headers);
      if (reading) options.onRateLimit(reading);
    }

    if (response.status >= 200 && response.status < 300) {
      spec.onHeaders?.(response.headers);
      if (spec.empty) return undefined as z.infer<S>;
      return spec.text ? parseText(spec.schema, text, endpoint, response.status) : parseBody(spec.schema, text, endpoint, response.status);
    }
    throw toError(response, text, endpoint);
  }

  async function paginate<S extends z.ZodType<{ meta?: { has_more: boolean; after_cursor: string | null } | undefined }>>(
    spec: RequestSpec<S>,
  ): Promise<Array<z.infer<S>>> {
    const pages: Array<z.infer<S>> = [];
    const seen = new Set<string>();
    let after: string | undefined;
    for (let index = 0; index < MAX_PAGES; index += 1) {
      const query: Record<string, string> = { ...spec.query, 'page[size]': String(ZENDESK_PAGE_SIZE) };
      if (after !== undefined) query['page[after]'] = after;
      const page = await request({ ...spec, query });
      pages.push(page);
      const meta = page.meta;
      if (!meta?.has_more) return pages;
      if (meta.after_cursor === null || seen.has(meta.after_cursor)) {
        throw new ZendeskResponseError(`Zendesk ${spec.method} ${spec.route} said has_more but gave no new after_cursor`, {
          status: 200,
          endpoint: `${spec.method} ${spec.route}`,
          path: 'meta.after_cursor',
        });
      }
      seen.add(meta.after_cursor);
      after = meta.after_cursor;
    }
    throw new ZendeskResponseError(`Zendesk ${spec.method} ${spec.route} returned more than ${MAX_PAGES} pages`, {
      status: 200,
      endpoint: `${spec.method} ${spec.route}`,
      path: 'meta.has_more',
    });
  }

  return {
    baseUrl,

    async getTicket(id) {
      const body = await request({
        method: 'GET',
        route: '/tickets/{id}',
        path: `/tickets/${ticketId(id)}.json`,
        query: { include: 'users' },
        schema: ticketShowSchema,
      });
      return { ticket: body.ticket, users: body.users ?? [] };
    },

    async listComments(id) {
      const pages = await paginate({
        method: 'GET',
        route: '/tickets/{id}/comments',
        path: `/tickets/${ticketId(id)}/comments.json`,
        // Cursor pagination sorts with `sort`; `sort_order` is for offset pagination only
        // (developer.zendesk.com/documentation/api-basics/pagination/comparing-cursor-pagination-and-offset-pagination/).
        query: { include: 'users', include_inline_images: 'true', sort: 'created_at' },
        schema: commentsPageSchema,
      });
      const users = new Map<number, ZendeskUser>();
      for (const page of pages) for (const user of page.users ?? []) users.set(user.id, user);
      return { comments: pages.flatMap((page) => page.comments), users: [...users.values()] };
    },

    async updateTicket(id, update) {
      const ticket: Record<string, unknown> = { tags: update.tags };
      if (update.comment) ticket.comment = update.comment;
      if (update.safeUpdate) {
        ticket.safe_update = true;
        ticket.updated_stamp = update.safeUpdate.updatedStamp;
      }
      const body = await request({
        method: 'PUT',
        route: '/tickets/{id}',
        path: `/tickets/${ticketId(id)}.json`,
        body: { ticket },
        schema: ticketUpdateResponseSchema,
      });
      return body.ticket;
    },

    async createTicket(ticket) {
      const body = await request({
        method: 'POST',
        route: '/tickets',
        path: '/tickets.json',
        body: { ticket },
        schema: ticketUpdateResponseSchema,
      });
      return body.ticket;
    },

    async incrementalTicketsSince(startTimeSec, cursor) {
      if (!Number.isInteger(startTimeSec) || startTimeSec < 0)
        throw new RangeError('startTimeSec must be a non-negative integer (Unix seconds)');
      const body = await request({
        method: 'GET',
        route: '/incremental/tickets/cursor',
        path: '/incremental/tickets/cursor.json',
        query: cursor === undefined ? { start_time: String(startTimeSec) } : { cursor },
        schema: incrementalTicketsPageSchema,
      });
      const tickets: ZendeskTicket[] = [];
      const malformed: IncrementalTicketsPage['malformed'] = [];
      for (const record of body.tickets) {
        const parsed = ticketSchema.safeParse(record);
        if (parsed.success) tickets.push(parsed.data);
        else malformed.push({ id: recordId(record), path: issuePath(parsed.error) });
      }
      return { tickets, malformed, afterCursor: body.after_cursor, endOfStream: body.end_of_stream };
    },

    async getCurrentUserAndLimit() {
      let accountRateLimitPerMinute: number | null = null;
      const body = await request({
        method: 'GET',
        route: '/users/me',
        path: '/users/me.json',
        schema: userShowSchema,
        onHeaders: (headers) => {
          accountRateLimitPerMinute = positiveInteger(headers.get('x-rate-limit') ?? headers.get('ratelimit-limit'));
        },
      });
      return { user: body.user, accountRateLimitPerMinute };
    },

    async getUser(id) {
      const body = await request({
        method: 'GET',
        route: '/users/{id}',
        path: `/users/${numericId(id, 'user')}.json`,
        schema: userShowSchema,
      });
      return body.user;
    },

    async listUserGroupIds(userId) {
      const pages = await paginate({
        method: 'GET',
        route: '/users/{id}/group_memberships',
        path: `/users/${numericId(userId, 'user')}/group_memberships.json`,
        schema: groupMembershipsPageSchema,
      });
      return pages.flatMap((page) => page.group_memberships.map((membership) => membership.group_id));
    },

    async listUserOrganizationIds(userId) {
      const pages = await paginate({
        method: 'GET',
        route: '/users/{id}/organization_memberships',
        path: `/users/${numericId(userId, 'user')}/organization_memberships.json`,
        schema: organizationMembershipsPageSchema,
      });
      return pages.flatMap((page) => page.organization_memberships.map((membership) => membership.organization_id));
    },

    async getCustomRole(id) {
      const body = await request({
        method: 'GET',
        route: '/custom_roles/{id}',
        path: `/custom_roles/${numericId(id, 'custom role')}.json`,
        schema: customRoleShowSchema,
      });
      const role = body.custom_role;
      return { id: role.id, name: role.name, ticketEditing: role.configuration.ticket_editing === true };
    },

    async getAppPublicKey(appId) {
      return request({
        method: 'GET',
        route: '/apps/{id}/public_key.pem',
        path: `/apps/${numericId(appId, 'app')}/public_key.pem`,
        schema: publicKeyPemSchema,
        text: true,
      });
    },

    async listWebhooks() {
      const pages = await paginate({ method: 'GET', route: '/webhooks', path: '/webhooks', schema: webhooksPageSchema });
      return pages.flatMap((page) => page.webhooks);
    },

    async createWebhook(webhook) {
      const body = await request({ method: 'POST', route: '/webhooks', path: '/webhooks', body: { webhook }, schema: webhookShowSchema });
      return body.webhook;
    },

    async getWebhookSigningSecret(webhookId) {
      const body = await request({
        method: 'GET',
        route: '/webhooks/{id}/signing_secret',
        path: `/webhooks/${webhookIdPath(webhookId)}/signing_secret`,
        schema: webhookSigningSecretSchema,
      });
      return body.signing_secret.secret;
    },

    async deleteWebhook(webhookId) {
      await request({
        method: 'DELETE',
        route: '/webhooks/{id}',
        path: `/webhooks/${webhookIdPath(webhookId)}`,
        schema: webhookShowSchema,
        empty: true,
      });
    },

    async listTriggers(listOptions) {
      const pages = await paginate({ method: 'GET', route: '/triggers', path: '/triggers.json', schema: triggersPageSchema });
      return parseEach(
        pages.flatMap((page) => page.triggers),
        triggerSchema,
        'trigger',
        listOptions?.onSkip,
      );
    },

    async deleteTrigger(id) {
      await request({
        method: 'DELETE',
        route: '/triggers/{id}',
        path: `/triggers/${numericId(id, 'trigger')}.json`,
        schema: triggerShowSchema,
        empty: true,
      });
    },

    async createTrigger(trigger) {
      const body = await request({
        method: 'POST',
        route: '/triggers',
        path: '/triggers.json',
        body: { trigger },
        schema: triggerShowSchema,
      });
      return body.trigger;
    },

    async listMacros(listOptions) {
      const pages = await paginate({ method: 'GET', route: '/macros', path: '/macros.json', schema: macrosPageSchema });
      return parseEach(
        pages.flatMap((page) => page.macros),
        macroSchema,
        'macro',
        listOptions?.onSkip,
      );
    },

    async deleteMacro(id) {
      await request({
        method: 'DELETE',
        route: '/macros/{id}',
        path: `/macros/${numericId(id, 'macro')}.json`,
        schema: macroShowSchema,
        empty: true,
      });
    },

    async getCurrentUser() {
      const body = await request({ method: 'GET', route: '/users/me', path: '/users/me.json', schema: userShowSchema });
      return body.user;
    },

    async createMacro(macro) {
      const body = await request({ method: 'POST', route: '/macros', path: '/macros.json', body: { macro }, schema: macroShowSchema });
      return body.macro;
    },
  };
}

/** Webhook ids are ULIDs: letters and digits only, so a value can never change the route. */
function webhookIdPath(webhookId: string): string {
  if (!/^[A-Za-z0-9]{1,64}$/.test(webhookId)) throw new TypeError('webhook id must be alphanumeric');
  return webhookId;
}

/** Parses listed records one by one: a record we cannot read is reported and left out. */
function parseEach<S extends z.ZodType>(
  records: unknown[],
  schema: S,
  kind: SkippedRecord['kind'],
  onSkip: ((skipped: SkippedRecord) => void) | undefined,
): Array<z.infer<S>> {
  const parsed: Array<z.infer<S>> = [];
  for (const record of records) {
    const result = schema.safeParse(record);
    if (result.success) {
      parsed.push(result.data);
      continue;
    }
    const issue = result.error.issues[0];
    const id = typeof record === 'object' && record !== null ? (record as { id?: unknown }).id : undefined;
    // Path and zod's message name the field and the expected type, never the value.
    onSkip?.({ kind, id, reason: `${issue?.path.map(String).join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` });
  }
  return parsed;
}

/** A record's `id` if it is a plain integer (the only thing of a malformed record we log). */
function recordId(record: unknown): number | null {
  if (record === null || typeof record !== 'object') return null;
  const value = (record as { id?: unknown }).id;
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/** zod's path of the first issue: field names and indexes only, never values. */
function issuePath(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
}

function positiveInteger(value: string | null): number | null {
  if (value === null || !/^\d{1,9}$/.test(value.trim())) return null;
  const number = Number(value.trim());
  return number > 0 ? number : null;
}

function ticketId(id: string): string {
  return numericId(id, 'ticket');
}

/** Ids go into the path: digits only, so a value can never change the route. */
function numericId(id: string, what: string): string {
  if (!/^\d{1,20}$/.test(id)) throw new TypeError(`${what} id must be digits only`);
  return id;
}

function parseText<S extends z.ZodType>(schema: S, text: string, endpoint: string, status: number): z.infer<S> {
  const parsed = schema.safeParse(text);
  if (parsed.success) return parsed.data;
  throw new ZendeskResponseError(
    `Zendesk ${endpoint} answered ${status} with an unexpected body: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    {
      status,
      endpoint,
      path: '(body)',
    },
  );
}

function parseBody<S extends z.ZodType>(schema: S, text: string, endpoint: string, status: number): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ZendeskResponseError(`Zendesk ${endpoint} answered ${status} with a body that is not JSON`, {
      status,
      endpoint,
      path: '(body)',
    });
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
  // zod's messages name the expected type, never the received value: no ticket text leaks here.
  throw new ZendeskResponseError(
    `Zendesk ${endpoint} answered ${status} with an unexpected body at ${path}: ${issue?.message ?? 'invalid'}`,
    {
      status,
      endpoint,
      path,
    },
  );
}

function toError(response: Response, text: string, endpoint: string): ZendeskError {
  const status = response.status;
  const body = errorBody(text);
  const code = typeof body.error === 'string' ? body.error : (body.errors?.[0]?.code ?? undefined);
  const options = { status, endpoint, code };
  const said = code ? ` ${code}` : '';

  if (status >= 300 && status < 400) {
    const location = response.headers.get('location') ?? undefined;
    return new ZendeskRedirectError(
      `Zendesk ${endpoint} answered a ${status} redirect${location ? ` to ${safeOrigin(location)}` : ''}; redirects are not followed: set ZENDESK_URL to the account's canonical https URL`,
      { ...options, location },
    );
  }
  if (status === 401) {
    return new ZendeskAuthError(
      `Zendesk rejected the credentials (401) on ${endpoint}: check ZENDESK_EMAIL/ZENDESK_API_TOKEN (or ZENDESK_OAUTH_TOKEN)`,
      options,
    );
  }
  if (status === 403 && endpoint.includes(' /incremental/')) {
    return new ZendeskAuthError(
      `Zendesk refused the incremental export (403) on ${endpoint}: it is admin-only; use an admin's API token (ZENDESK_EMAIL/ZENDESK_API_TOKEN) for the catch-up sweep`,
      options,
    );
  }
  if (status === 403) {
    return new ZendeskAuthError(
      `Zendesk refused access (403${said}) on ${endpoint}: the API user needs an agent or admin role; check ZENDESK_EMAIL/ZENDESK_API_TOKEN`,
      options,
    );
  }
  if (status === 404)
    return new ZendeskNotFoundError(`Zendesk ${endpoint} answered 404${said} (the record does not exist or was deleted)`, options);
  if (status === 409)
    return new ZendeskConflictError(`Zendesk ${endpoint} answered 409${said}: the ticket changed since it was read`, options);
  if (status === 400 || status === 422) {
    return new ZendeskValidationError(`Zendesk ${endpoint} refused the request (${status}${said})${detailSummary(body)}`, {
      ...options,
      details: body.details ?? body.errors,
    });
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfterMs(response.headers.get('retry-after')) ?? DEFAULT_RATE_LIMIT_WAIT_MS;
    const limit = exhaustedLimit(response.headers);
    return new ZendeskRateLimitError(
      `Zendesk ${endpoint} answered 429 (rate limited${limit ? `: ${limit}` : ''}); retry after ${retryAfterMs} ms`,
      { ...options, retryAfterMs, limit },
    );
  }
  if (status >= 500) {
    const retryAfterMs = parseRetryAfterMs(response.headers.get('retry-after'));
    return new ZendeskServerError(`Zendesk ${endpoint} answered ${status}${said}`, { ...options, retryAfterMs });
  }
  return new ZendeskRequestError(`Zendesk ${endpoint} answered ${status}${said}`, options);
}

function errorBody(text: string) {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** Names the fields Zendesk complained about (keys only; the descriptions may quote input). */
function detailSummary(body: ReturnType<typeof errorBody>): string {
  const fields = body.details ? Object.keys(body.details) : (body.errors ?? []).map((error) => error.code ?? error.title ?? '?');
  return fields.length > 0 ? `; invalid: ${fields.join(', ')}` : '';
}

/** Which endpoint budget (`Zendesk-RateLimit-<name>`, read as readRateLimitHeaders reads it) is spent, e.g. `tickets-update`. */
function exhaustedLimit(headers: Headers): string | undefined {
  const endpoints = readRateLimitHeaders(headers)?.endpoints ?? {};
  return Object.keys(endpoints).find((name) => endpoints[name]!.remaining === 0);
}

function safeOrigin(location: string): string {
  try {
    return new URL(location).origin;
  } catch {
    return 'a relative location';
  }
}

/** Classifies a fetch failure by the system/TLS error code undici puts in `cause`. */
export function networkFailure(error: unknown): { kind: NetworkFailureKind; code: string } {
  let current: unknown = error;
  // undici nests the system error one or two levels down (TypeError → cause → cause).
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return { kind: networkKind(code), code };
    current = current.cause;
  }
  const name = error instanceof Error ? ((error.cause as Error | undefined)?.name ?? error.name) : 'unknown error';
  return { kind: 'other', code: name };
}

function networkKind(code: string): NetworkFailureKind {
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_FAIL') return 'dns';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED') return 'reset';
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'timeout';
  if (/CERT|SSL|TLS|EPROTO|SELF_SIGNED|UNABLE_TO_VERIFY|HOSTNAME_MISMATCH|ALTNAME/.test(code)) return 'tls';
  return 'other';
}

const NETWORK_ADVICE: Record<NetworkFailureKind, (host: string, code: string) => string> = {
  dns: (host, code) => `DNS: the name ${host} does not resolve (${code}); check ZENDESK_SUBDOMAIN/ZENDESK_URL and this machine's DNS`,
  refused: (host, code) => `connection refused by ${host} (${code}); check the port in ZENDESK_URL and any proxy or firewall`,
  tls: (host, code) =>
    `TLS failed with ${host} (${code}); the certificate is not trusted or the port does not speak https (a proxy inspecting TLS needs NODE_EXTRA_CA_CERTS)`,
  reset: (host, code) => `the connection to ${host} was closed (${code}); retry, and check any proxy between here and Zendesk`,
  timeout: (host, code) => `connecting to ${host} timed out (${code}); check the network path and ZENDESK_TIMEOUT_MS`,
  other: (host, code) => `network error talking to ${host} (${code})`,
};
