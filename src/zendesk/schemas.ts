import { z } from 'zod';

/**
 * Shapes of the Zendesk Support API as documented (developer.zendesk.com/api-reference) and as
 * the stand-in serves them. Objects strip unknown keys: Zendesk adds fields over time and we only
 * read these. Fields we act on are strict; the rest are optional so a missing extra never fails a job.
 */

const id = z.number().int().nonnegative();
/** Zendesk timestamps: ISO 8601 UTC, second precision (`2026-11-20T10:15:00Z`). */
const timestamp = z.iso.datetime({ offset: true });

// The incremental export also lists deleted tickets, with status "deleted".
export const ticketStatusSchema = z.enum(['new', 'open', 'pending', 'hold', 'solved', 'closed', 'deleted']);
export type ZendeskTicketStatus = z.infer<typeof ticketStatusSchema>;

export const attachmentSchema = z.object({
  id,
  file_name: z.string(),
  content_url: z.string(),
  content_type: z.string(),
  size: z.number().int().nonnegative(),
  /** true = embedded in the comment body; listed only with `include_inline_images=true`. */
  inline: z.boolean().optional(),
  deleted: z.boolean().optional(),
  mapped_content_url: z.string().optional(),
  malware_scan_result: z.string().optional(),
  width: z.number().nullable().optional(),
  height: z.number().nullable().optional(),
});
export type ZendeskAttachment = z.infer<typeof attachmentSchema>;

export const commentSchema = z.object({
  id,
  type: z.string().optional(),
  body: z.string(),
  html_body: z.string().optional(),
  plain_body: z.string().optional(),
  public: z.boolean(),
  author_id: id,
  created_at: timestamp,
  audit_id: id.optional(),
  attachments: z.array(attachmentSchema),
});
export type ZendeskComment = z.infer<typeof commentSchema>;

export const userRoleSchema = z.enum(['end-user', 'agent', 'admin']);

export const userSchema = z.object({
  id,
  name: z.string(),
  /** null for users without an email identity (e.g. created from a phone call). */
  email: z.string().nullable(),
  role: userRoleSchema,
  locale: z.string().optional(),
  time_zone: z.string().optional(),
  /** Access fields (users/me, users/{id}); absent in some sideloads. */
  organization_id: id.nullable().optional(),
  /** For agents: null (all tickets), "groups", "organization", "assigned" or "requested". */
  ticket_restriction: z.string().nullable().optional(),
  custom_role_id: id.nullable().optional(),
  suspended: z.boolean().optional(),
});
export type ZendeskUser = z.infer<typeof userSchema>;

export const ticketSchema = z.object({
  id,
  /** null on some channels (e.g. a voice ticket without a subject). */
  subject: z.string().nullable(),
  /** Read-only: the first comment's text. */
  description: z.string(),
  tags: z.array(z.string()),
  status: ticketStatusSchema,
  created_at: timestamp,
  /** What `updated_stamp` must equal for a safe update. */
  updated_at: timestamp,
  requester_id: id,
  submitter_id: id.optional(),
  assignee_id: id.nullable().optional(),
  group_id: id.nullable().optional(),
  /** TRIAGE_SCOPE reads these (brand:ID, form:ID); absent on some older payloads. */
  brand_id: id.nullable().optional(),
  ticket_form_id: id.nullable().optional(),
  organization_id: id.nullable().optional(),
  priority: z.string().nullable().optional(),
  url: z.string().optional(),
  via: z.object({ channel: z.string() }).optional(),
});
export type ZendeskTicket = z.infer<typeof ticketSchema>;

// ---- Pagination envelopes -------------------------------------------------------------------

/** Cursor pagination (`page[size]`, `page[after]`): the `meta` and `links` Zendesk adds. */
export const cursorMetaSchema = z.object({
  has_more: z.boolean(),
  after_cursor: z.string().nullable(),
  before_cursor: z.string().nullable().optional(),
});
export const cursorLinksSchema = z.object({
  next: z.string().nullable().optional(),
  prev: z.string().nullable().optional(),
});

export const ticketShowSchema = z.object({ ticket: ticketSchema, users: z.array(userSchema).optional() });
export const ticketUpdateResponseSchema = z.object({ ticket: ticketSchema });

export const commentsPageSchema = z.object({
  comments: z.array(commentSchema),
  users: z.array(userSchema).optional(),
  meta: cursorMetaSchema,
  links: cursorLinksSchema.optional(),
});

/**
 * The export page; each record is checked on its own (ticketSchema) by the client, so one
 * malformed ticket is skipped instead of failing the page and stalling the cursor.
 */
