import { percentRange } from './accuracy-interval.js';
import type { EvalReport } from './compute-metrics.js';
import type { TriageThresholds } from '../triage/create-triage.js';

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

export function formatReport(
  report: EvalReport,
  context: { thresholds: TriageThresholds; trainingExamples: number; trainedMs: number },
): string {
  const lines: string[] = [];
  lines.push(
    `Tickets: ${report.count}   (model: ${context.trainingExamples} training examples, trained in ${Math.round(context.trainedMs)} ms)`,
  );
  lines.push(
    `Issue accuracy: ${pct(report.accuracy)} (95% interval ${percentRange(report.accuracyInterval)})   macro-F1: ${report.macroF1.toFixed(3)}`,
  );
  lines.push(`Language detection accuracy: ${pct(report.languageDetectionAccuracy)}`);
  lines.push('', 'Per language:');
  for (const [lang, scores] of Object.entries(report.perLanguage)) {
    lines.push(
      `  ${lang}  n=${String(scores.count).padStart(3)}  accuracy ${pct(scores.accuracy).padStart(6)}  macro-F1 ${scores.macroF1.toFixed(3)}`,
    );
  }
  lines.push('', 'Per issue:                      precision  recall     F1  support');
  for (const [issue, s] of Object.entries(report.perIssue)) {
    lines.push(
      `  ${issue.padEnd(28)} ${s.precision.toFixed(3).padStart(9)} ${s.recall.toFixed(3).padStart(7)} ${s.f1.toFixed(3).padStart(6)} ${String(s.support).padStart(8)}`,
    );
  }
  lines.push('', 'Missing escalation data:  precision  recall     F1');
  for (const [field, s] of Object.entries(report.missingF1)) {
    lines.push(
      `  ${field.padEnd(22)} ${s.precision.toFixed(3).padStart(9)} ${s.recall.toFixed(3).padStart(7)} ${s.f1.toFixed(3).padStart(6)}`,
    );
  }
  lines.push(`  exact match of the missing list: ${pct(report.missingExactMatch)}`);
  lines.push('', 'Confusion matrix (rows: expected, columns: predicted):');
  const short = report.confusion.labels.map((label) =>
    label
      .split('-')
      .map((p) => p[0])
      .join('')
      .toUpperCase(),
  );
  lines.push(`  ${''.padEnd(28)} ${short.map((s) => s.padStart(4)).join('')}`);
  report.confusion.labels.forEach((label, i) => {
    lines.push(`  ${`${label} (${short[i]})`.padEnd(28)} ${report.confusion.matrix[i]!.map((n) => String(n || '.').padStart(4)).join('')}`);
  });
  lines.push('', 'Precision at coverage (most confident first):');
  for (const point of report.coverage) {
    lines.push(
      `  top ${pct(point.coverage).padStart(6)}: precision ${pct(point.precision).padStart(6)}  (confidence >= ${point.threshold.toFixed(3)})`,
    );
  }
  lines.push(
    '',
    `Thresholds learned on held-out training folds: abstain < ${context.thresholds.abstain}, high confidence >= ${context.thresholds.high}, temperature ${context.thresholds.temperature}`,
  );
  return `${lines.join('\n')}\n`;
}
