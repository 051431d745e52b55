import type { SandboxApp } from './sandbox-apps.js';
import type { ZendeskAction, ZendeskCondition, ZendeskTicketStatus } from '../zendesk/schemas.js';

/**
 * What the stand-in stores: the full objects Zendesk returns (more fields than our client reads),
 * so a response looks like a real account's. JSON-ready; timestamps are ISO seconds (`…:00Z`).
 */

export type UserRole = 'end-user' | 'agent' | 'admin';

export interface SandboxUser {
  id: number;
  url: string;
  name: string;
  email: string | null;
  created_at: string;
  updated_at: string;
  time_zone: string;
  iana_time_zone: string;
  phone: null;
  shared_phone_number: null;
  photo: null;
  locale_id: number;
  locale: string;
  organization_id: number | null;
  role: UserRole;
  verified: boolean;
  external_id: null;
  tags: string[];
  alias: string;
  active: boolean;
  shared: boolean;
  shared_agent: boolean;
  last_login_at: string | null;
  two_factor_auth_enabled: boolean;
  signature: string | null;
  details: string;
  notes: string;
  role_type: number | null;
  custom_role_id: number | null;
  moderator: boolean;
  report_csv: boolean;
  suspended: boolean;
  restricted_agent: boolean;
  ticket_restriction: string | null;
  only_private_comments: boolean;
  default_group_id: number | null;
  user_fields: Record<string, unknown>;
}

export interface SandboxAttachment {
  url: string;
  id: number;
  file_name: string;
  content_url: string;
  mapped_content_url: string;
  content_type: string;
  size: number;
  width: number | null;
  height: number | null;
  inline: boolean;
  deleted: boolean;
  malware_access_override: boolean;
  malware_scan_result: 'malware_found' | 'malware_not_found' | 'failed_to_scan' | 'not_scanned';
  thumbnails: unknown[];
}

export interface SandboxComment {
  id: number;
  type: 'Comment';
  author_id: number;
  body: string;
  html_body: string;
  plain_body: string;
  public: boolean;
  attachments: SandboxAttachment[];
  audit_id: number;
  via: { channel: string; source: { from: Record<string, unknown>; to: Record<string, unknown>; rel: string | null } };
  created_at: string;
  metadata: { system: Record<string, unknown>; custom: Record<string, unknown> };
}

export interface SandboxTicket {
  url: string;
  id: number;
  external_id: string | null;
  via: { channel: string; source: { from: Record<string, unknown>; to: Record<string, unknown>; rel: string | null } };
  created_at: string;
  updated_at: string;
  generated_timestamp: number;
  type: string | null;
  subject: string | null;
  raw_subject: string | null;
  description: string;
  priority: 'urgent' | 'high' | 'normal' | 'low' | null;
  status: ZendeskTicketStatus;
  recipient: string | null;
  requester_id: number;
  submitter_id: number;
  assignee_id: number | null;
  organization_id: number | null;
  group_id: number | null;
  collaborator_ids: number[];
  follower_ids: number[];
  email_cc_ids: number[];
  forum_topic_id: null;
  problem_id: null;
  has_incidents: boolean;
  is_public: boolean;
  due_at: string | null;
  tags: string[];
  custom_fields: Array<{ id: number; value: unknown }>;
  satisfaction_rating: null;
  sharing_agreement_ids: number[];
  custom_status_id: number;
  fields: Array<{ id: number; value: unknown }>;
  followup_ids: number[];
  ticket_form_id: number;
  brand_id: number;
  allow_channelback: boolean;
  allow_attachments: boolean;
  from_messaging_channel: boolean;
}

export interface SandboxWebhook {
  id: string;
  name: string;
  status: 'active' | 'inactive';
  subscriptions: string[];
  created_at: string;
  created_by: string;
  updated_at: string | null;
  updated_by: string | null;
  endpoint: string;
  http_method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  request_format: 'json' | 'xml' | 'form_encoded';
  description?: string;
  /** Returned as `{type, add_position}` only; `data` stays server-side like in Zendesk. */
  authentication?: { type: 'basic_auth' | 'bearer_token' | 'api_key'; data?: Record<string, string>; add_position: 'header' };
  /** Never serialized in webhook responses; read through `/signing_secret`. */
  signingSecret: string;
}

export interface SandboxTrigger {
  url: string;
  id: number;
  title: string;
  raw_title: string;
  active: boolean;
  position: number;
  default: boolean;
  description: string | null;
  category_id: string;
  /** Real accounts return `null` for an empty list at times; the engine reads null as []. */
  conditions: { all: ZendeskCondition[] | null; any: ZendeskCondition[] | null };
  actions: ZendeskAction[];
  created_at: string;
  updated_at: string;
}

export interface SandboxMacro {
  url: string;
  id: number;
  title: string;
  raw_title: string;
  active: boolean;
  position: number;
  default: boolean;
  description: string | null;
  restriction: unknown;
  actions: ZendeskAction[];
  created_at: string;
  updated_at: string;
}

/** The stand-in's whole account, inspectable (and editable) by tests. */
export interface SandboxState {
  accountId: number;
  users: Map<number, SandboxUser>;
  tickets: Map<number, SandboxTicket>;
  /** Per ticket, oldest first. */
  comments: Map<number, SandboxComment[]>;
  webhooks: Map<string, SandboxWebhook>;
  triggers: Map<number, SandboxTrigger>;
  macros: Map<number, SandboxMacro>;
  /** Group ids per agent (`GET /users/{id}/group_memberships`). */
  groupMemberships: Map<number, number[]>;
  /**
   * Organization ids per user (`GET /users/{id}/organization_memberships`); a user without an
   * entry is a member of `organization_id` only (if set), as in Zendesk.
   */
  organizationMemberships: Map<number, number[]>;
  /** Enterprise custom roles, by id (`GET /custom_roles/{id}`). */
  customRoles: Map<number, SandboxCustomRole>;
  /** Installed private apps, by app id (`GET /apps/{id}/public_key.pem`). */
  apps: Map<number, SandboxApp>;
  /**
   * Raw records the incremental export serves instead of a ticket, by ticket id: a damaged
   * record (missing fields, wrong types) as a real export can carry one.
   */
  exportOverrides: Map<number, unknown>;
}

export interface SandboxCustomRole {
  id: number;
  name: string;
  description: string;
  role_type: number;
  configuration: { ticket_editing: boolean; ticket_access: string; [key: string]: unknown };
}
