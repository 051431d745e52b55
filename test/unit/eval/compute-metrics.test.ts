import { describe, expect, it } from 'vitest';

import { computeMetrics, type EvalCase } from '../../../src/eval/compute-metrics.js';
import { formatComparison } from '../../../src/eval/format-comparison.js';

const ISSUES = ['legacy-credentials', 'account-blocked', 'other'];

function evalCase(expectedIssue: string, predictedIssue: string, namedIssues?: string[]): EvalCase {
  return {
    expectedIssue,
    predictedIssue,
    confidence: 0.6,
    expectedLanguage: 'en',
    predictedLanguage: 'en',
    expectedMissing: null,
    predictedMissing: [],
    ...(namedIssues ? { namedIssues } : {}),
  };
}

describe('computeMetrics: right issue named in the note', () => {
  it('counts a ticket whose right issue is the diagnosis or one the note also names', () => {
    const report = computeMetrics(
      [
        evalCase('legacy-credentials', 'legacy-credentials'),
        evalCase('account-blocked', 'other', ['other', 'account-blocked']),
        evalCase('account-blocked', 'legacy-credentials', ['legacy-credentials', 'other']),
        evalCase('other', 'account-blocked'),
      ],
      ISSUES,
    );
    expect(report.accuracy).toBe(0.25);
    expect(report.rightIssueNamed).toBe(0.5);
    expect(formatComparison([{ name: 'set', report }])).toMatch(/right issue named in the note +50\.0%/u);
  });
});
