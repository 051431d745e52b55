// `npm run app:package`: build the app, stage what Zendesk needs (manifest.json, translations/,
// assets/), check it, and zip it to app/dist/signin-triage-app-<version>.zip for
// "Upload private app" in Admin Center or `zcli apps:create`/`apps:update`.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

import { loadConfig } from '../src/config.js';
import { APP_DIR, buildApp } from './build-app.js';
import { PACKAGED, checkApp, type CheckResult } from './check-app.js';
import { createZip } from './lib/zip.js';

export interface PackageAppOptions {
  appDir?: string;
  /** Where the zip goes. @defaultValue `<appDir>/dist` */
  outDir?: string;
  /** PUBLIC_URL of the server: its host replaces the manifest's placeholder domainWhitelist. */
  publicUrl?: string | null;
}

export interface PackageAppResult {
  zipPath: string;
  /** Archive entries, in order. */
  entries: string[];
  check: CheckResult;
}

export class PackageAppError extends Error {
  override name = 'PackageAppError';
}

function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? listFiles(path) : [path];
    });
}

export async function packageApp(options: PackageAppOptions = {}): Promise<PackageAppResult> {
  const appDir = options.appDir ?? APP_DIR;
  const outDir = options.outDir ?? join(appDir, 'dist');
  await buildApp(appDir);

  const stage = mkdtempSync(join(tmpdir(), 'signin-triage-package-'));
  try {
    return stageAndZip(appDir, stage, outDir, options.publicUrl ?? null);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

function stageAndZip(appDir: string, stage: string, outDir: string, publicUrl: string | null): PackageAppResult {
  for (const entry of PACKAGED) cpSync(join(appDir, entry), join(stage, entry), { recursive: true });

  const manifestPath = join(stage, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    version?: unknown;
    domainWhitelist?: string[];
    location?: { support?: Record<string, { url?: string }> };
  };
  if (publicUrl) {
    manifest.domainWhitelist = [new URL(publicUrl).hostname];
    // The sidebar loads from our server (signed URLs): the placeholder origin becomes PUBLIC_URL's.
    for (const place of Object.values(manifest.location?.support ?? {})) {
      if (typeof place.url === 'string')
        place.url = place.url.replace(/^https:\/\/signin-triage\.example\.com/, publicUrl.replace(/\/+$/, ''));
    }
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  }

  const check = checkApp(stage);
  if (check.errors.length > 0) {
    throw new PackageAppError(`the app does not pass the checks:\n${check.errors.map((p) => `  - ${p.file}: ${p.message}`).join('\n')}`);
  }
  const version = typeof manifest.version === 'string' ? manifest.version : '0.0.0';

  const files = listFiles(stage).map((path) => relative(stage, path).split(sep).join('/'));
  // manifest.json first: some tools only peek at the first entry.
  const entries = ['manifest.json', ...files.filter((file) => file !== 'manifest.json')];
  const zip = createZip(entries.map((name) => ({ name, data: readFileSync(join(stage, name)) })));
  mkdirSync(outDir, { recursive: true });
  const zipPath = join(outDir, `signin-triage-app-${version}.zip`);
  writeFileSync(zipPath, zip);
  return { zipPath, entries, check };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const config = loadConfig(process.env);
  const result = await packageApp({ publicUrl: config.publicUrl });
  for (const warning of result.check.warnings) process.stdout.write(`warning: ${warning.file}: ${warning.message}\n`);
  process.stdout.write(`wrote ${relative(process.cwd(), result.zipPath)} (${result.entries.length} files)\n`);
}
