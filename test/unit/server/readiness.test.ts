import { describe, expect, it } from 'vitest';
import { createReadiness, READINESS_HINTS } from '../../../src/server/readiness.js';
import { capturedLogger } from '../../support/captured-log.js';

/** Just enough of an ioredis client: connected, with scripted PING and INFO answers. */
function fakeRedis(ping: () => Promise<string>, info: () => Promise<string> = async () => 'maxmemory_policy:noeviction\r\n') {
  return { status: 'ready', ping, info, once: () => undefined, off: () => undefined } as unknown as Parameters<
    typeof createReadiness
  >[0]['redis'];
}

function replyError(message: string): Error {
  const error = new Error(message);
  error.name = 'ReplyError';
  return error;
}

describe('createReadiness', () => {
  it.each([
    ['a PING that never answers', () => new Promise<string>(() => undefined), 'redis-timeout'],
    ['WRONGPASS', () => Promise.reject(replyError('WRONGPASS invalid username-password pair or user is disabled.')), 'redis-auth-failed'],
    ['NOAUTH', () => Promise.reject(replyError('NOAUTH Authentication required.')), 'redis-auth-failed'],
    ['a connection error', () => Promise.reject(new Error('connect ECONNREFUSED 10.1.2.3:6379')), 'redis-unreachable'],
  ] as const)('reports %s as %s, with the raw error in the log only', async (_label, ping, code) => {
    const captured = capturedLogger('info');
    const readiness = createReadiness({ redis: fakeRedis(ping), timeoutMs: 20, log: captured.log });
    const report = await readiness.check();
    expect(report).toEqual({ ready: false, reasons: [{ code, hint: READINESS_HINTS[code] }] });
    expect(JSON.stringify(report)).not.toMatch(/ECONNREFUSED|10\.1\.2\.3|WRONGPASS|NOAUTH/);
    expect(captured.lines()).toEqual([expect.objectContaining({ level: 'warn', reason: code })]);
  });

  it('logs a lasting failure once per interval, and the recovery once', async () => {
    const captured = capturedLogger('info');
    let clock = 0;
    let up = false;
    const readiness = createReadiness({
      redis: fakeRedis(() => (up ? Promise.resolve('PONG') : Promise.reject(new Error('connect ECONNREFUSED')))),
      log: captured.log,
      logIntervalMs: 60_000,
      now: () => clock,
    });
    for (let probe = 0; probe < 10; probe++, clock += 5_000) await readiness.check();
    expect(captured.lines()).toHaveLength(1);
    clock = 61_000;
    await readiness.check();
    expect(captured.lines()).toHaveLength(2);
    up = true;
    expect((await readiness.check()).ready).toBe(true);
    await readiness.check();
    expect(captured.lines().map((line) => line.msg)).toEqual([
      `not ready: ${READINESS_HINTS['redis-unreachable']}`,
      `not ready: ${READINESS_HINTS['redis-unreachable']}`,
      'ready again',
    ]);
  });
});
