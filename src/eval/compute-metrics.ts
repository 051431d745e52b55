import { precisionAtCoverage, type CoveragePoint } from '../triage/calibration.js';
import { ESCALATION_FIELDS, type Diagnosis, type EscalationField } from '../triage/diagnosis.js';
import { accuracyInterval, type ProportionInterval } from './accuracy-interval.js';
import type { LabelledTicket } from './labelled-ticket.js';

export interface EvalCase {
  expectedIssue: string;
  predictedIssue: string;
  confidence: number;
  expectedLanguage: string;
  predictedLanguage: string;
  /** null when the example has no missing-data label (it then counts for the issue only). */
  expectedMissing: EscalationField[] | null;
  predictedMissing: EscalationField[];
  /**
   * Every issue the note and the sidebar name (closest-issues.ts namedIssues): the diagnosis,
   * then its runner-up or closest issues. Absent: the diagnosis alone.
   */
  namedIssues?: string[];
}

/** Pairs a labelled ticket's ground truth with what the classifier said about it. */
export function toEvalCase(ticket: LabelledTicket, diagnosis: Diagnosis, namedIssues?: string[]): EvalCase {
  return {
    ...(namedIssues ? { namedIssues } : {}),
    expectedIssue: ticket.label.issue,
    predictedIssue: diagnosis.issue,
    confidence: diagnosis.confidence,
    expectedLanguage: ticket.label.lang,
    predictedLanguage: diagnosis.language,
    expectedMissing: ticket.label.missing,
    predictedMissing: diagnosis.missing,
  };
}

export interface EvalReport {
  count: number;
  accuracy: number;
  /** 95% Wilson interval of the accuracy: what the set's size lets it say (accuracy-interval.ts). */
  accuracyInterval: ProportionInterval;
  /**
   * Share of tickets whose right issue the note names (EvalCase.namedIssues): the diagnosis, or
   * its runner-up or closest issues when the model is not highly confident. At least the accuracy.
   */
  rightIssueNamed: number;
  macroF1: number;
  perIssue: Record<string, { precision: number; recall: number; f1: number; support: number }>;
  perLanguage: Record<string, { count: number; accuracy: number; macroF1: number }>;
  languageDetectionAccuracy: number;
  confusion: { labels: string[]; matrix: number[][] };
  missingF1: Record<EscalationField, { precision: number; recall: number; f1: number }>;
  missingExactMatch: number;
  coverage: CoveragePoint[];
}

export function computeMetrics(cases: EvalCase[], issueIds: string[]): EvalReport {
  const labels = [...new Set([...issueIds, ...cases.map((c) => c.expectedIssue), ...cases.map((c) => c.predictedIssue)])];
  const matrix = labels.map(() => labels.map(() => 0));
  for (const c of cases) matrix[labels.indexOf(c.expectedIssue)]![labels.indexOf(c.predictedIssue)]! += 1;

  const languages = [...new Set(cases.map((c) => c.expectedLanguage))].sort();
  const perLanguage = Object.fromEntries(
    languages.map((lang) => {
      const subset = cases.filter((c) => c.expectedLanguage === lang);
      return [lang, { count: subset.length, accuracy: accuracyOf(subset), macroF1: macroF1Of(subset, labels).macroF1 }];
    }),
  );
  const { macroF1, perIssue } = macroF1Of(cases, labels);

  const missingF1 = Object.fromEntries(
    ESCALATION_FIELDS.map((field) => {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      for (const c of cases) {
        if (c.expectedMissing === null) continue;
        const expected = c.expectedMissing.includes(field);
        const predicted = c.predictedMissing.includes(field);
        if (expected && predicted) tp += 1;
        else if (predicted) fp += 1;
        else if (expected) fn += 1;
      }
      return [field, prf(tp, fp, fn)];
    }),
  ) as EvalReport['missingF1'];

  const right = rightAnswers(cases);
  return {
    count: cases.length,
    accuracy: right / (cases.length || 1),
    accuracyInterval: accuracyInterval(right, cases.length),
    rightIssueNamed: cases.filter((c) => (c.namedIssues ?? [c.predictedIssue]).includes(c.expectedIssue)).length / (cases.length || 1),
    macroF1,
    perIssue,
    perLanguage,
    languageDetectionAccuracy: cases.filter((c) => c.expectedLanguage === c.predictedLanguage).length / (cases.length || 1),
    confusion: { labels, matrix },
    missingF1,
    missingExactMatch:
      cases.filter((c) => c.expectedMissing !== null && c.expectedMissing.join(',') === c.predictedMissing.join(',')).length /
      (cases.filter((c) => c.expectedMissing !== null).length || 1),
    coverage: precisionAtCoverage(cases.map((c) => ({ confidence: c.confidence, correct: c.expectedIssue === c.predictedIssue }))),
  };
}

function rightAnswers(cases: EvalCase[]): number {
  return cases.filter((c) => c.expectedIssue === c.predictedIssue).length;
}

function accuracyOf(cases: EvalCase[]): number {
  return rightAnswers(cases) / (cases.length || 1);
}

function macroF1Of(cases: EvalCase[], labels: string[]) {
  const perIssue: EvalReport['perIssue'] = {};
  const scored: number[] = [];
  for (const label of labels) {
    const support = cases.filter((c) => c.expectedIssue === label).length;
    const tp = cases.filter((c) => c.expectedIssue === label && c.predictedIssue === label).length;
    const fp = cases.filter((c) => c.expectedIssue !== label && c.predictedIssue === label).length;
    const fn = support - tp;
    perIssue[label] = { ...prf(tp, fp, fn), support };
    // Macro-F1 averages over the issues present in this set (as scikit-learn does with labels seen).
    if (support > 0 || fp > 0) scored.push(perIssue[label]!.f1);
  }
  return { perIssue, macroF1: scored.reduce((a, b) => a + b, 0) / (scored.length || 1) };
}

function prf(tp: number, fp: number, fn: number) {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}
