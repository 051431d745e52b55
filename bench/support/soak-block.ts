/**
 * The "Soak" section of BENCHMARKS.md, between two markers so that `npm run bench` (which
 * rewrites the file) keeps it. Written from a soak's JSON result (`npm run soak -- --out FILE`):
 *
 *   npx tsx bench/support/soak-block.ts bench/results/soak.json [--log soak.log]
 *
 * `--log` copies the soak's own progress lines (`[soak …]`, counts and sizes only, no ticket text).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const SOAK_START = '<!-- soak:start (npm run soak; kept by npm run bench) -->';
export const SOAK_END = '<!-- soak:end -->';

/** The soak block of a BENCHMARKS.md text, markers included; '' when it has none. */
export function soakBlockOf(markdown: string): string {
  const start = markdown.indexOf(SOAK_START);
  const end = markdown.indexOf(SOAK_END);
  return start >= 0 && end > start ? markdown.slice(start, end + SOAK_END.length) : '';
}

/** The text with its soak block replaced by `block` (appended when it has none). */
export function withSoakBlock(markdown: string, block: string): string {
  if (block === '') return markdown;
  const old = soakBlockOf(markdown);
  return old ? markdown.replace(old, block) : `${markdown.trimEnd()}\n\n${block}\n`;
}

interface SoakSample {
  label: string;
  atSec: number;
  apiRss: number;
  workerRss: number;
  redisMemory: number;
  completed: number;
}

/** What scripts/soak.ts writes with --out. */
export interface SoakResult {
  minutes: number;
  rate: number;
  seed: number;
  loadAverageAtEnd: number[];
  counts: Record<string, number>;
  drained: boolean;
  samples: SoakSample[];
  eventLoopLagP99Ms: { api: { p99OfWindows: number; max: number }; worker: { p99OfWindows: number; max: number } };
  bounds: { rssGrowth: number; rssOk: boolean; redisBytesPerJob: number; redisBytesPerJobBound: number; redisOk: boolean };
}

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

export function renderSoakBlock(result: SoakResult, logLines: string[] = []): string {
  const c = result.counts;
  const row = (s: SoakSample) =>
    `| ${s.label} | ${Math.round(s.atSec / 60)} min | ${mib(s.apiRss)} MiB | ${mib(s.workerRss)} MiB | ${mib(s.redisMemory)} MiB | ${s.completed} |`;
  const lines = [
    SOAK_START,
    '## Soak',
    '',
    `\`npm run soak -- --minutes ${result.minutes} --rate ${result.rate} --seed ${result.seed}\` (scripts/soak.ts): the compiled service as one api and one worker process, a redis-server (append-only, noeviction) and the Zendesk stand-in; ${result.rate} webhooks/s for new tickets, 1% duplicate deliveries, 1% re-runs, 2% of tickets with a stand-in fault (429 on the read, 503 on the update, reset connection, update answered after our timeout), the worker restarted (SIGTERM) at 40% and Redis restarted at 60%. Other engineers' builds and tests shared the 2 cores during the run (load average at the end: ${result.loadAverageAtEnd.map((v) => v.toFixed(2)).join(' / ')}).`,
    '',
    `**Ledger: lost ${c.lost}, duplicate notes ${c.duplicateNotes}** (every acknowledged request has exactly one note), ${c.acknowledged} requests acknowledged, ${c.failedJobs} failed jobs, ${c.completedJobs} completed; ${c.sent} webhooks sent (${c.duplicates} duplicates, ${c.reruns} re-runs, ${c.nonAck} not acknowledged and re-sent as Zendesk does, ${c.gaveUp} given up); ${c.faults} stand-in faults. Queue drained after the load: ${result.drained ? 'yes' : '**no**'}.`,
    '',
    '| Sample | At | RSS api | RSS worker (with classifier thread) | Redis used_memory | Completed jobs |',
    '|---|---|---|---|---|---|',
    ...result.samples.map(row),
    '',
    `Bounds: RSS at end ≤ ${result.bounds.rssGrowth} × RSS at middle for each process: ${result.bounds.rssOk ? 'held' : '**exceeded**'}. Redis growth between start and end ${result.bounds.redisBytesPerJob} bytes per completed job (bound ${result.bounds.redisBytesPerJobBound}): ${result.bounds.redisOk ? 'held' : '**exceeded**'}; completed jobs are kept by design (up to 10,000 for 7 days, src/queue/create-queue.ts), so Redis grows with them until that cap${(result.counts.completedJobs ?? 0) < 10_000 ? `; this run (${result.counts.completedJobs} jobs) stayed under it, so the plateau itself is not measured here` : ''}.`,
    '',
    `Event-loop lag p99 (prom-client's monitorEventLoopDelay gauge on /metrics, one 10-s window per scrape; the machine's load average was far above its 2 cores, so these are mostly waits for a core): p99 over the windows api ${result.eventLoopLagP99Ms.api.p99OfWindows.toFixed(1)} ms, worker ${result.eventLoopLagP99Ms.worker.p99OfWindows.toFixed(1)} ms; worst window api ${result.eventLoopLagP99Ms.api.max.toFixed(1)} ms, worker ${result.eventLoopLagP99Ms.worker.max.toFixed(1)} ms.`,
  ];
  if (logLines.length > 0) lines.push('', '```', ...logLines, '```');
  lines.push(SOAK_END);
  return lines.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({ options: { log: { type: 'string' } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1) {
    process.stderr.write('Usage: npx tsx bench/support/soak-block.ts RESULT.json [--log SOAK.log]\n');
    process.exit(2);
  }
  const result = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as SoakResult;
  const log = values.log
    ? readFileSync(values.log, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('[soak ') || line.startsWith('soak: '))
    : [];
  const target = new URL('../../BENCHMARKS.md', import.meta.url);
  writeFileSync(target, withSoakBlock(readFileSync(target, 'utf8'), renderSoakBlock(result, log)));
  process.stdout.write('Wrote the soak section of BENCHMARKS.md\n');
}
