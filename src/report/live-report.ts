import { runnerUpEntry } from '../note/closest-issues.js';
import type { Diagnosis } from '../triage/diagnosis.js';
import { computeQualityReport, type QualityReport } from './compute-quality-report.js';
import type { ReportCorrection, ReportTicket } from './report-ticket.js';

export interface LiveReportInput {
  diagnoses: readonly Diagnosis[];
  corrections: readonly ReportCorrection[];
  issues: readonly string[];
  currentThresholds: { abstain: number; high: number } | null;
  now: Date;
  /** Stored values that could not be read, shown in the subtitle. @defaultValue 0 */
  skipped?: number;
  truncated?: boolean;
}

/**
 * The live quality report from what the service stores: each ticket's latest diagnosis and
 * the agents' corrections. A corrected ticket's truth is the agent's issue and its answer the
 * model's (the correction's `previousIssue`); a ticket no agent corrected counts as agreed,
 * which the page says, since agents correct only some of what they disagree with.
 */
export function buildLiveReport(input: LiveReportInput): QualityReport {
  const corrections = new Map(input.corrections.map((c) => [c.ticketId, c]));
  const tickets: ReportTicket[] = input.diagnoses.map((d) => {
    const correction = corrections.get(d.ticketId);
    const issue = correction?.previousIssue ?? d.issue;
    // The stored diagnosis' runner-up belongs to its own issue: not to an earlier one an agent corrected.
    const runnerUp = issue === d.issue ? runnerUpEntry(d)?.issue : undefined;
    return {
      id: d.ticketId,
      issue,
      confidence: d.confidence,
      band: d.band,
      abstained: d.abstained,
      ...(runnerUp ? { runnerUp } : {}),
      missing: d.missing,
      language: d.language,
      at: d.classifiedAt,
      ...(correction
        ? { truth: correction.correctIssue, truthSource: 'correction' as const }
        : { truth: issue, truthSource: 'uncorrected' as const }),
    };
  });
  const notes = [
    input.skipped ? `${input.skipped} unreadable stored diagnoses skipped` : '',
    input.truncated ? 'only part of the stored diagnoses read (listing limit)' : '',
  ].filter(Boolean);
  return computeQualityReport({
    title: 'signin-triage quality',
    subtitle: `Live: ${tickets.length} stored diagnoses (the last 180 days) and ${input.corrections.length} agent corrections; a ticket no agent corrected counts as agreed${notes.length ? `; ${notes.join('; ')}` : ''}`,
    tickets,
    corrections: input.corrections,
    issues: input.issues,
    currentThresholds: input.currentThresholds,
    now: input.now,
  });
}
