import { randomBytes } from 'node:crypto';

import type {
  ZendeskAction,
  ZendeskMacroCreate,
  ZendeskTicketStatus,
  ZendeskTriggerCreate,
  ZendeskWebhookCreate,
} from '../zendesk/schemas.js';
import { htmlToPlain, plainToHtml } from './comment-text.js';
import { normalizeTags, tagList } from './normalize-tags.js';
import { renderPlaceholders } from './render-placeholders.js';
import { createStampClock, isoSeconds } from './sandbox-clock.js';
import type {
  SandboxAttachment,
  SandboxComment,
  SandboxMacro,
  SandboxState,
  SandboxTicket,
  SandboxTrigger,
  SandboxUser,
  SandboxWebhook,
  UserRole,
} from './sandbox-types.js';
import { runTriggers, type UpdateType } from './trigger-engine.js';

export interface AttachmentInput {
  file_name: string;
  content_type: string;
  size: number;
  /** Embedded in the comment body (a pasted screenshot). */
  inline?: boolean;
  deleted?: boolean;
  width?: number;
  height?: number;
  malware_scan_result?: SandboxAttachment['malware_scan_result'];
}

export interface CommentInput {
  body?: string;
  html_body?: string;
  /** Zendesk's default is true: an API client must send false for an internal note. */
  public?: boolean;
  author_id?: number;
  attachments?: AttachmentInput[];
  channel?: string;
}

export interface TicketCreateInput {
  subject?: string | null;
  comment: CommentInput;
  requester_id: number;
  submitter_id?: number;
  assignee_id?: number | null;
  tags?: string[];
  status?: ZendeskTicketStatus;
  priority?: SandboxTicket['priority'];
  channel?: string;
}

export interface TicketChanges {
  /** Replaces every tag (Zendesk's `tags` on update). */
  tags?: string[];
  addTags?: string[];
  removeTags?: string[];
  status?: ZendeskTicketStatus;
  priority?: SandboxTicket['priority'];
  subject?: string;
  assignee_id?: number | null;
  comment?: CommentInput;
}

export interface SavedTicket {
  ticket: SandboxTicket;
  audit: Record<string, unknown>;
  firedTriggers: number[];
}

/** A webhook call the trigger engine asked for, body already rendered. */
export interface PendingInvocation {
  webhook: SandboxWebhook;
  triggerId: number;
  ticketId: number;
  body: string;
  unknownPlaceholders: string[];
}

export class SandboxRecordInvalidError extends Error {
  override name = 'SandboxRecordInvalidError';
  constructor(
    message: string,
    readonly details: Record<string, Array<{ description: string; error: string }>>,
  ) {
    super(message);
  }
}

export interface SandboxAccountOptions {
  accountId: number;
  /** The stand-in's origin, known once it listens. */
  baseUrl: () => string;
  now: () => number;
  /** Receives the webhook calls of fired triggers, after the ticket is saved. */
  notify: (invocations: PendingInvocation[]) => void;
}

const MAX_COMMENTS = 5_000;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export type SandboxAccount = ReturnType<typeof createSandboxAccount>;

