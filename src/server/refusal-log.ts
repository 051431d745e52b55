import { LRUCache } from 'lru-cache';
import type { Counter } from 'prom-client';
import type { Logger } from '../observability/logger.js';

/** What was refused; a bounded label set for the metrics. */
export type RefusalKind = 'webhook_signature' | 'sidebar_token' | 'basic_auth';

export interface RefusalLogOptions {
  log: Logger;
  metrics: { refusalsTotal: Counter<'kind'>; refusalLogsSuppressedTotal: Counter<'kind'> };
  /** Log lines one source may write at once before it is throttled. @defaultValue 5 */
  burst?: number;
  /** Refill of a source's budget, in log lines per minute. @defaultValue 6 */
  perSourcePerMinute?: number;
  /** Budget shared by all sources (many addresses, one flood), burst and per minute. @defaultValue 50, 60 */
  globalBurst?: number;
  globalPerMinute?: number;
  /** A source's "suppressed N similar refusals" line comes at most this often, in milliseconds. @defaultValue 60000 */
  summaryIntervalMs?: number;
  /** Sources remembered at once (LRU); the least recent is forgotten first. @defaultValue 10000 */
  maxSources?: number;
  /** Summary lines per flush; the rest are folded into one line. @defaultValue 20 */
  maxSummariesPerFlush?: number;
  /** Flush suppressed counts on a timer (unref'd). Off in tests that call flush(). @defaultValue true */
  timer?: boolean;
  now?: () => number;
}

