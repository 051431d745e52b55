import { Redis } from 'ioredis';
import { producerConnectionOptions, workerConnectionOptions } from './redis-connection-options.js';
import { isRedisConnectionError, type RedisTroubleReporter } from './redis-trouble.js';

/**
 * A plain ioredis client for our own keys (readiness, diagnosis store). `producer` fails fast
 * while Redis is unreachable (request paths); `worker` waits and retries (background work).
 * The caller owns it: call `quit()` on shutdown, BullMQ does not close clients it was given.
 */
export function createRedisClient(redisUrl: string, role: 'producer' | 'worker', trouble?: RedisTroubleReporter): Redis {
  const client = new Redis(role === 'producer' ? producerConnectionOptions(redisUrl) : workerConnectionOptions(redisUrl));
  // Without a listener ioredis prints every reconnect error with its stack. Given a reporter,
  // an outage is one line (redis-trouble.ts); without one, readiness reports it.
  client.on('error', (error: Error) => {
    if (trouble && isRedisConnectionError(error)) trouble.report(`${role} client`, error);
  });
  if (trouble) client.on('ready', () => trouble.recovered());
  return client;
}
