import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import AdmZip from 'adm-zip';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { APP_DIR, buildApp, REPO_ROOT } from '../../../scripts/build-app.js';
import { checkApp } from '../../../scripts/check-app.js';
import { PackageAppError, packageApp } from '../../../scripts/package-app.js';
import { ZAF_SDK_URL } from '../../../src/server/zaf-sdk.js';

/** Reads a zip with a kept library (adm-zip checks each entry's CRC-32 as it inflates it). */
function readZip(archive: Buffer): Array<{ name: string; data: Buffer }> {
  return new AdmZip(archive).getEntries().map((entry) => ({ name: entry.entryName, data: entry.getData() }));
}

function pngSize(data: Buffer): { width: number; height: number } {
  const { width, height } = PNG.sync.read(data);
  return { width, height };
}

/** Every file under `root`, as sorted '/'-separated paths relative to it. */
function filesUnder(root: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
  return walk(root)
    .map((path) => relative(root, path).split(sep).join('/'))
    .sort();
}

const scratch: string[] = [];

/** A copy of the built app in a temp dir, changed by `edit`, to prove each rule can fail. */
function brokenCopy(edit: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'signin-triage-app-'));
  scratch.push(dir);
  for (const entry of ['manifest.json', 'translations', 'assets']) cpSync(join(APP_DIR, entry), join(dir, entry), { recursive: true });
  edit(dir);
  return dir;
}

function editJson(path: string, change: (json: Record<string, any>) => void): void {
  const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>;
  change(json);
  writeFileSync(path, JSON.stringify(json));
}

function errorsOf(dir: string): string[] {
  return checkApp(dir).errors.map((problem) => `${problem.file}: ${problem.message}`);
}

beforeAll(async () => {
  await buildApp();
});

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe('the app in app/', () => {
  it('passes every check', () => {
    expect(errorsOf(APP_DIR)).toEqual([]);
  });

  it('is a private ZAF v2 ticket sidebar loaded from the server with signed URLs, holding no secret', () => {
    const manifest = JSON.parse(readFileSync(join(APP_DIR, 'manifest.json'), 'utf8'));
    expect(manifest.frameworkVersion).toBe('2.0');
    expect(manifest.private).toBe(true);
    // Zendesk POSTs the iframe to our server with an RS256 token naming the agent (app/README.md).
    expect(manifest.signedUrls).toBe(true);
    expect(manifest.location.support.ticket_sidebar).toEqual({ url: 'https://signin-triage.example.com/app/sidebar', flexible: true });
    expect(Object.keys(manifest.location.support)).toEqual(['ticket_sidebar']);
    // The proxy may call the server's host (the placeholder until app:package puts PUBLIC_URL's).
    expect(manifest.domainWhitelist).toEqual([new URL(manifest.location.support.ticket_sidebar.url).hostname]);
    // One plain setting: no shared secret for the browser to get Zendesk's proxy to sign with.
    expect(manifest.parameters).toEqual([{ name: 'server_url', type: 'url', required: true }]);
    expect(JSON.stringify(manifest)).not.toMatch(/secure|jwt|secret/i);
  });

  it('has committed PNG logos of the sizes Zendesk asks for (pngjs decodes them whole)', () => {
    expect(pngSize(readFileSync(join(APP_DIR, 'assets/logo.png')))).toEqual({ width: 320, height: 320 });
    expect(pngSize(readFileSync(join(APP_DIR, 'assets/logo-small.png')))).toEqual({ width: 128, height: 128 });
    const tracked = execFileSync('git', ['ls-files', 'app/assets'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\n');
    expect(tracked).toEqual(expect.arrayContaining(['app/assets/logo.png', 'app/assets/logo-small.png']));
  });

  it("loads Zendesk's official ZAF SDK from Zendesk's asset host, then the app built locally", () => {
    expect(ZAF_SDK_URL).toBe('https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js');
    const html = readFileSync(join(APP_DIR, 'assets/iframe.html'), 'utf8');
    expect([...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1])).toEqual([ZAF_SDK_URL, 'main.js']);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csp).toContain("script-src 'self' https://static.zdassets.com;");
    expect(readFileSync(join(APP_DIR, 'assets/main.js'), 'utf8').startsWith('/* DO-NOT-EDIT')).toBe(true);
    // No copy of the SDK of our own, nor the third-party npm republish.
    expect(existsSync(join(APP_DIR, 'assets/zaf_sdk.min.js'))).toBe(false);
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    expect({ ...pkg.dependencies, ...pkg.devDependencies }).not.toHaveProperty('zendesk_app_framework_sdk');
  });
});

