import { Redis } from 'ioredis';
import { producerConnectionOptions, workerConnectionOptions } from './redis-connection-options.js';

/**
 * A plain ioredis client for our own keys (readiness, diagnosis store). `producer` fails fast
 * while Redis is unreachable (request paths); `worker` waits and retries (background work).
 * The caller owns it: call `quit()` on shutdown, BullMQ does not close clients it was given.
 */
export function createRedisClient(redisUrl: string, role: 'producer' | 'worker'): Redis {
  const client = new Redis(role === 'producer' ? producerConnectionOptions(redisUrl) : workerConnectionOptions(redisUrl));
  // Without a listener ioredis prints every reconnect error; readiness reports the outage instead.
  client.on('error', () => undefined);
  return client;
}
