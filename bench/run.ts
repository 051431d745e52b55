// `npm run bench [-- --only webhook|e2e|burst|classification|hostile|startup] [--write]`: measures
// the webhook acknowledgement, end-to-end triage, burst drain under the Zendesk update budget, the
// classifier, hostile input and the service's start-up (compiled and tsx), against a real
// redis-server started here and the local Zendesk stand-in; one file per section in sections/.
// Prints every figure with its target; a full run (no --only) also writes BENCHMARKS.md, keeping
// the hand-written notes between `<!-- notes:start N -->` markers (bench/support/kept-notes.ts) and
// its soak section (written by `npm run soak -- --write`).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startRedisServer } from '../test/support/redis-server.js';
import { benchBurst } from './sections/burst.js';
import { benchClassificationSection } from './sections/classification.js';
import { benchE2e } from './sections/e2e.js';
import { benchHostileSection } from './sections/hostile.js';
import { benchStartup } from './sections/startup.js';
import { benchWebhook } from './sections/webhook.js';
import { SECTIONS, type Context, type Section } from './support/bench-context.js';
import { keepAlive } from './support/load.js';
import { soakBlockOf, withSoakBlock } from './support/soak-block.js';
import { keptNotesOf, withKeptNotes } from './support/kept-notes.js';

