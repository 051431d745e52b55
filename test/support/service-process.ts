import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ZendeskSandbox } from '../../src/zendesk-sandbox/index.js';
import { processTestEnv, spawnNode } from './child-process.js';
import { freePort } from './free-port.js';
import { waitFor } from './wait-for.js';

/**
 * The real service (`node --import tsx src/main.ts --role <role>`) as a child process, started
 * with the settings of a test account and waited for until `/readyz` answers 200.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = `${ROOT}src/main.ts`;
export const WEBHOOK_SECRET = 'faults-test-webhook-secret-0123456789';

export type Role = 'all' | 'api' | 'worker';

export interface ServiceProcess {
  role: Role;
  url: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr. */
  output(): string;
  exit: Promise<number | null>;
  /** Sends SIGKILL and waits for the exit. */
  kill(): Promise<void>;
}

export interface ServiceEnv {
  redisUrl: string;
  sandbox: ZendeskSandbox;
  prefix: string;
  /** Zendesk base URL when it differs from the stand-in's (a test proxy). */
  zendeskUrl?: string;
  extra?: NodeJS.ProcessEnv;
  /**
   * What node runs, and where: by default the sources through tsx from the repository; the
   * compiled build is `{ cwd: build.dir, args: ['dist/src/main.js'] }`.
   */
  command?: { cwd: string; args: string[] };
}

export async function startService(role: Role, env: ServiceEnv): Promise<ServiceProcess> {
  const port = await freePort();
  const { child, output, exit } = spawnNode([...(env.command?.args ?? ['--import', 'tsx', MAIN]), '--role', role], {
    cwd: env.command?.cwd ?? ROOT,
    env: processTestEnv({
      HOST: '127.0.0.1',
      PORT: String(port),
      REDIS_URL: env.redisUrl,
      QUEUE_PREFIX: env.prefix,
      ZENDESK_URL: env.zendeskUrl ?? env.sandbox.url,
      ZENDESK_EMAIL: env.sandbox.credentials.email,
      ZENDESK_API_TOKEN: env.sandbox.credentials.apiToken,
      ZENDESK_WEBHOOK_SECRET: WEBHOOK_SECRET,
      SIDEBAR_SESSION_SECRET: 'faults-test-sidebar-secret-0123456789abcdef',
      SWEEP_INTERVAL_MINUTES: '0',
      ZENDESK_UPDATES_PER_MINUTE: '1000',
      SHUTDOWN_GRACE_MS: '3000',
      // The ledger counts notes: every ticket gets one, `other` included (by default those get tags only).
      NOTE_ON_OTHER: 'on',
      ...env.extra,
    }),
  });
  const url = `http://127.0.0.1:${port}`;
  const service: ServiceProcess = {
    role,
    url,
    child,
    output,
    exit,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exit;
    },
  };
  const exitedEarly = exit.then((code) => {
    throw new Error(`service (${role}) exited with ${code} before it was ready:\n${output().slice(-2000)}`);
  });
  exitedEarly.catch(() => undefined);
  try {
    await Promise.race([
      waitFor(async () => (await fetch(`${url}/readyz`).catch(() => null))?.status === 200, `service (${role}) readiness`, 90_000),
      exitedEarly,
    ]);
  } catch (error) {
    await service.kill();
    throw error;
  }
  return service;
}
