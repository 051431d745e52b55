import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readJsonl } from '../../../src/cli/read-jsonl.js';
import { computeMetrics, toEvalCase, type EvalCase } from '../../../src/eval/compute-metrics.js';
import { labelledTicketSchema } from '../../../src/eval/labelled-ticket.js';
import { loadTriage } from '../../../src/triage/load-triage.js';

// The labelled sample ships beside the repository (../shared), never inside it: the model is
// not trained on it, so it measures tickets the classifier has not seen.
const SAMPLE = fileURLToPath(new URL('../../../../shared/data/sample-tickets.jsonl', import.meta.url));

describe.runIf(existsSync(SAMPLE))('quality on the held-out sample tickets', () => {
  it('stays above the floors we promise', async () => {
    const triage = loadTriage();
    const cases: EvalCase[] = [];
    for await (const line of readJsonl(SAMPLE, labelledTicketSchema)) {
      if (!line.ok) throw new Error(`sample line ${line.lineNumber}: ${line.error}`);
      cases.push(toEvalCase(line.value, triage.classify(line.value)));
    }
    const report = computeMetrics(
      cases,
      triage.playbook.issues.map((issue) => issue.id),
    );
    // Floors a little under what we measure (95% accuracy, 0.96 macro-F1), so a regression fails
    // the build while an honest change of a ticket or two does not.
    expect(report.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(report.macroF1).toBeGreaterThanOrEqual(0.88);
    for (const scores of Object.values(report.perLanguage)) expect(scores.accuracy).toBeGreaterThanOrEqual(0.85);
    for (const scores of Object.values(report.missingF1)) expect(scores.f1).toBeGreaterThanOrEqual(0.95);
    expect(report.coverage.find((point) => point.coverage === 0.8)!.precision).toBeGreaterThanOrEqual(0.95);
    expect(report.languageDetectionAccuracy).toBeGreaterThanOrEqual(0.95);
  });
});