/** The stand-in's data and the rules Zendesk applies when it changes. */
export function createSandboxAccount(options: SandboxAccountOptions) {
  const state: SandboxState = {
    accountId: options.accountId,
    users: new Map(),
    tickets: new Map(),
    comments: new Map(),
    webhooks: new Map(),
    triggers: new Map(),
    macros: new Map(),
    groupMemberships: new Map(),
    organizationMemberships: new Map(),
    customRoles: new Map(),
    apps: new Map(),
    exportOverrides: new Map(),
  };
  // Large ids like a real account's (all below 2^53).
  const sequences = {
    ticket: 1000,
    user: 8_447_388_090_000,
    comment: 31_000_000_000_000,
    attachment: 18_000_000_000_000,
    audit: 29_000_000_000_000,
    trigger: 360_000_000_000,
    macro: 360_100_000_000,
  };
  const next = (kind: keyof typeof sequences) => (sequences[kind] += 1);
  const stampAfter = createStampClock(options.now);
  /** Order of the last save of each ticket: the incremental export's cursor position. */
  const savedAt = new Map<number, number>();
  let saveSequence = 0;
  const api = (path: string) => `${options.baseUrl()}/api/v2${path}`;
  const nowIso = () => isoSeconds(Math.floor(options.now() / 1000));

  function addUser(input: {
    name: string;
    email: string | null;
    role: UserRole;
    locale?: string;
    time_zone?: string;
    id?: number;
  }): SandboxUser {
    const id = input.id ?? next('user');
    const at = nowIso();
    const user: SandboxUser = {
      id,
      url: api(`/users/${id}.json`),
      name: input.name,
      email: input.email,
      created_at: at,
      updated_at: at,
      time_zone: input.time_zone ?? 'Europe/Paris',
      iana_time_zone: input.time_zone ?? 'Europe/Paris',
      phone: null,
      shared_phone_number: null,
      photo: null,
      locale_id: 1,
      locale: input.locale ?? 'en-US',
      organization_id: null,
      role: input.role,
      verified: true,
      external_id: null,
      tags: [],
      alias: '',
      active: true,
      shared: false,
      shared_agent: false,
      last_login_at: input.role === 'end-user' ? null : at,
      two_factor_auth_enabled: false,
      signature: null,
      details: '',
      notes: '',
      role_type: null,
      custom_role_id: null,
      moderator: input.role === 'admin',
      report_csv: input.role === 'admin',
      suspended: false,
      restricted_agent: input.role === 'agent',
      ticket_restriction: input.role === 'end-user' ? 'requested' : null,
      only_private_comments: false,
      default_group_id: null,
      user_fields: {},
    };
    state.users.set(id, user);
    return user;
  }

  function findOrAddEndUser(name: string, email: string): SandboxUser {
    const lower = email.toLowerCase();
    for (const user of state.users.values()) if (user.email?.toLowerCase() === lower) return user;
    return addUser({ name, email, role: 'end-user' });
  }

  function userOrThrow(id: number, field: string): SandboxUser {
    const user = state.users.get(id);
    if (!user)
      throw new SandboxRecordInvalidError(`${field} does not exist`, {
        [field]: [{ description: `${field}: is invalid`, error: 'InvalidValue' }],
      });
    return user;
  }

  function buildComment(input: CommentInput, authorId: number, auditId: number, createdAt: string): SandboxComment {
    if (input.body === undefined && input.html_body === undefined) {
      throw new SandboxRecordInvalidError('comment has no body', {
        comment: [{ description: "Comment: Body can't be blank", error: 'BlankValue' }],
      });
    }
    const html = input.html_body ?? plainToHtml(input.body ?? '');
    const plain = input.html_body !== undefined ? htmlToPlain(input.html_body) : (input.body ?? '');
    return {
      id: next('comment'),
      type: 'Comment',
      author_id: authorId,
      body: plain,
      html_body: html,
      plain_body: plain,
      public: input.public ?? true,
      attachments: (input.attachments ?? []).map(buildAttachment),
      audit_id: auditId,
      via: { channel: input.channel ?? 'api', source: { from: {}, to: {}, rel: null } },
      created_at: createdAt,
      metadata: { system: { client: 'signin-triage sandbox', ip_address: '127.0.0.1' }, custom: {} },
    };
  }

  function buildAttachment(input: AttachmentInput): SandboxAttachment {
    const id = next('attachment');
    const token = randomBytes(12).toString('base64url');
    const contentUrl = `${options.baseUrl()}/attachments/token/${token}/?name=${encodeURIComponent(input.file_name)}`;
    return {
      url: api(`/attachments/${id}.json`),
      id,
      file_name: input.file_name,
      content_url: contentUrl,
      mapped_content_url: contentUrl,
      content_type: input.content_type,
      size: input.size,
      width: input.width ?? null,
      height: input.height ?? null,
      inline: input.inline ?? false,
      deleted: input.deleted ?? false,
      malware_access_override: false,
      malware_scan_result: input.malware_scan_result ?? 'malware_not_found',
      thumbnails: [],
    };
  }

  /**
   * Saves a draft the way Zendesk does: triggers run on the draft, the stamp advances, the
   * comment lands, then the webhooks of fired triggers are handed to `notify` (asynchronous).
   */
  function commit(
    draft: SandboxTicket,
    previous: SandboxTicket | undefined,
    comment: CommentInput | undefined,
    actor: SandboxUser,
    updateType: UpdateType,
  ): SavedTicket {
    const existing = state.comments.get(draft.id) ?? [];
    if (comment && existing.length >= MAX_COMMENTS) {
      throw new SandboxRecordInvalidError('too many comments', {
        base: [{ description: `Ticket has reached the maximum of ${MAX_COMMENTS} comments`, error: 'TooManyComments' }],
      });
    }
    const auditId = next('audit');
    const stamp = stampAfter(previous?.updated_at);
    const newComment = comment ? buildComment(comment, comment.author_id ?? actor.id, auditId, stamp) : undefined;

    const run = runTriggers(state.triggers.values(), draft, {
      updateType,
      actorRole: actor.role,
      actorId: actor.id,
      publicComment: newComment ? newComment.public : null,
    });
    draft.updated_at = stamp;
    draft.generated_timestamp = Math.floor(Date.parse(stamp) / 1000);
    if (updateType === 'Create') {
      draft.created_at = stamp;
      draft.description = newComment?.plain_body ?? '';
    }
    state.tickets.set(draft.id, draft);
    savedAt.set(draft.id, (saveSequence += 1));
    if (newComment) state.comments.set(draft.id, [...existing, newComment]);

    const invocations: PendingInvocation[] = [];
    for (const notification of run.notifications) {
      const webhook = state.webhooks.get(notification.webhookId);
      if (!webhook) continue;
      const rendered = renderPlaceholders(notification.bodyTemplate, {
        ticket: draft,
        currentUser: actor,
        requester: state.users.get(draft.requester_id),
        accountUrl: options.baseUrl(),
      });
      invocations.push({
        webhook,
        triggerId: notification.triggerId,
        ticketId: draft.id,
        body: rendered.text,
        unknownPlaceholders: rendered.unknown,
      });
    }
    if (invocations.length > 0) options.notify(invocations);

    const events: Array<Record<string, unknown>> = [];
    if (newComment)
      events.push({
        id: next('audit'),
        type: 'Comment',
        author_id: newComment.author_id,
        body: newComment.body,
        public: newComment.public,
      });
    if (previous && previous.tags.join(' ') !== draft.tags.join(' ')) {
      events.push({ id: next('audit'), type: 'Change', field_name: 'tags', value: draft.tags, previous_value: previous.tags });
    }
    const audit = {
      id: auditId,
      ticket_id: draft.id,
      created_at: stamp,
      author_id: actor.id,
      metadata: { system: {}, custom: {} },
      via: { channel: 'api', source: { from: {}, to: {}, rel: null } },
      events,
    };
    return { ticket: draft, audit, firedTriggers: run.fired };
  }

  function createTicket(input: TicketCreateInput, actorId: number): SavedTicket {
    const actor = userOrThrow(actorId, 'submitter_id');
    userOrThrow(input.requester_id, 'requester_id');
    if (input.assignee_id != null) userOrThrow(input.assignee_id, 'assignee_id');
    const id = next('ticket');
    const channel = input.channel ?? input.comment.channel ?? 'api';
    const draft: SandboxTicket = {
      url: api(`/tickets/${id}.json`),
      id,
      external_id: null,
      via: { channel, source: { from: {}, to: {}, rel: null } },
      created_at: '',
      updated_at: '',
      generated_timestamp: 0,
      type: null,
      subject: input.subject ?? null,
      raw_subject: input.subject ?? null,
      description: '',
      priority: input.priority ?? null,
      status: input.status ?? (input.assignee_id != null ? 'open' : 'new'),
      recipient: null,
      requester_id: input.requester_id,
      submitter_id: input.submitter_id ?? actorId,
      assignee_id: input.assignee_id ?? null,
      organization_id: null,
      group_id: null,
      collaborator_ids: [],
      follower_ids: [],
      email_cc_ids: [],
      forum_topic_id: null,
      problem_id: null,
      has_incidents: false,
      is_public: input.comment.public ?? true,
      due_at: null,
      tags: normalizeTags(input.tags ?? []),
      custom_fields: [],
      satisfaction_rating: null,
      sharing_agreement_ids: [],
      custom_status_id: 1,
      fields: [],
      followup_ids: [],
      ticket_form_id: 360_000_000_001,
      brand_id: 360_000_000_002,
      allow_channelback: false,
      allow_attachments: true,
      from_messaging_channel: false,
    };
    return commit(
      draft,
      undefined,
      { ...input.comment, author_id: input.comment.author_id ?? input.requester_id, channel },
      actor,
      'Create',
    );
  }

  function updateTicket(ticketId: number, changes: TicketChanges, actorId: number): SavedTicket {
    const current = state.tickets.get(ticketId);
    if (!current) throw new SandboxNotFoundError();
    if (current.status === 'closed') {
      throw new SandboxRecordInvalidError('closed ticket', {
        status: [{ description: 'Status: closed prevents ticket update', error: 'ClosedTicket' }],
      });
    }
    const actor = userOrThrow(actorId, 'author_id');
    if (changes.comment?.author_id !== undefined) userOrThrow(changes.comment.author_id, 'author_id');
    if (changes.assignee_id != null) userOrThrow(changes.assignee_id, 'assignee_id');
    const draft = structuredClone(current);
    if (changes.tags !== undefined) draft.tags = normalizeTags(changes.tags);
    if (changes.addTags) draft.tags = normalizeTags([...draft.tags, ...changes.addTags]);
    if (changes.removeTags) {
      const removed = normalizeTags(changes.removeTags);
      draft.tags = draft.tags.filter((tag) => !removed.includes(tag));
    }
    if (changes.status !== undefined) draft.status = changes.status;
    if (changes.priority !== undefined) draft.priority = changes.priority;
    if (changes.subject !== undefined) {
      draft.subject = changes.subject;
      draft.raw_subject = changes.subject;
    }
    if (changes.assignee_id !== undefined) draft.assignee_id = changes.assignee_id;
    if (draft.status === 'new' && draft.assignee_id !== null) draft.status = 'open';
    return commit(draft, current, changes.comment, actor, 'Change');
  }

  function addWebhook(input: ZendeskWebhookCreate, createdBy: number): SandboxWebhook {
    const at = nowIso();
    const webhook: SandboxWebhook = {
      id: webhookId(options.now()),
      name: input.name,
      status: input.status,
      subscriptions: input.subscriptions ?? ['conditional_ticket_events'],
      created_at: at,
      created_by: String(createdBy),
      updated_at: null,
      updated_by: null,
      endpoint: input.endpoint,
      http_method: input.http_method,
      request_format: input.request_format,
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.authentication
        ? {
            authentication: {
              type: input.authentication.type,
              add_position: 'header' as const,
              ...(input.authentication.data ? { data: input.authentication.data } : {}),
            },
          }
        : {}),
      // Zendesk generates the secret; an admin's API call cannot choose it (only an app's
      // requirements.json can), so a `signing_secret` in the request is ignored, as the
      // Terraform provider for Zendesk also observes ("it cannot be set"). Read it through
      // GET /webhooks/{id}/signing_secret. (developer.zendesk.com/api-reference/webhooks/webhooks-api/webhooks/)
      signingSecret: randomBytes(32).toString('base64'),
    };
    state.webhooks.set(webhook.id, webhook);
    return webhook;
  }

  function addTrigger(input: ZendeskTriggerCreate): SandboxTrigger {
    const conditions = { all: input.conditions.all ?? [], any: input.conditions.any ?? [] };
    const problems: Record<string, Array<{ description: string; error: string }>> = {};
    if (conditions.all.length + conditions.any.length === 0) {
      problems.conditions = [{ description: 'Conditions: at least one condition is required', error: 'BlankValue' }];
    }
    const actionProblems = input.actions.flatMap((action) => checkTriggerAction(action, state.webhooks));
    if (actionProblems.length > 0) problems.actions = actionProblems.map((description) => ({ description, error: 'InvalidValue' }));
    if (Object.keys(problems).length > 0) throw new SandboxRecordInvalidError('invalid trigger', problems);

    const id = next('trigger');
    const at = nowIso();
    const positions = [...state.triggers.values()].map((trigger) => trigger.position);
    const trigger: SandboxTrigger = {
      url: api(`/triggers/${id}.json`),
      id,
      title: input.title,
      raw_title: input.title,
      active: input.active ?? true,
      position: input.position ?? Math.max(0, ...positions) + 1,
      default: false,
      description: input.description ?? null,
      category_id: input.category_id ?? '360000000101',
      conditions,
      actions: input.actions,
      created_at: at,
      updated_at: at,
    };
    state.triggers.set(id, trigger);
    return trigger;
  }

  function addMacro(input: ZendeskMacroCreate): SandboxMacro {
    const problems = input.actions.flatMap((action) => checkMacroAction(action));
    if (problems.length > 0) {
      throw new SandboxRecordInvalidError('invalid macro', {
        actions: problems.map((description) => ({ description, error: 'InvalidValue' })),
      });
    }
    const id = next('macro');
    const at = nowIso();
    const macro: SandboxMacro = {
      url: api(`/macros/${id}.json`),
      id,
      title: input.title,
      raw_title: input.title,
      active: input.active ?? true,
      position: state.macros.size + 1,
      default: false,
      description: input.description ?? null,
      restriction: input.restriction ?? null,
      actions: input.actions,
      created_at: at,
      updated_at: at,
    };
    state.macros.set(id, macro);
    return macro;
  }

  /** What an agent's "apply macro, then submit" saves. */
  function macroChanges(macro: SandboxMacro): TicketChanges {
    const changes: TicketChanges = {};
    let body: { text?: string; html?: string; public?: boolean } | undefined;
    for (const action of macro.actions) {
      if (action.field === 'current_tags') changes.addTags = [...(changes.addTags ?? []), ...tagList(action.value)];
      else if (action.field === 'remove_tags') changes.removeTags = [...(changes.removeTags ?? []), ...tagList(action.value)];
      else if (action.field === 'set_tags') changes.tags = tagList(action.value);
      else if (action.field === 'status' && typeof action.value === 'string') changes.status = action.value as ZendeskTicketStatus;
      else if (action.field === 'comment_value' && typeof action.value === 'string') body = { ...body, text: action.value };
      else if (action.field === 'comment_value_html' && typeof action.value === 'string') body = { ...body, html: action.value };
      else if (action.field === 'comment_mode_is_public') body = { ...body, public: action.value === true || action.value === 'true' };
    }
    if (body && (body.text !== undefined || body.html !== undefined)) {
      changes.comment = {
        ...(body.html !== undefined ? { html_body: body.html } : { body: body.text ?? '' }),
        public: body.public ?? true,
      };
    }
    return changes;
  }

  /** Tickets in the order of their last save, with that save's sequence number. */
  function ticketsBySave(): Array<{ ticket: SandboxTicket; sequence: number }> {
    return [...state.tickets.values()]
      .map((ticket) => ({ ticket, sequence: savedAt.get(ticket.id) ?? 0 }))
      .sort((a, b) => a.sequence - b.sequence);
  }

  return {
    state,
    ticketsBySave,
    addUser,
    findOrAddEndUser,
    createTicket,
    updateTicket,
    addWebhook,
    addTrigger,
    addMacro,
    macroChanges,
  };
}

