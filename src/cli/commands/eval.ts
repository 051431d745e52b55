import { UsageError, type Command } from '../command.js';
import { readJsonl } from '../read-jsonl.js';
import { parseArgs } from './classify.js';
import { loadTriage } from '../../triage/load-triage.js';
import { loadPlaybook } from '../../playbook/load-playbook.js';
import { labelledTicketSchema } from '../../eval/labelled-ticket.js';
import { computeMetrics, toEvalCase, type EvalCase } from '../../eval/compute-metrics.js';
import { formatReport } from '../../eval/format-report.js';

export const command: Command = {
  name: 'eval',
  summary: 'Score the classifier against labelled JSONL tickets (accuracy, macro-F1, confusion, missing-data F1)',
  usage: [
    'Usage: signin-triage eval FILE [--playbook PATH] [--json] [--errors]',
    '',
    'FILE holds labelled tickets (sample-tickets.jsonl format, with label.issue, label.missing, label.lang).',
    'Prints accuracy, macro-F1, per-language scores, the confusion matrix, per-field F1 of the',
    'missing-data flags and the precision-at-coverage curve. --json prints the report as JSON;',
    '--errors lists the misclassified ids.',
  ].join('\n'),
  async run(args, io) {
    const asJson = args.includes('--json');
    const showErrors = args.includes('--errors');
    const { file, playbookPath } = parseArgs(args.filter((a) => a !== '--json' && a !== '--errors'));
    if (!file) throw new UsageError('give the labelled FILE to score against');
    const started = performance.now();
    const triage = loadTriage(playbookPath ? { playbookPath } : {});
    const trainedMs = performance.now() - started;
    const cases: (EvalCase & { id: string })[] = [];
    let failures = 0;
    for await (const line of readJsonl(file, labelledTicketSchema)) {
      if (!line.ok) {
        failures += 1;
        io.stderr.write(`line ${line.lineNumber}: ${line.error}\n`);
        continue;
      }
      const diagnosis = triage.classify(line.value);
      cases.push({ id: line.value.id, ...toEvalCase(line.value, diagnosis) });
    }
    const report = computeMetrics(
      cases,
      triage.playbook.issues.map((issue) => issue.id),
    );
    if (asJson) {
      io.stdout.write(`${JSON.stringify({ ...report, thresholds: triage.thresholds }, null, 2)}\n`);
    } else {
      io.stdout.write(formatReport(report, { thresholds: triage.thresholds, trainingExamples: triage.trainingExamples, trainedMs }));
    }
    if (showErrors) {
      for (const c of cases) {
        const missingOk = c.expectedMissing.join(',') === c.predictedMissing.join(',');
        if (c.expectedIssue !== c.predictedIssue || !missingOk) {
          io.stdout.write(
            `${c.id}: expected ${c.expectedIssue} [${c.expectedMissing}] got ${c.predictedIssue} (${c.confidence}) [${c.predictedMissing}] lang ${c.expectedLanguage}/${c.predictedLanguage}\n`,
          );
        }
      }
    }
    return failures > 0 ? 1 : 0;
  },
};
