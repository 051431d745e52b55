import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

import { loadConfig } from '../../../src/config.js';
import { freePort } from '../../support/free-port.js';
import { useRedisServer } from '../../support/use-redis-server.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = `${ROOT}node_modules/tsx/dist/cli.mjs`;
/** Runs `src/main.ts --role api` until `until` shows in its output or it exits; returns the output and exit code. */
async function runMain(env: NodeJS.ProcessEnv, until: string, timeoutMs = 90_000): Promise<{ output: string; code: number | null }> {
  const child = spawn(process.execPath, [TSX, `${ROOT}src/main.ts`, '--role', 'api'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(until)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exit.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
  if (child.exitCode === null) child.kill('SIGINT');
  return { output, code: await exit };
}

describe('PLAYBOOK_PATH (a mounted playbook, no rebuild)', () => {
  const redis = useRedisServer();
  let base: NodeJS.ProcessEnv;

  beforeAll(() => {
    base = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      TZ: 'UTC',
      HOST: '127.0.0.1',
      REDIS_URL: redis().url,
      ZENDESK_WEBHOOK_SECRET: 'playbook-path-test-secret-0123',
      SIDEBAR_SESSION_SECRET: 'z'.repeat(40),
      SWEEP_INTERVAL_MINUTES: '0',
    };
  });

  it('is read by the config schema (unset: the shipped playbook)', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).playbookPath).toBeNull();
    expect(loadConfig({ NODE_ENV: 'test', PLAYBOOK_PATH: ' /playbook/playbook.yaml ' }).playbookPath).toBe('/playbook/playbook.yaml');
  });

  // A mounted playbook that loads is trained at start (over a minute on 2 busy cores), too slow
  // here: test/unit/playbook/add-issue-as-data.test.ts proves a custom playbook classifies. This
  // proves the service hands PLAYBOOK_PATH to the classifier, and refuses to run without it.
  it('is handed to the classifier: a file it cannot read stops start-up, named', async () => {
    const { output, code } = await runMain(
      { ...base, PORT: String(await freePort()), PLAYBOOK_PATH: '/nonexistent/playbook.yaml' },
      '"msg":"classifier ready"',
    );
    expect(code).not.toBe(0);
    expect(output).toContain('cannot read the playbook at /nonexistent/playbook.yaml');
    expect(output).not.toContain('"msg":"classifier ready"');
    // Said before anything was started or cleared, in one line, without a stack trace.
    expect(output).not.toContain('Zendesk stand-in started');
    expect(output).not.toContain('"stack"');
  }, 120_000);
});
