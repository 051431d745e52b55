import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface BenchChild<T> {
  /** The first JSON line the child printed. */
  hello: T;
  proc: ChildProcess;
  stop(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs a TypeScript file in its own Node process (`node --import tsx`), so the load generator
 * and the system under test do not share an event loop. Resolves with its first stdout JSON line.
 */
export async function startBenchChild<T>(script: string, env: Record<string, string>, timeoutMs = 30_000): Promise<BenchChild<T>> {
  const proc = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 6_000);
    await gone;
    clearTimeout(timer);
  };
  try {
    const hello = await new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${script} did not start within ${timeoutMs} ms: ${stderr.trim()}`)), timeoutMs);
      const lines = createInterface({ input: proc.stdout! });
      lines.once('line', (line) => {
        clearTimeout(timer);
        try {
          resolve(JSON.parse(line) as T);
        } catch {
          reject(new Error(`${script} printed a non-JSON first line: ${line.slice(0, 200)}`));
        }
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${script} exited with code ${code} before starting: ${stderr.trim()}`));
      });
    });
    return { hello, proc, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
