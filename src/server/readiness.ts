import type { Redis } from 'ioredis';
import type { IntakeGate } from './intake-gate.js';
import { withTimeout } from '../util/with-timeout.js';

export interface ReadinessReport {
  ready: boolean;
  /** One sentence per failed check, saying what to fix. */
  reasons: string[];
}

export interface Readiness {
  check(): Promise<ReadinessReport>;
}

/** A further check: resolves to a reason when not ready, or null. */
export type ReadinessCheck = () => Promise<string | null>;

/**
 * Ready = Redis answers and will not evict queue keys. BullMQ only warns once per connection
 * about an eviction policy; under memory pressure such a Redis silently drops jobs, so we
 * refuse to report ready instead.
 */
export function createReadiness(deps: {
  redis: Pick<Redis, 'ping' | 'info' | 'status' | 'once' | 'off'>;
  intake?: IntakeGate;
  extraChecks?: ReadinessCheck[];
  /** Per check. @defaultValue 1000 */
  timeoutMs?: number;
}): Readiness {
  const timeoutMs = deps.timeoutMs ?? 1000;

  async function checkRedis(): Promise<string[]> {
    try {
      await connected(deps.redis, timeoutMs);
      await withTimeout(deps.redis.ping(), timeoutMs);
    } catch (error) {
      return [`Redis does not answer PING (${(error as Error).message}): check REDIS_URL and that redis-server is running`];
    }
    try {
      const info = await withTimeout(deps.redis.info('memory'), timeoutMs);
      const policy = /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
      if (policy === undefined) return ['Redis INFO memory has no maxmemory_policy: cannot confirm that queue keys are never evicted'];
      if (policy !== 'noeviction') {
        return [
          `Redis maxmemory-policy is ${policy}; it must be noeviction or queued jobs can be evicted (CONFIG SET maxmemory-policy noeviction, or set it in redis.conf / your provider's settings)`,
        ];
      }
      return [];
    } catch (error) {
      return [`Redis INFO failed (${(error as Error).message})`];
    }
  }

  return {
    async check() {
      const reasons: string[] = [];
      if (deps.intake && !deps.intake.open) reasons.push('shutting down');
      reasons.push(...(await checkRedis()));
      for (const extra of deps.extraChecks ?? []) {
        try {
          const reason = await withTimeout(extra(), timeoutMs);
          if (reason !== null) reasons.push(reason);
        } catch (error) {
          reasons.push(`check failed: ${(error as Error).message}`);
        }
      }
      return { ready: reasons.length === 0, reasons };
    },
  };
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
