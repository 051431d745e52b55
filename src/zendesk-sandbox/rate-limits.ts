export interface RateLimitOptions {
  /** Account-wide Update Ticket budget per minute (Zendesk: 100; trial 20; High Volume 300). @defaultValue 100 */
  updatesPerMinute?: number;
  /** Update Ticket budget per user and ticket per 10 minutes. @defaultValue 30 */
  updatesPerTicketPer10Min?: number;
  /** Whole-API budget per minute (plan-dependent; Enterprise 700). @defaultValue 700 */
  requestsPerMinute?: number;
  /** Length of a rate-limit "minute" in ms, to scale time in tests and benchmarks. @defaultValue 60_000 */
  minuteMs?: number;
  now: () => number;
}

export interface Budget {
  allowed: boolean;
  total: number;
  remaining: number;
  /** Seconds (real ones) until the window resets. */
  resetsSec: number;
}

/** One fixed window of an account-wide budget, as the stand-in counted it. */
export interface WindowUsage {
  /** Epoch ms (the stand-in's clock) at which the window opened. */
  start: number;
  lengthMs: number;
  /** Requests the budget let through (counted against it, whatever the answer that followed). */
  used: number;
  /** Requests refused with 429 because the budget was spent. */
  refused: number;
}

/** Past windows kept per account-wide budget for {@link RateLimits.usage}. */
const USAGE_WINDOWS_KEPT = 1_000;

/**
 * Zendesk's request budgets as fixed windows: the whole API (`X-Rate-Limit`), Update Ticket per
 * account (`Zendesk-RateLimit-tickets-update`) and Update Ticket per user+ticket (30 / 10 min).
 */
export function createRateLimits(options: RateLimitOptions) {
  const minuteMs = options.minuteMs ?? 60_000;
  const updatesTotal = options.updatesPerMinute ?? 100;
  const perTicketTotal = options.updatesPerTicketPer10Min ?? 30;
  const requestsTotal = options.requestsPerMinute ?? 700;
  const windows = new Map<string, WindowUsage>();
  /** Past windows of the account-wide budgets (not of the per-ticket ones: one key per ticket). */
  const history = new Map<string, WindowUsage[]>([
    ['api', []],
    ['tickets-update', []],
  ]);

  function take(key: string, total: number, lengthMs: number): Budget {
    const now = options.now();
    const start = Math.floor(now / lengthMs) * lengthMs;
    let window = windows.get(key);
    if (!window || window.start !== start) {
      const past = history.get(key);
      if (window && past) {
        past.push(window);
        if (past.length > USAGE_WINDOWS_KEPT) past.shift();
      }
      window = { start, lengthMs, used: 0, refused: 0 };
      windows.set(key, window);
    }
    const resetsSec = Math.max(1, Math.ceil((start + lengthMs - now) / 1000));
    if (window.used >= total) {
      window.refused += 1;
      return { allowed: false, total, remaining: 0, resetsSec };
    }
    window.used += 1;
    return { allowed: true, total, remaining: total - window.used, resetsSec };
  }

  return {
    request: () => take('api', requestsTotal, minuteMs),
    ticketUpdate: () => take('tickets-update', updatesTotal, minuteMs),
    ticketUpdateByUser: (userId: number, ticketId: number) => take(`user-ticket:${userId}:${ticketId}`, perTicketTotal, minuteMs * 10),
    /**
     * The windows of an account-wide budget that saw a request, oldest first (the last 1,000 and
     * the current one): benchmarks and tests read how much of the budget each fixed window used.
     */
    usage(budget: 'api' | 'tickets-update'): WindowUsage[] {
      const current = windows.get(budget);
      return [...(history.get(budget) ?? []), ...(current ? [current] : [])].map((window) => ({ ...window }));
    },
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;
