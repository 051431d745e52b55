import { afterAll, beforeAll } from 'vitest';
import { startRedisServer, type RedisServerHandle, type RedisServerOptions } from './redis-server.js';

/**
 * One real `redis-server` for the enclosing file or `describe`: started before its tests,
 * stopped after them (vitest hooks; kept apart from redis-server.ts, which bench/ and the soak
 * script import outside vitest). Returns an accessor: the server exists once `beforeAll` ran.
 *
 * ```ts
 * const redis = useRedisServer();
 * it('…', async () => { const client = new Redis(redis().url); … });
 * ```
 */
export function useRedisServer(options: RedisServerOptions = {}): () => RedisServerHandle {
  let server: RedisServerHandle | undefined;
  beforeAll(async () => {
    server = await startRedisServer(options);
  });
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('useRedisServer: the server is used before its beforeAll ran (call it inside a test or hook)');
    return server;
  };
}
