import type { Diagnosis } from './diagnosis.js';

/**
 * Whether a customer's reply may change a diagnosis's issue, or only its escalation data (always
 * re-checked). Never once an agent chose the issue: agents outrank the model. Otherwise whenever
 * the model was not highly confident: it abstained, or its band was low (issue #12) or medium.
 * Below the high band the note names a runner-up or the request asks confirm questions, and the
 * customer's answer is what tells the issues apart. A high-band diagnosis keeps its issue.
 * Whether the reply's diagnosis is then taken is adoptsReplyDiagnosis.
 */
export function reevaluatesOnReply(baseline: Pick<Diagnosis, 'abstained' | 'band'>, options: { agentChose: boolean }): boolean {
  if (options.agentChose) return false;
  return baseline.abstained || baseline.band !== 'high';
}

/**
 * Whether the diagnosis of the whole conversation after the customer's reply replaces the one the
 * note was written from (issue, ranking, band); otherwise only the escalation data is re-checked.
 * Only when reevaluatesOnReply, and only when the reply settled something:
 * - never for `other` or an abstention: a reply does not make a sign-in ticket "not a sign-in
 *   problem". Out-of-office answers, "Any news?" or "Hello? This is urgent" read as `other`
 *   (an out-of-office at 98%), and an agent has nothing to do with "not sure" after a reply;
 * - from a low band or an abstention (issue #12), any sign-in issue the model now names;
 * - from the medium band, only an issue now held with high confidence. Replies that only dilute
 *   the first message ("see attached", "Ja", a French out-of-office) move an unsure ranking
 *   between its two issues for no reason (0.53/0.45 became 0.47/0.49); an answer to the confirm
 *   questions makes the model sure. On eval/replies-1 (`npm run eval:replies`, 119 conversations,
 *   2026-12-01) the medium-to-medium moves were 5 right and 7 wrong: taking only high-band ones
 *   fixed 18 against keeping the first message's issue and broke none (taking every re-evaluated
 *   issue: 23 fixed, 5 broken, same 100 right).
 */
export function adoptsReplyDiagnosis(
  baseline: Pick<Diagnosis, 'abstained' | 'band'>,
  afterReply: Pick<Diagnosis, 'abstained' | 'band' | 'issue'>,
  options: { agentChose: boolean },
): boolean {
  if (!reevaluatesOnReply(baseline, options)) return false;
  if (afterReply.abstained || afterReply.issue === 'other') return false;
  if (baseline.abstained || baseline.band === 'low') return true;
  return afterReply.band === 'high';
}

/** The confirm questions sent so far: what the latest read found, and what earlier reads did (older messages fall out of what is read). */
export function mergedConfirmAsked(...diagnoses: ReadonlyArray<Pick<Diagnosis, 'confirmAsked'> | null>): string[] | undefined {
  const asked = [...new Set(diagnoses.flatMap((diagnosis) => diagnosis?.confirmAsked ?? []))];
  return asked.length > 0 ? asked : undefined;
}
