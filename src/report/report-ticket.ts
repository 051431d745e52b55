import { z } from 'zod';

import { escalationFieldSchema } from '../triage/diagnosis.js';

/** Where a ticket's ground truth came from, strongest first (an agent outranks every tag). */
export const TRUTH_SOURCES = ['correction', 'team-tag', 'own-tag', 'uncorrected'] as const;
export const truthSourceSchema = z.enum(TRUTH_SOURCES);
export type TruthSource = z.infer<typeof truthSourceSchema>;

/**
 * One classified ticket as the quality report sees it: the backtest's JSONL line, or a stored
 * diagnosis on the live page. Never ticket text, subject or address: ids and labels only.
 */
export const reportTicketSchema = z.object({
  /** Zendesk ticket id, digits only. */
  id: z.string().regex(/^\d{1,20}$/),
  issue: z.string().min(1),
  /** Calibrated probability of `issue`, 0–1. */
  confidence: z.number().min(0).max(1),
  band: z.enum(['high', 'medium', 'low']),
  abstained: z.boolean(),
  /** The runner-up issue the note also named (src/note/closest-issues.ts runnerUp), when it named one. */
  runnerUp: z.string().min(1).optional(),
  missing: z.array(escalationFieldSchema),
  language: z.string(),
  /** ISO 8601: when the ticket was created (backtest) or classified (live page); the report's day axis. */
  at: z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO 8601 time'),
  /** The issue the ticket really was, when known. */
  truth: z.string().min(1).optional(),
  truthSource: truthSourceSchema.optional(),
});
export type ReportTicket = z.infer<typeof reportTicketSchema>;

/** An agent's correction as the report needs it (the feedback store's record without the text). */
export interface ReportCorrection {
  ticketId: string;
  /** What the model had said; null when the ticket had no diagnosis yet. */
  previousIssue: string | null;
  correctIssue: string;
  /** ISO 8601. */
  createdAt: string;
}
