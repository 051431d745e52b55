/**
 * What Zendesk's answers say about the account's request budget, so the worker can slow down
 * before another integration (or an admin's script) spends the budget it shares with us.
 *
 * Source: developer.zendesk.com, "Best practices for avoiding rate limiting" and "Rate limits":
 * every Ticketing API answer carries the account-wide `X-Rate-Limit` and `X-Rate-Limit-Remaining`
 * (also as `ratelimit-limit` / `ratelimit-remaining`, with `ratelimit-reset` in seconds on list
 * endpoints); endpoints with their own limit add `Zendesk-RateLimit-<name>: total=N; remaining=N;
 * resets=S` (e.g. `tickets-update` on Update Ticket). Not documented: whether `ratelimit-reset`
 * is sent on every endpoint; without it the account window is taken to end at the next minute.
 */

export interface BudgetReading {
  /** Requests the budget allows per window. */
  total: number;
  remaining: number;
  /** Seconds until the window resets, when Zendesk said. */
  resetsSec: number | null;
}

export interface RateLimitReading {
  /** The account-wide budget (`X-Rate-Limit`), when the answer carried it. */
  account: BudgetReading | null;
  /** Per-endpoint budgets by name (`tickets-update`), lowercase. */
  endpoints: Record<string, BudgetReading>;
}

/**
 * Carries the budgets a Zendesk client reads (its `onRateLimit`) to the workers that act on them.
 * The client is built first and used by the start-up checks before the worker subscribes, so the
 * feed keeps the newest reading and hands it, aged, to a late subscriber: the budget the start-up
 * calls saw is not lost. A listener that throws is reported and the others still hear the reading
 * (the client that publishes must never fail because of a listener).
 */
export interface RateLimitFeed {
  /** Give it to createZendeskClient as `onRateLimit`. */
  publish(reading: RateLimitReading): void;
  /** Returns the call that unsubscribes. */
  subscribe(listener: (reading: RateLimitReading) => void): () => void;
}

export interface RateLimitFeedOptions {
  /** Clock in ms; tests pass their own. */
  now?: () => number;
  /** Called with what a listener threw; the reading still goes to the other listeners. */
  onListenerError?: (error: unknown) => void;
}

/**
 * Zendesk's budgets are per minute ("Rate limits": requests per minute). A reading with no
 * `resets` is taken to last that long: an endpoint budget from when it was read, the account
 * budget until the next minute (secondsToNextMinute).
 */
const WINDOW_SEC = 60;

/** Seconds from `atMs` (epoch ms) to the next whole minute, when an account window with no `resets` ends. */
function secondsToNextMinute(atMs: number): number {
  return (WINDOW_SEC * 1_000 - (atMs % (WINDOW_SEC * 1_000))) / 1_000;
}

