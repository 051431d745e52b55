import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig, resolveNodeEnv } from '../../src/config.js';

const ACCOUNT = {
  ZENDESK_SUBDOMAIN: 'acme',
  ZENDESK_EMAIL: 'agent@example.com',
  ZENDESK_API_TOKEN: 'token-value-1234',
};
const SECRETS = { ZENDESK_WEBHOOK_SECRET: 'w'.repeat(20), SIDEBAR_SHARED_SECRET: 's'.repeat(40) };
/** An account with its secrets: loads without NODE_ENV (as production). */
const ACCOUNT_READY = { ...ACCOUNT, ...SECRETS };

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('loadConfig accepted the environment');
}

describe('loadConfig', () => {
  it('applies the documented defaults and sandbox mode when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      host: '0.0.0.0',
      publicUrl: null,
      redisUrl: null,
      queuePrefix: 'signin-triage',
      zendesk: null,
      zendeskTimeoutMs: 10_000,
      zendeskUpdatesPerMinute: 50,
      webhook: { maxBodyBytes: 262_144, toleranceSec: 300 },
      workerConcurrency: 5,
      triageWrite: true,
      feedbackLearning: false,
      sweepIntervalMinutes: 5,
      admin: null,
      logLevel: 'info',
      shutdownGraceMs: 10_000,
    });
  });

  it('generates development secrets with a warning naming the variable, never in production', () => {
    const config = loadConfig({});
    expect(config.generatedSecrets).toEqual(['ZENDESK_WEBHOOK_SECRET', 'SIDEBAR_SESSION_SECRET']);
    expect(config.webhook.secrets[0]!.length).toBeGreaterThanOrEqual(32);
    expect(config.warnings.join('\n')).toContain('ZENDESK_WEBHOOK_SECRET is not set');
    expect(loadConfig({}).webhook.secrets[0]).not.toBe(config.webhook.secrets[0]);

    const problems = problemsOf({ NODE_ENV: 'production', ...ACCOUNT });
    expect(problems).toContain(
      'ZENDESK_WEBHOOK_SECRET: is required in production (got not set); allowed: one or more secrets of 16+ characters, comma-separated',
    );
    expect(problems.some((problem) => problem.startsWith('SIDEBAR_SESSION_SECRET: is required in production'))).toBe(true);
  });

  it('reads the deprecated SIDEBAR_SHARED_SECRET with a warning, and prefers SIDEBAR_SESSION_SECRET', () => {
    const old = loadConfig({ SIDEBAR_SHARED_SECRET: 'o'.repeat(40) });
    expect(old.sidebarSessionSecret).toBe('o'.repeat(40));
    expect(old.generatedSecrets).not.toContain('SIDEBAR_SESSION_SECRET');
    expect(old.warnings.join('\n')).toMatch(/SIDEBAR_SHARED_SECRET is deprecated: rename it to SIDEBAR_SESSION_SECRET/);
    expect(old.warnings.join('\n')).not.toContain('o'.repeat(40));

    const both = loadConfig({ SIDEBAR_SESSION_SECRET: 'n'.repeat(40), SIDEBAR_SHARED_SECRET: 'o'.repeat(40) });
    expect(both.sidebarSessionSecret).toBe('n'.repeat(40));
    expect(both.warnings.join('\n')).toMatch(/using SIDEBAR_SESSION_SECRET; remove SIDEBAR_SHARED_SECRET/);

    const fresh = loadConfig({ SIDEBAR_SESSION_SECRET: 'n'.repeat(40) });
    expect(fresh.warnings.join('\n')).not.toMatch(/SIDEBAR_SHARED_SECRET/);

    // Production accepts either name.
    const production = { NODE_ENV: 'production', ...ACCOUNT, ZENDESK_WEBHOOK_SECRET: 'x'.repeat(20) };
    expect(loadConfig({ ...production, SIDEBAR_SHARED_SECRET: 'o'.repeat(40) }).sidebarSessionSecret).toBe('o'.repeat(40));
    expect(problemsOf({ ...production, SIDEBAR_SHARED_SECRET: 'short' })).toEqual([
      'SIDEBAR_SHARED_SECRET: must be at least 32 characters (got a value of 5 characters); allowed: a random string of 32+ characters',
    ]);
  });

  it('refuses sandbox mode in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production', ZENDESK_WEBHOOK_SECRET: 'x'.repeat(20), SIDEBAR_SESSION_SECRET: 'y'.repeat(40) });
    expect(problems[0]).toMatch(/^ZENDESK_SUBDOMAIN: is required in production/);
  });

  describe('an unset NODE_ENV', () => {
    it('is production as soon as a Zendesk account is configured, and says so once', () => {
      const problems = problemsOf(ACCOUNT);
      expect(problems).toEqual([
        expect.stringMatching(
          /^ZENDESK_WEBHOOK_SECRET: is required in production \(NODE_ENV is not set and ZENDESK_SUBDOMAIN, ZENDESK_EMAIL, ZENDESK_API_TOKEN are set, so this runs as production; set NODE_ENV=development/,
        ),
        expect.stringMatching(/^SIDEBAR_SESSION_SECRET: is required in production \(NODE_ENV is not set/),
      ]);

      const config = loadConfig(ACCOUNT_READY);
      expect(config).toMatchObject({ nodeEnv: 'production', nodeEnvSource: 'account', generatedSecrets: [] });
      const notices = config.warnings.filter((warning) => warning.includes('running as production'));
      expect(notices).toEqual([expect.stringMatching(/^NODE_ENV is not set and a Zendesk account is configured \(ZENDESK_SUBDOMAIN/)]);
    });

    it.each([
      ['ZENDESK_SUBDOMAIN', { ZENDESK_SUBDOMAIN: 'acme' }],
      ['ZENDESK_URL', { ZENDESK_URL: 'https://support.example.com' }],
      ['ZENDESK_EMAIL + ZENDESK_API_TOKEN', { ZENDESK_EMAIL: 'a@example.com', ZENDESK_API_TOKEN: 'token-value-1234' }],
      ['ZENDESK_OAUTH_TOKEN', { ZENDESK_OAUTH_TOKEN: 'oauth-token-123' }],
    ])('is production with only %s', (_label, env) => {
      expect(resolveNodeEnv(env)).toMatchObject({ nodeEnv: 'production', source: 'account' });
      expect(problemsOf(env)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^ZENDESK_WEBHOOK_SECRET: is required in production/)]),
      );
    });

    it('warns once that /metrics is locked when production has no ADMIN_USER/ADMIN_PASSWORD', () => {
      const locked = loadConfig(ACCOUNT_READY).warnings.filter((warning) => warning.includes('/metrics answers 401'));
      expect(locked).toEqual([expect.stringMatching(/^ADMIN_USER and ADMIN_PASSWORD are not set/)]);
      const withAdmin = loadConfig({ ...ACCOUNT_READY, ADMIN_USER: 'ops', ADMIN_PASSWORD: 'a-long-admin-password' });
      expect(withAdmin.warnings.join('\n')).not.toContain('/metrics answers 401');
      expect(loadConfig({}).warnings.join('\n')).not.toContain('/metrics answers 401');
    });

    it('stays development in sandbox mode and with the local stand-in on loopback', () => {
      expect(loadConfig({})).toMatchObject({ nodeEnv: 'development', nodeEnvSource: 'default' });
      const standIn = loadConfig({ ...ACCOUNT, ZENDESK_SUBDOMAIN: undefined, ZENDESK_URL: 'http://127.0.0.1:4010' });
      expect(standIn).toMatchObject({ nodeEnv: 'development', nodeEnvSource: 'default' });
      expect(standIn.warnings.join('\n')).not.toContain('running as production');
    });

    it('is not overridden when NODE_ENV is set: development keeps generated secrets, blank counts as unset', () => {
      const config = loadConfig({ ...ACCOUNT, NODE_ENV: 'development' });
      expect(config).toMatchObject({ nodeEnv: 'development', nodeEnvSource: 'NODE_ENV' });
      expect(config.generatedSecrets).toEqual(['ZENDESK_WEBHOOK_SECRET', 'SIDEBAR_SESSION_SECRET']);
      expect(resolveNodeEnv({ ...ACCOUNT, NODE_ENV: ' ' })).toMatchObject({ nodeEnv: 'production', source: 'account' });
    });
  });

  it('builds the Zendesk settings from a subdomain and token', () => {
    expect(loadConfig(ACCOUNT_READY).zendesk).toEqual({
      baseUrl: 'https://acme.zendesk.com',
      auth: { type: 'token', email: 'agent@example.com', apiToken: 'token-value-1234' },
    });
  });

  it('lets ZENDESK_URL win over ZENDESK_SUBDOMAIN, with a warning', () => {
    const config = loadConfig({ ...ACCOUNT_READY, ZENDESK_URL: 'https://support.example.com/' });
    expect(config.zendesk?.baseUrl).toBe('https://support.example.com');
    expect(config.warnings.join('\n')).toContain('using ZENDESK_URL');
  });

  it('accepts an OAuth token instead of email + API token', () => {
    expect(loadConfig({ ZENDESK_SUBDOMAIN: 'acme', ZENDESK_OAUTH_TOKEN: 'oauth-token-123', ...SECRETS }).zendesk?.auth).toEqual({
      type: 'oauth',
      accessToken: 'oauth-token-123',
    });
  });

  it.each(['evil.com#', 'a@b', 'x:8080', '10.0.0.1', '../', 'acme.zendesk.com', '-acme', 'ac me'])(
    'rejects the subdomain %j and shows it',
    (subdomain) => {
      const problems = problemsOf({ ...ACCOUNT_READY, ZENDESK_SUBDOMAIN: subdomain });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^ZENDESK_SUBDOMAIN: must be a bare subdomain/);
      expect(problems[0]).toContain(`(got '${subdomain}')`);
    },
  );

  it.each([
    ['http://acme.zendesk.com', 'must use https'],
    ['https://user:pw@acme.zendesk.com', 'must not contain credentials'],
    ['https://acme.zendesk.com/api/v2', 'must be just the origin'],
    ['https://acme.zendesk.com#', 'must be just the origin'],
    ['https://acme.zendesk.com?x=1', 'must be just the origin'],
    ['acme.zendesk.com', 'is not a URL'],
  ])('rejects ZENDESK_URL %j', (url, message) => {
    const problems = problemsOf({ ...ACCOUNT_READY, ZENDESK_SUBDOMAIN: undefined, ZENDESK_URL: url });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`ZENDESK_URL: ${message}`);
  });

  it('allows plain http only on loopback (the local stand-in)', () => {
    expect(loadConfig({ ...ACCOUNT, ZENDESK_URL: 'http://127.0.0.1:4010' }).zendesk?.baseUrl).toBe('http://127.0.0.1:4010');
  });

  it('reports every problem at once, naming the variable, the value and what is allowed', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      WORKER_CONCURRENCY: '0',
      TRIAGE_WRITE: 'yes',
      LOG_LEVEL: 'loud',
      WEBHOOK_MAX_BODY_BYTES: '-1',
      ZENDESK_EMAIL: 'agent@example.com',
    });
    expect(problems).toEqual([
      "PORT: must be a whole number (got 'eighty'); allowed: an integer from 0 to 65535",
      "WORKER_CONCURRENCY: must be at least 1 (got '0'); allowed: an integer from 1 to 100",
      "TRIAGE_WRITE: must be on or off (got 'yes'); allowed: on, off",
      "LOG_LEVEL: must be one of the allowed values (got 'loud'); allowed: fatal, error, warn, info, debug, trace, silent",
      "WEBHOOK_MAX_BODY_BYTES: must be a whole number (got '-1'); allowed: an integer from 1024 to 10485760",
      expect.stringMatching(/^ZENDESK_SUBDOMAIN: is required with the other ZENDESK_\* settings/),
      expect.stringMatching(/^ZENDESK_API_TOKEN: is required to call the Zendesk API/),
      // ZENDESK_EMAIL alone already means a real account: production, so the secrets are required.
      expect.stringMatching(/^ZENDESK_WEBHOOK_SECRET: is required in production \(NODE_ENV is not set and ZENDESK_EMAIL is set/),
      expect.stringMatching(/^SIDEBAR_SESSION_SECRET: is required in production/),
    ]);
  });

  it('never echoes secret values in errors', () => {
    const problems = problemsOf({
      ZENDESK_WEBHOOK_SECRET: 'short-canary',
      SIDEBAR_SESSION_SECRET: 'tiny-canary',
      SIDEBAR_SHARED_SECRET: 'old-canary',
      ADMIN_PASSWORD: 'pw-canary',
      REDIS_URL: 'http://user:redis-canary@host:1',
    });
    const text = problems.join('\n');
    expect(text).not.toMatch(/canary/);
    expect(text).toContain('ZENDESK_WEBHOOK_SECRET: each secret must be at least 16 characters (got a value of 12 characters)');
    expect(text).toContain(
      "REDIS_URL: must be a redis:// or rediss:// URL with a host and an optional /<db number> (got 'http://user:***@host:1/')",
    );
    expect(text).toContain('ADMIN_USER: is required when ADMIN_PASSWORD is set');
  });

  it('reads a comma-separated secret list for rotation', () => {
    const config = loadConfig({ ZENDESK_WEBHOOK_SECRET: ' new-secret-0123456789 , old-secret-0123456789 ,' });
    expect(config.webhook.secrets).toEqual(['new-secret-0123456789', 'old-secret-0123456789']);
    expect(config.generatedSecrets).toEqual(['SIDEBAR_SESSION_SECRET']);
  });

  it('treats empty variables as unset and parses on/off case-insensitively', () => {
    const config = loadConfig({ PORT: '', REDIS_URL: ' ', TRIAGE_WRITE: 'OFF', FEEDBACK_LEARNING: 'On', SWEEP_INTERVAL_MINUTES: '0' });
    expect(config).toMatchObject({ port: 3000, redisUrl: null, triageWrite: false, feedbackLearning: true, sweepIntervalMinutes: 0 });
  });

  it('rejects an invalid body limit at start-up (body-parser once ignored invalid limits)', () => {
    expect(() => loadConfig({ WEBHOOK_MAX_BODY_BYTES: '1mb' })).toThrow(/WEBHOOK_MAX_BODY_BYTES: must be a whole number \(got '1mb'\)/);
    expect(() => loadConfig({ WEBHOOK_MAX_BODY_BYTES: '99999999999' })).toThrow(/must be at most 10485760/);
  });

  it('documents every variable it reads', () => {
    for (const variable of CONFIG_VARIABLES) {
      expect(variable.description.length, variable.name).toBeGreaterThan(10);
      expect(variable.allowed.length, variable.name).toBeGreaterThan(0);
    }
    expect(CONFIG_VARIABLES.map((variable) => variable.name)).toContain('ZENDESK_WEBHOOK_SECRET');
  });
});