export interface RefusalLog {
  /**
   * Counts a refusal from `source` and calls `write` (which logs it) unless that source, or all
   * sources together, are over their log budget; then it is only counted, for the summary.
   */
  refuse(source: string, kind: RefusalKind, write: () => void): void;
  /** Whether a refusal from `source` would be logged now (spends nothing). */
  wouldLog(source: string): boolean;
  /**
   * Counts a refusal that another component logged (`logged`) or was kept quiet for. For routes
   * that log their own refusals (the sidebar API): see `quietWhenFlooding` in create-app.
   */
  record(source: string, kind: RefusalKind, logged: boolean): void;
  /** Logs the summary of every source whose interval has passed (all of them with `force`). */
  flush(force?: boolean): void;
  /** Stops the timer and logs what is left. */
  close(): void;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

interface SourceState {
  bucket: Bucket;
  suppressed: number;
  kinds: Set<RefusalKind>;
  lastSummaryAt: number;
}

/**
 * Keeps refusals (bad webhook signatures, bad sidebar tokens, bad basic auth) from filling the
 * logs: a token bucket per source address and one for all sources, a bounded LRU of sources
 * (lru-cache), and a "suppressed N similar refusals from <ip>" line per source at most once per
 * interval. Every refusal is counted in `signin_triage_refusals_total{kind}` whether logged or
 * not. Only logging is limited: every request still gets its answer.
 */
export function createRefusalLog(options: RefusalLogOptions): RefusalLog {
  const now = options.now ?? Date.now;
  const burst = options.burst ?? 5;
  const perSourceRate = (options.perSourcePerMinute ?? 6) / 60_000;
  const globalBurst = options.globalBurst ?? 50;
  const globalRate = (options.globalPerMinute ?? 60) / 60_000;
  const summaryIntervalMs = options.summaryIntervalMs ?? 60_000;
  const maxSummaries = options.maxSummariesPerFlush ?? 20;
  const global: Bucket = { tokens: globalBurst, updatedAt: now() };
  // Suppressed counts of sources the LRU forgot, so the next flush still reports them.
  let forgotten = { refusals: 0, sources: 0 };

  const sources = new LRUCache<string, SourceState>({
    max: options.maxSources ?? 10_000,
    dispose: (state, _source, reason) => {
      if (reason === 'evict' && state.suppressed > 0) {
        forgotten = { refusals: forgotten.refusals + state.suppressed, sources: forgotten.sources + 1 };
      }
    },
  });

  const refill = (bucket: Bucket, capacity: number, ratePerMs: number, at: number) => {
    bucket.tokens = Math.min(capacity, bucket.tokens + (at - bucket.updatedAt) * ratePerMs);
    bucket.updatedAt = at;
  };

  const stateOf = (source: string, at: number): SourceState => {
    let state = sources.get(source);
    if (state === undefined) {
      state = { bucket: { tokens: burst, updatedAt: at }, suppressed: 0, kinds: new Set(), lastSummaryAt: at };
      sources.set(source, state);
    }
    return state;
  };

  const hasBudget = (state: SourceState, at: number): boolean => {
    refill(state.bucket, burst, perSourceRate, at);
    refill(global, globalBurst, globalRate, at);
    return state.bucket.tokens >= 1 && global.tokens >= 1;
  };

  const spend = (state: SourceState) => {
    state.bucket.tokens = Math.max(0, state.bucket.tokens - 1);
    global.tokens = Math.max(0, global.tokens - 1);
  };

  const suppress = (state: SourceState, kind: RefusalKind, source: string, at: number) => {
    state.suppressed += 1;
    state.kinds.add(kind);
    options.metrics.refusalLogsSuppressedTotal.inc({ kind });
    if (at - state.lastSummaryAt >= summaryIntervalMs) summarize(source, state, at);
  };

  const summarize = (source: string, state: SourceState, at: number) => {
    if (state.suppressed > 0) {
      options.log.warn(
        { source, suppressed: state.suppressed, kinds: [...state.kinds], intervalMs: summaryIntervalMs },
        `suppressed ${state.suppressed} similar refusals from ${source}`,
      );
    }
    state.suppressed = 0;
    state.kinds.clear();
    state.lastSummaryAt = at;
  };

  const flush = (force = false) => {
    const at = now();
    let written = 0;
    let folded = { refusals: forgotten.refusals, sources: forgotten.sources };
    forgotten = { refusals: 0, sources: 0 };
    // peek-based walk: flushing must not reorder the LRU.
    for (const [source, state] of sources.entries()) {
      if (state.suppressed === 0 || (!force && at - state.lastSummaryAt < summaryIntervalMs)) continue;
      if (written < maxSummaries) {
        summarize(source, state, at);
        written += 1;
      } else {
        folded = { refusals: folded.refusals + state.suppressed, sources: folded.sources + 1 };
        state.suppressed = 0;
        state.kinds.clear();
        state.lastSummaryAt = at;
      }
    }
    if (folded.refusals > 0) {
      options.log.warn(
        { suppressed: folded.refusals, sources: folded.sources },
        `suppressed ${folded.refusals} similar refusals from ${folded.sources} other sources`,
      );
    }
  };

  const timer = options.timer === false ? null : setInterval(() => flush(), Math.max(1_000, summaryIntervalMs / 4));
  timer?.unref();

  return {
    refuse(source, kind, write) {
      options.metrics.refusalsTotal.inc({ kind });
      const at = now();
      const state = stateOf(source, at);
      if (hasBudget(state, at)) {
        spend(state);
        write();
      } else {
        suppress(state, kind, source, at);
      }
    },
    wouldLog(source) {
      const at = now();
      const state = sources.peek(source);
      if (state === undefined) {
        refill(global, globalBurst, globalRate, at);
        return global.tokens >= 1;
      }
      return hasBudget(state, at);
    },
    record(source, kind, logged) {
      options.metrics.refusalsTotal.inc({ kind });
      const at = now();
      const state = stateOf(source, at);
      if (logged) {
        refill(state.bucket, burst, perSourceRate, at);
        refill(global, globalBurst, globalRate, at);
        spend(state);
      } else {
        suppress(state, kind, source, at);
      }
    },
    flush,
    close() {
      if (timer) clearInterval(timer);
      flush(true);
    },
  };
}

/**
 * The source a refusal is charged to: the peer address. Behind a reverse proxy that is the
 * proxy's address unless express's `trust proxy` is configured; the shared budget still bounds
 * the log then, and the metric still counts every refusal.
 */
export function refusalSource(req: { ip?: string | undefined; socket: { remoteAddress?: string | undefined } }): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