export function createRateLimitFeed(options: RateLimitFeedOptions = {}): RateLimitFeed {
  const now = options.now ?? Date.now;
  const listeners = new Set<(reading: RateLimitReading) => void>();
  let newest: { reading: RateLimitReading; atMs: number } | null = null;
  const deliver = (listener: (reading: RateLimitReading) => void, reading: RateLimitReading) => {
    try {
      listener(reading);
    } catch (error) {
      try {
        options.onListenerError?.(error);
      } catch {
        // The report failed too (a logger that throws): the publishing call must still not fail.
      }
    }
  };
  return {
    publish(reading) {
      newest = { reading, atMs: now() };
      for (const listener of listeners) deliver(listener, reading);
    },
    subscribe(listener) {
      listeners.add(listener);
      const replay = newest && agedReading(newest.reading, newest.atMs, now());
      if (replay) deliver(listener, replay);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * A reading published at `publishedAtMs` as it stands at `nowMs` (both epoch ms): each window's
 * `resetsSec` counted down, and the budgets whose window has ended dropped (their `remaining` no
 * longer holds). An account budget with no `resets` ends at the minute after it was read, as
 * holdBackMs assumes; an endpoint budget with none, 60 s after. A clock that went back counts as
 * no time passed. Null when no budget is left.
 */
export function agedReading(reading: RateLimitReading, publishedAtMs: number, nowMs: number): RateLimitReading | null {
  const elapsedSec = Math.max(0, nowMs - publishedAtMs) / 1_000;
  const age = (budget: BudgetReading, windowSec: number): BudgetReading | null => {
    const left = (budget.resetsSec ?? windowSec) - elapsedSec;
    if (left <= 0) return null;
    return { ...budget, resetsSec: budget.resetsSec === null ? null : Math.ceil(left) };
  };
  const account = reading.account ? age(reading.account, secondsToNextMinute(publishedAtMs)) : null;
  const endpoints: Record<string, BudgetReading> = {};
  for (const [name, budget] of Object.entries(reading.endpoints)) {
    const aged = age(budget, WINDOW_SEC);
    if (aged) endpoints[name] = aged;
  }
  return account || Object.keys(endpoints).length > 0 ? { account, endpoints } : null;
}

// "total=100; remaining=99; resets=41": three small numbers, bounded.
const ENDPOINT_BUDGET = /^\s{0,4}total=(\d{1,9})\s{0,4};\s{0,4}remaining=(\d{1,9})\s{0,4};\s{0,4}resets=(\d{1,9})\s{0,4}$/u;
const ENDPOINT_HEADER = /^zendesk-ratelimit-([a-z0-9-]{1,60})$/u;

function count(value: string | null): number | null {
  if (value === null || !/^\s{0,4}\d{1,9}\s{0,4}$/u.test(value)) return null;
  return Number(value);
}

/** The budgets an answer's headers report, or null when it carries none. */
export function readRateLimitHeaders(headers: Headers): RateLimitReading | null {
  const total = count(headers.get('x-rate-limit') ?? headers.get('ratelimit-limit'));
  const remaining = count(headers.get('x-rate-limit-remaining') ?? headers.get('ratelimit-remaining'));
  const account = total !== null && remaining !== null ? { total, remaining, resetsSec: count(headers.get('ratelimit-reset')) } : null;
  const endpoints: Record<string, BudgetReading> = {};
  for (const [name, value] of headers) {
    const endpoint = ENDPOINT_HEADER.exec(name.toLowerCase());
    const budget = endpoint ? ENDPOINT_BUDGET.exec(value) : null;
    if (endpoint && budget) {
      endpoints[endpoint[1]!] = { total: Number(budget[1]), remaining: Number(budget[2]), resetsSec: Number(budget[3]) };
    }
  }
  return account || Object.keys(endpoints).length > 0 ? { account, endpoints } : null;
}

/** How much of a budget is kept back: `share` of its total, rounded down, and at least `atLeast` requests. */
export interface Reserve {
  share: number;
  /** Calls that may already be on the wire when a reading comes back (the worker's concurrency). */
  atLeast: number;
}

/**
 * How long, in ms, to hold back Zendesk calls because a budget is about spent: until the latest
 * reset of the budgets with no more than their reserve left; 0 when none is that low. At most
 * 60 s, one window. `nowMs` only places "the next minute" when Zendesk gave no reset.
 */
export function holdBackMs(reading: RateLimitReading, reserve: Reserve, nowMs: number): number {
  let hold = 0;
  const low = (budget: BudgetReading) => budget.remaining <= Math.max(Math.floor(budget.total * reserve.share), reserve.atLeast);
  if (reading.account && low(reading.account)) {
    const resetsSec = reading.account.resetsSec ?? secondsToNextMinute(nowMs);
    hold = Math.max(hold, resetsSec * 1000);
  }
  for (const budget of Object.values(reading.endpoints)) {
    if (low(budget)) hold = Math.max(hold, (budget.resetsSec ?? WINDOW_SEC) * 1000);
  }
  return Math.min(hold, WINDOW_SEC * 1000);
}
