import { z } from 'zod';

/**
 * What the receiver, the sweep and the CLI put on the queue. Ids and enums only: ticket text
 * and email addresses never go into job data (BullMQ stores it in clear); the worker re-reads
 * the ticket from Zendesk.
 */
export const triageJobSchema = z.object({
  ticketId: z.string().regex(/^\d+$/),
  /**
   * `customer_reply`: the requester added a public comment to a triaged ticket (issue #12);
   * `agent_reply`: an agent did (the confirm questions it sent are recorded, nothing is written).
   */
  event: z.enum(['created', 'rerun', 'sweep', 'manual', 'customer_reply', 'agent_reply']),
  /** Business idempotency key built from signed content; also the BullMQ jobId. */
  requestKey: z.string(),
  /** x-zendesk-webhook-invocation-id, for log correlation only (it is not signed). */
  invocationId: z.string().optional(),
  /** Agent id for reruns. */
  requestedBy: z.string().optional(),
  /** ISO 8601 time the request was accepted. */
  receivedAt: z.string(),
});

export type TriageJob = z.infer<typeof triageJobSchema>;
export type TriageEvent = TriageJob['event'];
