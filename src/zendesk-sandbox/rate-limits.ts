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

/**
 * Zendesk's request budgets as fixed windows: the whole API (`X-Rate-Limit`), Update Ticket per
 * account (`Zendesk-RateLimit-tickets-update`) and Update Ticket per user+ticket (30 / 10 min).
 */
export function createRateLimits(options: RateLimitOptions) {
  const minuteMs = options.minuteMs ?? 60_000;
  const updatesTotal = options.updatesPerMinute ?? 100;
  const perTicketTotal = options.updatesPerTicketPer10Min ?? 30;
  const requestsTotal = options.requestsPerMinute ?? 700;
  const windows = new Map<string, { start: number; used: number }>();

  function take(key: string, total: number, lengthMs: number): Budget {
    const now = options.now();
    const start = Math.floor(now / lengthMs) * lengthMs;
    let window = windows.get(key);
    if (!window || window.start !== start) {
      window = { start, used: 0 };
      windows.set(key, window);
    }
    const resetsSec = Math.max(1, Math.ceil((start + lengthMs - now) / 1000));
    if (window.used >= total) return { allowed: false, total, remaining: 0, resetsSec };
    window.used += 1;
    return { allowed: true, total, remaining: total - window.used, resetsSec };
  }

  return {
    request: () => take('api', requestsTotal, minuteMs),
    ticketUpdate: () => take('tickets-update', updatesTotal, minuteMs),
    ticketUpdateByUser: (userId: number, ticketId: number) => take(`user-ticket:${userId}:${ticketId}`, perTicketTotal, minuteMs * 10),
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;
