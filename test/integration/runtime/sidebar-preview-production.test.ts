// The sandbox's sidebar preview exists in sandbox mode only (start-service.ts): a service with a
// Zendesk account configured, here as production, serves none of /sandbox, prints no preview
// link, and its sidebar page keeps Zendesk's official SDK and the strict frame-ancestors.
// (Its presence in sandbox mode: test/integration/zendesk-sandbox/sidebar-preview.browser.test.ts.)
import { describe, expect, it } from 'vitest';

import { ZAF_SDK_URL } from '../../../src/server/zaf-sdk.js';
import { useServiceFixture } from '../../support/service-fixture.js';

describe('a configured (production) service', () => {
  const fixture = useServiceFixture({ appendonly: false });

  it('mounts no sidebar preview and serves the sidebar with Zendesk’s own SDK', async () => {
    const { sandbox } = fixture();
    const service = await fixture().start('api', {
      prefix: fixture().newPrefix('preview-absent'),
      extra: { NODE_ENV: 'production', ZENDESK_APP_ID: String(sandbox.app.appId) },
    });
    // Production indeed: /metrics is locked without ADMIN_USER/ADMIN_PASSWORD; no stand-in of its own.
    expect((await fetch(`${service.url}/metrics`)).status).toBe(401);
    expect(service.output()).toContain('"sandbox":false');

    for (const path of ['/sandbox/sidebar', '/sandbox/sidebar?ticket=1001', '/sandbox/workspace.json', '/sandbox/zaf-sdk-standin.js']) {
      const response = await fetch(`${service.url}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.json(), path).toEqual({ error: 'not found' });
    }
    expect(service.output()).not.toContain('Sidebar preview');

    // The sidebar page, loaded as Zendesk loads it (the account's app key signs the URL).
    const token = await sandbox.signUrlToken({ userId: sandbox.agent.id });
    const page = await fetch(`${service.url}/app/sidebar?origin=https%3A%2F%2Fx.zendesk.com&app_guid=g`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`<script src="${ZAF_SDK_URL}"></script>`);
    expect(html).not.toContain('/sandbox/');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self' https://static.zdassets.com;");
    expect(csp).toContain(`frame-ancestors ${new URL(sandbox.url).origin} https://*.zendesk.com`);
    expect(csp).not.toContain("'self' https://*.zendesk.com");
  }, 120_000);
});
