import { describe, expect, it } from 'vitest';

import { loadConfig } from '../../../src/config.js';
import { judgePublicUrl } from '../../../src/runtime/public-url-policy.js';

const ACCOUNT = {
  ZENDESK_SUBDOMAIN: 'acme',
  ZENDESK_EMAIL: 'integration@acme.example',
  ZENDESK_API_TOKEN: 'token-0123456789',
  ZENDESK_WEBHOOK_SECRET: 'webhook-secret-0123456789',
  SIDEBAR_SESSION_SECRET: 's'.repeat(40),
};

const judge = (env: NodeJS.ProcessEnv) => judgePublicUrl(loadConfig(env));

describe('an http:// PUBLIC_URL at start-up', () => {
  it('is refused in production with a Zendesk account, naming the risk, the fix and ALLOW_HTTP_PUBLIC_URL', () => {
    const verdict = judge({ ...ACCOUNT, PUBLIC_URL: 'http://triage.acme.example' });
    expect(verdict.action).toBe('refuse');
    expect(verdict).toMatchObject({
      message: expect.stringMatching(
        /^PUBLIC_URL is http:\/\/triage\.acme\.example: over plain http .*ticket ids.*sidebar's signed token and session token travel in clear\. Use an https address .*or set ALLOW_HTTP_PUBLIC_URL=on/,
      ),
    });
  });

  it('is a warning in production with ALLOW_HTTP_PUBLIC_URL=on, and outside production', () => {
    expect(judge({ ...ACCOUNT, PUBLIC_URL: 'http://triage.acme.example', ALLOW_HTTP_PUBLIC_URL: 'on' })).toMatchObject({
      action: 'warn',
      message: expect.stringContaining('accepted because ALLOW_HTTP_PUBLIC_URL=on'),
    });
    expect(judge({ ...ACCOUNT, NODE_ENV: 'development', PUBLIC_URL: 'http://10.0.0.5:3000' })).toMatchObject({
      action: 'warn',
      message: expect.stringContaining('travel in clear'),
    });
  });

  it('says nothing for https, localhost, an unset PUBLIC_URL, or sandbox mode (no account)', () => {
    expect(judge({ ...ACCOUNT, PUBLIC_URL: 'https://triage.acme.example' })).toEqual({ action: 'ok' });
    for (const local of ['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000'])
      expect(judge({ ...ACCOUNT, PUBLIC_URL: local })).toEqual({ action: 'ok' });
    expect(judge(ACCOUNT)).toEqual({ action: 'ok' });
    expect(judge({ PUBLIC_URL: 'http://triage.acme.example' })).toEqual({ action: 'ok' });
  });
});
