import type { Playbook } from '../playbook/schema.js';
import type { Diagnosis } from '../triage/diagnosis.js';

/** One candidate of an abstained diagnosis: a sign-in issue with its own probability (0–1). */
export interface ClosestIssue {
  issue: string;
  title: string;
  probability: number;
}

/** A third candidate is shown only when it has at least this probability (0–1); two are always shown. */
export const THIRD_CANDIDATE_MIN_PROBABILITY = 0.05;

/**
 * The two or three sign-in issues closest to an abstained diagnosis, most probable first, each
 * with its own probability from the ranking; `other` is never listed (its probability says
 * nothing about which sign-in issue to check first). Empty unless the model abstained.
 * Source: issue 13 §1 ("the note lists the two or three closest issues").
 */
export function closestIssues(diagnosis: Pick<Diagnosis, 'abstained' | 'ranking'>, playbook: Playbook): ClosestIssue[] {
  if (!diagnosis.abstained) return [];
  const titles = new Map(playbook.issues.map((issue) => [issue.id, issue.title]));
  const candidates = [...diagnosis.ranking]
    .filter((entry) => entry.issue !== 'other' && titles.has(entry.issue))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, 3)
    .map((entry) => ({ issue: entry.issue, title: titles.get(entry.issue)!, probability: entry.probability }));
  return candidates.filter((candidate, index) => index < 2 || candidate.probability >= THIRD_CANDIDATE_MIN_PROBABILITY);
}

/**
 * The runner-up is named from this probability (0–1) on. Measured with the shipped model on the
 * sets we do error analysis on (dev, own-1/2, real-dev 1–3; 728 tickets; 2026-12-01): at 0.15, 90
 * diagnoses name one and the right issue is named for 24 more tickets (708 against 684); 0.05
 * names 17 more for no more right issues, 0.2 finds 5 fewer.
 */
export const RUNNER_UP_MIN_PROBABILITY = 0.15;

/**
 * The second most probable issue (`other` included) of a diagnosis the model is not highly
 * confident about (band medium or low, not abstained), when its probability is at least
 * RUNNER_UP_MIN_PROBABILITY: what the agent checks when the steps do not fit. Null otherwise:
 * a high-band diagnosis names none, an abstained one lists its closest issues instead.
 * On real reports a medium-band answer is right about half the time, and the runner-up is the
 * right issue for most of the rest (README, "Measured quality").
 */
export function runnerUp(diagnosis: RankedDiagnosis, playbook: Playbook): ClosestIssue | null {
  const second = runnerUpEntry(diagnosis);
  const title = second && playbook.issues.find((issue) => issue.id === second.issue)?.title;
  return second && title ? { issue: second.issue, title, probability: second.probability } : null;
}

/** What runnerUp reads of a diagnosis. */
export type RankedDiagnosis = Pick<Diagnosis, 'abstained' | 'band' | 'issue' | 'ranking'>;

/** runnerUp's ranking entry, without its title (for the note policy, which has no playbook). */
export function runnerUpEntry(diagnosis: RankedDiagnosis): Diagnosis['ranking'][number] | null {
  if (diagnosis.abstained || diagnosis.band === 'high') return null;
  const second = [...diagnosis.ranking].filter((entry) => entry.issue !== diagnosis.issue).sort((a, b) => b.probability - a.probability)[0];
  return second && second.probability >= RUNNER_UP_MIN_PROBABILITY ? second : null;
}

/**
 * Every issue the note and the sidebar name for a diagnosis, most probable first: its issue, then
 * its runner-up or, abstaining, its closest issues. What `npm run eval` scores as "right issue
 * named".
 */
export function namedIssues(diagnosis: RankedDiagnosis, playbook: Playbook): string[] {
  const others = diagnosis.abstained
    ? closestIssues(diagnosis, playbook)
    : [runnerUp(diagnosis, playbook)].filter((entry) => entry !== null);
  return [diagnosis.issue, ...others.map((entry) => entry.issue)];
}

/** "Account blocked 31%, Legacy credentials 22%": the note's list of closest issues. */
export function formatClosestIssues(candidates: ClosestIssue[]): string {
  return candidates.map((candidate) => `"${candidate.title}" ${Math.round(candidate.probability * 100)}%`).join(', ');
}

/** The note's line under the headline that names the runner-up; null when there is none. */
export function runnerUpLine(diagnosis: RankedDiagnosis, playbook: Playbook): string | null {
  const second = runnerUp(diagnosis, playbook);
  return second ? `Also possible: ${formatClosestIssues([second])}. Check it when the steps below do not fit.` : null;
}

/** Headline of an abstained diagnosis: the closest issues, each with its own probability. */
export function abstainedHeadline(diagnosis: Pick<Diagnosis, 'abstained' | 'ranking' | 'vague'>, playbook: Playbook): string {
  if (diagnosis.vague) {
    return `Too little to go on: the ticket names no documented symptom; closest matches ${formatClosestIssues(closestIssues(diagnosis, playbook))}`;
  }
  return `Not sure: closest matches ${formatClosestIssues(closestIssues(diagnosis, playbook))}, each below the confidence threshold`;
}
