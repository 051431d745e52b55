import type { Diagnosis } from '../triage/diagnosis.js';
import { runnerUpEntry, type RankedDiagnosis } from './closest-issues.js';

/**
 * Whether a triaged ticket gets our internal note. A ticket diagnosed `other` (not a sign-in
 * issue) gets our tags only: it is not ours to comment on (issue 13 §1), unless NOTE_ON_OTHER=on.
 * An abstention between sign-in issues (the model answered `other` because no issue was
 * probable enough) and a ticket that could not be analysed (time limit) keep their note: the
 * agent needs to know we looked and could not decide. So does `other` without high confidence
 * whose runner-up is a sign-in issue (closest-issues.ts runnerUp): on real reports that runner-up
 * was the right issue for 8 of 19 such tickets (README, "Measured quality").
 */
export function shouldPostNote(diagnosis: RankedDiagnosis & Pick<Diagnosis, 'unanalysed'>, options: { noteOnOther: boolean }): boolean {
  if (diagnosis.issue !== 'other' || options.noteOnOther) return true;
  const second = runnerUpEntry(diagnosis);
  return diagnosis.abstained || diagnosis.unanalysed !== undefined || (second !== null && second.issue !== 'other');
}
