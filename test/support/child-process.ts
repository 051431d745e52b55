import { spawn, type ChildProcess } from 'node:child_process';

/** A child process whose stdout and stderr are collected together, in order of arrival. */
export interface RunningProcess {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exit: Promise<number | null>;
}

/** `node <args>` in `cwd` with exactly `env` (nothing inherited), output collected. */
export function spawnNode(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): RunningProcess {
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exit };
}

/**
 * The environment every process test starts from: PATH and HOME only from ours, `NODE_ENV=test`,
 * UTC, dotenv quiet (natural loads it), info-level logs; `extra` on top.
 */
export function processTestEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    DOTENV_CONFIG_QUIET: 'true',
    TZ: 'UTC',
    LOG_LEVEL: 'info',
    ...extra,
  };
}
