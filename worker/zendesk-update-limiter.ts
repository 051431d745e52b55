import type { Redis } from 'ioredis';

/**
 * The Zendesk ticket-update budget (Update Ticket: 100 requests a minute per account,
 * https://developer.zendesk.com/api-reference/introduction/rate-limits/#endpoint-rate-limits),
 * shared by every worker process through Redis.
 *
 * Zendesk counts in fixed windows ("requests remaining in the current minute", `ratelimit-reset`)
 * whose start we do not know. BullMQ's limiter also counts in fixed windows, but starting with
 * its first job, so a burst that starts in the middle of Zendesk's window can put the end of one
 * limiter window and the whole next one into the same Zendesk window: 429s. This limiter keeps a
 * sliding log of the last minute's updates instead: no interval of one minute, wherever it
 * starts, holds more than `allowedPerWindow` of them, so none of Zendesk's windows can either;
 * and updates are spaced by window / budget, so the delay between counting a request here and
 * its arrival at Zendesk (a loaded event loop) moves single requests across a window boundary,
 * never a burst.
 */
export interface ZendeskUpdateLimiter {
  /** Resolves when one more update may go out now, and counts it. */
  acquire(): Promise<void>;
}

/**
 * Updates kept in reserve below the budget, as a share of it (at least one): a request counted
 * here reaches Zendesk a little later, so requests counted near the end of one minute may land
 * in the next minute together with that minute's own.
 */
export const UPDATE_BUDGET_HEADROOM = 0.02;

/** Updates may go out this many times faster than the budget's even pace (the log still caps them). */
export const UPDATE_CATCH_UP = 1.5;

export interface ZendeskUpdateLimiterOptions {
  redis: Pick<Redis, 'eval'>;
  /** Key prefix, e.g. QUEUE_PREFIX. */
  prefix: string;
  /** The budget per window (ZENDESK_UPDATES_PER_MINUTE). */
  perWindow: number;
  /** Window length in ms; benchmarks scale it with the stand-in's minute. @defaultValue 60_000 */
  windowMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Updates allowed in any window: the budget less the headroom. */
export function allowedPerWindow(perWindow: number): number {
  return Math.max(1, perWindow - Math.max(1, Math.floor(perWindow * UPDATE_BUDGET_HEADROOM)));
}

// Redis's clock, so every process of the queue counts on the same time line. An update is
// counted when the last minute holds fewer than `allowed` and the previous one is at least
// `gap` ms old: spread out, a late request shifts one arrival, not a burst of them. Returns 0
// when counted, otherwise the ms to wait. KEYS: the log, the last time. ARGV: window ms,
// allowed, a unique member, gap ms.
const ACQUIRE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local gap = tonumber(ARGV[4])
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
if now - last < gap then return gap - (now - last) end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  redis.call('SET', KEYS[2], now, 'PX', window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`;

export function createZendeskUpdateLimiter(options: ZendeskUpdateLimiterOptions): ZendeskUpdateLimiter {
  const key = `${options.prefix}:zendesk:update-log`;
  const lastKey = `${options.prefix}:zendesk:update-last`;
  const windowMs = options.windowMs ?? 60_000;
  const allowed = allowedPerWindow(options.perWindow);
  // Two thirds of the budget's own pace: spread out, yet able to catch up after a slow moment.
  const gapMs = Math.floor(windowMs / (options.perWindow * UPDATE_CATCH_UP));
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let sequence = 0;
  const owner = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  return {
    async acquire() {
      for (;;) {
        sequence += 1;
        const waitMs = Number(await options.redis.eval(ACQUIRE_SCRIPT, 2, key, lastKey, windowMs, allowed, `${owner}-${sequence}`, gapMs));
        if (waitMs <= 0) return;
        await sleep(waitMs);
      }
    },
  };
}
