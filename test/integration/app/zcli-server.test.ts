// `npm run app:server` = `zcli apps:server app/dist/zendesk-app`: the pinned @zendesk/zcli serves
// the folder app:package writes, as a Zendesk agent UI opened with ?zcli_apps=true would load it.
// Runs the real zcli (offline: apps:server needs no account).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { REPO_ROOT } from '../../../scripts/build-app.js';
import { packageApp } from '../../../scripts/package-app.js';
import { freePort } from '../../support/free-port.js';

const PUBLIC_URL = 'https://triage.acme.test';

/** The part of zcli's app.json (zcli-apps lib/buildAppJSON.ts) this test reads. */
const AppJson = z.object({
  apps: z
    .array(
      z.object({
        name: z.string(),
        id: z.string(),
        asset_url_prefix: z.string(),
        signed_urls: z.boolean().optional(),
        framework_version: z.string(),
        locations: z.record(z.string(), z.record(z.string(), z.object({ url: z.string() }).passthrough())),
      }),
    )
    .length(1),
  installations: z.array(z.object({ app_id: z.string(), settings: z.array(z.record(z.string(), z.unknown())) })).length(1),
});

let outDir: string;
let folder: string;
let zcli: ChildProcess | undefined;
let baseUrl: string;
let output = '';

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'signin-triage-zcli-server-'));
  ({ folder } = await packageApp({ outDir, publicUrl: PUBLIC_URL }));
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  // The same command as `npm run app:server`, on the test's own folder and port. stdin is closed:
  // if zcli ever prompted for a setting, the test would fail rather than wait.
  zcli = spawn(join(REPO_ROOT, 'node_modules/.bin/zcli'), ['apps:server', folder, '--port', String(port), '--bind', '127.0.0.1'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  zcli.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  zcli.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 45_000;
  while (!output.includes('Apps server is running')) {
    if (zcli.exitCode !== null || Date.now() > deadline) throw new Error(`zcli apps:server did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}, 60_000);

afterAll(() => {
  if (zcli?.pid !== undefined && zcli.exitCode === null) zcli.kill('SIGTERM');
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('zcli apps:server on the packaged folder', () => {
  it('lists the ticket sidebar (our server, signed URLs) and both installation settings, without prompting', async () => {
    const response = await fetch(`${baseUrl}/app.json`);
    expect(response.status).toBe(200);
    const appJson = AppJson.parse(await response.json());
    const [app] = appJson.apps;
    expect(app).toMatchObject({ name: 'signin-triage', framework_version: '2.0', signed_urls: true });
    expect(app!.locations).toEqual({ support: { ticket_sidebar: { url: `${PUBLIC_URL}/app/sidebar`, flexible: true } } });
    // zcli's installation carries the title and every manifest parameter, read from the
    // zcli.apps.config.json app:package wrote (server_url = PUBLIC_URL).
    expect(appJson.installations[0]!.settings).toEqual([{ title: 'signin-triage' }, { server_url: PUBLIC_URL }]);
    expect(output).not.toMatch(/Enter .* value/);
  });

  it('serves every asset with 200 and the packaged bytes', async () => {
    const appJson = AppJson.parse(await (await fetch(`${baseUrl}/app.json`)).json());
    // zcli announces its assets on "localhost"; the server is bound to 127.0.0.1.
    const prefix = appJson.apps[0]!.asset_url_prefix.replace('//localhost:', '//127.0.0.1:');
    const assets = readdirSync(join(folder, 'assets')).sort();
    expect(assets).toEqual(['iframe.html', 'logo-small.png', 'logo.png', 'main.css', 'main.js']);
    for (const asset of assets) {
      const response = await fetch(`${prefix}${asset}`);
      expect(response.status, asset).toBe(200);
      expect(Buffer.from(await response.arrayBuffer()).equals(readFileSync(join(folder, 'assets', asset))), asset).toBe(true);
    }
    expect((await fetch(`${prefix}missing.js`)).status).toBe(404);
  });
});
