import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readJsonl } from '../../../src/cli/read-jsonl.js';
import { computeMetrics, toEvalCase, type EvalCase } from '../../../src/eval/compute-metrics.js';
import { labelledTicketSchema } from '../../../src/eval/labelled-ticket.js';
import { namedIssues } from '../../../src/note/closest-issues.js';
import { loadTriage } from '../../../src/triage/load-triage.js';

// Labelled sets the model never trained on: the sample and dev sets ship beside the repository
// (../shared), our own held-out sets in eval/. Floors sit a little under what `npm run eval`
// measures (README, "Measured quality"), so a regression fails the build while an honest change
// of a ticket or two does not.
interface Floors {
  accuracy: number;
  macroF1: number;
  language: number;
  email: number;
  timestamp: number;
  screenshot: number;
  precisionAt80: number;
  /** The right issue is the diagnosis or the runner-up the note names (first measured 2026-12-01). */
  rightIssueNamed: number;
}

/** Sets written from scratch in the README's format (the sample, the dev set, own-sets 1–8). */
const WRITTEN: Floors = {
  accuracy: 0.9,
  macroF1: 0.9,
  language: 0.85,
  email: 0.88,
  timestamp: 0.95,
  screenshot: 0.97,
  precisionAt80: 0.95,
  rightIssueNamed: 0.95,
};
/**
 * Real public reports rewritten into our setting (eval/real-reports.jsonl, 55 tickets): far
 * harder than the written sets (80.0%, macro-F1 0.802, email F1 0.824, precision 93.2% at 80%,
 * measured on 2026-11-30 at 15:52Z), and small, so one ticket moves accuracy by 1.8 points and a
 * language of 3 tickets by 33.
 */
const REAL: Floors = {
  accuracy: 0.75,
  macroF1: 0.75,
  language: 0.3,
  email: 0.75,
  timestamp: 0.95,
  screenshot: 0.97,
  precisionAt80: 0.85,
  rightIssueNamed: 0.85,
};
/**
 * A second, fresher set of real reports (eval/real-reports-2.jsonl, 53 tickets), the hardest we
 * have: 66.0%, macro-F1 0.655, email F1 0.500, precision 76.2% at 80% (same run). Its Spanish,
 * Italian and German have 6, 6 and 3 tickets, so the per-language floor only catches a language
 * lost almost entirely. Its email flag has few tickets with the address missing, so one ticket
 * moves its F1 by about 0.05: 0.444 at the seventh session's end, 0.400 on 2026-11-30 at 23:50Z
 * (after that day's email rules for groups of users and rounds 4–5 of training), hence 0.35.
 */
const REAL_2: Floors = {
  accuracy: 0.6,
  macroF1: 0.6,
  language: 0.15,
  email: 0.35,
  timestamp: 0.95,
  screenshot: 0.97,
  precisionAt80: 0.68,
  rightIssueNamed: 0.75,
};

/**
 * A third set of real reports (eval/real-reports-3.jsonl, 52 tickets, written and re-labelled
 * blind on 2026-11-30 after the fourth round of real-report training): 82.7%, macro-F1 0.823,
 * email F1 0.727, precision 95.2% at 80% (measured on its first read; 84.6% and 95.2% on
 * 2026-12-01 after that day's training tickets, 92.9% at 80% in between). Spanish and Italian
 * have 4 tickets each.
 */
const REAL_3: Floors = {
  accuracy: 0.72,
  macroF1: 0.72,
  language: 0.5,
  email: 0.62,
  timestamp: 0.95,
  screenshot: 0.97,
  precisionAt80: 0.85,
  rightIssueNamed: 0.85,
};

/**
 * A fourth set of real reports (eval/real-reports-4.jsonl, 35 tickets, written and re-labelled
 * blind on 2026-12-01 after that day's changes): 82.9%, macro-F1 0.720, email F1 0.615,
 * precision 92.9% at 80% (its first read, the same with the model before that day). French,
 * Spanish and Italian have 3 tickets each (French 1 of 3 right), so the per-language floor only
 * catches a language lost entirely; one ticket is 2.9 points of accuracy.
 */
const REAL_4: Floors = {
  accuracy: 0.74,
  macroF1: 0.6,
  language: 0.3,
  email: 0.5,
  timestamp: 0.95,
  screenshot: 0.97,
  precisionAt80: 0.85,
  rightIssueNamed: 0.8,
};

const SETS: Array<[string, Floors]> = (
  [
    ['../../../../shared/data/sample-tickets.jsonl', WRITTEN],
    ['../../../../shared/data/dev-tickets.jsonl', WRITTEN],
    ['../../../eval/own-set-1.jsonl', WRITTEN],
    ['../../../eval/own-set-2.jsonl', WRITTEN],
    ['../../../eval/own-set-3.jsonl', WRITTEN],
    ['../../../eval/own-set-4.jsonl', WRITTEN],
    ['../../../eval/own-set-5.jsonl', WRITTEN],
    ['../../../eval/own-set-6.jsonl', WRITTEN],
    ['../../../eval/own-set-7.jsonl', WRITTEN],
    ['../../../eval/own-set-8.jsonl', WRITTEN],
    ['../../../eval/own-set-9.jsonl', WRITTEN],
    ['../../../eval/own-set-10.jsonl', WRITTEN],
    ['../../../eval/own-set-11.jsonl', WRITTEN],
    ['../../../eval/own-set-12.jsonl', WRITTEN],
    ['../../../eval/real-reports.jsonl', REAL],
    ['../../../eval/real-reports-2.jsonl', REAL_2],
    ['../../../eval/real-reports-3.jsonl', REAL_3],
    ['../../../eval/real-reports-4.jsonl', REAL_4],
  ] as const
)
  .map(([relative, floors]): [string, Floors] => [fileURLToPath(new URL(relative, import.meta.url)), floors])
  .filter(([path]) => existsSync(path));

describe('quality on held-out labelled tickets', () => {
  const triage = loadTriage();

  it('has our own held-out sets at least', () => {
    expect(SETS.filter(([path]) => path.includes('/eval/')).length).toBe(16);
  });

  it.each(SETS)('stays above the floors we promise: %s', async (path, floors) => {
    const cases: EvalCase[] = [];
    for await (const line of readJsonl(path, labelledTicketSchema)) {
      if (!line.ok) throw new Error(`${path} line ${line.lineNumber}: ${line.error}`);
      const diagnosis = triage.classify(line.value);
      cases.push(toEvalCase(line.value, diagnosis, namedIssues(diagnosis, triage.playbook)));
    }
    const report = computeMetrics(
      cases,
      triage.playbook.issues.map((issue) => issue.id),
    );
    expect(report.accuracy).toBeGreaterThanOrEqual(floors.accuracy);
    expect(report.macroF1).toBeGreaterThanOrEqual(floors.macroF1);
    for (const scores of Object.values(report.perLanguage)) expect(scores.accuracy).toBeGreaterThanOrEqual(floors.language);
    expect(report.missingF1.email.f1).toBeGreaterThanOrEqual(floors.email);
    expect(report.missingF1.timestamp.f1).toBeGreaterThanOrEqual(floors.timestamp);
    expect(report.missingF1.screenshot.f1).toBeGreaterThanOrEqual(floors.screenshot);
    expect(report.coverage.find((point) => point.coverage === 0.8)!.precision).toBeGreaterThanOrEqual(floors.precisionAt80);
    expect(report.languageDetectionAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(report.rightIssueNamed).toBeGreaterThanOrEqual(floors.rightIssueNamed);
  });
});
