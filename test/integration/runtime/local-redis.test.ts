import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureLocalRedis, RedisServerMissingError } from '../../../src/runtime/local-redis.js';
import { pingRedis } from '../../../src/runtime/redis-ping.js';
import { freePort } from '../../support/free-port.js';

const started: number[] = [];
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'signin-triage-local-redis-'));
  dirs.push(dir);
  return dir;
}

async function stop(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

afterEach(async () => {
  await Promise.all(started.splice(0).map(stop));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('ensureLocalRedis', () => {
  it('starts an append-only redis-server in the data dir, then reuses it through its pidfile', async () => {
    const dir = tempDir();
    const port = await freePort();
    const first = await ensureLocalRedis({ dir, preferredPort: port });
    started.push(first.pid);
    expect(first).toMatchObject({ url: `redis://127.0.0.1:${port}`, port, startedNow: true });
    expect(await pingRedis(port)).toBe(true);

    const second = await ensureLocalRedis({ dir, preferredPort: port });
    expect(second).toMatchObject({ port, pid: first.pid, startedNow: false });
  });

  it('starts a new server when the recorded one is gone, on another port if the preferred one is taken', async () => {
    const dir = tempDir();
    const port = await freePort();
    const first = await ensureLocalRedis({ dir, preferredPort: port });
    started.push(first.pid);
    await stop(first.pid);

    const otherDir = tempDir();
    const blocker = await ensureLocalRedis({ dir: otherDir, preferredPort: port });
    started.push(blocker.pid);

    const again = await ensureLocalRedis({ dir, preferredPort: port });
    started.push(again.pid);
    expect(again.startedNow).toBe(true);
    expect(again.port).not.toBe(port);
    expect(await pingRedis(again.port)).toBe(true);
  });

  it('explains how to install redis-server or set REDIS_URL when the binary is missing', async () => {
    const attempt = ensureLocalRedis({ dir: tempDir(), binary: 'redis-server-not-installed' });
    await expect(attempt).rejects.toBeInstanceOf(RedisServerMissingError);
    await expect(attempt).rejects.toThrow(/apt-get install -y redis-server\) or set REDIS_URL/);
  });
});
