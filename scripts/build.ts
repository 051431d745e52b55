/**
 * `npm run build [-- --out-dir DIR]`: the service, the worker and the CLI as plain JavaScript
 * under DIR (default dist/), with the files they read at run time, so production runs
 * `node dist/src/main.js` with no TypeScript loader. Each module is transpiled on its own by
 * esbuild (no bundling: worker threads and `import.meta.url` paths keep the sources' layout);
 * type checking is `npm run lint`'s job (tsc --noEmit), as for the sources.
 *
 * DIR/src/…, DIR/worker/…   compiled modules (.js + source maps), same layout as the sources
 * DIR/src/playbook/         playbook.yaml, model.json, corpus/ (the model's hash covers them)
 * DIR/src/triage/*.ts,      the pipeline sources the model file's hash covers, among them the
 * DIR/src/playbook/*.ts     playbook's parser (read, never run: the start-up staleness check
 *                           hashes them as from the sources)
 * DIR/app/assets/           the sidebar page's files, when present (`npm run app:build`)
 * DIR/node_modules/zod/      zod bundled into one ES module (BUNDLED_PACKAGES): Node resolves
 *                           `zod` from DIR/src/… there first, so the compiled code loads one
 *                           file instead of zod's 95 modules (about 25 ms less at every start)
 * DIR/node_modules/chrono-node/  chrono's five locales the timestamp check requires, one
 *                           CommonJS file each (bundleChronoLocales)
 *
 * DIR must be inside the repository (node_modules is found by walking up from it).
 * Throws (exit code 1) with esbuild's errors when a module does not parse.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build as esbuild } from 'esbuild';
import { LANGUAGES } from '../src/triage/diagnosis.js';
import { PIPELINE_FILES } from '../src/triage/model-file.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Folders of TypeScript modules that run in production. */
const SOURCE_DIRS = ['src', 'worker'];

/** Files read at run time relative to a module, besides the compiled code (paths from ROOT). */
const RUNTIME_FILES = ['src/playbook/playbook.yaml', 'src/playbook/model.json', 'src/playbook/corpus'];

/**
 * Packages of many ES modules that the compiled code imports by their main entry only: each is
 * bundled by esbuild into DIR/node_modules/<name>/index.js (the same code, evaluated the same
 * way, as one module), with a package.json naming that entry. Only the compiled modules under DIR
 * resolve to it; node_modules keeps the original for everything else (nothing else there uses
 * zod: `npm ls zod`).
 */
const BUNDLED_PACKAGES = ['zod'];

/**
 * Writes the package.json of a bundle in DIR/node_modules/<name> (the original's name, version
 * and licence, with `fields`) and copies the original's licence file(s) beside it. The version
 * must be the original's: the model file's source hash names it (model-file.ts, PIPELINE_PACKAGES).
 */
function writeBundleManifest(name: string, target: string, fields: Record<string, unknown>): void {
  const from = join(ROOT, 'node_modules', name);
  const { version, license } = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8')) as { version: string; license?: string };
  for (const file of readdirSync(from).filter((entry) => /^licen[cs]e/i.test(entry))) cpSync(join(from, file), join(target, file));
  const manifest = { name, version, description: `${name} ${version} bundled by scripts/build.ts`, license, ...fields };
  writeFileSync(join(target, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Bundles a package's main entry (every named export and the default one) into DIR/node_modules/<name>. */
async function bundlePackage(name: string, outDir: string): Promise<void> {
  const target = join(outDir, 'node_modules', name);
  await esbuild({
    stdin: { contents: `export * from '${name}';\nexport { default } from '${name}';\n`, resolveDir: ROOT, sourcefile: `${name}-entry.js` },
    outfile: join(target, 'index.js'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  writeBundleManifest(name, target, { type: 'module', exports: { '.': './index.js' } });
}

/**
 * chrono-node's locales as the timestamp check requires them (`chrono-node/<language>`,
 * src/triage/escalation/check-timestamp.ts), each bundled by esbuild into one CommonJS file,
 * DIR/node_modules/chrono-node/<language>.cjs, with a package.json exporting those subpaths only.
 * A locale is about 50 modules of chrono's: as one file, the first ticket in a language loads it
 * in 10-18 ms instead of 60-80 (measured on branch h-cold2, 2026-11-30). The compiled code can
 * require no other path of chrono's (ERR_PACKAGE_PATH_NOT_EXPORTED): the compiled-service test
 * reads a time in each language through the build.
 */
async function bundleChronoLocales(outDir: string): Promise<void> {
  const name = 'chrono-node';
  const target = join(outDir, 'node_modules', name);
  const exports: Record<string, string> = {};
  for (const language of LANGUAGES) {
    exports[`./${language}`] = `./${language}.cjs`;
    await esbuild({
      stdin: {
        contents: `module.exports = require('${name}/${language}');\n`,
        resolveDir: ROOT,
        sourcefile: `${name}-${language}-entry.cjs`,
      },
      outfile: join(target, `${language}.cjs`),
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      logLevel: 'warning',
    });
  }
  writeBundleManifest(name, target, { exports });
}

/** The TypeScript modules the service runs (tests and type declarations excluded). */
function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return modules(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

export async function build(outDir: string): Promise<void> {
  if (!resolve(outDir).startsWith(ROOT))
    throw new Error(`--out-dir must be inside ${ROOT} (got ${outDir}): node_modules is found from there`);
  rmSync(outDir, { recursive: true, force: true });
  await esbuild({
    entryPoints: SOURCE_DIRS.flatMap((dir) => modules(join(ROOT, dir))),
    outdir: outDir,
    outbase: ROOT,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    bundle: false,
    logLevel: 'warning',
  });
  const copy = (from: string): void => {
    const to = join(outDir, relative(ROOT, from));
    mkdirSync(dirname(to), { recursive: true });
    cpSync(from, to, { recursive: true });
  };
  for (const name of BUNDLED_PACKAGES) await bundlePackage(name, outDir);
  await bundleChronoLocales(outDir);
  for (const file of RUNTIME_FILES) copy(join(ROOT, file));
  for (const file of PIPELINE_FILES) copy(file);
  const assets = join(ROOT, 'app/assets');
  if (existsSync(assets)) copy(assets);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { 'out-dir': { type: 'string', default: 'dist' } }, strict: true });
  const outDir = resolve(ROOT, values['out-dir']);
  const started = Date.now();
  await build(outDir);
  process.stdout.write(
    `built ${relative(ROOT, outDir) || '.'} in ${((Date.now() - started) / 1000).toFixed(1)} s: node ${relative(ROOT, join(outDir, 'src/main.js'))}\n`,
  );
}
