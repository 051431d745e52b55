import type { Diagnosis } from './diagnosis.js';

/**
 * Whether a customer's reply may change a diagnosis's issue, or only its escalation data (always
 * re-checked). Never once an agent chose the issue: agents outrank the model. Otherwise whenever
 * the model was not highly confident: it abstained, or its band was low (issue #12) or medium.
 * Below the high band the note names a runner-up or the request asks confirm questions, and the
 * customer's answer is what tells the issues apart. A high-band diagnosis keeps its issue.
 * Chosen and measured on conversations (`npm run eval:replies`, README "Measured quality"): on
 * eval/replies-1 (vague first messages, 120 conversations) re-evaluating below the high band
 * fixed 23 issues and broke 5 against keeping the first message's issue; issue #12's low-band
 * rule fixed 3.
 */
export function reevaluatesOnReply(baseline: Pick<Diagnosis, 'abstained' | 'band'>, options: { agentChose: boolean }): boolean {
  if (options.agentChose) return false;
  return baseline.abstained || baseline.band !== 'high';
}