export class SandboxNotFoundError extends Error {
  override name = 'SandboxNotFoundError';
}

const TAG_ACTIONS = new Set(['current_tags', 'remove_tags', 'set_tags']);

function checkTriggerAction(action: ZendeskAction, webhooks: Map<string, SandboxWebhook>): string[] {
  if (action.field === 'notification_webhook') {
    const value = action.value;
    if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string' || typeof value[1] !== 'string') {
      return ['notification_webhook: value must be [webhook_id, request body]'];
    }
    if (!webhooks.has(value[0])) return [`notification_webhook: webhook ${value[0]} does not exist`];
    return [];
  }
  if (TAG_ACTIONS.has(action.field) && tagList(action.value).length === 0) return [`${action.field}: value must list at least one tag`];
  return [];
}

function checkMacroAction(action: ZendeskAction): string[] {
  if (action.field.startsWith('notification_')) return [`${action.field}: not allowed in a macro`];
  if (TAG_ACTIONS.has(action.field) && tagList(action.value).length === 0) return [`${action.field}: value must list at least one tag`];
  return [];
}

/** Webhook ids are ULIDs (`01F1KRFQ6BG29CNWFR60NK5FNY`): 10 time characters, 16 random. */
function webhookId(nowMs: number): string {
  let time = '';
  let value = nowMs;
  for (let index = 0; index < 10; index += 1) {
    time = CROCKFORD[value % 32] + time;
    value = Math.floor(value / 32);
  }
  const random = [...randomBytes(16)].map((byte) => CROCKFORD[byte % 32]).join('');
  return time + random;
}
