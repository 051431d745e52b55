import { randomBytes } from 'node:crypto';
import { z } from 'zod';

import {
  commentInputSchema,
  macroCreateSchema,
  ticketCreateSchema,
  ticketStatusSchema,
  triggerCreateSchema,
  webhookCreateSchema,
} from '../zendesk/schemas.js';
import { paginate, type Paged } from './paginate.js';
import type { RateLimits } from './rate-limits.js';
import { SandboxNotFoundError, SandboxRecordInvalidError, type SandboxAccount } from './sandbox-account.js';
import { epochSeconds } from './sandbox-clock.js';
import type { SandboxComment, SandboxTicket, SandboxUser, SandboxWebhook } from './sandbox-types.js';

export interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body (POST/PUT), undefined otherwise. */
  body: unknown;
  actor: SandboxUser;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Template for logs and counters, e.g. `/api/v2/tickets/{id}`. */
  template: string;
  pattern: RegExp;
  /** Role needed beyond being an agent: webhooks and creating triggers/macros are admin-only. */
  adminOnly?: boolean;
  /** Reachable by end-users too. */
  anyRole?: boolean;
  /** The 403 body when the role does not suffice, if this endpoint's differs from the usual one. */
  forbiddenBody?: unknown;
  handle: (context: RouteContext) => Reply;
}

export const NOT_FOUND_BODY = { error: 'RecordNotFound', description: 'Not found' };

/**
 * What Zendesk answers a non-admin on `/api/v2/incremental/*` (the reference says "Allowed for:
 * Admins"; the body is the one agents report, e.g. support.zendesk.com community post
 * 4428358191514 "Forbidden from using only incremental API calls?").
 */
export const INCREMENTAL_FORBIDDEN_BODY = {
  error: {
    title: 'Forbidden',
    message: 'You do not have access to this page. Please contact the account owner of this help desk for further help.',
  },
};

/**
 * Cursor pagination sorts with `sort` (`created_at` oldest first, `-created_at` newest first);
 * `sort_order` belongs to offset pagination (developer.zendesk.com/documentation/api-basics/
 * pagination/comparing-cursor-pagination-and-offset-pagination/, List Comments reference).
 */
const COMMENT_SORTS = new Set(['created_at', '-created_at']);

const ticketUpdateBodySchema = z.object({
  ticket: z.object({
    tags: z.union([z.array(z.string()), z.string()]).optional(),
    comment: commentInputSchema.optional(),
    status: ticketStatusSchema.optional(),
    priority: z.enum(['urgent', 'high', 'normal', 'low']).nullable().optional(),
    subject: z.string().optional(),
    assignee_id: z.number().int().nullable().optional(),
    safe_update: z.boolean().optional(),
    updated_stamp: z.string().optional(),
  }),
});

