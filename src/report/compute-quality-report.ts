import { computeMetrics, type EvalCase } from '../eval/compute-metrics.js';
import { precisionAtCoverage, type CoveragePoint } from '../triage/calibration.js';
import { ESCALATION_FIELDS, type EscalationField } from '../triage/diagnosis.js';
import type { ReportCorrection, ReportTicket } from './report-ticket.js';

/** Precision the proposed thresholds must reach (the same target `npm run train` uses for `high`). */
export const TARGET_PRECISION = 0.97;
/** Fewer labelled answers above a threshold than this prove nothing: no proposal is made. */
export const MIN_THRESHOLD_SUPPORT = 20;
/** Low-confidence tickets listed for review. */
export const RECENT_LOW_CONFIDENCE = 10;
/** Coverage levels of the precision-at-coverage curve: 5%, 10%, … 100%. */
export const COVERAGE_LEVELS = Array.from({ length: 20 }, (_, index) => (index + 1) / 20);

export interface ThresholdProposal {
  /** Answers at or above this confidence reach the target precision. */
  threshold: number;
  /** Share of the considered labelled answers at or above it, 0–1. */
  coverage: number;
  /** Their precision, 0–1. */
  precision: number;
  /** How many labelled answers are at or above it. */
  support: number;
}

export interface IssueQuality {
  issue: string;
  /** Tickets the model gave this issue. */
  predicted: number;
  /** Labelled tickets whose truth is this issue. */
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface QualityReport {
  title: string;
  /** ISO 8601. */
  generatedAt: string;
  /** What the numbers come from, e.g. "Back-test of 300 tickets created 2026-09-01 – 2026-11-30". */
  subtitle: string;
  count: number;
  /** Share of tickets answered with high confidence, 0–1. */
  highShare: number;
  /** Share of tickets where the model abstained (answered `other`, not sure), 0–1. */
  abstainRate: number;
  missingRates: Record<EscalationField, number>;
  /** Tickets per detected language. */
  languageMix: Record<string, number>;
  /** Tickets per issue. */
  issueCounts: Record<string, number>;
  /** `counts[i][d]`: tickets of `issues[i]` on `days[d]` (UTC days, no gaps). */
  volumeByDay: { days: string[]; issues: string[]; counts: number[][] };
  labelled: {
    count: number;
    /** Share of labelled tickets where the model's issue is the truth, 0–1. */
    agreement: number;
    /** Share where the truth is the model's issue or the runner-up its note named, 0–1 (at least `agreement`). */
    rightIssueNamed: number;
    /** Labelled tickets per truth source. */
    sources: Record<string, number>;
    perIssue: IssueQuality[];
    coverage: CoveragePoint[];
    confusion: { labels: string[]; matrix: number[][] };
  } | null;
  /** Agreement per UTC day over the labelled tickets of that day. */
  agreementByDay: Array<{ day: string; labelled: number; agreed: number; rate: number }>;
  thresholds: {
    target: number;
    /** The running model's thresholds; null when unknown. */
    current: { abstain: number; high: number } | null;
    /** Lowest confidence whose answers (all labelled ones) reach the target precision. */
    high: ThresholdProposal | null;
    /** The same over named answers only (not `other`): under it, the model would rather say `other`. */
    abstain: ThresholdProposal | null;
  };
  corrections: {
    count: number;
    /** Corrections per issue the model had said. */
    perIssue: Record<string, number>;
    /** What the model said → what the agent set, most frequent first. */
    pairs: Array<{ from: string; to: string; count: number }>;
  };
  /** Most recent low-confidence tickets, newest first: ids only. */
  recentLowConfidence: Array<{ id: string; issue: string; confidence: number; at: string }>;
}

export interface ComputeReportInput {
  title: string;
  subtitle: string;
  tickets: readonly ReportTicket[];
  corrections?: readonly ReportCorrection[];
  /** The playbook's issue ids, in playbook order (so every issue has a row, even with no ticket). */
  issues: readonly string[];
  /** The thresholds the running model uses; null when unknown. */
  currentThresholds: { abstain: number; high: number } | null;
  now: Date;
}

/**
 * The quality report of a set of classified tickets: pure, the same for the backtest and the
 * live page. Precision/recall and the confusion matrix come from `computeMetrics` (src/eval)
 * over the tickets whose truth is known.
 */
export function computeQualityReport(input: ComputeReportInput): QualityReport {
  const tickets = [...input.tickets];
  const count = tickets.length;
  const share = (n: number) => (count === 0 ? 0 : n / count);

  const missingRates = Object.fromEntries(
    ESCALATION_FIELDS.map((field) => [field, share(tickets.filter((t) => t.missing.includes(field)).length)]),
  ) as Record<EscalationField, number>;

  const labelledTickets = tickets.filter((t): t is ReportTicket & { truth: string } => t.truth !== undefined);
  const issues = [...new Set([...input.issues, ...tickets.map((t) => t.issue), ...labelledTickets.map((t) => t.truth)])];

  const corrections = input.corrections ?? [];
  const pairCounts = new Map<string, { from: string; to: string; count: number }>();
  const correctionsPerIssue: Record<string, number> = {};
  for (const correction of corrections) {
    const from = correction.previousIssue ?? '(none)';
    correctionsPerIssue[from] = (correctionsPerIssue[from] ?? 0) + 1;
    const key = `${from}\u0000${correction.correctIssue}`;
    const pair = pairCounts.get(key) ?? { from, to: correction.correctIssue, count: 0 };
    pair.count += 1;
    pairCounts.set(key, pair);
  }

  return {
    title: input.title,
    subtitle: input.subtitle,
    generatedAt: input.now.toISOString(),
    count,
    highShare: share(tickets.filter((t) => t.band === 'high').length),
    abstainRate: share(tickets.filter((t) => t.abstained).length),
    missingRates,
    languageMix: countBy(tickets, (t) => t.language),
    issueCounts: Object.fromEntries(issues.map((issue) => [issue, tickets.filter((t) => t.issue === issue).length])),
    volumeByDay: volumeByDay(tickets, issues),
    labelled: labelledTickets.length === 0 ? null : labelledQuality(labelledTickets, issues),
    agreementByDay: agreementByDay(labelledTickets),
    thresholds: {
      target: TARGET_PRECISION,
      current: input.currentThresholds,
      high: proposeThreshold(labelledTickets),
      abstain: proposeThreshold(labelledTickets.filter((t) => t.issue !== 'other')),
    },
    corrections: {
      count: corrections.length,
      perIssue: correctionsPerIssue,
      pairs: [...pairCounts.values()].sort((a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
    },
    recentLowConfidence: tickets
      .filter((t) => t.band === 'low')
      .sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || Number(b.id) - Number(a.id))
      .slice(0, RECENT_LOW_CONFIDENCE)
      .map((t) => ({ id: t.id, issue: t.issue, confidence: t.confidence, at: t.at })),
  };
}

function labelledQuality(labelled: Array<ReportTicket & { truth: string }>, issues: string[]): NonNullable<QualityReport['labelled']> {
  const cases: EvalCase[] = labelled.map((t) => ({
    expectedIssue: t.truth,
    predictedIssue: t.issue,
    confidence: t.confidence,
    // Languages have no ground truth here: the detected one stands for both.
    expectedLanguage: t.language,
    predictedLanguage: t.language,
    expectedMissing: null,
    predictedMissing: t.missing,
    namedIssues: t.runnerUp ? [t.issue, t.runnerUp] : [t.issue],
  }));
  const metrics = computeMetrics(cases, issues);
  return {
    count: labelled.length,
    agreement: metrics.accuracy,
    rightIssueNamed: metrics.rightIssueNamed,
    sources: countBy(labelled, (t) => t.truthSource ?? 'unknown'),
    perIssue: issues.map((issue) => {
      const quality = metrics.perIssue[issue] ?? { precision: 1, recall: 1, f1: 1, support: 0 };
      return { issue, predicted: labelled.filter((t) => t.issue === issue).length, ...quality };
    }),
    coverage: precisionAtCoverage(
      labelled.map((t) => ({ confidence: t.confidence, correct: t.issue === t.truth })),
      COVERAGE_LEVELS,
    ),
    confusion: metrics.confusion,
  };
}

/**
 * The lowest confidence `c` such that the labelled answers with confidence ≥ c are right at
 * least TARGET_PRECISION of the time, with at least MIN_THRESHOLD_SUPPORT of them. Answers of
 * equal confidence are taken together (a threshold cannot split them). Null when none qualifies.
 */
export function proposeThreshold(labelled: ReadonlyArray<{ confidence: number; issue: string; truth: string }>): ThresholdProposal | null {
  const sorted = [...labelled].sort((a, b) => b.confidence - a.confidence);
  let correct = 0;
  let best: ThresholdProposal | null = null;
  for (let index = 0; index < sorted.length; index += 1) {
    const item = sorted[index]!;
    if (item.issue === item.truth) correct += 1;
    const next = sorted[index + 1];
    if (next && next.confidence === item.confidence) continue;
    const support = index + 1;
    const precision = correct / support;
    if (precision >= TARGET_PRECISION && support >= MIN_THRESHOLD_SUPPORT) {
      best = { threshold: item.confidence, coverage: support / sorted.length, precision, support };
    }
  }
  return best;
}

function volumeByDay(tickets: ReportTicket[], issues: string[]): QualityReport['volumeByDay'] {
  const days = dayRange(tickets.map((t) => t.at));
  const dayIndex = new Map(days.map((day, index) => [day, index]));
  const counts = issues.map(() => days.map(() => 0));
  for (const t of tickets) counts[issues.indexOf(t.issue)]![dayIndex.get(utcDay(t.at))!]! += 1;
  return { days, issues, counts };
}

function agreementByDay(labelled: Array<ReportTicket & { truth: string }>): QualityReport['agreementByDay'] {
  return dayRange(labelled.map((t) => t.at)).map((day) => {
    const ofDay = labelled.filter((t) => utcDay(t.at) === day);
    const agreed = ofDay.filter((t) => t.issue === t.truth).length;
    return { day, labelled: ofDay.length, agreed, rate: ofDay.length === 0 ? 0 : agreed / ofDay.length };
  });
}

/** Every UTC day from the earliest to the latest time given (none missing, so a quiet day shows as 0). */
function dayRange(times: string[]): string[] {
  if (times.length === 0) return [];
  const stamps = times.map((time) => Date.parse(utcDay(time)));
  // reduce, not Math.min(...): a spread of a long back-test would overflow the call stack.
  const first = stamps.reduce((a, b) => Math.min(a, b));
  const last = stamps.reduce((a, b) => Math.max(a, b));
  const days: string[] = [];
  for (let stamp = first; stamp <= last; stamp += 86_400_000) days.push(new Date(stamp).toISOString().slice(0, 10));
  return days;
}

function utcDay(time: string): string {
  return new Date(time).toISOString().slice(0, 10);
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
