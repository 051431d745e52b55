import type { RedisOptions } from 'bullmq';

/**
 * Explicit ioredis options from a redis:// or rediss:// URL. BullMQ accepts `url`, but plain
 * ioredis ignores it in an options object, so both get host/port/credentials spelled out.
 */
export function redisOptionsFromUrl(redisUrl: string): RedisOptions {
  const url = new URL(redisUrl);
  const db = url.pathname.replace(/^\//, '');
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? 6379 : Number(url.port),
    ...(url.username !== '' ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password !== '' ? { password: decodeURIComponent(url.password) } : {}),
    ...(db !== '' ? { db: Number(db) } : {}),
    ...(url.protocol === 'rediss:' ? { tls: { servername: url.hostname } } : {}),
  };
}

/** Upper bound of the wait between two reconnect attempts, in milliseconds. */
export const RECONNECT_DELAY_CAP_MS = 2000;

/**
 * ioredis backs off up to 20 s by default, so a worker could idle ~20 s after Redis is back.
 * Capped at 2 s: once Redis answers again, every connection is back within 2 s plus the
 * connect time.
 */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(Math.max(attempt, 1) * 200, RECONNECT_DELAY_CAP_MS);
}

/**
 * For the webhook receiver and other request paths: fail fast. With the offline queue off,
 * a command while Redis is unreachable rejects at once instead of waiting (>15 s by default,
 * longer than Zendesk's 12 s webhook timeout), so the receiver can answer 503 + Retry-After.
 */
export function producerConnectionOptions(redisUrl: string): RedisOptions {
  return {
    ...redisOptionsFromUrl(redisUrl),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: reconnectDelayMs,
    connectionName: 'signin-triage:producer',
  };
}

/**
 * For BullMQ workers: wait for Redis instead of failing (BullMQ requires
 * `maxRetriesPerRequest: null` for blocking connections) and reconnect quickly.
 */
export function workerConnectionOptions(redisUrl: string): RedisOptions {
  return {
    ...redisOptionsFromUrl(redisUrl),
    maxRetriesPerRequest: null,
    retryStrategy: reconnectDelayMs,
    connectionName: 'signin-triage:worker',
  };
}
