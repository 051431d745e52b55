import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort, isPortFree } from './free-port.js';
import { pingRedis, waitForRedis } from './redis-ping.js';

/** redis-server is not installed: the message says how to install it or what to set instead. */
export class RedisServerMissingError extends Error {
  override name = 'RedisServerMissingError';
}

export class LocalRedisStartError extends Error {
  override name = 'LocalRedisStartError';
}

export interface LocalRedis {
  url: string;
  port: number;
  pid: number;
  dir: string;
  /** false when a server we started earlier (found through its pidfile) was reused. */
  startedNow: boolean;
}

export const DEFAULT_LOCAL_REDIS_PORT = 6380;
const START_TIMEOUT_MS = 10_000;

/**
 * Development convenience when REDIS_URL is unset: a daemonized `redis-server` with its data
 * in `<dir>` (append-only on, so acknowledged jobs survive a crash), bound to 127.0.0.1. It
 * outlives this process on purpose, so the api and worker roles (and the next `npm start`)
 * share it; its pidfile and port file in `<dir>` let us find it again.
 */
export async function ensureLocalRedis(options: { dir: string; preferredPort?: number; binary?: string }): Promise<LocalRedis> {
  const dir = resolve(options.dir);
  const binary = options.binary ?? 'redis-server';
  const pidFile = join(dir, 'redis.pid');
  const portFile = join(dir, 'redis.port');
  const running = await findOurServer(pidFile, portFile);
  if (running) return { ...running, url: `redis://127.0.0.1:${running.port}`, dir, startedNow: false };

  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (probe.error) {
    throw new RedisServerMissingError(
      `REDIS_URL is not set and ${binary} is not installed. Install it (Debian/Ubuntu: apt-get install -y redis-server) or set REDIS_URL=redis://host:6379.`,
    );
  }

  mkdirSync(dir, { recursive: true });
  const preferred = options.preferredPort ?? DEFAULT_LOCAL_REDIS_PORT;
  const port = (await isPortFree(preferred)) ? preferred : await freePort();
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--appendonly',
    'yes',
    '--save',
    '',
    '--maxmemory-policy',
    'noeviction',
    '--daemonize',
    'yes',
    '--pidfile',
    pidFile,
    '--logfile',
    join(dir, 'redis.log'),
  ];
  const result = await new Promise<{ code: number | null; output: string }>((done) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => done({ code: -1, output: error.message }));
    child.on('exit', (code) => done({ code, output }));
  });
  if (result.code !== 0) {
    throw new LocalRedisStartError(
      `${binary} failed to start (exit ${result.code}): ${result.output.trim()} (see ${join(dir, 'redis.log')})`,
    );
  }
  if (!(await waitForRedis(port, START_TIMEOUT_MS))) {
    throw new LocalRedisStartError(
      `${binary} did not answer on port ${port} within ${START_TIMEOUT_MS} ms (see ${join(dir, 'redis.log')})`,
    );
  }
  writeFileSync(portFile, `${port}\n`);
  const pid = readPid(pidFile) ?? -1;
  return { url: `redis://127.0.0.1:${port}`, port, pid, dir, startedNow: true };
}

async function findOurServer(pidFile: string, portFile: string): Promise<{ pid: number; port: number } | null> {
  const pid = readPid(pidFile);
  const port = existsSync(portFile) ? Number(readFileSync(portFile, 'utf8').trim()) : NaN;
  if (pid === null || !Number.isInteger(port) || !isAlive(pid) || !isRedisProcess(pid)) return null;
  return (await pingRedis(port)) ? { pid, port } : null;
}

function readPid(pidFile: string): number | null {
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Guards against a stale pidfile whose pid now belongs to another program (Linux /proc). */
function isRedisProcess(pid: number): boolean {
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync(cmdline)) return true;
  return readFileSync(cmdline, 'utf8').includes('redis-server');
}
