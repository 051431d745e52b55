/**
 * Bursts of ticket updates through the worker's update limiter (worker/zendesk-update-limiter.ts)
 * and the real Zendesk client into the stand-in, which counts Update Ticket in fixed windows as
 * Zendesk does. The four start points run at once, each in its own process (as workers do) with
 * its own stand-in, whose clock is shifted so that the common start instant falls at that share
 * of its window.
 *
 * Budget, as measured here: the stand-in's Update Ticket limit N per fixed window (= the
 * limiter's `perWindow`, the hardest case: no room left for anyone else). Share of the budget =
 * updates the stand-in counted in the K full windows after the one the burst starts in ÷ (N × K).
 * The burst is larger than those windows allow, so the backlog never runs dry while measured;
 * the window it starts in is partial and reported apart.
 */
import { Redis } from 'ioredis';
import { startZendeskSandbox, type ZendeskSandbox } from '../../src/zendesk-sandbox/index.js';
import { createZendeskClient } from '../../src/zendesk/client.js';
import { createZendeskUpdateLimiter, updatePace } from '../../worker/zendesk-update-limiter.js';
import { startBenchChild } from './child-process.js';

export const LIMITER_START_SHARES = [0, 0.25, 0.5, 0.75] as const;
/** Share of the budget each start point must reach (issue 11). */
export const LIMITER_BUDGET_TARGET = 0.95;
const CHILD_SCRIPT = 'bench/support/limiter-burst-process.ts';

export interface LimiterBurstSettings {
  redisUrl: string;
  /** Zendesk's Update Ticket limit per window, and the limiter's budget. */
  budget: number;
  /** The stand-in's (scaled) minute, in ms. */
  windowMs: number;
  /** Full windows measured after the one each burst starts in. */
  fullWindows: number;
  /** Concurrent callers per start point (each: acquire, then one PUT). */
  callers: number;
  /** The stand-in's answer delay, in ms (the network). */
  latencyMs: number;
}

/** What one child process is told: the settings, its start point and the run's Redis keys. */
export interface LimiterBurstChildSettings extends LimiterBurstSettings {
  startShare: number;
  runId: string;
}

export interface LimiterBurstResult {
  startShare: number;
  /** 429 answers over the whole burst (the stand-in's count; the callers saw the same). */
  limited: number;
  /** Updates the stand-in counted in the window the burst started in. */
  firstWindow: number;
  /** Updates the stand-in counted per full window, in order. */
  perFullWindow: number[];
  /** sum(perFullWindow) / (budget × fullWindows). */
  share: number;
  /** Largest count of any window, the first included (≤ budget, or a 429 followed). */
  highest: number;
  met: boolean;
}

