// Classification benchmark: cold start (module load + model training), throughput and
// per-ticket latency on one core, peak RSS. Run by `npm run bench` (bench/run.ts).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

export interface ClassificationBenchResult {
  coldStartMs: number;
  trainingExamples: number;
  ticketsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  peakRssMb: number;
  tickets: number;
}

export async function benchClassification(options: { ticketsFile: string; rounds?: number }): Promise<ClassificationBenchResult> {
  const started = performance.now();
  const { loadTriage } = await import('../src/triage/load-triage.js');
  const triage = loadTriage();
  const coldStartMs = performance.now() - started;

  const tickets = readFileSync(options.ticketsFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  // Warm-up, so the JIT has compiled the hot paths before we time them.
  for (const ticket of tickets) triage.classify(ticket as never);

  const rounds = options.rounds ?? 60;
  const latencies: number[] = [];
  let peakRss = process.memoryUsage().rss;
  const loopStart = performance.now();
  for (let round = 0; round < rounds; round += 1) {
    for (const ticket of tickets) {
      const t0 = performance.now();
      triage.classify(ticket as never);
      latencies.push(performance.now() - t0);
    }
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const totalMs = performance.now() - loopStart;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return {
    coldStartMs,
    trainingExamples: triage.trainingExamples,
    ticketsPerSecond: (latencies.length / totalMs) * 1000,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    peakRssMb: peakRss / 1024 / 1024,
    tickets: latencies.length,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2] ?? fileURLToPath(new URL('../../shared/data/sample-tickets.jsonl', import.meta.url));
  console.log(JSON.stringify(await benchClassification({ ticketsFile: file })));
}
