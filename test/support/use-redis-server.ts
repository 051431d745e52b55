import { Redis } from 'ioredis';
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

/**
 * useRedisServer plus one ioredis client on it for the whole file or `describe` (quit before
 * the server stops), for tests that read and write keys directly.
 */
export function useRedis(options: RedisServerOptions = {}): { server: () => RedisServerHandle; client: () => Redis } {
  const server = useRedisServer(options);
  let client: Redis | undefined;
  beforeAll(() => {
    client = new Redis(server().url);
  });
  afterAll(async () => {
    await client?.quit();
  });
  return {
    server,
    client: () => {
      if (!client) throw new Error('useRedis: the client is used before its beforeAll ran (call it inside a test or hook)');
      return client;
    },
  };
}
