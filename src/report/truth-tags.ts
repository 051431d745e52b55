import { ISSUE_TAG_PREFIX, issueTag } from '../triage/compute-tags.js';
import { CORRECTED_TAG } from '../server/correct-tags.js';
import type { TruthSource } from './report-ticket.js';

/** Zendesk tag → playbook issue id, in the order given (the first matching tag wins). */
export type TruthTagMap = ReadonlyArray<{ tag: string; issue: string }>;

export class TruthTagsError extends Error {
  override name = 'TruthTagsError';
}

/**
 * Parses `legacy_login=legacy-credentials,sso=other`: each pair maps a tag the team already
 * uses to a playbook issue. Tags are compared lower-case (Zendesk stores them lower-case).
 * Throws TruthTagsError naming the bad pair (not `tag=issue`, an unknown issue, a tag given twice).
 */
export function parseTruthTags(value: string, issues: readonly string[]): TruthTagMap {
  const seen = new Set<string>();
  return value
    .split(',')
    .map((pair) => pair.trim())
    .filter((pair) => pair !== '')
    .map((pair) => {
      const match = /^([^=\s]{1,80})=([^=\s]{1,80})$/.exec(pair);
      if (!match) throw new TruthTagsError(`--truth-tags: "${pair.slice(0, 80)}" is not tag=issue`);
      const tag = match[1]!.toLowerCase();
      const issue = match[2]!;
      if (!issues.includes(issue))
        throw new TruthTagsError(`--truth-tags: "${issue}" is not an issue of the playbook (${issues.join(', ')})`);
      if (seen.has(tag)) throw new TruthTagsError(`--truth-tags: tag "${tag}" is mapped twice`);
      seen.add(tag);
      return { tag, issue };
    });
}

/**
 * The truth a ticket's tags tell, strongest first: our own `signin_issue_*` tag on a ticket an
 * agent corrected (the sidebar's correction rewrites it and adds `signin_triage_corrected`), then
 * the team's own tags as mapped, then our `signin_issue_*` tag an agent left as it was.
 * Undefined when no tag says anything.
 */
export function truthFromTags(
  tags: readonly string[],
  map: TruthTagMap,
  issues: readonly string[],
): { truth: string; source: TruthSource } | undefined {
  const lower = new Set(tags.map((tag) => tag.toLowerCase()));
  const own = tags.some((tag) => tag.startsWith(ISSUE_TAG_PREFIX)) ? issues.find((issue) => lower.has(issueTag(issue))) : undefined;
  if (own && lower.has(CORRECTED_TAG)) return { truth: own, source: 'correction' };
  const team = map.find((entry) => lower.has(entry.tag));
  if (team) return { truth: team.issue, source: 'team-tag' };
  if (own) return { truth: own, source: 'own-tag' };
  return undefined;
}
