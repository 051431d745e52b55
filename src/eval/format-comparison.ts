import { percentRange } from './accuracy-interval.js';
import type { EvalReport } from './compute-metrics.js';

/** One column of the side-by-side table: a set's name and its report. */
export interface NamedReport {
  name: string;
  report: EvalReport;
}

const pct = (value: number | undefined) => (value === undefined ? '–' : `${(value * 100).toFixed(1)}%`);
const num = (value: number | undefined) => (value === undefined ? '–' : value.toFixed(3));

/**
 * The sets side by side: issue accuracy with its 95% interval, the share whose right issue the
 * note names (diagnosis or runner-up), macro-F1, precision on the 80% most confident,
 * accuracy per language, F1 per issue, missing-data F1 per field. One column per set.
 */
export function formatComparison(reports: NamedReport[]): string {
  const width = Math.max(14, ...reports.map((r) => r.name.length + 2));
  const header = `${''.padEnd(34)}${reports.map((r) => r.name.padStart(width)).join('')}`;
  const row = (label: string, values: string[]) => `${label.padEnd(34)}${values.map((v) => v.padStart(width)).join('')}`;
  const lines = [
    header,
    row(
      'tickets',
      reports.map((r) => String(r.report.count)),
    ),
  ];
  lines.push(
    row(
      'issue accuracy',
      reports.map((r) => pct(r.report.accuracy)),
    ),
  );
  lines.push(
    row(
      '  95% interval',
      reports.map((r) => percentRange(r.report.accuracyInterval)),
    ),
  );
  lines.push(
    row(
      'right issue named in the note',
      reports.map((r) => pct(r.report.rightIssueNamed)),
    ),
  );
  lines.push(
    row(
      'macro-F1',
      reports.map((r) => num(r.report.macroF1)),
    ),
  );
  lines.push(
    row(
      'precision, 80% most confident',
      reports.map((r) => pct(r.report.coverage.find((p) => p.coverage === 0.8)?.precision)),
    ),
  );
  lines.push(
    row(
      'language detection',
      reports.map((r) => pct(r.report.languageDetectionAccuracy)),
    ),
  );
  const languages = [...new Set(reports.flatMap((r) => Object.keys(r.report.perLanguage)))].sort();
  lines.push('accuracy per language (n)');
  for (const lang of languages) {
    lines.push(
      row(
        `  ${lang}`,
        reports.map((r) => {
          const scores = r.report.perLanguage[lang];
          return scores ? `${pct(scores.accuracy)} (${scores.count})` : '–';
        }),
      ),
    );
  }
  lines.push('F1 per issue');
  const issues = [...new Set(reports.flatMap((r) => Object.keys(r.report.perIssue)))];
  for (const issue of issues) {
    lines.push(
      row(
        `  ${issue}`,
        reports.map((r) => (r.report.perIssue[issue]?.support ? num(r.report.perIssue[issue]?.f1) : '–')),
      ),
    );
  }
  lines.push('missing-data F1');
  for (const field of ['email', 'timestamp', 'screenshot'] as const) {
    lines.push(
      row(
        `  ${field}`,
        reports.map((r) => num(r.report.missingF1[field].f1)),
      ),
    );
  }
  lines.push(
    row(
      '  exact missing list',
      reports.map((r) => pct(r.report.missingExactMatch)),
    ),
  );
  return `${lines.join('\n')}\n`;
}