export const incrementalTicketsPageSchema = z.object({
  tickets: z.array(z.unknown()),
  after_cursor: z.string().nullable(),
  before_cursor: z.string().nullable().optional(),
  after_url: z.string().nullable().optional(),
  end_of_stream: z.boolean(),
});

export const userShowSchema = z.object({ user: userSchema });

export const groupMembershipSchema = z.object({ id, user_id: id, group_id: id });
export const groupMembershipsPageSchema = z.object({
  group_memberships: z.array(groupMembershipSchema),
  meta: cursorMetaSchema.optional(),
});

/** `GET /api/v2/users/{id}/organization_memberships`: every organization the user belongs to. */
export const organizationMembershipSchema = z.object({ id, user_id: id, organization_id: id });
export const organizationMembershipsPageSchema = z.object({
  organization_memberships: z.array(organizationMembershipSchema),
  meta: cursorMetaSchema.optional(),
});

/** Enterprise custom roles: `configuration.ticket_editing` says whether the role may edit tickets. */
export const customRoleShowSchema = z.object({
  custom_role: z.object({ id, name: z.string(), configuration: z.object({ ticket_editing: z.boolean().optional() }).passthrough() }),
});

/** `GET /api/v2/apps/{app_id}/public_key.pem` answers the PEM itself, not JSON. */
export const publicKeyPemSchema = z.string().refine((text) => {
  // indexOf, not /BEGIN[\s\S]+END/: that pattern rescans the rest of the text from every BEGIN.
  const begin = text.indexOf('-----BEGIN PUBLIC KEY-----');
  return begin >= 0 && text.indexOf('-----END PUBLIC KEY-----', begin + 27) >= 0;
}, 'is not a PEM public key');

// ---- Webhooks, triggers, macros -------------------------------------------------------------

const webhookAuthenticationSchema = z.object({
  type: z.enum(['basic_auth', 'bearer_token', 'api_key']),
  data: z.record(z.string(), z.string()).optional(),
  add_position: z.literal('header'),
});

/** Body of `POST /api/v2/webhooks` (`{ webhook: … }`). */
export const webhookCreateSchema = z.object({
  name: z.string().min(1),
  endpoint: z.url({ protocol: /^https?$/ }),
  http_method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  request_format: z.enum(['json', 'xml', 'form_encoded']),
  status: z.enum(['active', 'inactive']),
  subscriptions: z.array(z.string()).optional(),
  description: z.string().optional(),
  authentication: webhookAuthenticationSchema.optional(),
  signing_secret: z.object({ algorithm: z.literal('SHA256'), secret: z.string().min(1) }).optional(),
  external_source: z.unknown().optional(),
});
export type ZendeskWebhookCreate = z.input<typeof webhookCreateSchema>;

export const webhookSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  endpoint: z.string(),
  http_method: z.string(),
  request_format: z.string(),
  status: z.enum(['active', 'inactive']),
  subscriptions: z.array(z.string()).optional(),
  description: z.string().nullable().optional(),
  created_at: timestamp.optional(),
  updated_at: timestamp.nullable().optional(),
});
export type ZendeskWebhook = z.infer<typeof webhookSchema>;

export const webhookShowSchema = z.object({ webhook: webhookSchema });
export const webhooksPageSchema = z.object({
  webhooks: z.array(webhookSchema),
  meta: cursorMetaSchema.optional(),
  links: cursorLinksSchema.optional(),
});
export const webhookSigningSecretSchema = z.object({
  signing_secret: z.object({ algorithm: z.string(), secret: z.string() }),
});

/**
 * Condition value as real accounts return it: a string, number, boolean, null, or an array
 * (e.g. `["open","pending"]` for `includes` conditions on several values, or a custom field's
 * options). Only our own triggers' values are compared; the rest is carried as is.
 * (developer.zendesk.com/api-reference/ticketing/business-rules/conditions/)
 */
const conditionValueSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])),
]);
export const conditionSchema = z.object({
  field: z.string().min(1),
  operator: z.string().min(1),
  value: conditionValueSchema,
});
export type ZendeskCondition = z.infer<typeof conditionSchema>;

/** Action value: a string, or an array such as `notification_webhook`'s [webhook_id, body]. */
const actionValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.union([z.string(), z.number()]))]);
export const actionSchema = z.object({ field: z.string().min(1), value: actionValueSchema });
export type ZendeskAction = z.infer<typeof actionSchema>;

/** `all`/`any` may be omitted or null on real accounts' triggers; both read as "no condition". */
const conditionListSchema = z
  .array(conditionSchema)
  .nullable()
  .optional()
  .transform((list) => list ?? []);
export const conditionsSchema = z.object({ all: conditionListSchema, any: conditionListSchema });