/** The documented endpoints the stand-in serves (paths without the optional `.json`). */
export function createSandboxRoutes(deps: { account: SandboxAccount; limits: RateLimits; baseUrl: () => string }): Route[] {
  const { account, limits } = deps;
  const { state } = account;
  const link = (path: string) => (params: URLSearchParams) =>
    `${deps.baseUrl()}/api/v2${path}?${params.toString().replace(/%5B/g, '[').replace(/%5D/g, ']')}`;

  const route = (method: Route['method'], template: string, handle: Route['handle'], extra: Partial<Route> = {}): Route => ({
    method,
    template: `/api/v2${template}`,
    pattern: new RegExp(`^/api/v2${template.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`),
    handle,
    ...extra,
  });

  return [
    route('GET', '/tickets/{id}', ({ params, query }) => {
      const ticket = findTicket(params.id);
      if (!ticket) return notFound();
      const body: Record<string, unknown> = { ticket };
      if (includes(query, 'users')) body.users = users([ticket.requester_id, ticket.submitter_id, ticket.assignee_id]);
      return { status: 200, body };
    }),

    route('PUT', '/tickets/{id}', ({ params, body, actor }) => {
      const budget = limits.ticketUpdate();
      const budgetHeader = {
        'Zendesk-RateLimit-tickets-update': `total=${budget.total}; remaining=${budget.remaining}; resets=${budget.resetsSec}`,
      };
      if (!budget.allowed)
        return rateLimited(budget.resetsSec, budgetHeader, 'Number of allowed ticket update requests per minute exceeded');
      const ticketId = Number(params.id);
      const perTicket = limits.ticketUpdateByUser(actor.id, ticketId);
      if (!perTicket.allowed)
        return rateLimited(
          perTicket.resetsSec,
          budgetHeader,
          'Number of allowed updates of this ticket by this user per 10 minutes exceeded',
        );

      const ticket = findTicket(params.id);
      if (!ticket) return notFound(budgetHeader);
      const parsed = ticketUpdateBodySchema.safeParse(body);
      if (!parsed.success) return recordInvalid(parsed.error, budgetHeader);
      const input = parsed.data.ticket;
      if (input.safe_update === true) {
        if (input.updated_stamp === undefined || Number.isNaN(Date.parse(input.updated_stamp))) {
          return invalidField('updated_stamp', 'Updated stamp: is required with safe_update and must be an ISO 8601 time', budgetHeader);
        }
        if (epochSeconds(input.updated_stamp) !== epochSeconds(ticket.updated_at)) {
          return {
            status: 409,
            headers: budgetHeader,
            body: {
              error: 'UpdateConflict',
              description:
                'Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.',
            },
          };
        }
      }
      return save(budgetHeader, 200, () =>
        account.updateTicket(
          ticketId,
          {
            ...(input.tags !== undefined ? { tags: typeof input.tags === 'string' ? [input.tags] : input.tags } : {}),
            ...(input.comment ? { comment: { ...input.comment, channel: 'api' } } : {}),
            ...(input.status !== undefined ? { status: input.status } : {}),
            ...(input.priority !== undefined ? { priority: input.priority } : {}),
            ...(input.subject !== undefined ? { subject: input.subject } : {}),
            ...(input.assignee_id !== undefined ? { assignee_id: input.assignee_id } : {}),
          },
          actor.id,
        ),
      );
    }),

    route('POST', '/tickets', ({ body, actor }) => {
      const parsed = z.object({ ticket: ticketCreateSchema }).safeParse(body);
      if (!parsed.success) return recordInvalid(parsed.error);
      const input = parsed.data.ticket;
      const requesterId = input.requester
        ? account.findOrAddEndUser(input.requester.name, input.requester.email).id
        : (input.requester_id ?? actor.id);
      const reply = save({}, 201, () =>
        account.createTicket(
          {
            ...(input.subject !== undefined ? { subject: input.subject } : {}),
            comment: { ...input.comment, channel: input.via?.channel ?? 'api' },
            requester_id: requesterId,
            ...(input.submitter_id !== undefined ? { submitter_id: input.submitter_id } : {}),
            ...(input.assignee_id !== undefined ? { assignee_id: input.assignee_id } : {}),
            ...(input.tags ? { tags: input.tags } : {}),
            ...(input.status ? { status: input.status } : {}),
            ...(input.priority ? { priority: input.priority } : {}),
          },
          actor.id,
        ),
      );
      const created = (reply.body as { ticket?: SandboxTicket }).ticket;
      if (created) reply.headers = { ...reply.headers, Location: created.url };
      return reply;
    }),

    route('GET', '/tickets/{id}/comments', ({ params, query }) => {
      const ticket = findTicket(params.id);
      if (!ticket) return notFound();
      const cursorPaged = query.has('page[size]') || query.has('page[after]');
      let descending: boolean;
      if (cursorPaged) {
        // Cursor pagination reads `sort` only: a `sort_order` there changes nothing.
        const sort = query.get('sort') ?? 'created_at';
        if (!COMMENT_SORTS.has(sort)) return badRequest('InvalidValue', 'sort must be created_at or -created_at');
        descending = sort === '-created_at';
      } else {
        const sortOrder = query.get('sort_order') ?? 'asc';
        if (sortOrder !== 'asc' && sortOrder !== 'desc') return badRequest('InvalidValue', 'sort_order must be asc or desc');
        descending = sortOrder === 'desc';
      }
      const withInline = query.get('include_inline_images') === 'true';
      const all = (state.comments.get(ticket.id) ?? []).map((comment) => commentView(comment, withInline));
      if (descending) all.reverse();
      const page = paginate(all, query, link(`/tickets/${ticket.id}/comments.json`));
      if (!page.ok) return { status: 400, body: page.error };
      const body: Record<string, unknown> = { comments: page.items };
      if (includes(query, 'users')) body.users = users(page.items.map((comment) => comment.author_id));
      return { status: 200, body: { ...body, ...page.envelope } };
    }),

    route('GET', '/incremental/tickets/cursor', ({ query }) => incrementalTickets(query), {
      adminOnly: true,
      forbiddenBody: INCREMENTAL_FORBIDDEN_BODY,
    }),

    route('GET', '/users/me', ({ actor }) => ({ status: 200, body: { user: actor } }), { anyRole: true }),

    route('GET', '/users/{id}', ({ params }) => {
      const user = /^\d+$/.test(params.id ?? '') ? state.users.get(Number(params.id)) : undefined;
      return user ? { status: 200, body: { user } } : notFound();
    }),

    route('GET', '/users/{id}/group_memberships', ({ params, query }) => {
      const user = /^\d+$/.test(params.id ?? '') ? state.users.get(Number(params.id)) : undefined;
      if (!user) return notFound();
      const memberships = (state.groupMemberships.get(user.id) ?? []).map((groupId, index) => ({
        id: user.id * 100 + index,
        url: `${deps.baseUrl()}/api/v2/group_memberships/${user.id * 100 + index}.json`,
        user_id: user.id,
        group_id: groupId,
        default: index === 0,
      }));
      const page = paginate(memberships, query, link(`/users/${user.id}/group_memberships.json`));
      if (!page.ok) return { status: 400, body: page.error };
      return { status: 200, body: { group_memberships: page.items, ...page.envelope } };
    }),

    route('GET', '/users/{id}/organization_memberships', ({ params, query }) => {
      const user = /^\d+$/.test(params.id ?? '') ? state.users.get(Number(params.id)) : undefined;
      if (!user) return notFound();
      const organizationIds = state.organizationMemberships.get(user.id) ?? (user.organization_id !== null ? [user.organization_id] : []);
      const memberships = organizationIds.map((organizationId, index) => ({
        id: user.id * 100 + index,
        url: `${deps.baseUrl()}/api/v2/organization_memberships/${user.id * 100 + index}.json`,
        user_id: user.id,
        organization_id: organizationId,
        // Zendesk: the default membership is the user's organization_id.
        default: user.organization_id !== null ? organizationId === user.organization_id : index === 0,
        view_tickets: true,
      }));
      const page = paginate(memberships, query, link(`/users/${user.id}/organization_memberships.json`));
      if (!page.ok) return { status: 400, body: page.error };
      return { status: 200, body: { organization_memberships: page.items, ...page.envelope } };
    }),

    route('GET', '/custom_roles/{id}', ({ params }) => {
      const role = /^\d+$/.test(params.id ?? '') ? state.customRoles.get(Number(params.id)) : undefined;
      return role ? { status: 200, body: { custom_role: role } } : notFound();
    }),

    // Zendesk answers the PEM itself (text), not JSON.
    route('GET', '/apps/{id}/public_key.pem', ({ params }) => {
      const app = /^\d+$/.test(params.id ?? '') ? state.apps.get(Number(params.id)) : undefined;
      return app ? { status: 200, body: app.publicKeyPem, headers: { 'content-type': 'application/x-pem-file' } } : notFound();
    }),

    route(
      'GET',
      '/webhooks',
      ({ query }) => {
        const nameContains = query.get('filter[name_contains]')?.toLowerCase();
        const status = query.get('filter[status]');
        const matching = [...state.webhooks.values()]
          .filter(
            (webhook) =>
              (nameContains === undefined || webhook.name.toLowerCase().includes(nameContains)) &&
              (status === null || webhook.status === status),
          )
          .map(webhookView);
        // The Webhooks API paginates by cursor only (default page size 20).
        const params = new URLSearchParams(query);
        if (!params.has('page[size]')) params.set('page[size]', '20');
        return listReply('webhooks', paginate(matching, params, link('/webhooks')), webhooksError);
      },
      { adminOnly: true },
    ),

    route(
      'POST',
      '/webhooks',
      ({ body, actor }) => {
        const parsed = z.object({ webhook: webhookCreateSchema }).safeParse(body);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          return {
            status: 400,
            body: {
              errors: [
                {
                  code: 'InvalidValue',
                  title: 'Invalid value',
                  detail: `${issue?.path.join('.') ?? 'webhook'}: ${issue?.message ?? 'invalid'}`,
                },
              ],
            },
          };
        }
        return { status: 201, body: { webhook: webhookView(account.addWebhook(parsed.data.webhook, actor.id)) } };
      },
      { adminOnly: true },
    ),

    route(
      'GET',
      '/webhooks/{id}',
      ({ params }) => {
        const webhook = state.webhooks.get(params.id ?? '');
        return webhook ? { status: 200, body: { webhook: webhookView(webhook) } } : webhookNotFound();
      },
      { adminOnly: true },
    ),

    // Delete Webhook: 204 No Content. (developer.zendesk.com/api-reference/webhooks/webhooks-api/webhooks/#delete-webhook)
    route(
      'DELETE',
      '/webhooks/{id}',
      ({ params }) => (state.webhooks.delete(params.id ?? '') ? { status: 204, body: '' } : webhookNotFound()),
      { adminOnly: true },
    ),

    route(
      'GET',
      '/webhooks/{id}/signing_secret',
      ({ params }) => {
        const webhook = state.webhooks.get(params.id ?? '');
        return webhook
          ? { status: 200, body: { signing_secret: { algorithm: 'SHA256', secret: webhook.signingSecret } } }
          : webhookNotFound();
      },
      { adminOnly: true },
    ),

    route(
      'POST',
      '/webhooks/{id}/signing_secret',
      ({ params }) => {
        const webhook = state.webhooks.get(params.id ?? '');
        if (!webhook) return webhookNotFound();
        webhook.signingSecret = randomBytes(32).toString('base64');
        return { status: 201, body: { signing_secret: { algorithm: 'SHA256', secret: webhook.signingSecret } } };
      },
      { adminOnly: true },
    ),

    route('GET', '/triggers', ({ query }) => {
      const active = query.get('active');
      const triggers = [...state.triggers.values()]
        .filter((trigger) => active === null || String(trigger.active) === active)
        .sort((a, b) => a.position - b.position || a.id - b.id);
      return listReply('triggers', paginate(triggers, query, link('/triggers.json')));
    }),

    route('GET', '/triggers/{id}', ({ params }) => {
      const trigger = state.triggers.get(Number(params.id));
      return trigger ? { status: 200, body: { trigger } } : notFound();
    }),

    route(
      'POST',
      '/triggers',
      ({ body }) => {
        const parsed = z.object({ trigger: triggerCreateSchema }).safeParse(body);
        if (!parsed.success) return recordInvalid(parsed.error);
        return save({}, 201, () => ({ body: { trigger: account.addTrigger(parsed.data.trigger) } }));
      },
      { adminOnly: true },
    ),

    // Delete Trigger: 204 No Content; only admins manage shared triggers.
    route('DELETE', '/triggers/{id}', ({ params }) => (state.triggers.delete(Number(params.id)) ? { status: 204, body: '' } : notFound()), {
      adminOnly: true,
    }),

    route('GET', '/macros', ({ query }) => {
      const active = query.get('active');
      const macros = [...state.macros.values()].filter((macro) => active === null || String(macro.active) === active);
      return listReply('macros', paginate(macros, query, link('/macros.json')));
    }),

    route('GET', '/macros/{id}', ({ params }) => {
      const macro = state.macros.get(Number(params.id));
      return macro ? { status: 200, body: { macro } } : notFound();
    }),

    route(
      'POST',
      '/macros',
      ({ body }) => {
        const parsed = z.object({ macro: macroCreateSchema }).safeParse(body);
        if (!parsed.success) return recordInvalid(parsed.error);
        return save({}, 201, () => ({ body: { macro: account.addMacro(parsed.data.macro) } }));
      },
      { adminOnly: true },
    ),

    // Delete Macro: 204 No Content.
    route('DELETE', '/macros/{id}', ({ params }) => (state.macros.delete(Number(params.id)) ? { status: 204, body: '' } : notFound()), {
      adminOnly: true,
    }),
  ];

  function findTicket(id: string | undefined): SandboxTicket | undefined {
    return id !== undefined && /^\d+$/.test(id) ? state.tickets.get(Number(id)) : undefined;
  }

  function users(ids: Array<number | null>): SandboxUser[] {
    const unique = [...new Set(ids.filter((id): id is number => id !== null))];
    return unique.map((id) => state.users.get(id)).filter((user): user is SandboxUser => user !== undefined);
  }

  /** Runs a change; the account's typed refusals become Zendesk's answers. */
  function save(
    headers: Record<string, string>,
    status: number,
    run: () => { body?: unknown; ticket?: SandboxTicket; audit?: unknown },
  ): Reply {
    try {
      const result = run();
      const body = 'ticket' in result && result.ticket ? { ticket: result.ticket, audit: result.audit } : result.body;
      return { status, headers, body };
    } catch (error) {
      if (error instanceof SandboxNotFoundError) return notFound(headers);
      if (error instanceof SandboxRecordInvalidError) {
        return { status: 422, headers, body: { error: 'RecordInvalid', description: 'Record validation errors', details: error.details } };
      }
      throw error;
    }
  }

  /** Cursor-based incremental export: tickets saved since `start_time`, in save order. */
  function incrementalTickets(query: URLSearchParams): Reply {
    const cursor = query.get('cursor');
    const startTime = query.get('start_time');
    const perPage = Math.min(Number(query.get('per_page') ?? 1000) || 1000, 1000);
    let after: number;
    let since = 0;
    if (cursor !== null) {
      const decoded = decodeIncrementalCursor(cursor);
      if (decoded === null) return badRequest('InvalidValue', 'cursor is not valid');
      after = decoded;
    } else if (startTime !== null && /^\d+$/.test(startTime)) {
      after = 0;
      since = Number(startTime);
    } else {
      return badRequest('InvalidValue', 'start_time (Unix seconds) or cursor is required');
    }
    const pending = account.ticketsBySave().filter(({ ticket, sequence }) => sequence > after && epochSeconds(ticket.updated_at) >= since);
    const page = pending.slice(0, perPage);
    const afterCursor = encodeIncrementalCursor(page.at(-1)?.sequence ?? after);
    return {
      status: 200,
      body: {
        // A record damaged on purpose (tests of a malformed export record) is served as it is.
        tickets: page.map(({ ticket }) => state.exportOverrides.get(ticket.id) ?? ticket),
        after_url: `${deps.baseUrl()}/api/v2/incremental/tickets/cursor.json?cursor=${afterCursor}`,
        after_cursor: afterCursor,
        before_url: null,
        before_cursor: null,
        end_of_stream: pending.length <= perPage,
      },
    };
  }
}

