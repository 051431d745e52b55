import { z } from 'zod';
import { ESCALATION_FIELDS, LANGUAGES } from '../triage/diagnosis.js';
import { findUnsafeConstruct } from './pattern-safety.js';

/** Text in each of the five customer languages. */
const localizedTextSchema = z.object(
  Object.fromEntries(LANGUAGES.map((lang) => [lang, z.string().min(1)])) as Record<(typeof LANGUAGES)[number], z.ZodString>,
);

const issueIdSchema = z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'issue ids are kebab-case, e.g. "account-blocked"');

/**
 * A phrase family that speaks for (weight > 0) or against (weight < 0) an issue.
 * Patterns are JavaScript regular expressions, matched case-insensitively on text
 * whose accents are folded (é → e, ü → u), so write them without accents. Every repetition
 * is bounded and none is nested (see findUnsafeConstruct): customers' text is hostile input.
 */
export const signalSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, 'signal ids are kebab-case'),
  /** What an agent reads in "why", e.g. 'UI message "Login failed"'. */
  label: z.string().min(1),
  kind: z.enum(['ui-label', 'signal', 'negation']).default('signal'),
  weight: z.number().refine((w) => w !== 0, 'a weight of 0 does nothing; remove the signal instead'),
  patterns: z
    .array(
      z.string().superRefine((source, ctx) => {
        try {
          new RegExp(source, 'iu');
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(error as Error).message}` });
          return;
        }
        const unsafe = findUnsafeConstruct(source);
        if (unsafe) ctx.addIssue({ code: 'custom', message: `unsafe on hostile text (ReDoS): ${unsafe}` });
      }),
    )
    .min(1),
});

export const issueSchema = z.object({
  id: issueIdSchema,
  title: z.string().min(1),
  /** One line an agent reads first: what is going on. */
  diagnosis: z.string().min(1),
  /** Numbered resolution steps for the agent, UI labels exact. */
  steps: z.array(z.string().min(1)),
  /** Ids of `checks` (the page's "Before you start") that apply to this issue. */
  checks: z.array(z.string()).default([]),
  /** Opening of the customer-facing request for missing escalation data. */
  customerMessage: localizedTextSchema,
  /**
   * A question to the customer whose answer tells this issue from others ("Does the page show
   * Login failed after several attempts…?"), asked when the note names this issue beside
   * another (closest-issues.ts namedIssues). Optional: an issue without one (`other`) asks none.
   */
  confirmQuestion: localizedTextSchema.optional(),
  signals: z.array(signalSchema).default([]),
});

export const escalationFieldTextSchema = z.object({
  /** Agent-facing name, e.g. "Affected user's email". */
  label: z.string().min(1),
  /** Customer-facing bullet asking for it, per language. */
  ask: localizedTextSchema,
});

export const playbookSchema = z
  .object({
    version: z.string().min(1),
    source: z.string().min(1),
    /** The "Before you start" checks, by id. */
    checks: z.record(z.string(), z.string().min(1)),
    escalation: z.object({
      fields: z.object(
        Object.fromEntries(ESCALATION_FIELDS.map((f) => [f, escalationFieldTextSchema])) as Record<
          (typeof ESCALATION_FIELDS)[number],
          typeof escalationFieldTextSchema
        >,
      ),
      greeting: localizedTextSchema,
      closing: localizedTextSchema,
      /** Opens the issues' confirmQuestion list in the customer request. Optional: without it, no questions are asked. */
      confirmIntro: localizedTextSchema.optional(),
    }),
    issues: z.array(issueSchema).min(2),
  })
  .superRefine((playbook, ctx) => {
    const seen = new Set<string>();
    playbook.issues.forEach((issue, index) => {
      if (seen.has(issue.id)) {
        ctx.addIssue({ code: 'custom', path: ['issues', index, 'id'], message: `duplicate issue id "${issue.id}"` });
      }
      seen.add(issue.id);
      issue.checks.forEach((check, checkIndex) => {
        if (!(check in playbook.checks)) {
          ctx.addIssue({
            code: 'custom',
            path: ['issues', index, 'checks', checkIndex],
            message: `unknown check "${check}"; known: ${Object.keys(playbook.checks).join(', ')}`,
          });
        }
      });
    });
    if (!seen.has('other')) {
      ctx.addIssue({ code: 'custom', path: ['issues'], message: 'the playbook needs an "other" issue to abstain to' });
    }
  });

export type Playbook = z.infer<typeof playbookSchema>;
export type PlaybookIssue = z.infer<typeof issueSchema>;
export type Signal = z.infer<typeof signalSchema>;
