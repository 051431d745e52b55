import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Context } from './bench-context.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs a bench script in a process of its own (tsx, logs silent); resolves with its stdout. */
export function runBenchScript(ctx: Context, args: string[]): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent', DOTENV_CONFIG_QUIET: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
    ctx.cleanups.push(async () => proc.kill('SIGKILL'));
    proc.once('error', reject);
    proc.once('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${args[0]} exited with ${code}: ${stderr.trim()}`))));
  });
}
