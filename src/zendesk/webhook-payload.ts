import { createHash } from 'node:crypto';
import { z } from 'zod';

const ticketId = z
  .union([z.string().regex(/^[1-9]\d{0,19}$/, 'must be a positive whole number'), z.number().int().positive().max(Number.MAX_SAFE_INTEGER)])
  .transform(String);

/**
 * Our triggers' body: `{"event":"created","ticket_id":"{{ticket.id}}"}`, rerun with `by` and
 * `updated_at`, `customer_reply` (the requester added a public comment to a triaged ticket), or
 * `agent_reply` (an agent did: the questions it sent are no longer offered in the sidebar).
 */
export const triggerPayloadSchema = z.object({
  event: z.enum(['created', 'rerun', 'customer_reply', 'agent_reply']),
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
  | {
      kind: 'triage';
      ticketId: string;
      event: 'created' | 'rerun' | 'customer_reply' | 'agent_reply';
      requestKey: string;
      requestedBy?: string;
    }
  | { kind: 'ignored'; eventType: string };

export type WebhookParseResult = { ok: true; request: WebhookTriageRequest } | { ok: false; issues: { path: string; message: string }[] };

/** What identifies one delivery besides its body (both optional). */
export interface DeliveryIdentity {
  /**
   * `x-zendesk-webhook-invocation-id`: one per trigger firing, kept by Zendesk's retries of it
   * (zendesk-platform.md §1, inferred from the invocation/attempt API model).
   */
  invocationId?: string | undefined;
  /** `x-zendesk-webhook-signature-timestamp` (signed). */
  signatureTimestamp?: string | undefined;
}

/**
 * Turns a verified body into a triage request and its idempotency key (the BullMQ job id).
 * - created: `ticket-<id>-created`, once per ticket.
 * - rerun: `ticket-<id>-rerun-<hash>` of the signed body and the invocation id. The body's
 *   `{{ticket.updated_at_with_timestamp}}` has an undocumented precision (minutes in practice),
 *   so two re-runs in one minute have the same body: the invocation id tells them apart, and a
 *   retry of one delivery keeps it. Re-runs still waiting are merged by BullMQ's deduplication
 *   (enqueue-triage-job.ts), not by this key. Without the header (our own `webhook:send`) the
 *   body alone decides, as before.
 * - customer_reply: `ticket-<id>-reply-<hash>` of the body and the invocation id (or, without
 *   it, the signed timestamp): the body names only the ticket, so every reply is a new request.
 * - agent_reply: `ticket-<id>-agent-reply-<hash>`, the same way.
 * A forged invocation id on a replayed body (within the signature tolerance) can at most queue
 * one more re-run, which the deduplication merges while it waits.
 */
export function parseWebhookPayload(json: unknown, rawBody: Uint8Array, delivery: DeliveryIdentity = {}): WebhookParseResult {
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
  const invocation = delivery.invocationId ?? '';
  const requestKey =
    event === 'created'
      ? `ticket-${id}-created`
      : event === 'rerun'
        ? `ticket-${id}-rerun-${invocation ? deliveryDigest(rawBody, invocation) : bodyDigest(rawBody)}`
        : `ticket-${id}-${event === 'agent_reply' ? 'agent-reply' : 'reply'}-${deliveryDigest(rawBody, invocation || `ts:${delivery.signatureTimestamp ?? ''}`)}`;
  return {
    ok: true,
    request: { kind: 'triage', ticketId: id, event, requestKey, ...(by !== undefined && by !== '' ? { requestedBy: by } : {}) },
  };
}

/** First 16 hex characters of the SHA-256 of the signed body. */
export function bodyDigest(rawBody: Uint8Array): string {
  return createHash('sha256').update(rawBody).digest('hex').slice(0, 16);
}

/** First 16 hex characters of the SHA-256 of the body and a delivery identity (NUL-separated). */
function deliveryDigest(rawBody: Uint8Array, identity: string): string {
  return createHash('sha256').update(rawBody).update('\0').update(identity).digest('hex').slice(0, 16);
}

function toIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.length > 0 ? issue.path.join('.') : '(root)', message: issue.message }));
}
