import type { ZendeskClient } from '../zendesk/client.js';
import type { ZendeskTicket, ZendeskUser } from '../zendesk/schemas.js';

/** What Zendesk says about the agent, as far as ticket access goes. */
export interface AgentProfile {
  id: number;
  role: ZendeskUser['role'];
  /** null: every ticket; otherwise "groups", "organization", "assigned" or "requested". */
  ticketRestriction: string | null;
  /**
   * Every organization the agent belongs to (`GET /users/{id}/organization_memberships`, read
   * only for the "organization" restriction); `organization_id` is just the default one.
   */
  organizationIds: number[];
  groupIds: number[];
  /** false for roles that may only view (e.g. light agents: a custom role without ticket editing). */
  canEditTickets: boolean;
  suspended: boolean;
}

export type TicketAccess = { allowed: true } | { allowed: false; reason: string };

type TicketFacts = Pick<ZendeskTicket, 'requester_id' | 'assignee_id' | 'group_id' | 'organization_id'>;

/**
 * Whether the agent may see the ticket in Zendesk, by the rules of the agent's role and
 * `ticket_restriction` (Zendesk user API): admins and unrestricted agents see every ticket;
 * "groups" the tickets of their groups (and those assigned to them); "organization" their
 * organization's; "assigned" those assigned to them; "requested" those they requested.
 */
export function canViewTicket(agent: AgentProfile, ticket: TicketFacts): TicketAccess {
  if (agent.suspended) return { allowed: false, reason: 'your Zendesk user is suspended' };
  if (agent.role === 'end-user') return { allowed: false, reason: 'only agents can use the sidebar' };
  if (agent.role === 'admin' || agent.ticketRestriction === null) return { allowed: true };
  const assignedToAgent = ticket.assignee_id === agent.id;
  switch (agent.ticketRestriction) {
    case 'groups':
      return assignedToAgent || (ticket.group_id != null && agent.groupIds.includes(ticket.group_id))
        ? { allowed: true }
        : { allowed: false, reason: "this ticket is not in one of your groups (your role only sees your groups' tickets)" };
    case 'organization':
      return ticket.organization_id != null && agent.organizationIds.includes(ticket.organization_id)
        ? { allowed: true }
        : {
            allowed: false,
            reason: "this ticket is not from one of your organizations (your role only sees your organizations' tickets)",
          };
    case 'assigned':
      return assignedToAgent
        ? { allowed: true }
        : { allowed: false, reason: 'this ticket is not assigned to you (your role only sees tickets assigned to you)' };
    case 'requested':
      return ticket.requester_id === agent.id
        ? { allowed: true }
        : { allowed: false, reason: 'you did not request this ticket (your role only sees tickets you requested)' };
    default:
      // An unknown restriction is not a licence to see everything.
      return { allowed: false, reason: `unknown ticket restriction "${agent.ticketRestriction}"` };
  }
}

/** Corrections and re-runs change the ticket's tags: only for agents who may see and edit it. */
export function canEditTicket(agent: AgentProfile, ticket: TicketFacts): TicketAccess {
  const view = canViewTicket(agent, ticket);
  if (!view.allowed) return view;
  if (agent.role === 'admin' || agent.canEditTickets) return { allowed: true };
  return { allowed: false, reason: 'your Zendesk role cannot edit tickets' };
}

/**
 * Reads the agent's role, restriction, groups, organizations and custom role through the Zendesk
 * API (our credentials, never the browser's word).
 */
export async function loadAgentProfile(
  zendesk: Pick<ZendeskClient, 'getUser' | 'listUserGroupIds' | 'listUserOrganizationIds' | 'getCustomRole'>,
  agentId: string,
): Promise<AgentProfile> {
  const user = await zendesk.getUser(agentId);
  const ticketRestriction = user.ticket_restriction ?? null;
  const restrictedTo = (restriction: string) => user.role === 'agent' && ticketRestriction === restriction;
  const [groupIds, organizationIds, customRole] = await Promise.all([
    restrictedTo('groups') ? zendesk.listUserGroupIds(agentId) : Promise.resolve([]),
    // An agent can belong to several organizations; user.organization_id names only the default one.
    restrictedTo('organization') ? zendesk.listUserOrganizationIds(agentId) : Promise.resolve([]),
    user.role === 'agent' && user.custom_role_id != null ? zendesk.getCustomRole(String(user.custom_role_id)) : Promise.resolve(null),
  ]);
  return {
    id: user.id,
    role: user.role,
    ticketRestriction: user.role === 'admin' ? null : ticketRestriction,
    organizationIds,
    groupIds,
    canEditTickets: user.role === 'admin' || (user.role === 'agent' && (customRole === null || customRole.ticketEditing)),
    suspended: user.suspended === true,
  };
}
