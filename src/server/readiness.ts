import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.js';
import type { IntakeGate } from './intake-gate.js';
import { TimeoutError, withTimeout } from '../util/with-timeout.js';
import { errorSummary } from '../observability/log-failure.js';

/**
 * Why the service is not ready, as a stable code. `/readyz` is unauthenticated, so its body
 * carries only these codes and a fixed sentence per code; the raw error (host names, Redis
 * error text) goes to the log, never to the caller.
 */
export type ReadinessCode =
  | 'starting'
  | 'shutting-down'
  | 'redis-unreachable'
  | 'redis-timeout'
  | 'redis-auth-failed'
  | 'redis-eviction-policy'
  | 'redis-policy-unknown'
  | 'redis-info-failed'
  | 'check-failed';

/** The fixed sentence served with each code: what to fix, no run-time data. */
export const READINESS_HINTS: Readonly<Record<ReadinessCode, string>> = {
  starting: 'the service is starting: the classifier is loading its model (in development it may be training one, which the log says)',
  'shutting-down': 'the process is shutting down',
  'redis-unreachable': 'Redis is not connected: check REDIS_URL and that redis-server is running',
  'redis-timeout': 'Redis did not answer PING in time',
  'redis-auth-failed': 'Redis refused our credentials: check the password in REDIS_URL',
  'redis-eviction-policy':
    "Redis maxmemory-policy must be noeviction or queued jobs can be evicted (CONFIG SET maxmemory-policy noeviction, or set it in redis.conf / your provider's settings)",
  'redis-policy-unknown': 'Redis INFO memory has no maxmemory_policy: cannot confirm that queue keys are never evicted',
  'redis-info-failed': 'Redis INFO memory failed',
  'check-failed': 'a readiness check failed',
};

export interface ReadinessReason {
  code: ReadinessCode;
  /** READINESS_HINTS[code]. */
  hint: string;
}

/**
 * State that does not make the service unready but that an operator must see (e.g. the
 * catch-up sweep being off): stable codes and fixed sentences only, as for reasons.
 */
export interface ReadinessDetail {
  /** Whether the feature runs. */
  enabled: boolean;
  /** Stable code, e.g. `not-admin`. */
  reason: string;
  /** Fixed sentence for the code: what it means and what to do. */
  hint: string;
}

export interface ReadinessReport {
  ready: boolean;
  reasons: ReadinessReason[];
  /** By feature, e.g. `{ sweep: { enabled: false, reason: 'not-admin', hint: '…' } }`. */
  details?: Record<string, ReadinessDetail>;
}

export interface Readiness {
  check(): Promise<ReadinessReport>;
}

/** A further check: resolves to a reason code when not ready, or null. */
export type ReadinessCheck = () => Promise<ReadinessCode | null>;

/** What a failed check found: the code for the body, the details for the log only. */
interface Finding {
  code: ReadinessCode;
  detail?: Record<string, unknown>;
}

/**
 * Ready = Redis answers and will not evict queue keys. BullMQ only warns once per connection
 * about an eviction policy; under memory pressure such a Redis silently drops jobs, so we
 * refuse to report ready instead.
 */
export function createReadiness(deps: {
  redis: Pick<Redis, 'ping' | 'info' | 'status' | 'once' | 'off'>;
  intake?: IntakeGate;
  extraChecks?: ReadinessCheck[];
  /** Read on every check; shown in `/readyz` whether ready or not. */
  details?: () => Record<string, ReadinessDetail>;
  /** Where the raw errors behind the codes are logged. */
  log?: Logger;
  /** Per check. @defaultValue 1000 */
  timeoutMs?: number;
  /** A failing state that does not change is logged again after this long, in milliseconds. @defaultValue 60000 */
  logIntervalMs?: number;
  now?: () => number;
}): Readiness {
  const timeoutMs = deps.timeoutMs ?? 1000;
  const logIntervalMs = deps.logIntervalMs ?? 60_000;
  const now = deps.now ?? Date.now;
  // Probes run every few seconds: log a failure when it changes, else at most once per interval.
  let lastLogged: { key: string; at: number } | null = null;

  async function checkRedis(): Promise<Finding[]> {
    try {
      await connected(deps.redis, timeoutMs);
    } catch (error) {
      return [{ code: 'redis-unreachable', detail: { error: errorSummary(error), status: deps.redis.status } }];
    }
    try {
      await withTimeout(deps.redis.ping(), timeoutMs);
    } catch (error) {
      if (error instanceof TimeoutError) return [{ code: 'redis-timeout', detail: { timeoutMs } }];
      return [{ code: isAuthReply(error) ? 'redis-auth-failed' : 'redis-unreachable', detail: { error: errorSummary(error) } }];
    }
    try {
      const info = await withTimeout(deps.redis.info('memory'), timeoutMs);
      const policy = /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
      if (policy === undefined) return [{ code: 'redis-policy-unknown' }];
      if (policy !== 'noeviction') return [{ code: 'redis-eviction-policy', detail: { maxmemoryPolicy: policy } }];
      return [];
    } catch (error) {
      return [{ code: error instanceof TimeoutError ? 'redis-timeout' : 'redis-info-failed', detail: { error: errorSummary(error) } }];
    }
  }

  function logFindings(findings: Finding[]): void {
    if (!deps.log) return;
    const key = findings.map((finding) => finding.code).join(',');
    const at = now();
    if (findings.length === 0) {
      if (lastLogged !== null) deps.log.info('ready again');
      lastLogged = null;
      return;
    }
    if (lastLogged !== null && lastLogged.key === key && at - lastLogged.at < logIntervalMs) return;
    lastLogged = { key, at };
    for (const finding of findings) {
      deps.log.warn({ reason: finding.code, ...finding.detail }, `not ready: ${READINESS_HINTS[finding.code]}`);
    }
  }

  return {
    async check() {
      const findings: Finding[] = [];
      if (deps.intake && !deps.intake.open) findings.push({ code: 'shutting-down' });
      findings.push(...(await checkRedis()));
      for (const extra of deps.extraChecks ?? []) {
        try {
          const code = await withTimeout(extra(), timeoutMs);
          if (code !== null) findings.push({ code });
        } catch (error) {
          findings.push({ code: 'check-failed', detail: { err: error } });
        }
      }
      logFindings(findings.filter((finding) => finding.code !== 'shutting-down'));
      return {
        ready: findings.length === 0,
        reasons: findings.map((finding) => ({ code: finding.code, hint: READINESS_HINTS[finding.code] })),
        ...(deps.details ? { details: deps.details() } : {}),
      };
    },
  };
}

/** Redis error replies start with their error code (`NOAUTH …`, `WRONGPASS …`): protocol data, not prose. */
function isAuthReply(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== 'ReplyError') return false;
  const code = error.message.split(' ', 1)[0];
  return code === 'NOAUTH' || code === 'WRONGPASS';
}

/** A fail-fast client rejects commands while (re)connecting; give it the check's budget to connect. */
function connected(redis: Pick<Redis, 'status' | 'once' | 'off'>, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error(`not connected within ${timeoutMs} ms`));
    }, timeoutMs);
    redis.once('ready', onReady);
  });
}
