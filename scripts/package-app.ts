// `npm run app:package`: build the app, then write two things to app/dist/ from what Zendesk
// needs (manifest.json, translations/, assets/) with PUBLIC_URL's host in place of the
// placeholder:
//   - app/dist/zendesk-app/                        the ready folder for `zcli apps:create` /
//     `apps:update` / `apps:server` / `apps:validate` (npm run app:create, …), with
//     zcli.apps.config.json (server_url = PUBLIC_URL) and a .zcliignore that keeps it local;
//   - app/dist/signin-triage-app-<version>.zip     the same files zipped (archiver, the library
//     zcli packages with) for Admin Center → "Upload private app".
// PUBLIC_URL must be https: the sidebar's session token and ticket ids travel to it.
import { createWriteStream, cpSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ZipArchive } from 'archiver';
import { z } from 'zod';

import { APP_DIR, buildApp } from './build-app.js';
import { PACKAGED, checkApp, type CheckResult } from './check-app.js';

/** Name of the ready folder inside the output directory (the npm scripts point zcli at it). */
export const READY_FOLDER = 'zendesk-app';
/** zcli's settings file for apps:server and apps:create (never uploaded). */
export const ZCLI_CONFIG = 'zcli.apps.config.json';
/** The manifest's placeholder origin, replaced by PUBLIC_URL's in the package only. */
const PLACEHOLDER_ORIGIN = 'https://signin-triage.example.com';

export interface PackageAppOptions {
  appDir?: string;
  /** Where the zip and the ready folder go. @defaultValue `<appDir>/dist` */
  outDir?: string;
  /** PUBLIC_URL of the server (https only): its host becomes the manifest's domainWhitelist. */
  publicUrl: string | undefined;
}

export interface PackageAppResult {
  zipPath: string;
  /** The ready folder for zcli (`<outDir>/zendesk-app`). */
  folder: string;
  /** Archive entries, in order. */
  entries: string[];
  check: CheckResult;
}

/** A configuration or check problem, said in one line (the CLI prints it without a stack trace). */
export class PackageAppError extends Error {
  override name = 'PackageAppError';
}

const PublicUrl = z
  .string({ error: 'PUBLIC_URL is not set' })
  .trim()
  .min(1, 'PUBLIC_URL is not set')
  .pipe(z.url({ protocol: /^https$/, error: 'PUBLIC_URL must be an absolute https:// URL' }))
  .refine((url) => {
    const parsed = URL.parse(url);
    return parsed !== null && parsed.username === '' && parsed.password === '' && parsed.search === '' && parsed.hash === '';
  }, 'PUBLIC_URL must have no user, password, query or fragment');

/**
 * PUBLIC_URL as the package needs it: https, without a trailing slash.
 * @throws PackageAppError saying what is wrong and what to set (src/config.ts documents PUBLIC_URL).
 */
export function packagePublicUrl(raw: string | undefined): string {
  const parsed = PublicUrl.safeParse(raw);
  if (!parsed.success) {
    const reason = parsed.error.issues[0]?.message ?? 'PUBLIC_URL is invalid';
    const got = raw === undefined || raw.trim() === '' ? '' : ` (got ${JSON.stringify(raw)})`;
    throw new PackageAppError(
      `${reason}${got}: set PUBLIC_URL to the server's public https address, e.g. PUBLIC_URL=https://triage.example.com npm run app:package`,
    );
  }
  return parsed.data.replace(/\/+$/, '');
}

function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? listFiles(path) : [path];
    });
}

export async function packageApp(options: PackageAppOptions): Promise<PackageAppResult> {
  const publicUrl = packagePublicUrl(options.publicUrl);
  const appDir = options.appDir ?? APP_DIR;
  const outDir = options.outDir ?? join(appDir, 'dist');
  await buildApp(appDir);

  const folder = join(outDir, READY_FOLDER);
  const appId = previousAppId(folder);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  for (const entry of PACKAGED) cpSync(join(appDir, entry), join(folder, entry), { recursive: true });
  const manifest = writeRealHost(join(folder, 'manifest.json'), publicUrl);

  const check = checkApp(folder);
  if (check.errors.length > 0) {
    throw new PackageAppError(`the app does not pass the checks: ${check.errors.map((p) => `${p.file}: ${p.message}`).join('; ')}`);
  }
  const version = typeof manifest.version === 'string' ? manifest.version : '0.0.0';
  const files = listFiles(folder).map((path) => relative(folder, path).split(sep).join('/'));
  // manifest.json first: some tools only peek at the first entry.
  const entries = ['manifest.json', ...files.filter((file) => file !== 'manifest.json')];
  const zipPath = join(outDir, `signin-triage-app-${version}.zip`);
  await writeZip(zipPath, folder, entries);
  writeZcliFiles(folder, publicUrl, appId);
  return { zipPath, folder, entries, check };
}

