import { existsSync } from 'node:fs';

import { UsageError, type Command } from '../command.js';
import { readJsonl } from '../read-jsonl.js';
import { emptyTicketWarning } from '../ticket-input.js';
import { setName } from '../../eval/evaluation-sets.js';
import { labelledTicketSchema } from '../../eval/labelled-ticket.js';
import { computeMetrics, toEvalCase, type EvalCase, type EvalReport } from '../../eval/compute-metrics.js';
import { crossValidateCorpus } from '../../eval/cross-validate.js';
import { formatComparison } from '../../eval/format-comparison.js';
import { formatReport } from '../../eval/format-report.js';
import { namedIssues } from '../../note/closest-issues.js';
import { loadTriage, readTrainingSources } from '../../triage/load-triage.js';

interface EvalArgs {
  files: string[];
  playbookPath?: string;
  folds: number | null;
  json: boolean;
  errors: boolean;
  details: boolean;
  /** Extra columns, each the union of named sets' tickets (`--pool NAME=SET,SET`). */
  pools: Array<{ name: string; sets: string[] }>;
}

function parsePool(value: string | undefined): { name: string; sets: string[] } {
  const match = value?.match(/^([^=,]{1,40})=([^=]{1,400})$/u);
  if (!match)
    throw new UsageError(
      `--pool needs NAME=SET,SET (set names as the table shows them, e.g. held-out=own-set-3,own-set-4), got "${value ?? ''}"`,
    );
  const name = match[1]!.trim();
  const sets = match[2]!.split(',').map((set) => set.trim());
  if (!name) throw new UsageError(`--pool needs a NAME before "=", got "${value ?? ''}"`);
  // A set named twice would be one set under a pool's name.
  if (sets.length < 2 || sets.some((set) => !set) || new Set(sets).size < sets.length)
    throw new UsageError(`--pool ${name} needs two or more different set names separated by commas, got "${match[2]}"`);
  return { name, sets };
}

function parseEvalArgs(args: string[]): EvalArgs {
  const parsed: EvalArgs = { files: [], folds: null, json: false, errors: false, details: false, pools: [] };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === '--json') parsed.json = true;
    else if (arg === '--errors') parsed.errors = true;
    else if (arg === '--details') parsed.details = true;
    else if (arg === '--cv') parsed.folds = 5;
    else if (arg.startsWith('--cv=')) {
      const folds = Number(arg.slice(5));
      if (!Number.isInteger(folds) || folds < 2 || folds > 20) throw new UsageError(`--cv=K needs K from 2 to 20, got "${arg.slice(5)}"`);
      parsed.folds = folds;
    } else if (arg === '--playbook') {
      const path = args[++i];
      if (!path) throw new UsageError('--playbook needs a PATH');
      parsed.playbookPath = path;
    } else if (arg === '--pool') parsed.pools.push(parsePool(args[++i]));
    else if (arg.startsWith('--pool=')) parsed.pools.push(parsePool(arg.slice(7)));
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else parsed.files.push(arg);
  }
  if (parsed.files.length === 0 && parsed.folds === null) throw new UsageError('give labelled FILEs to score against, or --cv');
  const names = parsed.files.map(setName);
  const columns = new Set(names);
  for (const pool of parsed.pools) {
    const unknown = pool.sets.filter((set) => !names.includes(set));
    if (unknown.length > 0)
      throw new UsageError(`--pool ${pool.name}: no FILE named ${unknown.join(', ')} (sets given: ${names.join(', ')})`);
    // Two FILEs of one name ("a/x.jsonl", "b/x.jsonl") would both join the pool, unseen.
    const ambiguous = pool.sets.filter((set) => names.indexOf(set) !== names.lastIndexOf(set));
    if (ambiguous.length > 0) throw new UsageError(`--pool ${pool.name}: more than one FILE is named ${ambiguous.join(', ')}`);
    // The table and --json name columns: a pool may not share its name with a set or another pool.
    if (columns.has(pool.name)) throw new UsageError(`--pool ${pool.name}: a set or another pool already has that name`);
    columns.add(pool.name);
  }
  return parsed;
}

