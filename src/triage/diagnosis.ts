import { z } from 'zod';

export const LANGUAGES = ['en', 'fr', 'de', 'es', 'it'] as const;
export const languageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof languageSchema>;

export const ESCALATION_FIELDS = ['email', 'timestamp', 'screenshot'] as const;
export const escalationFieldSchema = z.enum(ESCALATION_FIELDS);
export type EscalationField = z.infer<typeof escalationFieldSchema>;

export const evidenceSchema = z.object({
  /** The words of the ticket (or the signal's label) that pushed the decision. */
  phrase: z.string(),
  /** Which issue it speaks for (or against, when weight < 0). */
  issue: z.string(),
  weight: z.number(),
  kind: z.enum(['ui-label', 'signal', 'word', 'negation']),
});
export type Evidence = z.infer<typeof evidenceSchema>;

export const escalationCheckSchema = z.object({
  present: z.boolean(),
  /** What was found, already safe to show an agent (e.g. "10:42", "login.png"). */
  found: z.string().optional(),
  /** One sentence saying why it is present or missing. */
  reason: z.string(),
});
export type EscalationCheck = z.infer<typeof escalationCheckSchema>;

export const diagnosisSchema = z.object({
  ticketId: z.string(),
  issue: z.string(),
  /** Probability of `issue`, calibrated on held-out training examples. */
  confidence: z.number().min(0).max(1),
  /** The best issue before abstention: what the model would say if forced. */
  topIssue: z.string(),
  /** True when the model abstained (confidence under the threshold) and answered `other`. */
  abstained: z.boolean(),
  /** True when it abstained because the ticket names no documented symptom and has almost no words (isVague), whatever the confidence. */
  vague: z.boolean().optional(),
  /** `high` when confidence reaches the high-confidence threshold chosen from the eval curve. */
  band: z.enum(['high', 'medium', 'low']),
  ranking: z.array(z.object({ issue: z.string(), probability: z.number() })),
  evidence: z.array(evidenceSchema),
  language: languageSchema,
  escalation: z.object({
    email: escalationCheckSchema,
    timestamp: escalationCheckSchema,
    screenshot: escalationCheckSchema,
  }),
  missing: z.array(escalationFieldSchema),
  playbookVersion: z.string(),
  classifiedAt: z.string(),
  /**
   * Set when the text was not analysed (it hit the per-ticket time limit): the diagnosis is
   * then `other` with no evidence, and nothing is asked of the customer.
   */
  unanalysed: z.string().optional(),
  /**
   * Issues whose confirm question our support team already sent the customer in a public reply
   * (own-request-text.ts askedConfirmQuestions): the request does not ask them again. Absent
   * when none was sent.
   */
  confirmAsked: z.array(z.string()).optional(),
});
export type Diagnosis = z.infer<typeof diagnosisSchema>;
