import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadConfig } from '../../../src/config.js';
import { DEFAULT_MODEL_PATH, DEFAULT_PLAYBOOK_PATH } from '../../../src/playbook/playbook-paths.js';
import { startZendeskSandbox, type ZendeskSandbox } from '../../../src/zendesk-sandbox/index.js';
import { freePort } from '../../support/free-port.js';
import { useRedisServer } from '../../support/use-redis-server.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = `${ROOT}node_modules/tsx/dist/cli.mjs`;
/**
 * Runs `src/main.ts --role api` until `until` shows in its output (then `probe`, if given, runs
 * on the live process) or it exits; returns the output, the exit code and what `probe` gave.
 */
async function runMain<T = undefined>(
  env: NodeJS.ProcessEnv,
  until: string,
  timeoutMs = 90_000,
  probe?: () => Promise<T>,
): Promise<{ output: string; code: number | null; probed: T | undefined }> {
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
  const probed = child.exitCode === null && output.includes(until) && probe ? await probe() : undefined;
  if (child.exitCode === null) child.kill('SIGINT');
  return { output, code: await exit, probed };
}

/** GET /readyz until `wanted` answers (or the time is up): the last status and body. */
async function readyz(port: string, wanted: number, timeoutMs = 60_000): Promise<{ status: number; body: unknown }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null);
    const answer = response ? { status: response.status, body: await response.json().catch(() => null) } : { status: 0, body: null };
    if (answer.status === wanted || Date.now() > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
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
  const folders: string[] = [];
  afterAll(() => {
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });

  /**
   * A mounted folder: a copy of the shipped playbook (no corpus/ of its own), so that the
   * shipped model file is exactly its model; `stale` changes the model's source hash.
   */
  const mountedPlaybook = (model: 'fitting' | 'stale'): string => {
    const dir = mkdtempSync(join(tmpdir(), 'mounted-playbook-'));
    folders.push(dir);
    copyFileSync(DEFAULT_PLAYBOOK_PATH, join(dir, 'playbook.yaml'));
    // Latin-1: every byte a character, the model file's binary blocks kept as they are.
    const text = readFileSync(DEFAULT_MODEL_PATH, 'latin1');
    writeFileSync(
      join(dir, 'model.bin'),
      model === 'fitting' ? text : text.replace(/"sourceHash": "[0-9a-f]{64}"/u, `"sourceHash": "${'0'.repeat(64)}"`),
      'latin1',
    );
    return join(dir, 'playbook.yaml');
  };

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

  it('loads the model.bin beside a mounted playbook, with no training, until /readyz answers 200', async () => {
    const playbookPath = mountedPlaybook('fitting');
    const port = String(await freePort());
    const { output, probed } = await runMain({ ...base, PORT: port, PLAYBOOK_PATH: playbookPath }, '"msg":"classifier ready"', 90_000, () =>
      readyz(port, 200),
    );
    expect(output).toContain(`"playbook":"${playbookPath}"`);
    expect(output).toContain('"msg":"classifier ready"');
    expect(output).not.toContain('training a model now');
    expect(probed?.status).toBe(200);
  }, 120_000);

  it('trains a stale one in development, saying why and what to run, with /readyz at 503 "starting" meanwhile', async () => {
    const playbookPath = mountedPlaybook('stale');
    const port = String(await freePort());
    const { output, probed } = await runMain({ ...base, PORT: port, PLAYBOOK_PATH: playbookPath }, 'training a model now', 90_000, () =>
      readyz(port, 503),
    );
    expect(output).toContain(
      `${join(playbookPath, '..', 'model.bin')} was trained from another playbook, corpus or feature code: run signin-triage train --playbook ${playbookPath}`,
    );
    expect(output).not.toContain('"msg":"classifier ready"');
    expect(probed).toMatchObject({ status: 503, body: { reasons: [{ code: 'starting' }] } });
  }, 120_000);

  describe('in production', () => {
    let zendesk: ZendeskSandbox;
    beforeAll(async () => {
      zendesk = await startZendeskSandbox({ deliverWebhooks: false });
    });
    afterAll(async () => {
      await zendesk.close();
    });

    it('refuses to start with a stale model file, naming it, why, and the command to run', async () => {
      const playbookPath = mountedPlaybook('stale');
      const { output, code } = await runMain(
        {
          ...base,
          NODE_ENV: 'production',
          PORT: String(await freePort()),
          PLAYBOOK_PATH: playbookPath,
          ZENDESK_URL: zendesk.url,
          ZENDESK_EMAIL: zendesk.credentials.email,
          ZENDESK_API_TOKEN: zendesk.credentials.apiToken,
        },
        '"msg":"classifier ready"',
      );
      expect(code).toBe(1);
      expect(output).toContain(
        `${join(playbookPath, '..', 'model.bin')} was trained from another playbook, corpus or feature code: run signin-triage train --playbook ${playbookPath}, then start again (a production service does not train at start)`,
      );
      expect(output).not.toContain('training a model now');
      expect(output).not.toContain('"msg":"classifier ready"');
      expect(output).not.toContain('"stack"');
    }, 120_000);
  });
});
