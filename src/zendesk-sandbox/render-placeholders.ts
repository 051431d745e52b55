import type { SandboxTicket, SandboxUser } from './sandbox-types.js';

export interface PlaceholderContext {
  ticket: SandboxTicket;
  currentUser: SandboxUser;
  requester: SandboxUser | undefined;
  accountUrl: string;
}

export interface RenderedTemplate {
  text: string;
  /** Placeholders the stand-in does not know; Zendesk (Liquid) renders those as empty text. */
  unknown: string[];
}

/**
 * Renders the `{{…}}` placeholders of a webhook body. Only ids, enums and timestamps are
 * supported on purpose: whether Zendesk JSON-escapes text placeholders is unconfirmed, so our
 * triggers send ids and the worker reads text through the API.
 */
export function renderPlaceholders(template: string, context: PlaceholderContext): RenderedTemplate {
  const { ticket, currentUser, requester } = context;
  const values: Record<string, string> = {
    'ticket.id': String(ticket.id),
    'ticket.status': ticket.status,
    'ticket.priority': ticket.priority ?? '',
    'ticket.tags': ticket.tags.join(' '),
    'ticket.via': ticket.via.channel,
    'ticket.external_id': ticket.external_id ?? '',
    'ticket.url': `${context.accountUrl.replace(/^https?:\/\//, '')}/agent/tickets/${ticket.id}`,
    'ticket.link': `${context.accountUrl}/agent/tickets/${ticket.id}`,
    'ticket.created_at_with_timestamp': ticket.created_at,
    'ticket.updated_at_with_timestamp': ticket.updated_at,
    'ticket.requester.id': String(ticket.requester_id),
    'ticket.requester.role': requester?.role ?? '',
    'ticket.assignee.id': ticket.assignee_id === null ? '' : String(ticket.assignee_id),
    'current_user.id': String(currentUser.id),
    'current_user.role': currentUser.role,
  };
  const unknown: string[] = [];
  const text = template.replace(/\{\{\s*([a-z0-9_.]+)\s*\}\}/gi, (_, name: string) => {
    const value = values[name];
    if (value !== undefined) return value;
    unknown.push(name);
    return '';
  });
  return { text, unknown };
}