interface Manifest {
  version?: unknown;
  domainWhitelist?: string[];
  location?: { support?: Record<string, { url?: string }> };
}

/** The sidebar loads from our server (signed URLs): the placeholder origin becomes PUBLIC_URL's. */
function writeRealHost(manifestPath: string, publicUrl: string): Manifest {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  manifest.domainWhitelist = [new URL(publicUrl).hostname];
  for (const place of Object.values(manifest.location?.support ?? {})) {
    if (typeof place.url === 'string' && place.url.startsWith(`${PLACEHOLDER_ORIGIN}/`)) {
      place.url = `${publicUrl}${place.url.slice(PLACEHOLDER_ORIGIN.length)}`;
    }
  }
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * zcli reads the settings from `zcli.apps.config.json` in the app folder (zcli 1.0.1
 * getAppSettings; it prompts for any missing one), so `npm run app:server` / `app:create` start
 * with server_url = PUBLIC_URL. The `.zcliignore` keeps that file out of what zcli uploads.
 */
function writeZcliFiles(folder: string, publicUrl: string, appId: string | number | null): void {
  const config = { parameters: { server_url: publicUrl }, ...(appId !== null ? { app_id: appId } : {}) };
  writeFileSync(join(folder, ZCLI_CONFIG), `${JSON.stringify(config, null, 2)}\n`);
  writeFileSync(join(folder, '.zcliignore'), `${ZCLI_CONFIG}\n`);
}

const ZcliConfig = z.object({ app_id: z.union([z.number().int().positive(), z.string().regex(/^\d{1,20}$/)]) });

/**
 * The `app_id` that `zcli apps:create` wrote into the ready folder's config, kept across
 * re-packaging so `npm run app:update` finds the app; null when there is none or it is unreadable.
 */
function previousAppId(folder: string): string | number | null {
  try {
    const parsed = ZcliConfig.safeParse(JSON.parse(readFileSync(join(folder, ZCLI_CONFIG), 'utf8')));
    return parsed.success ? parsed.data.app_id : null;
  } catch {
    return null;
  }
}

async function writeZip(zipPath: string, folder: string, entries: string[]): Promise<void> {
  // Written aside, then renamed: an upload never picks up a half-written zip.
  const temporary = `${zipPath}.${process.pid}.tmp`;
  const output = createWriteStream(temporary);
  const archive = new ZipArchive({ zlib: { level: 9 } });
  const failed = new Promise<never>((_resolve, reject) => archive.on('error', reject));
  archive.pipe(output);
  // Buffers, not archive.file(): file() stats several files at once and may write them out of
  // order; the manifest must come first and the order must not change from one build to the next.
  for (const name of entries) archive.append(readFileSync(join(folder, name)), { name });
  await Promise.race([Promise.all([archive.finalize(), finished(output)]), failed]);
  renameSync(temporary, zipPath);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const result = await packageApp({ publicUrl: process.env.PUBLIC_URL });
    for (const warning of result.check.warnings) process.stdout.write(`warning: ${warning.file}: ${warning.message}\n`);
    process.stdout.write(
      `wrote ${relative(process.cwd(), result.zipPath)} (${result.entries.length} files, for "Upload private app")\n` +
        `and ${relative(process.cwd(), result.folder)}/ (for npm run app:create / app:update / app:server / app:validate)\n`,
    );
  } catch (error) {
    if (!(error instanceof PackageAppError)) throw error;
    process.stderr.write(`app:package: ${error.message}\n`);
    process.exitCode = 1;
  }
}
