import type { HostileInputBenchResult } from '../hostile-input.js';
import { ms, record, type Context } from '../support/bench-context.js';
import { runBenchScript } from '../support/bench-script.js';

/** Each input of the security report, in process and through the classifier thread (bench/hostile-input.ts). */
export async function benchHostileSection(ctx: Context): Promise<void> {
  const output = await runBenchScript(ctx, ['bench/hostile-input.ts']);
  const result = JSON.parse(output.trim().split('\n').at(-1) ?? '') as HostileInputBenchResult;
  for (const figure of result.figures) {
    record(ctx, {
      section: 'hostile',
      name: `${figure.name} (${figure.chars} chars): slowest of ${result.rounds}, in process / in the classifier thread`,
      value: `${ms(figure.inProcessMaxMs)} / ${ms(figure.threadMaxMs)}`,
      target: `< ${result.targetMs} ms`,
      met: figure.inProcessMaxMs < result.targetMs && figure.threadMaxMs < result.targetMs,
    });
  }
}
