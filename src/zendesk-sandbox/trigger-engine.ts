import type { ZendeskAction, ZendeskCondition } from '../zendesk/schemas.js';
import { normalizeTags, tagList } from './normalize-tags.js';
import type { SandboxTicket, SandboxTrigger, UserRole } from './sandbox-types.js';

export type UpdateType = 'Create' | 'Change';

export interface TriggerContext {
  updateType: UpdateType;
  /** Role of the user who made the update (condition `role`). */
  actorRole: UserRole;
  /** Id of the user who made the update (`requester_id` / `assignee_id` `is current_user`). */
  actorId?: number;
  /** Whether this update adds a public comment (condition `comment_is_public`). */
  publicComment: boolean | null;
}

export interface WebhookNotification {
  triggerId: number;
  webhookId: string;
  bodyTemplate: string;
}

export interface TriggerRun {
  fired: number[];
  notifications: WebhookNotification[];
}

const STATUS_ORDER = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];

/**
 * Zendesk's trigger cycle: active triggers in `position` order; when one fires, its actions
 * change the ticket and the cycle starts again from the top; each trigger fires at most once
 * per update. Mutates `ticket` (the draft about to be saved).
 *
 * Conditions supported: update_type, current_tags (includes / not_includes), status, role,
 * comment_is_public, requester_id (a user id or `current_user`). Any other condition never matches, so an unsupported trigger stays quiet
 * instead of firing wrongly.
 */
export function runTriggers(triggers: Iterable<SandboxTrigger>, ticket: SandboxTicket, context: TriggerContext): TriggerRun {
  const ordered = [...triggers].filter((trigger) => trigger.active).sort((a, b) => a.position - b.position || a.id - b.id);
  const fired: number[] = [];
  const notifications: WebhookNotification[] = [];
  let restart = true;
  while (restart) {
    restart = false;
    for (const trigger of ordered) {
      if (fired.includes(trigger.id) || !matches(trigger, ticket, context)) continue;
      fired.push(trigger.id);
      for (const action of trigger.actions) applyAction(action, ticket, trigger.id, notifications);
      restart = true;
      break;
    }
  }
  return { fired, notifications };
}

function matches(trigger: SandboxTrigger, ticket: SandboxTicket, context: TriggerContext): boolean {
  const all = trigger.conditions.all ?? [];
  const any = trigger.conditions.any ?? [];
  if (!all.every((condition) => conditionHolds(condition, ticket, context))) return false;
  return any.length === 0 || any.some((condition) => conditionHolds(condition, ticket, context));
}

function conditionHolds(condition: ZendeskCondition, ticket: SandboxTicket, context: TriggerContext): boolean {
  const value = condition.value;
  switch (condition.field) {
    case 'update_type':
      return compare(condition.operator, context.updateType, String(value));
    case 'current_tags': {
      const wanted = tagList(value);
      const present = wanted.some((tag) => ticket.tags.includes(tag));
      if (condition.operator === 'includes') return present;
      if (condition.operator === 'not_includes') return !present;
      return false;
    }
    case 'status': {
      if (condition.operator === 'less_than' || condition.operator === 'greater_than') {
        const diff = STATUS_ORDER.indexOf(ticket.status) - STATUS_ORDER.indexOf(String(value));
        return condition.operator === 'less_than' ? diff < 0 : diff > 0;
      }
      return compare(condition.operator, ticket.status, String(value));
    }
    // Ticket properties by id (conditions reference: brand_id, group_id, ticket_form_id).
    case 'brand_id':
      return compare(condition.operator, String(ticket.brand_id), String(value));
    case 'group_id':
      return compare(condition.operator, String(ticket.group_id ?? ''), String(value));
    case 'ticket_form_id':
      return compare(condition.operator, String(ticket.ticket_form_id), String(value));
    case 'role':
      return compare(condition.operator, context.actorRole.replace('-', '_'), String(value).replace('-', '_'));
    case 'requester_id': {
      // "Requester is (current user)": the update's author is the ticket's requester.
      const expected = String(value) === 'current_user' ? context.actorId : Number(value);
      if (expected === undefined || !Number.isFinite(expected)) return false;
      return compare(condition.operator, String(ticket.requester_id), String(expected));
    }
    case 'comment_is_public':
      if (value === 'not_relevant') return true;
      if (context.publicComment === null) return false;
      return compare(condition.operator, String(context.publicComment), String(value));
    default:
      return false;
  }
}

function compare(operator: string, actual: string, expected: string): boolean {
  if (operator === 'is') return actual.toLowerCase() === expected.toLowerCase();
  if (operator === 'is_not') return actual.toLowerCase() !== expected.toLowerCase();
  return false;
}

function applyAction(action: ZendeskAction, ticket: SandboxTicket, triggerId: number, notifications: WebhookNotification[]): void {
  switch (action.field) {
    case 'notification_webhook': {
      const [webhookId, bodyTemplate] = Array.isArray(action.value) ? action.value : [];
      if (webhookId !== undefined)
        notifications.push({ triggerId, webhookId: String(webhookId), bodyTemplate: String(bodyTemplate ?? '') });
      return;
    }
    case 'current_tags':
      ticket.tags = normalizeTags([...ticket.tags, ...tagList(action.value)]);
      return;
    case 'remove_tags': {
      const removed = tagList(action.value);
      ticket.tags = ticket.tags.filter((tag) => !removed.includes(tag));
      return;
    }
    case 'set_tags':
      ticket.tags = tagList(action.value);
      return;
    case 'status':
      if (typeof action.value === 'string' && STATUS_ORDER.includes(action.value)) ticket.status = action.value as SandboxTicket['status'];
      return;
    case 'priority':
      if (action.value === 'urgent' || action.value === 'high' || action.value === 'normal' || action.value === 'low')
        ticket.priority = action.value;
      return;
    default:
      return;
  }
}