export const command: Command = {
  name: 'eval',
  summary: 'Score the classifier on labelled JSONL sets side by side, and cross-validated on our corpus',
  usage: [
    'Usage: signin-triage eval [FILE...|-] [--cv[=K]] [--pool NAME=SET,SET...] [--playbook PATH] [--details] [--json] [--errors]',
    '',
    'Each FILE holds labelled tickets (sample-tickets.jsonl format, with label.issue, label.missing, label.lang);',
    '"-" reads one set from stdin, like classify -.',
    '--cv adds K-fold cross-validation (default 5) of the whole pipeline on our training corpus.',
    'Prints the sets side by side: accuracy (with its 95% Wilson interval), macro-F1, precision on the 80% most confident, accuracy',
    "per language, F1 per issue, missing-data F1. With one set, or --details, also each set's full",
    'report (confusion matrix, precision-at-coverage). --json prints the reports as JSON; --errors',
    'lists the misclassified ids. --pool adds a column NAME scoring the union of the named sets (their',
    'file names without .jsonl), e.g. every held-out set nobody did error analysis on; repeatable.',
  ].join('\n'),
  async run(args, io) {
    const options = parseEvalArgs(args);
    const absent = options.files.filter((file) => file !== '-' && !existsSync(file));
    if (absent.length > 0) {
      io.stderr.write(
        `${absent.map((file) => `file not found: ${file}`).join('\n')}\nThe sample and dev sets live in ../shared/data beside the repository, our held-out sets in eval/; give the path of a labelled JSONL file, "-" for stdin, or use --cv alone.\n`,
      );
      return 1;
    }
    if (options.files.filter((file) => file === '-').length > 1) throw new UsageError('"-" (stdin) can be given once');
    const started = performance.now();
    const triage = loadTriage(options.playbookPath ? { playbookPath: options.playbookPath } : {});
    const loadedMs = performance.now() - started;
    const issueIds = triage.playbook.issues.map((issue) => issue.id);
    const sets: Array<{ name: string; report: EvalReport; cases: Array<EvalCase & { id: string }>; pooled?: boolean }> = [];
    let failures = 0;
    for (const file of options.files) {
      const cases: Array<EvalCase & { id: string }> = [];
      const name = file === '-' ? 'stdin' : file;
      for await (const line of readJsonl(file === '-' ? io.stdin : file, labelledTicketSchema)) {
        if (!line.ok) {
          failures += 1;
          io.stderr.write(`${name} line ${line.lineNumber}: ${line.error}\n`);
          continue;
        }
        const warning = emptyTicketWarning(line.value);
        if (warning) io.stderr.write(`${name} line ${line.lineNumber}: ${warning}\n`);
        const diagnosis = triage.classify(line.value);
        cases.push({ id: line.value.id, ...toEvalCase(line.value, diagnosis, namedIssues(diagnosis, triage.playbook)) });
      }
      sets.push({ name: setName(file), report: computeMetrics(cases, issueIds), cases });
    }
    for (const pool of options.pools) {
      const cases = sets.filter((set) => pool.sets.includes(set.name)).flatMap((set) => set.cases);
      sets.push({ name: pool.name, report: computeMetrics(cases, issueIds), cases, pooled: true });
    }
    if (options.folds !== null) {
      const cases = crossValidateCorpus(readTrainingSources(options.playbookPath), options.folds);
      sets.push({ name: `corpus ${options.folds}-fold CV`, report: computeMetrics(cases, issueIds), cases });
    }

    if (options.json) {
      io.stdout.write(
        `${JSON.stringify({ thresholds: triage.thresholds, sets: sets.map(({ name, report }) => ({ name, report })) }, null, 2)}\n`,
      );
    } else {
      io.stdout.write(
        `Model: ${triage.trainingExamples} training examples, loaded in ${Math.round(loadedMs)} ms; thresholds abstain ${triage.thresholds.abstain}, high ${triage.thresholds.high}\n\n`,
      );
      if (sets.length > 1) io.stdout.write(formatComparison(sets));
      if (sets.length === 1 || options.details) {
        for (const set of sets) {
          io.stdout.write(`\n== ${set.name}\n`);
          io.stdout.write(
            formatReport(set.report, { thresholds: triage.thresholds, trainingExamples: triage.trainingExamples, trainedMs: loadedMs }),
          );
        }
      }
    }
    if (options.errors) {
      // A pool's misses are its sets' misses, listed once under their own set.
      for (const set of sets.filter((candidate) => !candidate.pooled)) {
        for (const c of set.cases) {
          const missingOk = c.expectedMissing === null || c.expectedMissing.join(',') === c.predictedMissing.join(',');
          if (c.expectedIssue !== c.predictedIssue || !missingOk) {
            io.stdout.write(
              `${set.name} ${c.id}: expected ${c.expectedIssue} [${c.expectedMissing ?? '?'}] got ${c.predictedIssue} (${c.confidence}) [${c.predictedMissing}] lang ${c.expectedLanguage}/${c.predictedLanguage}\n`,
            );
          }
        }
      }
    }
    return failures > 0 ? 1 : 0;
  },
};
