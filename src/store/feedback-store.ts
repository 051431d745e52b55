import type { Redis } from 'ioredis';
import { z } from 'zod';

import { languageSchema } from '../triage/diagnosis.js';
import type { TrainingExampleInput } from '../triage/types.js';

/** Longest agent comment we keep; the API refuses longer ones with a 422. */
export const FEEDBACK_COMMENT_MAX_CHARS = 1000;

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
  createdAt: z.string(),
});
export type FeedbackRecord = z.infer<typeof feedbackRecordSchema>;
export type FeedbackInput = Omit<z.input<typeof feedbackRecordSchema>, 'createdAt'> & { createdAt?: string };

export interface FeedbackStore {
  /** Stores the correction; a later correction of the same ticket replaces the earlier one. */
  add(input: FeedbackInput): Promise<FeedbackRecord>;
  get(ticketId: string): Promise<FeedbackRecord | null>;
  /** Every stored correction, oldest first. */
  list(): Promise<FeedbackRecord[]>;
  /** Forgets a ticket's correction (data-deletion requests). Resolves true when one existed. */
  remove(ticketId: string): Promise<boolean>;
}

export class FeedbackStoreError extends Error {
  override name = 'FeedbackStoreError';
}

export interface FeedbackStoreOptions {
  redis: Pick<Redis, 'hset' | 'hget' | 'hgetall' | 'hdel'>;
  /** Key prefix, e.g. QUEUE_PREFIX ("signin-triage"). */
  prefix: string;
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
      const record = feedbackRecordSchema.parse({ ...input, createdAt: input.createdAt ?? now().toISOString() });
      await redis.hset(key, record.ticketId, JSON.stringify(record));
      return record;
    },
    async get(ticketId) {
      const raw = await redis.hget(key, ticketId);
      return raw === null ? null : parse(ticketId, raw);
    },
    async list() {
      const all = await redis.hgetall(key);
      return Object.entries(all)
        .map(([ticketId, raw]) => parse(ticketId, raw))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || Number(a.ticketId) - Number(b.ticketId));
    },
    async remove(ticketId) {
      return (await redis.hdel(key, ticketId)) > 0;
    },
  };
}

/** The training example a correction gives the classifier (`createTriage({ extraExamples })`). */
export function feedbackToExample(record: FeedbackRecord): TrainingExampleInput {
  const text = record.subject ? `${record.subject}\n\n${record.text}` : record.text;
  return record.language ? { issue: record.correctIssue, text, lang: record.language } : { issue: record.correctIssue, text };
}
