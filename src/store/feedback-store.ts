import type { Redis } from 'ioredis';
import { z } from 'zod';

import { languageSchema } from '../triage/diagnosis.js';
import type { TicketInput } from '../triage/ticket.js';
import type { TrainingTicket } from '../triage/train-model.js';

/** Longest agent comment we keep; the API refuses longer ones with a 422. */
export const FEEDBACK_COMMENT_MAX_CHARS = 1000;

/**
 * Customer text kept per correction: what the classifier reads of a ticket, no more
 * (MAX_TICKET_CHARS of prepare-text.ts, which the store's test holds it equal to; not imported,
 * so that the service's main thread does not load the text pipeline and its language model).
 */
export const FEEDBACK_TEXT_MAX_CHARS = 40_000;
export const FEEDBACK_SUBJECT_MAX_CHARS = 500;

/**
 * One agent correction: the issue the ticket really was, plus the customer's own words so the
 * model can learn from it. Only what training and the labelled export need is kept: no
 * requester name or email, no agent-side messages, no attachment contents.
 */
export const feedbackRecordSchema = z.object({
  ticketId: z.string().regex(/^\d+$/),
  correctIssue: z.string().min(1),
  /** What the model said before the correction; null when the ticket had no diagnosis yet. */
  previousIssue: z.string().nullable(),
  comment: z.string().max(FEEDBACK_COMMENT_MAX_CHARS).optional(),
  agentId: z.string().optional(),
  /** Ticket subject as the customer wrote it. */
  subject: z.string().default(''),
  /** The customer's messages (first message, then their public follow-ups). Personal data: never log. */
  text: z.string(),
  language: languageSchema.optional(),
  /**
   * Where the agent said it: the sidebar's "Wrong diagnosis?", or by changing our
   * `signin_issue_*` tag by hand in Zendesk (seen by the worker on its next read of the ticket).
   * Records stored before this field existed are sidebar corrections.
   */
  source: z.enum(['sidebar', 'zendesk_tag']).default('sidebar'),
  createdAt: z.string(),
});
export type FeedbackRecord = z.infer<typeof feedbackRecordSchema>;
export type FeedbackInput = Omit<z.input<typeof feedbackRecordSchema>, 'createdAt'> & { createdAt?: string };
export type CorrectionSource = FeedbackRecord['source'];

/**
 * The customer's own words of a ticket, as a correction keeps them: the first message, then the
 * requester's public follow-ups (no agent-side messages). Shape: a triage `Ticket` → one string.
 */
export function customerWords(ticket: Pick<TicketInput, 'description' | 'conversation'>): string {
  return [
    ticket.description ?? '',
    ...(ticket.conversation ?? []).filter((message) => message.from_requester !== false).map((message) => message.body ?? ''),
  ]
    .filter((part) => part.trim() !== '')
    .join('\n\n');
}

export interface FeedbackStore {
  /** Stores the correction; a later correction of the same ticket replaces the earlier one. */
  add(input: FeedbackInput): Promise<FeedbackRecord>;
  get(ticketId: string): Promise<FeedbackRecord | null>;
  /** Every stored correction, oldest first. */
  list(): Promise<FeedbackRecord[]>;
  /** Forgets a ticket's correction (data-deletion requests). Resolves true when one existed. */
  remove(ticketId: string): Promise<boolean>;
  /** Deletes corrections older than the retention; resolves how many. list() does it too. */
  purgeExpired(): Promise<number>;
}

export class FeedbackStoreError extends Error {
  override name = 'FeedbackStoreError';
}

export interface FeedbackStoreOptions {
  redis: Pick<Redis, 'hset' | 'hget' | 'hgetall' | 'hdel'>;
  /** Key prefix, e.g. QUEUE_PREFIX ("signin-triage"). */
  prefix: string;
  /** Corrections older than this are deleted when the store is listed (FEEDBACK_RETENTION_DAYS). @defaultValue 365 */
  retentionDays?: number;
  now?: () => Date;
}

/**
 * Agent corrections in one Redis hash, keyed by ticket id: one answer per ticket, so an agent
 * who changes their mind does not leave two contradicting training examples behind.
 */
export function createFeedbackStore(options: FeedbackStoreOptions): FeedbackStore {
  const { redis } = options;
  const key = `${options.prefix}:feedback:v1`;
  const now = options.now ?? (() => new Date());
  const retentionDays = options.retentionDays ?? 365;

  function parse(ticketId: string, raw: string): FeedbackRecord {
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      throw new FeedbackStoreError(`feedback for ticket ${ticketId} in ${key} is not JSON`);
    }
    const result = feedbackRecordSchema.safeParse(data);
    if (!result.success) {
      const first = result.error.issues[0];
      throw new FeedbackStoreError(
        `feedback for ticket ${ticketId} in ${key} is invalid at ${first?.path.join('.') || '(root)'}: ${first?.message ?? 'unknown'}`,
      );
    }
    return result.data;
  }

  return {
    async add(input) {
      // The classifier reads no more than this of a ticket; keeping more would only keep more personal data.
      const record = feedbackRecordSchema.parse({
        ...input,
        subject: (input.subject ?? '').slice(0, FEEDBACK_SUBJECT_MAX_CHARS),
        text: input.text.slice(0, FEEDBACK_TEXT_MAX_CHARS),
        createdAt: input.createdAt ?? now().toISOString(),
      });
      await redis.hset(key, record.ticketId, JSON.stringify(record));
      return record;
    },
    async get(ticketId) {
      const raw = await redis.hget(key, ticketId);
      return raw === null ? null : parse(ticketId, raw);
    },
    async list() {
      const all = await redis.hgetall(key);
      const oldest = new Date(now().getTime() - retentionDays * 86_400_000).toISOString();
      const records = Object.entries(all).map(([ticketId, raw]) => parse(ticketId, raw));
      const expired = records.filter((record) => record.createdAt < oldest).map((record) => record.ticketId);
      // A Redis hash has no per-field expiry (HEXPIRE needs Redis 7.4): expired corrections go here.
      if (expired.length > 0) await redis.hdel(key, ...expired);
      return records
        .filter((record) => record.createdAt >= oldest)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || Number(a.ticketId) - Number(b.ticketId));
    },
    async remove(ticketId) {
      return (await redis.hdel(key, ticketId)) > 0;
    },
    async purgeExpired() {
      // Unreadable records are left to list(), which names them; only their age is read here.
      const all = await redis.hgetall(key);
      const oldest = new Date(now().getTime() - retentionDays * 86_400_000).toISOString();
      const expired = Object.entries(all)
        .filter(([, raw]) => {
          try {
            const createdAt = (JSON.parse(raw) as { createdAt?: unknown }).createdAt;
            return typeof createdAt === 'string' && createdAt < oldest;
          } catch {
            return false;
          }
        })
        .map(([ticketId]) => ticketId);
      return expired.length > 0 ? redis.hdel(key, ...expired) : 0;
    },
  };
}

/** The training ticket a correction gives the classifier (`loadTriage({ extraExamples })`, retraining). */
export function feedbackToTrainingTicket(record: Omit<FeedbackRecord, 'source'> & Partial<Pick<FeedbackRecord, 'source'>>): TrainingTicket {
  const ticket = { id: `feedback-${record.ticketId}`, subject: record.subject, description: record.text };
  return record.language ? { issue: record.correctIssue, ticket, lang: record.language } : { issue: record.correctIssue, ticket };
}
