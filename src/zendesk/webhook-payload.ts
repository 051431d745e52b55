import { createHash } from 'node:crypto';
import { z } from 'zod';

const ticketId = z
  .union([z.string().regex(/^[1-9]\d{0,19}$/, 'must be a positive whole number'), z.number().int().positive().max(Number.MAX_SAFE_INTEGER)])
  .transform(String);

/** Our triggers' body: `{"event":"created","ticket_id":"{{ticket.id}}"}`, or rerun with `by` and `updated_at`. */
export const triggerPayloadSchema = z.object({
  event: z.enum(['created', 'rerun']),
  ticket_id: ticketId,
  by: z
    .union([z.string().max(64), z.number().int().nonnegative()])
    .transform(String)
    .optional(),
  updated_at: z.string().max(64).optional(),
});

/** An event-subscription webhook (`zen:event-type:ticket.created`); `detail.id` is a string there. */
export const eventEnvelopeSchema = z.object({
  type: z.string().regex(/^zen:event-type:[a-z_.]+$/, 'must be a zen:event-type:… name'),
  detail: z.object({ id: ticketId }),
});

export type WebhookTriageRequest =
  | { kind: 'triage'; ticketId: string; event: 'created' | 'rerun'; requestKey: string; requestedBy?: string }
  | { kind: 'ignored'; eventType: string };

export type WebhookParseResult = { ok: true; request: WebhookTriageRequest } | { ok: false; issues: { path: string; message: string }[] };

/**
 * Turns a verified body into a triage request. The idempotency key is built only from signed
 * content: a ticket is triaged once on creation (`ticket-<id>-created`); each rerun is distinct
 * because its body carries `{{ticket.updated_at_with_timestamp}}`, so the key includes a hash
 * of the whole signed body. The unsigned invocation-id header is never part of the key.
 */
export function parseWebhookPayload(json: unknown, rawBody: Uint8Array): WebhookParseResult {
  const isEnvelope = typeof json === 'object' && json !== null && 'type' in json;
  if (isEnvelope) {
    const parsed = eventEnvelopeSchema.safeParse(json);
    if (!parsed.success) return { ok: false, issues: toIssues(parsed.error) };
    if (parsed.data.type !== 'zen:event-type:ticket.created') {
      return { ok: true, request: { kind: 'ignored', eventType: parsed.data.type } };
    }
    const id = parsed.data.detail.id;
    return { ok: true, request: { kind: 'triage', ticketId: id, event: 'created', requestKey: `ticket-${id}-created` } };
  }
  const parsed = triggerPayloadSchema.safeParse(json);
  if (!parsed.success) return { ok: false, issues: toIssues(parsed.error) };
  const { event, ticket_id: id, by } = parsed.data;
  const requestKey = event === 'created' ? `ticket-${id}-created` : `ticket-${id}-rerun-${bodyDigest(rawBody)}`;
  return {
    ok: true,
    request: { kind: 'triage', ticketId: id, event, requestKey, ...(by !== undefined && by !== '' ? { requestedBy: by } : {}) },
  };
}

/** First 16 hex characters of the SHA-256 of the signed body. */
export function bodyDigest(rawBody: Uint8Array): string {
  return createHash('sha256').update(rawBody).digest('hex').slice(0, 16);
}

function toIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.length > 0 ? issue.path.join('.') : '(root)', message: issue.message }));
}
