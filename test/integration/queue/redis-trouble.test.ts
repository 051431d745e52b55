import { afterEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';

import { maskUrlPassword } from '../../../src/config.js';
import { createRedisClient } from '../../../src/queue/create-redis-client.js';
import { createRedisTroubleReporter } from '../../../src/queue/redis-trouble.js';
import { capturedLogger } from '../../support/captured-log.js';
import { startRedisServer, type RedisServerHandle } from '../../support/redis-server.js';
import { waitFor } from '../../support/wait-for.js';

describe('Redis connection errors: one line per outage, masked URL, what to check (real redis-server)', () => {
  const clients: Redis[] = [];
  let server: RedisServerHandle | null = null;
  afterEach(async () => {
    for (const client of clients.splice(0)) client.disconnect();
    await server?.stop();
    server = null;
  });

  it('a refused connection from several clients is one warning, then one line when Redis is back', async () => {
    server = await startRedisServer();
    await server.kill();
    const url = `redis://:hunter2-password@127.0.0.1:${server.port}`;
    const captured = capturedLogger('debug');
    const trouble = createRedisTroubleReporter({ log: captured.log, target: maskUrlPassword(url), intervalMs: 600_000 });
    clients.push(createRedisClient(url, 'worker', trouble), createRedisClient(url, 'producer', trouble));
    const debugLines = () => captured.lines().filter((line) => line.level === 'debug');
    // Each client retries every 0.2–2 s: wait for a handful of errors, all of them reported.
    await waitFor(() => debugLines().length >= 6, 'six connection errors', 60_000);

    const shown = captured.lines().filter((line) => line.level !== 'debug');
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ level: 'warn', code: 'ECONNREFUSED', redis: `redis://:***@127.0.0.1:${server.port}` });
    expect(String(shown[0]?.msg)).toBe(
      `Redis at redis://:***@127.0.0.1:${server.port} unreachable: connection refused (ECONNREFUSED); check that Redis is running and the host and port in REDIS_URL. Reconnecting every 2 s; this repeats at most every 600 s while it lasts`,
    );
    expect(JSON.stringify(shown)).not.toMatch(/hunter2|"stack"|    at /);
    // The stacks are there for a developer, at debug level.
    expect((debugLines()[0]?.err as { stack?: string }).stack).toMatch(/ECONNREFUSED/);

    await server.restart();
    await waitFor(() => captured.lines().some((line) => line.level === 'info'), 'the "reachable again" line', 60_000);
    const back = captured.lines().filter((line) => line.level === 'info');
    expect(back).toHaveLength(1);
    expect(String(back[0]?.msg)).toBe(`Redis at redis://:***@127.0.0.1:${server.port} reachable again`);
  });

  it('while the outage lasts, a reminder at most once per interval with the count of errors not logged', async () => {
    server = await startRedisServer();
    await server.kill();
    const url = server.url;
    let clock = 0;
    const captured = capturedLogger('info');
    const trouble = createRedisTroubleReporter({ log: captured.log, target: url, intervalMs: 30_000, now: () => clock });
    const errors: Error[] = [];
    const client = createRedisClient(url, 'worker', {
      report: (source, error) => {
        errors.push(error);
        trouble.report(source, error);
      },
      recovered: () => trouble.recovered(),
    });
    clients.push(client);
    await waitFor(() => errors.length >= 2, 'two connection errors', 60_000);
    clock = 29_999;
    const before = errors.length;
    await waitFor(() => errors.length > before, 'one more connection error', 60_000);
    expect(captured.lines()).toHaveLength(1);
    clock = 30_000;
    const again = errors.length;
    await waitFor(() => errors.length > again, 'an error after the interval', 60_000);
    const lines = captured.lines();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ level: 'warn', downForSeconds: 30, sources: ['worker client'] });
    expect(String(lines[1]?.msg)).toMatch(
      new RegExp(`^Redis at ${url} still unreachable after 30 s: connection refused .*\\(\\d+ similar errors not logged\\)$`),
    );
  });

  it('a wrong password is an error-level line that says to check the password in REDIS_URL, without it', async () => {
    server = await startRedisServer();
    const admin = createRedisClient(server.url, 'worker');
    await admin.config('SET', 'requirepass', 'the-right-password');
    admin.disconnect();
    const url = `redis://:the-wrong-password@127.0.0.1:${server.port}`;
    const captured = capturedLogger('info');
    const trouble = createRedisTroubleReporter({ log: captured.log, target: maskUrlPassword(url) });
    clients.push(createRedisClient(url, 'worker', trouble));
    await waitFor(() => captured.lines().length > 0, 'the refusal line', 60_000);
    const [line] = captured.lines();
    expect(line).toMatchObject({ level: 'error', code: 'WRONGPASS' });
    expect(String(line?.msg)).toMatch(/Redis refused our credentials \(WRONGPASS\); check the user and password in REDIS_URL/);
    expect(captured.text()).not.toContain('the-wrong-password');
  });
});