/** Runs one burst per start share, all at once; resolves when every measured window has closed. */
export async function measureLimiterBursts(settings: LimiterBurstSettings): Promise<LimiterBurstResult[]> {
  const runId = `bench-limiter-${Date.now()}`;
  const redis = new Redis(settings.redisUrl);
  try {
    const children = LIMITER_START_SHARES.map((startShare) =>
      startBenchChild<LimiterBurstResult>(
        CHILD_SCRIPT,
        { BENCH_LIMITER: JSON.stringify({ ...settings, startShare, runId } satisfies LimiterBurstChildSettings) },
        // Start-up, set-up and the burst itself; the child prints its result as its only line.
        120_000 + (settings.fullWindows + 3) * settings.windowMs,
      ),
    );
    let failed: unknown;
    const done = Promise.all(children);
    done.catch((error: unknown) => {
      failed = error;
    });
    // Once every child is ready, one start instant for all, a little ahead.
    const deadline = Date.now() + 90_000;
    while (Number(await redis.get(`${runId}:ready`)) < LIMITER_START_SHARES.length) {
      if (failed !== undefined) throw failed;
      if (Date.now() > deadline) throw new Error('the limiter burst processes did not get ready within 90 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await redis.set(`${runId}:start`, String(Date.now() + 500), 'PX', 600_000);
    return (await done).map((child) => child.hello);
  } finally {
    redis.disconnect();
  }
}

/**
 * One start point, in the calling process: a stand-in and a backlog of tickets, then updates
 * through the limiter from `startAt()` (epoch ms; the stand-in's clock is shifted so that it is
 * `startShare` into a window) until half a window after the last measured one.
 */
export async function runLimiterBurst(settings: LimiterBurstChildSettings, startAt: () => Promise<number>): Promise<LimiterBurstResult> {
  const { budget, windowMs, fullWindows, startShare } = settings;
  const redis = new Redis(settings.redisUrl);
  let shiftMs = 0;
  const clock = () => Date.now() + shiftMs;
  let sandbox: ZendeskSandbox | undefined;
  try {
    sandbox = await startZendeskSandbox({
      deliverWebhooks: false,
      updatesPerMinute: budget,
      minuteMs: windowMs,
      latencyMs: settings.latencyMs,
      clock,
    });
    const tickets = Array.from(
      { length: budget * (fullWindows + 3) },
      (_, index) =>
        sandbox!.createTicket({
          subject: 'Login failed',
          body: 'Cannot sign in',
          requester: { name: `C ${index}`, email: `c${index}@example.com` },
        }).id,
    );
    const zendesk = createZendeskClient({ baseUrl: sandbox.url, auth: sandbox.auth });
    const limiter = createZendeskUpdateLimiter({ redis, prefix: `${settings.runId}-${startShare}`, perWindow: budget, windowMs });
    // Warm up the connections and code paths (reads only: nothing counted against the budget), so
    // that the first updates of the burst are not also the slowest.
    await Promise.all(tickets.slice(0, settings.callers).map((id) => zendesk.getTicket(String(id))));
    await redis.ping();

    const start = await startAt();
    // Set now that the tickets exist: the stand-in's stamps never go back, its windows do move.
    const intoWindowMs = Math.round(startShare * windowMs);
    shiftMs = intoWindowMs - (start % windowMs);
    const firstWindowStart = start + shiftMs - intoWindowMs;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, start - Date.now())));
    // Updates go on half a window past the last measured one: an update let through just before
    // its end must still reach the stand-in in it, as in a longer burst.
    const endAt = firstWindowStart + (fullWindows + 1.5) * windowMs;
    let next = 0;
    await Promise.all(
      Array.from({ length: settings.callers }, async () => {
        while (clock() < endAt && next < tickets.length) {
          const id = tickets[next++]!;
          await limiter.acquire();
          if (clock() >= endAt) return;
          // A 429 is counted by the stand-in; the run goes on as the worker's would.
          await zendesk.updateTicket(String(id), { tags: ['signin_triage'] }).catch(() => undefined);
        }
      }),
    );

    const windows = sandbox.rateLimitWindows('tickets-update');
    const used = (index: number) => windows.find((window) => window.start === firstWindowStart + index * windowMs)?.used ?? 0;
    const perFullWindow = Array.from({ length: fullWindows }, (_, index) => used(index + 1));
    const share = perFullWindow.reduce((sum, count) => sum + count, 0) / (budget * fullWindows);
    const limited = windows.reduce((sum, window) => sum + window.refused, 0);
    return {
      startShare,
      limited,
      firstWindow: used(0),
      perFullWindow,
      share,
      highest: Math.max(0, ...windows.map((window) => window.used)),
      met: limited === 0 && share >= LIMITER_BUDGET_TARGET,
    };
  } finally {
    redis.disconnect();
    await sandbox?.close();
  }
}

/** The table of `bench/update-limiter.ts` and BENCHMARKS.md: start point, 429s, share of the budget. */
export function limiterBurstTable(settings: LimiterBurstSettings, results: readonly LimiterBurstResult[]): string {
  const pace = updatePace(settings.budget, settings.windowMs);
  const rows = results.map(
    (result) =>
      `| ${result.startShare * 100}% | ${result.limited} | ${(result.share * 100).toFixed(1)}% | ${result.perFullWindow.join(', ')} | ${result.firstWindow} | ${result.highest} | ${result.met ? 'yes' : '**no**'} |`,
  );
  return [
    `| start in the window | 429 | share of the budget (${settings.fullWindows} full windows) | updates per full window | first (partial) window | most in any window | met (0 × 429, ≥ ${LIMITER_BUDGET_TARGET * 100}%) |`,
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Budget ${settings.budget} updates per ${settings.windowMs} ms window of the stand-in (its Update Ticket limit = the limiter's budget); limiter: cap ${pace.cap} in any ${settings.windowMs} ms, paced ${pace.pacedPerWindow} per window (one every ${pace.intervalMs.toFixed(1)} ms, catching up to ${pace.toleranceMs.toFixed(0)} ms behind); ${settings.callers} concurrent callers per start point, stand-in latency ${settings.latencyMs} ms; the four start points at once, each in its own process.`,
  ].join('\n');
}
