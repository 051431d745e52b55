/** Section 4: the classifier (bench/classification.ts in a process of its own), against natural's Bayes. */
import { existsSync } from 'node:fs';
import type { ClassificationBenchResult } from '../classification.js';
import { ms, note, record, type Context } from '../support/bench-context.js';
import { runBenchScript } from '../support/bench-script.js';
import { DEV_TICKETS } from '../support/load.js';

export async function benchClassificationSection(ctx: Context): Promise<void> {
  if (!existsSync(DEV_TICKETS)) {
    note(ctx, 'classification', `skipped: ${DEV_TICKETS} not found`);
    return;
  }
  // Its own process, so peak RSS is the classifier's alone; it spawns the cold-start children itself.
  const output = await runBenchScript(ctx, ['bench/classification.ts', DEV_TICKETS, '--table']);
  const lines = output.trim().split('\n');
  const result = JSON.parse(lines.at(-1) ?? '') as ClassificationBenchResult;
  const { triage, compiled, bayes } = result;
  const side = (ours: string, theirs: string) => `${ours} (natural Bayes: ${theirs})`;
  record(ctx, {
    section: 'classification',
    name: 'cold start, compiled (node on dist/, as the service runs): fresh process, import + loadTriage() + 1 ticket (median of 5)',
    value: ms(compiled.coldStartMs),
    target: '< 300 ms',
    met: compiled.coldStartMs < 300 && !compiled.trainedAtStart,
  });
  record(ctx, {
    section: 'classification',
    name: 'compiled: CPU time (user + system) of the same runs, median; load alone (import + loadTriage()); process start → first answer',
    value: `${ms(compiled.coldStartCpuMs)}; ${ms(compiled.loadMs)}; ${ms(compiled.processReadyMs)}`,
    target: '',
    met: null,
  });
  record(ctx, {
    section: 'classification',
    name: 'cold start through tsx (npm start): fresh process, import + loadTriage() + 1 ticket (median of 5)',
    value: side(ms(triage.coldStartMs), ms(bayes.coldStartMs)),
    target: '',
    met: null,
  });
  record(ctx, {
    section: 'classification',
    name: 'tsx: cold start CPU time (user + system) of the same runs, median',
    value: side(ms(triage.coldStartCpuMs), ms(bayes.coldStartCpuMs)),
    target: '',
    met: null,
  });
  record(ctx, {
    section: 'classification',
    name: 'tsx: load alone: import + loadTriage() (median of 5)',
    value: side(ms(triage.loadMs), ms(bayes.loadMs)),
    target: '',
    met: null,
  });
  record(ctx, {
    section: 'classification',
    name: 'tsx: process start → first answer, incl. Node + tsx (median of 5)',
    value: side(ms(triage.processReadyMs), ms(bayes.processReadyMs)),
    target: '',
    met: null,
  });
  record(ctx, {
    section: 'classification',
    name: 'throughput, one thread',
    value: side(
      `${triage.classificationsPerSecond.toFixed(0)}/s (${triage.classifications} classifications)`,
      `${bayes.classificationsPerSecond.toFixed(0)}/s`,
    ),
    target: '≥ 5,000/s',
    met: triage.classificationsPerSecond >= 5_000,
  });
  record(ctx, {
    section: 'classification',
    name: 'classifications per CPU-second (process CPU time)',
    value: side(triage.classificationsPerCpuSecond.toFixed(0), bayes.classificationsPerCpuSecond.toFixed(0)),
    target: '',
    met: null,
  });
  record(ctx, {
    section: 'classification',
    name: 'throughput vs natural Bayes',
    value: `${(triage.classificationsPerSecond / bayes.classificationsPerSecond).toFixed(2)}×`,
    target: '',
    met: null,
  });
  record(ctx, {
    section: 'classification',
    name: 'latency p50 / p99 per ticket',
    value: side(`${ms(triage.p50Ms)} / ${ms(triage.p99Ms)}`, `${ms(bayes.p50Ms)} / ${ms(bayes.p99Ms)}`),
    target: 'p99 < 2 ms',
    met: triage.p99Ms < 2,
  });
  record(ctx, {
    section: 'classification',
    name: 'training (npm run train, in-process)',
    value: side(
      `${ms(result.trainingMs)} (${triage.trainingExamples} examples)`,
      `${ms(bayes.trainMs)} (${bayes.trainingExamples} examples)`,
    ),
    target: '',
    met: null,
  });
  record(ctx, { section: 'classification', name: 'peak RSS', value: `${triage.peakRssMb.toFixed(0)} MB`, target: '', met: null });
  note(
    ctx,
    'classification',
    `${result.tickets} tickets of dev-tickets.jsonl (benchmark input only) × ${triage.classifications / result.tickets} rounds after a warm-up round. natural's BayesClassifier (deep import, default PorterStemmer) is trained on the same ${bayes.trainingExamples} corpus examples (subject + description) and classifies the same tickets' subject + description; its cold start restores its serialized model. Cold starts run in fresh processes: compiled (\`npm run build\`, plain \`node\` on dist/, what the service runs in production; the target applies to it) and through \`node --import tsx\` (what \`npm start\` runs). ${triage.trainedAtStart ? '**The model file was stale: the triage was trained at start.**' : 'The model came from src/playbook/model.bin (not trained at start).'}`,
  );
}