function includes(query: URLSearchParams, name: string): boolean {
  return (query.get('include') ?? '')
    .split(',')
    .map((part) => part.trim())
    .includes(name);
}

function commentView(comment: SandboxComment, withInline: boolean): SandboxComment {
  return withInline ? comment : { ...comment, attachments: comment.attachments.filter((attachment) => !attachment.inline) };
}

function webhookView(webhook: SandboxWebhook): Record<string, unknown> {
  const { signingSecret: _secret, authentication, ...rest } = webhook;
  return authentication ? { ...rest, authentication: { type: authentication.type, add_position: authentication.add_position } } : rest;
}

function listReply<T>(key: string, page: Paged<T>, onError?: (description: string) => Reply): Reply {
  if (!page.ok) return onError ? onError(page.error.description) : { status: 400, body: page.error };
  return { status: 200, body: { [key]: page.items, ...page.envelope } };
}

function webhooksError(description: string): Reply {
  return {
    status: 400,
    body: { errors: [{ code: 'InvalidPaginationParameter', title: 'Invalid pagination parameter', detail: description }] },
  };
}

function webhookNotFound(): Reply {
  return { status: 404, body: { errors: [{ code: 'WebhookNotFound', title: 'Webhook not found', detail: 'Webhook not found' }] } };
}