describe('checkApp refuses', () => {
  const cases: Array<[string, (dir: string) => void, RegExp]> = [
    ['a manifest without author', (d) => editJson(join(d, 'manifest.json'), (m) => delete m.author), /missing required keys: author/],
    [
      'a manifest without frameworkVersion',
      (d) => editJson(join(d, 'manifest.json'), (m) => delete m.frameworkVersion),
      /missing required keys: frameworkVersion/,
    ],
    [
      'an unserved framework version',
      (d) => editJson(join(d, 'manifest.json'), (m) => (m.frameworkVersion = '1.0')),
      /frameworkVersion "1.0" is not served/,
    ],
    [
      'an assets/ location URL that does not exist',
      (d) => editJson(join(d, 'manifest.json'), (m) => (m.location.support.ticket_sidebar.url = 'assets/missing.html')),
      /assets\/missing.html, which does not exist/,
    ],
    [
      'a relative location outside assets/',
      (d) => editJson(join(d, 'manifest.json'), (m) => (m.location.support.ticket_sidebar.url = 'app/sidebar')),
      /must be under assets\/ \(got "app\/sidebar"\)/,
    ],
    [
      'a signedUrls flag that is not a boolean',
      (d) => editJson(join(d, 'manifest.json'), (m) => (m.signedUrls = 'yes')),
      /signedUrls must be true or false/,
    ],
    [
      'a plain-http location',
      (d) => editJson(join(d, 'manifest.json'), (m) => (m.location.support.ticket_sidebar.url = 'http://x.test/a')),
      /must be https/,
    ],
    [
      'an unknown parameter type',
      (d) => editJson(join(d, 'manifest.json'), (m) => (m.parameters[0].type = 'password')),
      /has type "password"/,
    ],
    [
      'a secure parameter without scopes',
      (d) => editJson(join(d, 'manifest.json'), (m) => m.parameters.push({ name: 'api_token', type: 'text', secure: true })),
      /must declare scopes/,
    ],
    [
      'an unknown scope',
      (d) =>
        editJson(join(d, 'manifest.json'), (m) =>
          m.parameters.push({ name: 'api_token', type: 'text', secure: true, scopes: ['header', 'everywhere'] }),
        ),
      /unknown scope "everywhere"/,
    ],
    [
      'a secret-looking parameter that is not secure',
      (d) => editJson(join(d, 'manifest.json'), (m) => m.parameters.push({ name: 'api_token', type: 'text', scopes: ['header'] })),
      /looks like a credential/,
    ],
    ['a missing default-locale file', (d) => rmSync(join(d, 'translations/en.json')), /translations\/en.json is missing/],
    ['a default locale without app.name', (d) => editJson(join(d, 'translations/en.json'), (j) => delete j.app.name), /needs app.name/],
    [
      'a parameter without a label',
      (d) => editJson(join(d, 'translations/en.json'), (j) => delete j.app.parameters.server_url.label),
      /needs app.parameters.server_url.label/,
    ],
    [
      'a locale missing a key',
      (d) => editJson(join(d, 'translations/fr.json'), (j) => delete j.ui.retry),
      /translations\/fr.json: misses keys .*ui.retry/,
    ],
    [
      'a locale with an extra key',
      (d) => editJson(join(d, 'translations/de.json'), (j) => (j.ui.extra = 'x')),
      /has keys that .* lacks: ui.extra/,
    ],
    [
      'a logo of the wrong size',
      (d) => cpSync(join(d, 'assets/logo-small.png'), join(d, 'assets/logo.png')),
      /logo.png: must be 320×320 pixels, is 128×128/,
    ],
    ['a logo that is not a PNG', (d) => writeFileSync(join(d, 'assets/logo-small.png'), 'GIF89a'), /logo-small.png: is not a PNG/],
    [
      'a JWT in the source',
      (d) => writeFileSync(join(d, 'assets/extra.js'), `const t = "eyJhbGciOiJIUzI1NiJ9.eyJ0aWNrZXRfaWQiOjF9.c2lnbmF0dXJlc2lnbmF0dXJl";`),
      /extra.js: contains what looks like a JSON Web Token/,
    ],
    [
      'a private key in the source',
      (d) => writeFileSync(join(d, 'assets/extra.js'), '-----BEGIN RSA PRIVATE KEY-----'),
      /looks like a private key/,
    ],
    [
      'a plain-http URL',
      (d) => writeFileSync(join(d, 'assets/extra.css'), 'a{background:url(http://cdn.test/x.png)}'),
      /plain-http URL http:\/\/cdn.test\/x.png/,
    ],
    [
      "a remote script other than Zendesk's SDK",
      (d) =>
        writeFileSync(
          join(d, 'assets/iframe.html'),
          '<script src="https://cdn.jsdelivr.net/npm/zendesk_app_framework_sdk/zaf.js"></script>',
        ),
      /loads a remote script/,
    ],
    [
      'another version of the SDK',
      (d) =>
        writeFileSync(
          join(d, 'assets/iframe.html'),
          '<script src="https://static.zdassets.com/zendesk_app_framework_sdk/1.0/zaf_sdk.min.js"></script>',
        ),
      /loads a remote script/,
    ],
    ['an inline script', (d) => writeFileSync(join(d, 'assets/iframe.html'), '<script>alert(1)</script>'), /has an inline script/],
  ];

  it.each(cases)('%s', (_name, edit, expected) => {
    const errors = errorsOf(brokenCopy(edit));
    expect(
      errors.some((error) => expected.test(error)),
      errors.join('\n'),
    ).toBe(true);
  });

  it('warns (only) about the placeholder host, in the whitelist and in the location URL', () => {
    const { errors, warnings } = checkApp(APP_DIR);
    expect(errors).toEqual([]);
    const text = warnings.map((w) => w.message).join('\n');
    expect(text).toMatch(/placeholder "signin-triage.example.com"/);
    expect(text).toMatch(/location.support.ticket_sidebar.url still has the placeholder host/);
  });
});

