// Hostile-input benchmark: how long each input of the security report "No ticket can stall the
// service" takes to classify, in process (the pure core) and in the classifier thread the
// service uses (message passing, structured clone, time limit armed). Target: < 100 ms each.
// Run alone: `node --import tsx bench/hostile-input.ts` (prints one JSON line).
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { hostileTickets, longNormalTicket, slowestKnownTicket, type HostileTicket } from '../test/support/hostile-tickets.js';

export interface HostileInputFigure {
  name: string;
  /** Characters of subject, description and follow-ups. */
  chars: number;
  /** Slowest of `rounds` in-process classifications (after one warm-up), in ms. */
  inProcessMaxMs: number;
  /** Median of the in-process classifications, in ms. */
  inProcessP50Ms: number;
  /** Slowest of `rounds` classifications through startIsolatedTriage, in ms. */
  threadMaxMs: number;
}

export interface HostileInputBenchResult {
  targetMs: number;
  rounds: number;
  figures: HostileInputFigure[];
  /** Slowest input, in process and in the thread. */
  worstInProcessMs: number;
  worstThreadMs: number;
}

export const HOSTILE_INPUT_TARGET_MS = 100;

export async function benchHostileInput(options: { rounds?: number } = {}): Promise<HostileInputBenchResult> {
  const rounds = options.rounds ?? 5;
  const { loadTriage } = await import('../src/triage/load-triage.js');
  const { startIsolatedTriage } = await import('../src/triage/threads/isolated-triage.js');
  const inputs: HostileTicket[] = [
    ...hostileTickets(),
    { name: 'slowest known: 40,000 chars of "1 may "', ticket: { ...slowestKnownTicket('slowest'), id: 'slowest' } },
    { name: 'a long normal ticket of 40,000 chars', ticket: { ...longNormalTicket('long'), id: 'long' } },
  ];
  const triage = loadTriage();
  // Limit far above any input: the figure is the classification time, never a cut-off.
  const isolated = await startIsolatedTriage({ timeLimitMs: 60_000 });
  const figures: HostileInputFigure[] = [];
  try {
    for (const { name, ticket } of inputs) {
      triage.classify(ticket);
      await isolated.classify(ticket);
      const inProcess: number[] = [];
      const thread: number[] = [];
      for (let round = 0; round < rounds; round += 1) {
        let started = performance.now();
        triage.classify(ticket);
        inProcess.push(performance.now() - started);
        started = performance.now();
        await isolated.classify(ticket);
        thread.push(performance.now() - started);
      }
      inProcess.sort((a, b) => a - b);
      const chars =
        (ticket.subject ?? '').length +
        (ticket.description ?? '').length +
        (ticket.conversation ?? []).reduce((sum, m) => sum + m.body.length, 0);
      figures.push({
        name,
        chars,
        inProcessMaxMs: inProcess.at(-1)!,
        inProcessP50Ms: inProcess[Math.floor(inProcess.length / 2)]!,
        threadMaxMs: Math.max(...thread),
      });
    }
  } finally {
    await isolated.close();
  }
  return {
    targetMs: HOSTILE_INPUT_TARGET_MS,
    rounds,
    figures,
    worstInProcessMs: Math.max(...figures.map((figure) => figure.inProcessMaxMs)),
    worstThreadMs: Math.max(...figures.map((figure) => figure.threadMaxMs)),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await benchHostileInput()));
}
