import { computeTags } from '../triage/compute-tags.js';
import type { EscalationField } from '../triage/diagnosis.js';

/** Marks tickets whose issue an agent corrected, so views and reports can find them. */
export const CORRECTED_TAG = 'signin_triage_corrected';

/**
 * Tags after an agent's correction: the issue tag becomes the corrected issue, the missing-data
 * tags stay those of the last diagnosis, and every tag someone else set is kept.
 */
export function correctTags(currentTags: readonly string[], issue: string, missing: readonly EscalationField[]): string[] {
  return [...new Set([...computeTags(currentTags, { issue, missing: [...missing] }), CORRECTED_TAG])];
}