function notFound(headers: Record<string, string> = {}): Reply {
  return { status: 404, headers, body: NOT_FOUND_BODY };
}

function badRequest(error: string, description: string): Reply {
  return { status: 400, body: { error, description } };
}

function rateLimited(retryAfterSec: number, headers: Record<string, string>, description: string): Reply {
  return {
    status: 429,
    headers: { ...headers, 'Retry-After': String(retryAfterSec) },
    body: { error: 'APIRateLimitExceeded', description },
  };
}

function invalidField(field: string, description: string, headers: Record<string, string> = {}): Reply {
  return {
    status: 422,
    headers,
    body: {
      error: 'RecordInvalid',
      description: 'Record validation errors',
      details: { [field]: [{ description, error: 'InvalidValue' }] },
    },
  };
}

/** 422 RecordInvalid naming the field (`tags`, `comment`, …) like Zendesk's `details`. */
function recordInvalid(error: z.ZodError, headers: Record<string, string> = {}): Reply {
  const details: Record<string, Array<{ description: string; error: string }>> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String);
    const field = path.length > 1 ? path.slice(1).join('.') : (path[0] ?? 'base');
    (details[field] ??= []).push({ description: `${field}: ${issue.message}`, error: 'InvalidValue' });
  }
  return { status: 422, headers, body: { error: 'RecordInvalid', description: 'Record validation errors', details } };
}

function encodeIncrementalCursor(sequence: number): string {
  return Buffer.from(`s:${sequence}`, 'utf8').toString('base64url');
}

function decodeIncrementalCursor(cursor: string): number | null {
  const match = /^s:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : null;
}