describe('packageApp', () => {
  it('refuses to build without an https PUBLIC_URL, saying why in one line', async () => {
    for (const publicUrl of [undefined, '', 'http://triage.acme.test', 'triage.acme.test', 'https://user:pw@triage.acme.test']) {
      const failure = packageApp({ outDir: mkdtempSync(join(tmpdir(), 'signin-triage-zip-')), publicUrl });
      await expect(failure, String(publicUrl)).rejects.toThrow(PackageAppError);
      await expect(failure).rejects.toThrow(/^PUBLIC_URL .*: set PUBLIC_URL to the server's public https address/);
    }
  });

  it('the CLI exits non-zero with the reason in one line and no stack trace', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/package-app.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PUBLIC_URL: 'http://triage.acme.test' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      'app:package: PUBLIC_URL must be an absolute https:// URL (got "http://triage.acme.test"): set PUBLIC_URL to the server\'s public https address, e.g. PUBLIC_URL=https://triage.example.com npm run app:package',
    ]);
  });

  it('zips manifest.json, translations/ and assets/ with the server host as the only whitelisted domain, and writes the same ready folder for zcli', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'signin-triage-zip-'));
    scratch.push(outDir);
    const { zipPath, folder, entries } = await packageApp({ outDir, publicUrl: 'https://triage.acme.test/base/' });
    const version = JSON.parse(readFileSync(join(APP_DIR, 'manifest.json'), 'utf8')).version as string;
    expect(zipPath).toBe(join(outDir, `signin-triage-app-${version}.zip`));
    expect(folder).toBe(join(outDir, 'zendesk-app'));

    const files = readZip(readFileSync(zipPath));
    expect(files.map((file) => file.name)).toEqual(entries);
    expect(entries[0]).toBe('manifest.json');
    const expected = [
      'assets/iframe.html',
      'assets/logo-small.png',
      'assets/logo.png',
      'assets/main.css',
      'assets/main.js',
      'manifest.json',
      ...['de', 'en', 'es', 'fr', 'it'].map((locale) => `translations/${locale}.json`),
    ];
    expect([...entries].sort()).toEqual(expected);
    // The ready folder holds exactly what the zip holds, byte for byte, plus zcli's settings
    // (server_url = PUBLIC_URL) and the .zcliignore that keeps them out of any upload.
    expect(filesUnder(folder)).toEqual(['.zcliignore', ...expected, 'zcli.apps.config.json'].sort());
    expect(JSON.parse(readFileSync(join(folder, 'zcli.apps.config.json'), 'utf8'))).toEqual({
      parameters: { server_url: 'https://triage.acme.test/base' },
    });
    expect(readFileSync(join(folder, '.zcliignore'), 'utf8').split('\n')).toContain('zcli.apps.config.json');

    // zcli apps:create records the app's id there; packaging again keeps it for app:update.
    writeFileSync(join(folder, 'zcli.apps.config.json'), JSON.stringify({ parameters: {}, app_id: 1064193 }));
    await packageApp({ outDir, publicUrl: 'https://triage.acme.test/base' });
    expect(JSON.parse(readFileSync(join(folder, 'zcli.apps.config.json'), 'utf8'))).toEqual({
      parameters: { server_url: 'https://triage.acme.test/base' },
      app_id: 1064193,
    });
    for (const file of files) expect(readFileSync(join(folder, file.name)).equals(file.data), file.name).toBe(true);
    // No placeholder left; the one warning is Zendesk's generic one (main.js reads `url.password` to refuse credentials in server_url).
    const packagedCheck = checkApp(folder);
    expect(packagedCheck.errors).toEqual([]);
    expect(packagedCheck.warnings.filter((warning) => !/may contain secrets/.test(warning.message))).toEqual([]);

    const manifest = JSON.parse(files.find((file) => file.name === 'manifest.json')!.data.toString('utf8'));
    expect(manifest.domainWhitelist).toEqual(['triage.acme.test']);
    // The sidebar loads from the server (PUBLIC_URL, path kept), still with signed URLs.
    expect(manifest.location.support.ticket_sidebar).toEqual({ url: 'https://triage.acme.test/base/app/sidebar', flexible: true });
    expect(manifest.signedUrls).toBe(true);
    expect(pngSize(files.find((file) => file.name === 'assets/logo.png')!.data)).toEqual({ width: 320, height: 320 });
    // The source manifest keeps its placeholder; only the package carries the real host.
    const source = JSON.parse(readFileSync(join(APP_DIR, 'manifest.json'), 'utf8'));
    expect(source.domainWhitelist).toEqual(['signin-triage.example.com']);
    expect(source.location.support.ticket_sidebar.url).toBe('https://signin-triage.example.com/app/sidebar');

    if (existsSync('/usr/bin/unzip')) {
      // A second, independent reader: Info-ZIP's integrity test.
      expect(execFileSync('/usr/bin/unzip', ['-t', zipPath], { encoding: 'utf8' })).toContain('No errors detected');
    }
  });

  it("zcli's own packager, pointed at the source folder, uploads only the app (app/.zcliignore)", async () => {
    // zcli apps:validate / apps:create zip the folder with this function before uploading it.
    const require = createRequire(import.meta.url);
    const { createAppPkg } = require('@zendesk/zcli-apps/dist/lib/package.js') as {
      createAppPkg: (appPath: string, pkgDir?: string) => Promise<string>;
    };
    const copy = mkdtempSync(join(tmpdir(), 'signin-triage-zcli-'));
    scratch.push(copy);
    cpSync(APP_DIR, copy, { recursive: true });
    writeFileSync(join(copy, 'zcli.apps.config.json'), '{"parameters":{"server_url":"https://triage.acme.test"}}');
    const names = readZip(readFileSync(await createAppPkg(copy))).map((entry) => entry.name);
    const packaged = names.filter((name) => !name.endsWith('/')).sort();
    expect(packaged).toEqual(filesUnder(copy).filter((file) => file === 'manifest.json' || /^(translations|assets)\//.test(file)));
    expect(packaged.some((name) => /^(src|dist|tmp)\/|tsconfig|README|zcli\.apps/.test(name))).toBe(false);

    // The ready folder app:package writes: zcli uploads the app and keeps its settings file local.
    const outDir = mkdtempSync(join(tmpdir(), 'signin-triage-zcli-ready-'));
    scratch.push(outDir);
    const { folder, entries } = await packageApp({ outDir, publicUrl: 'https://triage.acme.test' });
    const uploaded = readZip(readFileSync(await createAppPkg(folder, join('..', 'zcli-tmp'))))
      .map((entry) => entry.name)
      .filter((name) => !name.endsWith('/'))
      .sort();
    expect(uploaded).toEqual([...entries].sort());
  });
});
