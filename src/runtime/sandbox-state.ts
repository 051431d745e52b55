import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/**
 * What a running `npm start` in sandbox mode tells local tools (`npm run webhook:send`,
 * `signin-triage sandbox:show`): where it listens and how to read its Zendesk stand-in. Lives in
 * `.data/sandbox.json`, mode 0600 (the stand-in's API token is a throw-away of this run, but
 * still a credential), and is removed at shutdown.
 */
export const sandboxStateSchema = z.object({
  pid: z.number().int().positive(),
  /** Base URL of our HTTP server, e.g. http://127.0.0.1:3000. */
  serviceUrl: z.string().url(),
  /** Base URL of the in-process Zendesk stand-in. */
  zendeskUrl: z.string().url(),
  auth: z.discriminatedUnion('type', [
    z.object({ type: z.literal('token'), email: z.string(), apiToken: z.string() }),
    z.object({ type: z.literal('oauth'), accessToken: z.string() }),
  ]),
  startedAt: z.string(),
  /**
   * SHA-256 (hex) of each webhook secret the service accepts, the stand-in's generated signing
   * secret first: written once the stand-in's webhook exists, so `zendesk:install --check` can
   * verify the sandbox's install without the secrets themselves leaving the process.
   */
  webhookSecretSha256: z.array(z.string().regex(/^[0-9a-f]{64}$/)).optional(),
});
export type SandboxState = z.infer<typeof sandboxStateSchema>;

/** A second sandbox from the same folder would clear the running one's data: stop it first. */
export class SandboxAlreadyRunningError extends Error {
  override name = 'SandboxAlreadyRunningError';
}

export function sandboxStateFile(dataDir: string): string {
  return join(dataDir, 'sandbox.json');
}

export function writeSandboxState(dataDir: string, state: SandboxState): string {
  const file = sandboxStateFile(dataDir);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(sandboxStateSchema.parse(state), null, 2)}\n`, { mode: 0o600 });
  return file;
}

/** Removes the file if it is still this process's (a newer instance may have replaced it). */
export function removeSandboxState(dataDir: string, pid: number = process.pid): void {
  const found = readSandboxStateFile(dataDir);
  if (found.state?.pid === pid) rmSync(sandboxStateFile(dataDir), { force: true });
}

function readSandboxStateFile(dataDir: string): { state: SandboxState | null; problem: string | null } {
  const file = sandboxStateFile(dataDir);
  if (!existsSync(file)) return { state: null, problem: `${file} does not exist (no sandbox running from this folder: npm start)` };
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return { state: null, problem: `${file} is not JSON` };
  }
  const parsed = sandboxStateSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { state: null, problem: `${file} is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'unknown'}` };
  }
  return { state: parsed.data, problem: null };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The sandbox `npm start` runs from `dataDir`, or null with the reason (no file, a broken file,
 * or its process is gone: a kill -9 leaves the file behind).
 */
export function findRunningSandbox(dataDir: string): { state: SandboxState; problem: null } | { state: null; problem: string } {
  const found = readSandboxStateFile(dataDir);
  if (found.state === null) return { state: null, problem: found.problem ?? 'unknown' };
  if (!isAlive(found.state.pid)) {
    return { state: null, problem: `the sandbox in ${sandboxStateFile(dataDir)} (pid ${found.state.pid}) is no longer running: npm start` };
  }
  return { state: found.state, problem: null };
}
