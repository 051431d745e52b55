import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForRedis } from '../../src/runtime/redis-ping.js';
import { freePort } from './free-port.js';

export interface RedisServerOptions {
  /** Persist every write to an append-only file in `dir` (survives kill + restart). @defaultValue false */
  appendonly?: boolean;
  /** Data directory; a fresh temp dir (removed by stop()) when omitted. */
  dir?: string;
  /** Extra `redis-server` arguments, e.g. ['--maxmemory-policy', 'allkeys-lru']. */
  args?: string[];
}

export interface RedisServerHandle {
  url: string;
  port: number;
  dir: string;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes the temp dir if we created it. */
  stop(): Promise<void>;
  /** Sends a signal and waits for the process to exit; the data dir is kept so restart() can reuse it. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts redis-server again on the same port and data dir (after kill()). */
  restart(): Promise<void>;
  /** Whether the server process is currently running. */
  readonly running: boolean;
  /**
   * SIGSTOP: the server keeps its connections open and answers nothing, as a hung host or a
   * half-open network path does (a killed server closes them instead).
   */
  freeze(): void;
  /** SIGCONT after freeze(). */
  thaw(): void;
}

const START_TIMEOUT_MS = 10_000;

/**
 * Starts a real `redis-server` on a free port for tests. No RDB snapshots; AOF only when
 * asked, so crash tests can prove what survives.
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServerHandle> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'signin-triage-redis-'));
  const port = await freePort();
  let child: ChildProcess | null = null;

  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    options.appendonly ? 'yes' : 'no',
    '--dir',
    dir,
    '--daemonize',
    'no',
    '--loglevel',
    'warning',
    ...(options.args ?? []),
  ];

  async function spawnAndWait(): Promise<void> {
    let stderr = '';
    const proc = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    proc.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child = proc;
    const exited = new Promise<never>((_, reject) => {
      proc.once('error', (error) =>
        reject(new Error(`could not spawn redis-server (is it installed? apt-get install -y redis-server): ${error.message}`)),
      );
      proc.once('exit', (code) => reject(new Error(`redis-server exited with code ${code} before answering PING: ${stderr.trim()}`)));
    });
    exited.catch(() => undefined);
    await Promise.race([waitForPing(port, START_TIMEOUT_MS), exited]);
  }

  async function kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const proc = child;
    if (proc === null || proc.exitCode !== null || proc.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
    await gone;
    clearTimeout(timer);
    child = null;
  }

  await spawnAndWait();

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    get running() {
      const proc = child as ChildProcess | null;
      return proc !== null && proc.exitCode === null && proc.signalCode === null;
    },
    kill,
    freeze() {
      child?.kill('SIGSTOP');
    },
    thaw() {
      child?.kill('SIGCONT');
    },
    async restart() {
      await kill('SIGTERM');
      await spawnAndWait();
    },
    async stop() {
      await kill('SIGTERM');
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPing(port: number, timeoutMs: number): Promise<void> {
  if (!(await waitForRedis(port, timeoutMs))) throw new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms`);
}
