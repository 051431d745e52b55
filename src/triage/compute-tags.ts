import type { Diagnosis } from './diagnosis.js';

/** Set on every ticket we triaged; the created trigger path skips tickets that carry it. */
export const TRIAGE_TAG = 'signin_triage';
/** Added by the "re-run triage" macro; the trigger removes it, and so do we, so it cannot loop. */
export const RERUN_TAG = 'signin_triage_rerun';
export const ISSUE_TAG_PREFIX = 'signin_issue_';
export const MISSING_TAG_PREFIX = 'signin_missing_';

/** Zendesk tags are lower-case words without spaces; anything else in an id becomes `_`. */
function tagPart(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
}

export function issueTag(issueId: string): string {
  return `${ISSUE_TAG_PREFIX}${tagPart(issueId)}`;
}

export function missingTag(field: string): string {
  return `${MISSING_TAG_PREFIX}${tagPart(field)}`;
}

/** Tags that belong to one diagnosis and are replaced by the next one. */
function isOwnDiagnosisTag(tag: string): boolean {
  return tag.startsWith(ISSUE_TAG_PREFIX) || tag.startsWith(MISSING_TAG_PREFIX) || tag === RERUN_TAG;
}

/**
 * The full tag set to write. `PUT /tickets/{id}` replaces all tags, so this keeps every tag
 * someone else set (in its order), drops the previous diagnosis' issue/missing tags and the
 * re-run request, and appends ours.
 */
export function computeTags(
  currentTags: readonly string[],
  diagnosis: Pick<Diagnosis, 'issue' | 'missing'> & Partial<Pick<Diagnosis, 'abstained'>>,
): string[] {
  const kept = currentTags.filter((tag) => !isOwnDiagnosisTag(tag));
  // A ticket that is not a sign-in problem (billing, spam) needs no escalation data: "missing"
  // tags on it would be noise in every view. An abstained one may be a sign-in problem: keep them.
  const missing = diagnosis.issue === 'other' && diagnosis.abstained !== true ? [] : diagnosis.missing;
  const ours = [TRIAGE_TAG, issueTag(diagnosis.issue), ...missing.map(missingTag)];
  return [...new Set([...kept, ...ours])];
}
