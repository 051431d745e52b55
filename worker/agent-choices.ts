import type { CorrectionSource } from '../src/store/feedback-store.js';
import type { TagLedger, WrittenTags } from '../src/store/diagnosis-store.js';
import { computeTags, ISSUE_TAG_PREFIX, issueTag, MISSING_TAG_PREFIX, TRIAGE_TAG } from '../src/triage/compute-tags.js';
import type { EscalationField } from '../src/triage/diagnosis.js';

/** The issue an agent set on a ticket, which outranks the model from then on. */
export interface AgentIssue {
  issue: string;
  source: CorrectionSource;
}

export interface AgentChoices {
  /** The agent's diagnosis (sidebar correction or hand-made tag change), or null when none. */
  agentIssue: AgentIssue | null;
  /**
   * A hand-made issue tag change that the feedback store does not hold yet: record it once as a
   * correction. Null when there is none or it is already recorded.
   */
  newTagCorrection: string | null;
  /** Our tags an agent removed by hand: not written again (until an agent adds them back). */
  suppressed: string[];
}

export interface AgentChoicesInput {
  /** The ticket's tags as just read from Zendesk. */
  tags: readonly string[];
  /** What we wrote last time (diagnosis store), or null when we never wrote. */
  lastWrite: WrittenTags | null;
  /** The correction stored in the feedback store, or null. */
  correction: AgentIssue | null;
  /** Issue ids of the playbook: an issue tag that names none of them is not a correction. */
  knownIssues: readonly string[];
}

/**
 * What agents decided on a ticket since our last write ("never override an agent", issue #10):
 * an issue tag that differs from the one we wrote is an agent's correction; our tags missing
 * from the ticket were removed by an agent. Pure: the caller reads the ticket and the stores.
 */
export function readAgentChoices(input: AgentChoicesInput): AgentChoices {
  const { tags, lastWrite, correction } = input;
  const suppressed = new Set(lastWrite?.suppressed ?? []);
  let agentIssue: AgentIssue | null = correction;
  let newTagCorrection: string | null = null;

  if (lastWrite) {
    const issueTags = tags.filter((tag) => tag.startsWith(ISSUE_TAG_PREFIX));
    const added = issueTags.filter((tag) => tag !== lastWrite.issueTag);
    const replacement = added.length === 1 ? input.knownIssues.find((issue) => issueTag(issue) === added[0]) : undefined;
    if (replacement !== undefined) {
      if (correction?.issue === replacement) agentIssue = correction;
      else {
        agentIssue = { issue: replacement, source: 'zendesk_tag' };
        newTagCorrection = replacement;
      }
    } else if (lastWrite.issueTag !== null && !tags.includes(lastWrite.issueTag)) {
      suppressed.add(lastWrite.issueTag);
    }
    for (const tag of lastWrite.missingTags) if (!tags.includes(tag)) suppressed.add(tag);
  }
  // An agent who puts one of our tags back by hand lifts the suppression.
  for (const tag of tags) suppressed.delete(tag);
  return { agentIssue, newTagCorrection, suppressed: [...suppressed].sort() };
}

/**
 * The tag set to write: `computeTags` (every tag of others kept, our diagnosis tags replaced)
 * without the tags an agent removed by hand. `signin_triage` is always written.
 */
export function tagsToWrite(
  currentTags: readonly string[],
  diagnosis: { issue: string; missing: readonly EscalationField[]; abstained?: boolean },
  suppressed: readonly string[],
): string[] {
  const blocked = new Set(suppressed.filter((tag) => tag !== TRIAGE_TAG));
  return computeTags(currentTags, {
    issue: diagnosis.issue,
    missing: [...diagnosis.missing],
    ...(diagnosis.abstained !== undefined ? { abstained: diagnosis.abstained } : {}),
  }).filter((tag) => !blocked.has(tag));
}

/** What to record as our last write, from the tags we are about to write. */
export function writtenTagsOf(tags: readonly string[], suppressed: readonly string[], requestKey: string, writtenAt: string): WrittenTags {
  return {
    issueTag: tags.find((tag) => tag.startsWith(ISSUE_TAG_PREFIX)) ?? null,
    missingTags: tags.filter((tag) => tag.startsWith(MISSING_TAG_PREFIX)),
    suppressed: [...suppressed],
    requestKey,
    writtenAt,
  };
}

/**
 * Which of our writes the ticket shows: the pending one once its note is on the ticket (it
 * landed, only its confirmation was lost), else the confirmed one.
 */
export function effectiveLastWrite(ledger: TagLedger | null, hasNote: (requestKey: string) => boolean): WrittenTags | null {
  if (!ledger) return null;
  if (ledger.pending && hasNote(ledger.pending.requestKey)) return ledger.pending;
  return ledger.confirmed;
}