/** Body of `POST /api/v2/triggers` (`{ trigger: … }`). */
export const triggerCreateSchema = z.object({
  title: z.string().min(1),
  active: z.boolean().optional(),
  description: z.string().nullable().optional(),
  position: z.number().int().nonnegative().optional(),
  category_id: z.string().optional(),
  conditions: conditionsSchema,
  actions: z.array(actionSchema).min(1),
});
export type ZendeskTriggerCreate = z.input<typeof triggerCreateSchema>;

/**
 * A trigger as listed from a real account, parsed tolerantly: we read `id`, `title`, `active`,
 * the conditions and actions (to compare our own triggers and find what notifies our webhook);
 * values of any shape and fields we do not know are kept as they came (`looseObject`).
 * (developer.zendesk.com/api-reference/ticketing/business-rules/triggers/)
 */
const looseConditionSchema = z.looseObject({ field: z.string(), operator: z.string().nullable().optional(), value: z.unknown() });
const looseConditionListSchema = z
  .array(looseConditionSchema)
  .nullable()
  .optional()
  .transform((list) => list ?? []);
export const triggerSchema = z.looseObject({
  id,
  title: z.string(),
  active: z.boolean(),
  position: z.number().int().optional(),
  description: z.string().nullable().optional(),
  conditions: z
    .looseObject({ all: looseConditionListSchema, any: looseConditionListSchema })
    .nullable()
    .optional()
    .transform((conditions) => conditions ?? { all: [], any: [] }),
  actions: z
    .array(z.looseObject({ field: z.string(), value: z.unknown() }))
    .nullable()
    .optional()
    .transform((actions) => actions ?? []),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
});
export type ZendeskTrigger = z.infer<typeof triggerSchema>;

export const triggerShowSchema = z.object({ trigger: triggerSchema });
/** Entries are parsed one by one by the client, so one odd trigger is skipped, never fatal. */
export const triggersPageSchema = z.object({
  triggers: z.array(z.unknown()),
  meta: cursorMetaSchema.optional(),
  links: cursorLinksSchema.optional(),
});

/** Body of `POST /api/v2/macros` (`{ macro: … }`). */
export const macroCreateSchema = z.object({
  title: z.string().min(1),
  active: z.boolean().optional(),
  description: z.string().nullable().optional(),
  restriction: z.unknown().optional(),
  actions: z.array(actionSchema).min(1),
});
export type ZendeskMacroCreate = z.input<typeof macroCreateSchema>;

/** A macro as listed from a real account: tolerant like `triggerSchema` (action values of any shape). */
export const macroSchema = z.looseObject({
  id,
  title: z.string(),
  active: z.boolean(),
  description: z.string().nullable().optional(),
  actions: z
    .array(z.looseObject({ field: z.string(), value: z.unknown() }))
    .nullable()
    .optional()
    .transform((actions) => actions ?? []),
  position: z.number().int().optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
});
export type ZendeskMacro = z.infer<typeof macroSchema>;

export const macroShowSchema = z.object({ macro: macroSchema });
export const macrosPageSchema = z.object({
  macros: z.array(z.unknown()),
  meta: cursorMetaSchema.optional(),
  links: cursorLinksSchema.optional(),
});

// ---- Requests we send -----------------------------------------------------------------------

export const commentInputSchema = z
  .object({
    body: z.string().optional(),
    html_body: z.string().optional(),
    public: z.boolean().optional(),
    author_id: id.optional(),
  })
  .refine((comment) => comment.body !== undefined || comment.html_body !== undefined, {
    message: 'a comment needs body or html_body',
  });

/** Body of `POST /api/v2/tickets` (`{ ticket: … }`), the fields the stand-in and our tests use. */
export const ticketCreateSchema = z.object({
  subject: z.string().optional(),
  comment: commentInputSchema,
  requester_id: id.optional(),
  requester: z.object({ name: z.string().min(1), email: z.email(), locale_id: z.number().optional() }).optional(),
  submitter_id: id.optional(),
  assignee_id: id.optional(),
  tags: z.array(z.string()).optional(),
  status: ticketStatusSchema.optional(),
  priority: z.enum(['urgent', 'high', 'normal', 'low']).optional(),
  via: z.object({ channel: z.string() }).optional(),
});
export type ZendeskTicketCreate = z.input<typeof ticketCreateSchema>;

/** Zendesk's error bodies: `{ error, description, details }`; the Webhooks API uses `errors[]`. */
export const errorBodySchema = z.object({
  error: z.union([z.string(), z.object({ title: z.string().optional(), message: z.string().optional() })]).optional(),
  description: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
  errors: z.array(z.object({ code: z.string().optional(), title: z.string().optional(), detail: z.string().optional() })).optional(),
});
export type ZendeskErrorBody = z.infer<typeof errorBodySchema>;