describe('ABSTAIN_THRESHOLD and HIGH_CONFIDENCE_THRESHOLD (adopting the thresholds backtest proposes)', () => {
  it('are unset by default: the model’s own thresholds apply', () => {
    expect(loadConfig({}).thresholdOverrides).toEqual({});
  });

  it('replace the model’s thresholds when set', () => {
    expect(loadConfig({ ABSTAIN_THRESHOLD: '0.45', HIGH_CONFIDENCE_THRESHOLD: '0.9' }).thresholdOverrides).toEqual({
      abstain: 0.45,
      high: 0.9,
    });
  });

  it('refuse a value outside (0, 1) and an abstain threshold at or above the high one, naming the variable', () => {
    expect(() => loadConfig({ ABSTAIN_THRESHOLD: '1.5' })).toThrow(/ABSTAIN_THRESHOLD/u);
    expect(() => loadConfig({ HIGH_CONFIDENCE_THRESHOLD: 'high' })).toThrow(/HIGH_CONFIDENCE_THRESHOLD: must be a number between 0 and 1/u);
    expect(() => loadConfig({ ABSTAIN_THRESHOLD: '0.9', HIGH_CONFIDENCE_THRESHOLD: '0.8' })).toThrow(
      /ABSTAIN_THRESHOLD: must be below HIGH_CONFIDENCE_THRESHOLD/u,
    );
  });
});

describe('a malformed REDIS_URL is not echoed', () => {
  it('says what is wrong without printing a value that may be the password', () => {
    let message = '';
    try {
      loadConfig({ REDIS_URL: 'hunter2SECRET' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/u);
    expect(message).toContain('a value of 13 characters that is not a URL');
    expect(message).not.toContain('hunter2SECRET');
  });
});
