import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { main as cli } from '../../../src/cli/main.js';
import { runCli } from '../../support/run-cli.js';
import { sandboxStateFile, type SandboxState } from '../../../src/runtime/sandbox-state.js';
import { freePort } from '../../support/free-port.js';
import { processTestEnv, spawnNode, type RunningProcess } from '../../support/child-process.js';
import { useRedis } from '../../support/use-redis-server.js';
import { waitFor } from '../../support/wait-for.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = `${ROOT}node_modules/tsx/dist/cli.mjs`;
const SECRET = 'sandbox-tools-test-secret-0123456789';

// Each process runs in its own folder: `.data` (sandbox.json, dev secrets) is per folder.
const spawnTsx = (script: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): RunningProcess =>
  spawnNode([TSX, `${ROOT}${script}`, ...args], { cwd, env });

const env = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv =>
  processTestEnv({
    HOST: '127.0.0.1',
    ZENDESK_WEBHOOK_SECRET: SECRET,
    SIDEBAR_SESSION_SECRET: 'y'.repeat(40),
    SWEEP_INTERVAL_MINUTES: '0',
    ...extra,
  });

describe('local tools around a running sandbox (npm start with no Zendesk settings)', () => {
  const { server: redis, client } = useRedis();
  let folder: string;
  let first: RunningProcess;
  let port: number;
  let ticketIds: number[];

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'signin-triage-sandbox-'));
    port = await freePort();
    first = spawnTsx('src/main.ts', ['--role', 'all'], folder, env({ PORT: String(port), REDIS_URL: redis().url }));
    await waitFor(() => first.output().includes('sandbox mode: no Zendesk account configured'), 'the sandbox banner', 40_000);
    const banner = first
      .output()
      .split('\n')
      .find((line) => line.includes('sandbox mode: no Zendesk account configured'))!;
    ticketIds = (JSON.parse(banner) as { ticketIds: number[] }).ticketIds;
    await waitFor(
      () => (first.output().match(/"msg":"ticket triaged"/g) ?? []).length === ticketIds.length,
      'every example triaged',
      40_000,
    );
  }, 90_000);

  afterAll(async () => {
    if (first.child.exitCode === null) first.child.kill('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
  });

  it('logs per ticket the issue, confidence band, tags and missing data, and no ticket text', () => {
    const lines = first
      .output()
      .split('\n')
      .filter((line) => line.includes('"msg":"ticket triaged"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(ticketIds.length);
    for (const line of lines) {
      expect(typeof line.issue).toBe('string');
      expect(['high', 'medium', 'low']).toContain(line.band);
      expect(line.tags).toContain('signin_triage');
      expect(Array.isArray(line.missing)).toBe(true);
      expect(typeof line.note).toBe('string');
      // Only decided values, never the customer's words: no key that could hold text.
      expect(Object.keys(line).filter((key) => /subject|body|text|comment|description|email/i.test(key))).toEqual([]);
    }
  });

  it('sandbox:show prints a stand-in ticket’s tags and our note', async () => {
    const result = await runCli(['sandbox:show', String(ticketIds[0]), '--data-dir', join(folder, '.data')]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`^Ticket ${ticketIds[0]} \\(\\w+\\) in the stand-in at http://127\\.0\\.0\\.1:\\d+\\nTags: [^\\n]*signin_triage`),
    );
    expect(result.stdout).toContain('--- our note 1 of 1');
    expect(result.stdout).toContain('signin-triage: ');
    expect(result.stdout).toContain(`signin-triage request ticket-${ticketIds[0]}-created`);
    // As Zendesk's plain_body gives it: every entity decoded, the note's last line apart from its footer.
    expect(result.stdout).not.toMatch(/&[a-z]{2,8};|&#\d{1,6};/);
    expect(result.stdout).toMatch(/[^\n]\n\nsignin-triage · playbook [^\n]+ · language \w+\n\nsignin-triage request ticket-/);

    const missing = await runCli(['sandbox:show', '999999', '--data-dir', join(folder, '.data')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('has no ticket 999999');
  });

  it('zendesk:install --check verifies the sandbox’s install, signing secret included, without any setting', async () => {
    const dataDir = join(folder, '.data');
    const result = await runCli(['zendesk:install', '--check', '--data-dir', dataDir]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(`our webhook URL is http://127.0.0.1:${port}`);
    expect(result.stdout).toContain('ok: webhook signing secret is accepted by the running `npm start` sandbox');
    expect(result.stdout).not.toContain('problem:');
    expect(result.code).toBe(0);

    // Pointed at the stand-in by hand, with the ZENDESK_WEBHOOK_SECRET the sandbox was started
    // with (not the stand-in's generated one): the sandbox still decides, as it verifies deliveries.
    const state = JSON.parse(readFileSync(sandboxStateFile(dataDir), 'utf8')) as SandboxState;
    expect(state.auth.type).toBe('token');
    const byHand = await runCli(['zendesk:install', '--check', '--data-dir', dataDir], {
      env: {
        ZENDESK_URL: state.zendeskUrl,
        ZENDESK_EMAIL: state.auth.type === 'token' ? state.auth.email : '',
        ZENDESK_API_TOKEN: state.auth.type === 'token' ? state.auth.apiToken : '',
        ZENDESK_WEBHOOK_SECRET: SECRET,
      },
    });
    expect(byHand.stdout).toContain('Install verified.');
    expect(byHand.code).toBe(0);
    // The secrets themselves never leave the process: the state file has their digests only.
    expect(readFileSync(sandboxStateFile(dataDir), 'utf8')).not.toContain(SECRET);
  });

  it('npm run webhook:send finds the running sandbox’s port without being told', async () => {
    // PORT deliberately differs from the sandbox's: the script must read .data/sandbox.json.
    const sent = spawnTsx('scripts/send-test-webhook.ts', [String(ticketIds[0]), 'rerun'], folder, env({ PORT: '1' }));
    expect(await sent.exit).toBe(0);
    expect(sent.output()).toContain(`POST http://127.0.0.1:${port}/webhooks/zendesk`);
    expect(sent.output()).toMatch(/→ 202/);
  });

  /**
   * The sandbox's lasting data once its queue is idle: the previous test's re-run may still be
   * running, and an active list, a lock or a stalled-check key comes and goes by itself.
   */
  async function idleSandboxKeys(): Promise<string[]> {
    const busy = (keys: string[]) => keys.some((key) => /:(active|wait|prioritized|marker)$|:lock$/.test(key));
    const deadline = Date.now() + 30_000;
    let keys = await client().keys('signin-triage-sandbox:*');
    while (busy(keys) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      keys = await client().keys('signin-triage-sandbox:*');
    }
    const lasting = await Promise.all(keys.map(async (key) => ((await client().pttl(key)) === -1 ? key : null)));
    return lasting.filter((key): key is string => key !== null).sort();
  }

  it('a second npm start on the busy port fails before touching the running sandbox’s data', async () => {
    const keysBefore = await idleSandboxKeys();
    expect(keysBefore.length).toBeGreaterThan(0);
    const second = spawnTsx('src/main.ts', ['--role', 'all'], folder, env({ PORT: String(port), REDIS_URL: redis().url }));
    expect(await second.exit).toBe(1);
    expect(second.output()).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(second.output()).not.toContain('Zendesk stand-in started');
    expect(await idleSandboxKeys()).toEqual(keysBefore);
    expect(existsSync(sandboxStateFile(join(folder, '.data')))).toBe(true);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });

  it('a second npm start from the same folder on another port fails too, before touching the running sandbox’s data', async () => {
    const keysBefore = await idleSandboxKeys();
    const other = await freePort();
    const second = spawnTsx('src/main.ts', ['--role', 'all'], folder, env({ PORT: String(other), REDIS_URL: redis().url }));
    expect(await second.exit).toBe(1);
    expect(second.output()).toContain('a sandbox is already running from this folder');
    expect(await idleSandboxKeys()).toEqual(keysBefore);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });

  it('on Ctrl-C removes its sandbox file; webhook:send then says which URL it tried', async () => {
    first.child.kill('SIGINT');
    expect(await first.exit).toBe(0);
    expect(existsSync(sandboxStateFile(join(folder, '.data')))).toBe(false);
    const sent = spawnTsx('scripts/send-test-webhook.ts', ['1001'], folder, env({ PORT: String(port) }));
    expect(await sent.exit).toBe(1);
    expect(sent.output()).toContain(
      `could not reach http://127.0.0.1:${port}/webhooks/zendesk (ECONNREFUSED); the URL came from PORT=${port}`,
    );
  });
});
