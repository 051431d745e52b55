import type { Diagnosis } from '../triage/diagnosis.js';

/**
 * Whether a triaged ticket gets our internal note. A ticket diagnosed `other` (not a sign-in
 * issue) gets our tags only: it is not ours to comment on (issue 13 §1), unless NOTE_ON_OTHER=on.
 * An abstention between sign-in issues (the model answered `other` because no issue was
 * probable enough) and a ticket that could not be analysed (time limit) keep their note: the
 * agent needs to know we looked and could not decide.
 */
export function shouldPostNote(
  diagnosis: Pick<Diagnosis, 'issue' | 'abstained' | 'unanalysed'>,
  options: { noteOnOther: boolean },
): boolean {
  if (diagnosis.issue !== 'other' || options.noteOnOther) return true;
  return diagnosis.abstained || diagnosis.unanalysed !== undefined;
}
