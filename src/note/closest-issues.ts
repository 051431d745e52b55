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

/** "Account blocked 31%, Legacy credentials 22%": the note's list of closest issues. */
export function formatClosestIssues(candidates: ClosestIssue[]): string {
  return candidates.map((candidate) => `"${candidate.title}" ${Math.round(candidate.probability * 100)}%`).join(', ');
}

/** Headline of an abstained diagnosis: the closest issues, each with its own probability. */
export function abstainedHeadline(diagnosis: Pick<Diagnosis, 'abstained' | 'ranking' | 'vague'>, playbook: Playbook): string {
  if (diagnosis.vague) {
    return `Too little to go on: the ticket names no documented symptom; closest matches ${formatClosestIssues(closestIssues(diagnosis, playbook))}`;
  }
  return `Not sure: closest matches ${formatClosestIssues(closestIssues(diagnosis, playbook))}, each below the confidence threshold`;
}
