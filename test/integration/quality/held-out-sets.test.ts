import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readJsonl } from '../../../src/cli/read-jsonl.js';
import { computeMetrics, toEvalCase, type EvalCase } from '../../../src/eval/compute-metrics.js';
import { labelledTicketSchema } from '../../../src/eval/labelled-ticket.js';
import { loadTriage } from '../../../src/triage/load-triage.js';

// Labelled sets the model never trained on: the sample and dev sets ship beside the repository
// (../shared), our own held-out sets in eval/. Floors sit a little under what `npm run eval`
// measures (README, "Measured quality"), so a regression fails the build while an honest change
// of a ticket or two does not.
const SETS = [
  fileURLToPath(new URL('../../../../shared/data/sample-tickets.jsonl', import.meta.url)),
  fileURLToPath(new URL('../../../../shared/data/dev-tickets.jsonl', import.meta.url)),
  fileURLToPath(new URL('../../../eval/own-set-1.jsonl', import.meta.url)),
  fileURLToPath(new URL('../../../eval/own-set-2.jsonl', import.meta.url)),
  fileURLToPath(new URL('../../../eval/own-set-3.jsonl', import.meta.url)),
  fileURLToPath(new URL('../../../eval/own-set-4.jsonl', import.meta.url)),
  fileURLToPath(new URL('../../../eval/own-set-5.jsonl', import.meta.url)),
].filter((path) => existsSync(path));

describe('quality on held-out labelled tickets', () => {
  const triage = loadTriage();

  it('has our own held-out sets at least', () => {
    expect(SETS.filter((path) => path.includes('/eval/own-set-')).length).toBe(5);
  });

  it.each(SETS)('stays above the floors we promise: %s', async (path) => {
    const cases: EvalCase[] = [];
    for await (const line of readJsonl(path, labelledTicketSchema)) {
      if (!line.ok) throw new Error(`${path} line ${line.lineNumber}: ${line.error}`);
      cases.push(toEvalCase(line.value, triage.classify(line.value)));
    }
    const report = computeMetrics(
      cases,
      triage.playbook.issues.map((issue) => issue.id),
    );
    expect(report.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(report.macroF1).toBeGreaterThanOrEqual(0.9);
    for (const scores of Object.values(report.perLanguage)) expect(scores.accuracy).toBeGreaterThanOrEqual(0.85);
    expect(report.missingF1.email.f1).toBeGreaterThanOrEqual(0.88);
    expect(report.missingF1.timestamp.f1).toBeGreaterThanOrEqual(0.95);
    expect(report.missingF1.screenshot.f1).toBeGreaterThanOrEqual(0.97);
    expect(report.coverage.find((point) => point.coverage === 0.8)!.precision).toBeGreaterThanOrEqual(0.95);
    expect(report.languageDetectionAccuracy).toBeGreaterThanOrEqual(0.95);
  });
});
