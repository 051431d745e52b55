import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { withDevSecrets } from '../../../src/runtime/dev-secrets.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'signin-triage-dev-secrets-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('withDevSecrets', () => {
  it('creates the secrets once (mode 0600) and gives every later process the same values', () => {
    const dir = tempDir();
    const first = withDevSecrets({}, dir);
    const second = withDevSecrets({}, dir);
    expect(first.filled).toEqual(['ZENDESK_WEBHOOK_SECRET', 'SIDEBAR_SESSION_SECRET']);
    expect(second.env.ZENDESK_WEBHOOK_SECRET).toBe(first.env.ZENDESK_WEBHOOK_SECRET);
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
    const config = loadConfig(second.env);
    expect(config.generatedSecrets).toEqual([]);
    expect(config.webhook.secrets).toEqual([first.env.ZENDESK_WEBHOOK_SECRET]);
  });

  it('keeps values that are set and leaves production alone', () => {
    const dir = tempDir();
    const partial = withDevSecrets({ ZENDESK_WEBHOOK_SECRET: 'set-by-the-operator-0123' }, dir);
    expect(partial.filled).toEqual(['SIDEBAR_SESSION_SECRET']);
    expect(partial.env.ZENDESK_WEBHOOK_SECRET).toBe('set-by-the-operator-0123');
    expect(JSON.parse(readFileSync(partial.file, 'utf8'))).not.toHaveProperty('ZENDESK_WEBHOOK_SECRET');

    // The deprecated name still counts as set: no generated value shadows the operator's.
    const oldName = withDevSecrets({ SIDEBAR_SHARED_SECRET: 'o'.repeat(40) }, tempDir());
    expect(oldName.filled).toEqual(['ZENDESK_WEBHOOK_SECRET']);
    expect(oldName.env.SIDEBAR_SESSION_SECRET).toBeUndefined();
    expect(loadConfig(oldName.env).sidebarSessionSecret).toBe('o'.repeat(40));

    const production = withDevSecrets({ NODE_ENV: 'production' }, tempDir());
    expect(production.filled).toEqual([]);
    expect(() => loadConfig(production.env)).toThrow(/ZENDESK_WEBHOOK_SECRET: is required in production/);
  });

  it('generates nothing for a real Zendesk account without NODE_ENV (that is production)', () => {
    const dir = tempDir();
    const account = { ZENDESK_SUBDOMAIN: 'acme', ZENDESK_EMAIL: 'agent@example.com', ZENDESK_API_TOKEN: 'token-value-1234' };
    const result = withDevSecrets(account, dir);
    expect(result.filled).toEqual([]);
    expect(existsSync(result.file)).toBe(false);
    expect(() => loadConfig(result.env)).toThrow(/ZENDESK_WEBHOOK_SECRET: is required in production \(NODE_ENV is not set/);
    // The local stand-in on loopback is still development.
    expect(withDevSecrets({ ...account, ZENDESK_SUBDOMAIN: '', ZENDESK_URL: 'http://127.0.0.1:4010' }, dir).filled).toHaveLength(2);
  });
});
