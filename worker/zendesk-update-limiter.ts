import type { Redis } from 'ioredis';

/**
 * The Zendesk ticket-update budget (Update Ticket: 100 requests a minute per account, 20 on trial
 * and sandbox accounts; https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#update-ticket
 * "Limits"), shared by every worker process through Redis.
 *
 * Zendesk counts in fixed intervals ("remaining allowance for the current interval", `resets` =
 * seconds until it refreshes) whose start we do not know, so a burst may start anywhere in one.
 * Two rules, checked together in one Redis script on Redis's clock:
 *
 * - **Cap (safety)**: a sliding log of the last window's updates. No interval of one window,
 *   wherever it starts, holds more than {@link updatePace}`.cap` of them (the budget less 2%), so
 *   none of Zendesk's intervals can either; the 2% absorbs the delay between counting an update
 *   here and its arrival at Zendesk.
 * - **Pace (share of the budget)**: updates go out evenly, one every `intervalMs` (the budget less
 *   3% per window), on a schedule kept in Redis (GCRA, the "generic cell rate algorithm"). An
 *   update that goes out late does not move the schedule: the next ones catch up, at least
 *   `gapMs` apart, as long as it is at most `toleranceMs` behind; further behind (an idle queue,
 *   a long stall) the schedule starts again from now, so a burst after a quiet time starts at the
 *   even pace, not with a burst. A sliding log alone ties every update to the actual time of the
 *   one a window earlier, so each late timer delays all that follow: in the 20×-compressed
 *   benchmark on a loaded machine that cost up to 10% of the budget. Paced one slot under the
 *   cap, the log binds only while catching up.
 *
 * In steady state every fixed window, wherever it starts, gets `pacedPerWindow` updates (97 of
 * 100), the window a burst starts in its share of them; a window with a catch-up gets up to `cap`.
 */
export interface ZendeskUpdateLimiter {
  /** Resolves when one more update may go out now, and counts it. */
  acquire(): Promise<void>;
}

/** Share of the budget no window may use: arrival delays can move an update into the next window. */
export const UPDATE_BUDGET_HEADROOM = 0.02;
/** Share of the budget the pace leaves unused below the cap, so that the cap does not bind in steady state. */
export const UPDATE_PACE_HEADROOM = 0.01;
/** How far behind its schedule the pace may catch up, as a share of the window (12 s of a minute). */
export const UPDATE_CATCH_UP_SHARE = 0.2;
/** Catching up, updates may go out this many times faster than the even pace. */
export const UPDATE_CATCH_UP_SPEED = 1.5;

export interface UpdatePace {
  /** Most updates any interval of one window may hold (Redis log). */
  cap: number;
  /** Updates per window at the even pace. */
  pacedPerWindow: number;
  /** ms between two updates at the even pace: window / pacedPerWindow. */
  intervalMs: number;
  /** How far behind the schedule updates may be and still catch up, in ms. */
  toleranceMs: number;
  /** Least ms between two updates, even when catching up. */
  gapMs: number;
}

/** Updates allowed in any window: the budget less the headroom (at least one kept back). */
export function allowedPerWindow(perWindow: number): number {
  return Math.max(1, perWindow - Math.max(1, Math.floor(perWindow * UPDATE_BUDGET_HEADROOM)));
}

/**
 * The limiter's figures for a budget of `perWindow` updates per `windowMs`: for 100 per 60,000 ms,
 * cap 98, paced 97 (one every 619 ms), catching up from up to 19 slots (11.8 s) behind, at least
 * 412 ms apart.
 */
export function updatePace(perWindow: number, windowMs: number): UpdatePace {
  const cap = allowedPerWindow(perWindow);
  const pacedPerWindow = Math.max(1, cap - Math.max(1, Math.floor(perWindow * UPDATE_PACE_HEADROOM)));
  const intervalMs = windowMs / pacedPerWindow;
  const catchUpSlots = Math.max(1, Math.round(pacedPerWindow * UPDATE_CATCH_UP_SHARE));
  return { cap, pacedPerWindow, intervalMs, toleranceMs: catchUpSlots * intervalMs, gapMs: intervalMs / UPDATE_CATCH_UP_SPEED };
}

export interface ZendeskUpdateLimiterOptions {
  redis: Pick<Redis, 'eval'>;
  /** Key prefix, e.g. QUEUE_PREFIX. */
  prefix: string;
  /** The budget per window (ZENDESK_UPDATES_PER_MINUTE). */
  perWindow: number;
  /** Window length in ms; benchmarks scale it with the stand-in's minute. @defaultValue 60_000 */
  windowMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * Epoch ms to count with, for tests and benchmarks on a virtual time line. @defaultValue Redis's
   * clock (`TIME`), so that every worker process counts on the same one
   */
  now?: () => number;
}

// Returns 0 when the update is counted, otherwise the ms to wait. Times are ms with a fraction
// (the pace's interval is rarely whole), stored with 3 decimals. KEYS: the log (sorted set), the
// pace (hash: tat = the next slot, last = the last update). ARGV: now ('' = Redis's clock),
// window ms, cap, a unique member, interval ms, tolerance ms, gap ms.
const ACQUIRE_SCRIPT = `
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
end
local window = tonumber(ARGV[2])
local interval = tonumber(ARGV[5])
local tolerance = tonumber(ARGV[6])
local gap = tonumber(ARGV[7])
local pace = redis.call('HMGET', KEYS[2], 'tat', 'last')
local tat = tonumber(pace[1] or '0')
-- Further behind than the tolerance: an idle queue or a long stall, not a late timer; the
-- schedule starts again now, with no credit for the slots nobody used.
if now - tat > tolerance then tat = now end
local wait = math.max(tat - now, tonumber(pace[2] or '-1e15') + gap - now)
if wait > 0 then return math.ceil(wait) end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, math.ceil(tonumber(oldest[2]) + window - now))
end
redis.call('ZADD', KEYS[1], string.format('%.3f', now), ARGV[4])
redis.call('PEXPIRE', KEYS[1], math.ceil(window))
redis.call('HSET', KEYS[2], 'tat', string.format('%.3f', tat + interval), 'last', string.format('%.3f', now))
redis.call('PEXPIRE', KEYS[2], math.ceil(window + tolerance + interval))
return 0
`;

export function createZendeskUpdateLimiter(options: ZendeskUpdateLimiterOptions): ZendeskUpdateLimiter {
  const key = `${options.prefix}:zendesk:update-log`;
  const paceKey = `${options.prefix}:zendesk:update-pace`;
  const windowMs = options.windowMs ?? 60_000;
  const pace = updatePace(options.perWindow, windowMs);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let sequence = 0;
  const owner = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  async function take(): Promise<void> {
    for (;;) {
      sequence += 1;
      const waitMs = Number(
        await options.redis.eval(
          ACQUIRE_SCRIPT,
          2,
          key,
          paceKey,
          options.now ? options.now().toFixed(3) : '',
          windowMs,
          pace.cap,
          `${owner}-${sequence}`,
          pace.intervalMs.toFixed(3),
          pace.toleranceMs.toFixed(3),
          pace.gapMs.toFixed(3),
        ),
      );
      if (waitMs <= 0) return;
      await sleep(waitMs);
    }
  }
  // Callers of one process queue here, first come first served, and only the first asks Redis:
  // a job waiting for a slot costs no Redis call, and a loaded process does not wake every
  // waiting job at each slot only for one of them to win it.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    acquire() {
      const turn = queue.then(take);
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}