const { values: flags } = parseArgs({
  options: { only: { type: 'string', multiple: true }, write: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  strict: true,
});
if (flags.help) {
  process.stdout.write(`Usage: npm run bench [-- --only ${SECTIONS.join('|')} ...] [--write]\n`);
  process.exit(0);
}
const only = (flags.only ?? []).flatMap((value) => value.split(','));
for (const name of only) {
  if (!SECTIONS.includes(name as Section)) {
    process.stderr.write(`--only must be one of ${SECTIONS.join(', ')} (got '${name}')\n`);
    process.exit(2);
  }
}
const selected: Section[] = only.length > 0 ? (only as Section[]) : [...SECTIONS];

const RUNNERS: Record<Section, { title: string; run: (ctx: Context) => Promise<void> }> = {
  webhook: { title: '1. Webhook acknowledgement', run: benchWebhook },
  e2e: { title: '2. End-to-end: webhook → internal note', run: benchE2e },
  burst: { title: '3. Burst drain under the Zendesk update budget', run: benchBurst },
  classification: { title: '4. Classification', run: benchClassificationSection },
  hostile: { title: '5. Hostile input', run: benchHostileSection },
  startup: { title: '6. Service start-up: compiled (production) and tsx', run: benchStartup },
};

function machine(): { lines: string[] } {
  const sh = (command: string, args: string[]) => {
    try {
      return execFileSync(command, args, { encoding: 'utf8' }).trimEnd();
    } catch {
      return '(unavailable)';
    }
  };
  return {
    lines: [
      `- Date: ${new Date().toISOString()}`,
      `- Command: \`npm run bench${only.length > 0 ? ` -- ${only.map((name) => `--only ${name}`).join(' ')}` : ''}\``,
      `- \`nproc\`: ${sh('nproc', [])} (${cpus()[0]?.model ?? 'unknown CPU'})`,
      `- Node: ${process.version}; ${sh('redis-server', ['--version']).split(' ').slice(0, 3).join(' ')}`,
      `- Load average at start (1/5/15 min): ${loadavg()
        .map((value) => value.toFixed(2))
        .join(' / ')}`,
      `- Memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB total, ${(freemem() / 2 ** 30).toFixed(1)} GiB free at start`,
      '',
      '```',
      '$ free -g',
      sh('free', ['-g']),
      '```',
    ],
  };
}

function renderMarkdown(ctx: Context, failures: Map<Section, string>, totalSec: number, header: string[]): string {
  const out = [
    '# Benchmarks',
    '',
    'Produced by `bench/run.ts` (`npm run bench`; one section: `npm run bench -- --only e2e`). It starts its own',
    '`redis-server` and the local Zendesk stand-in; the receiver and the worker run in their own Node processes.',
    'Everything (load generator, receiver, worker, Redis, stand-in) shares the machine below.',
    '',
    '## Machine',
    '',
    ...header,
    '',
    `Total run time: ${totalSec.toFixed(0)} s. Load average at the end: ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' / ')}.`,
    '',
    'The 2 cores are shared with whatever else runs on the machine (other builds and test runs during',
    'development); the load averages above show how busy it was. Latency tails and cold start are the',
    'figures most sensitive to that.',
  ];
  for (const section of selected) {
    out.push('', `## ${RUNNERS[section].title}`, '');
    const failure = failures.get(section);
    if (failure) out.push(`**FAILED:** ${failure}`, '');
    const rows = ctx.figures.filter((figure) => figure.section === section);
    if (rows.length > 0) {
      out.push('| Figure | Value | Target | Met |', '|---|---|---|---|');
      for (const row of rows)
        out.push(
          `| ${row.name} | ${row.value.replace(/\|/g, '\\|')} | ${row.target || '—'} | ${row.met === null ? '—' : row.met ? 'yes' : '**no**'} |`,
        );
    }
    for (const text of ctx.notes.get(section) ?? []) out.push('', text);
  }
  return `${out.join('\n')}\n`;
}

async function main(): Promise<number> {
  const began = performance.now();
  const header = machine().lines;
  process.stdout.write(`signin-triage bench — ${selected.join(', ')}\n${header.filter((line) => line.startsWith('- ')).join('\n')}\n`);
  const redis = await startRedisServer();
  const ctx: Context = { redis, figures: [], notes: new Map(), cleanups: [] };
  const failures = new Map<Section, string>();
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    // Requests in flight fail as their servers stop; nothing may end the process before Redis is stopped.
    process.on('uncaughtException', () => undefined);
    process.on('unhandledRejection', () => undefined);
    process.stdout.write('\ninterrupted: stopping child processes and redis-server\n');
    void runCleanups(ctx).finally(() => redis.stop().finally(() => process.exit(130)));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    for (const section of selected) {
      if (interrupted) break;
      process.stdout.write(`\n${RUNNERS[section].title}\n`);
      const sectionStart = performance.now();
      try {
        await RUNNERS[section].run(ctx);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failures.set(section, message);
        process.stdout.write(`  ✗ FAILED: ${message}\n`);
      } finally {
        await runCleanups(ctx);
      }
      process.stdout.write(`  (${((performance.now() - sectionStart) / 1000).toFixed(1)} s)\n`);
    }
  } finally {
    await runCleanups(ctx);
    await redis.stop();
    keepAlive.destroy();
  }
  const totalSec = (performance.now() - began) / 1000;
  const missed = ctx.figures.filter((figure) => figure.met === false);
  process.stdout.write(
    `\nDone in ${totalSec.toFixed(0)} s: ${ctx.figures.filter((f) => f.met === true).length} targets met, ${missed.length} missed, ${failures.size} section(s) failed.\n`,
  );
  if (only.length === 0 || flags.write) {
    const target = new URL('../BENCHMARKS.md', import.meta.url);
    const previous = existsSync(target) ? readFileSync(target, 'utf8') : '';
    const generated = withSoakBlock(renderMarkdown(ctx, failures, totalSec, header), soakBlockOf(previous));
    writeFileSync(target, withKeptNotes(generated, keptNotesOf(previous)));
    process.stdout.write('Wrote BENCHMARKS.md\n');
  }
  return failures.size > 0 ? 1 : 0;
}

async function runCleanups(ctx: Context): Promise<void> {
  while (ctx.cleanups.length > 0) {
    const cleanup = ctx.cleanups.pop()!;
    await cleanup().catch((error: unknown) =>
      process.stdout.write(`  (cleanup failed: ${error instanceof Error ? error.message : String(error)})\n`),
    );
  }
}

process.exitCode = await main();
