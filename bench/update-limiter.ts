// `node --import tsx bench/update-limiter.ts`: the Zendesk update limiter alone (no classifier,
// so the figure is the limiter's, not the CPU's): bursts of ticket updates through the real
// client into the stand-in (fixed windows, as Zendesk counts), started 0, 25, 50 and 75% into a
// window, all four at once. Prints, per start point, the 429s and the share of the budget used
// (definition in bench/support/limiter-bursts.ts and BENCHMARKS.md); exit 1 if one misses.
// BENCH_LIMITER_WINDOW_MS (default 6000) scales the minute, BENCH_LIMITER_WINDOWS (default 5)
// sets how many full windows are measured.
import { loadavg } from 'node:os';
import { startRedisServer } from '../test/support/redis-server.js';
import { limiterBurstTable, measureLimiterBursts, type LimiterBurstSettings } from './support/limiter-bursts.js';

const settings: LimiterBurstSettings = {
  budget: 100,
  windowMs: Number(process.env.BENCH_LIMITER_WINDOW_MS ?? 6_000),
  fullWindows: Number(process.env.BENCH_LIMITER_WINDOWS ?? 5),
  callers: 20,
  latencyMs: 20,
  redisUrl: '',
};
const load = () =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(' / ');
const redisServer = await startRedisServer();
const loadBefore = load();
try {
  const results = await measureLimiterBursts({ ...settings, redisUrl: redisServer.url });
  process.stdout.write(`${limiterBurstTable(settings, results)}\nLoad average (1/5/15 min) before: ${loadBefore}; after: ${load()}\n`);
  process.exitCode = results.every((result) => result.met) ? 0 : 1;
} finally {
  await redisServer.stop();
}
