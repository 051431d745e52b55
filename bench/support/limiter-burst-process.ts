// Bench child: one start point of bench/support/limiter-bursts.ts (its own stand-in, limiter and
// callers). Settings come as one JSON env variable (BENCH_LIMITER); it counts itself ready in
// Redis, waits for the common start instant, and prints its result as its only stdout line.
import { Redis } from 'ioredis';
import { runLimiterBurst, type LimiterBurstChildSettings } from './limiter-bursts.js';

const settings = JSON.parse(process.env.BENCH_LIMITER ?? '') as LimiterBurstChildSettings;
const redis = new Redis(settings.redisUrl);
try {
  const result = await runLimiterBurst(settings, async () => {
    await redis.incr(`${settings.runId}:ready`);
    const deadline = Date.now() + 120_000;
    for (;;) {
      const start = await redis.get(`${settings.runId}:start`);
      if (start !== null) return Number(start);
      if (Date.now() > deadline) throw new Error('no start instant within 120 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  redis.disconnect();
}
