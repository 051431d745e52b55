import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `signin-triage <argv>` in this process (src/cli/main.ts) with in-memory streams and
 * exactly `env` (nothing inherited). `stdin`: its whole input, or none (a stream that never ends).
 * `tty`: stdout claims to be a terminal (`--show-secret` prints only there).
 */
export async function runCli(argv: string[], options: { env?: NodeJS.ProcessEnv; stdin?: string; tty?: boolean } = {}): Promise<CliRun> {
  const stdin = new PassThrough();
  if (options.stdin !== undefined) stdin.end(options.stdin);
  const stdout = Object.assign(new PassThrough(), options.tty ? { isTTY: true } : {});
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const code = await main(argv, { stdin, stdout, stderr, env: options.env ?? {} });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
