/**
 * `npm run build [-- --out-dir DIR]`: the service, the worker and the CLI as plain JavaScript
 * under DIR (default dist/), with the files they read at run time, so production runs
 * `node dist/src/main.js` with no TypeScript loader. Each module is transpiled on its own by
 * esbuild (no bundling: worker threads and `import.meta.url` paths keep the sources' layout);
 * type checking is `npm run lint`'s job (tsc --noEmit), as for the sources.
 *
 * DIR/src/…, DIR/worker/…   compiled modules (.js + source maps), same layout as the sources
 * DIR/src/playbook/         playbook.yaml, model.bin, corpus/ (the model's hash covers them)
 * DIR/src/triage/*.ts,      the pipeline sources the model file's hash covers, among them the
 * DIR/src/playbook/*.ts     playbook's parser (read, never run: the start-up staleness check
 *                           hashes them as from the sources)
 * DIR/app/assets/           the sidebar page's files, when present (`npm run app:build`)
 * DIR/node_modules/zod/      zod bundled into one ES module (bundleZod): Node resolves `zod` from
 *                           DIR/src/… there first, so the compiled code loads one file of the
 *                           members it uses instead of zod's 95 modules
 * DIR/node_modules/chrono-node/  chrono's five locales the timestamp check requires, one
 *                           CommonJS file each (bundleChronoLocales)
 * DIR/node_modules/franc-min/  franc-min as one ES module with the trigram data of our five
 *                           languages only (bundleFranc)
 *
 * DIR must be inside the repository (node_modules is found by walking up from it).
 * Throws (exit code 1) with esbuild's errors when a module does not parse.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build as esbuild, type Plugin } from 'esbuild';
import { LANGUAGES } from '../src/triage/diagnosis.js';
import { FRANC_CODES } from '../src/triage/language.js';
import { PIPELINE_FILES } from '../src/triage/model-file.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Folders of TypeScript modules that run in production. */
const SOURCE_DIRS = ['src', 'worker'];

/** Files read at run time relative to a module, besides the compiled code (paths from ROOT). */
const RUNTIME_FILES = ['src/playbook/playbook.yaml', 'src/playbook/model.bin', 'src/playbook/corpus'];

/** How the compiled modules import zod: `import { z } from 'zod'` (or `import type`, erased when compiled). */
const ZOD_IMPORT = /^import (type )?\{ z \} from 'zod';$/m;
/** `z.<member>`, also across a line break (prettier writes `z\n  .union(…)`). */
const ZOD_MEMBER = /(?<![\w$.])z\s*\.\s*([A-Za-z_$][\w$]*)/g;
/** `z` as a word anywhere (not `[a-z]`, `'z'`, `x.z`): in a module importing zod, the import and its member reads only. */
const ZOD_WORD = /(?<![\w$.'"-])z(?![\w$])/g;

/**
 * The members of zod's `z` that the modules read (`z.string`, `z.object`, …), from their text:
 * bundleZod exports a `z` of these only. Throws naming the module when one imports zod otherwise
 * than `import { z } from 'zod'`, or uses `z` otherwise than as `z.<member>` (passing `z` on, a
 * destructuring, `z[…]`: a member the build cannot see). `input`, `infer` and the like may be
 * types only: bundleZod keeps those zod exports at run time.
 */
export function zodMembersUsed(modules: Array<{ path: string; text: string }>): string[] {
  const members = new Set<string>();
  for (const { path, text } of modules) {
    if (!/['"]zod(\/[^'"]*)?['"]/.test(text)) continue;
    const imported = ZOD_IMPORT.exec(text);
    if (!imported) throw new Error(`${path}: the build bundles zod for \`import { z } from 'zod'\` only (scripts/build.ts, bundleZod)`);
    if (imported[1]) continue;
    const used = [...text.matchAll(ZOD_MEMBER)].map((match) => match[1]!);
    const words = [...text.matchAll(ZOD_WORD)].length;
    if (words !== used.length + 1) {
      throw new Error(
        `${path}: \`z\` is used otherwise than as z.<member> (the build bundles the members it reads: scripts/build.ts, bundleZod)`,
      );
    }
    for (const member of used) members.add(member);
  }
  return [...members].sort();
}

/**
 * zod bundled by esbuild into DIR/node_modules/zod/index.js, one ES module whose `z` (also the
 * default export) holds the members of zod's `z` that `modules` read (zodMembersUsed), zod's own
 * functions and classes: esbuild leaves out the rest (its locales but English, JSON Schema, …:
 * 750 → about 200 KB, its import 33 → 10 ms, measured on branch cold3 2026-11-30). Only the
 * compiled modules under DIR resolve to it; node_modules keeps the original for everything else
 * (nothing else there uses zod: `npm ls zod`).
 */
async function bundleZod(outDir: string, modules: Array<{ path: string; text: string }>): Promise<void> {
  const zod = (await import('zod')) as Record<string, unknown>;
  const members = zodMembersUsed(modules).filter((member) => member in zod);
  const local = (i: number): string => `member${i}`;
  const contents = [
    `import { ${members.map((member, i) => `${member} as ${local(i)}`).join(', ')} } from 'zod';`,
    `export const z = Object.freeze({ ${members.map((member, i) => `${member}: ${local(i)}`).join(', ')} });`,
    'export default z;',
    '',
  ].join('\n');
  await bundleEsmPackage(outDir, 'zod', contents);
}

/**
 * Bundles the ES module `contents` (an entry that imports package `name`) by esbuild into
 * DIR/node_modules/<name>/index.js, with its manifest (writeBundleManifest) exporting that file.
 */
async function bundleEsmPackage(outDir: string, name: string, contents: string, plugins: Plugin[] = []): Promise<void> {
  const target = join(outDir, 'node_modules', name);
  await esbuild({
    stdin: { contents, resolveDir: ROOT, sourcefile: `${name}-entry.js` },
    outfile: join(target, 'index.js'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    plugins,
  });
  writeBundleManifest(name, target, { type: 'module', exports: { '.': './index.js' } });
}

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

/**
 * franc-min bundled by esbuild into DIR/node_modules/franc-min/index.js, with the trigram data of
 * the five languages detectLanguage asks it for (FRANC_CODES, always passed as `only`) and of no
 * other: at import franc turns every language's data into a table (about 80 languages, 15-20 ms
 * and 1 MB of every start, measured on branch cold3 2026-11-30). Its answers for `only` those five
 * are the same: it picks the script from its own expressions (unchanged), then ranks the allowed
 * languages of that script (the same five, in the same order, for the Latin one; none for the
 * others, whose tables are left empty: `und`, as before). The compiled-service test compares the
 * two on texts of every script.
 */
async function bundleFranc(outDir: string): Promise<void> {
  const { data } = await import('franc-min/data.js');
  const wanted = new Set(Object.keys(FRANC_CODES));
  const kept = Object.fromEntries(
    Object.entries(data).map(([script, languages]) => [
      script,
      Object.fromEntries(Object.entries(languages).filter(([code]) => wanted.has(code))),
    ]),
  );
  if (Object.values(kept).reduce((n, languages) => n + Object.keys(languages).length, 0) !== wanted.size) {
    throw new Error(`franc-min's data lacks one of ${[...wanted].join(', ')} (scripts/build.ts, bundleFranc)`);
  }
  let replaced = false;
  await bundleEsmPackage(outDir, 'franc-min', "export * from 'franc-min';\n", [
    {
      name: 'franc-five-languages',
      setup(build) {
        build.onLoad({ filter: /[\\/]franc-min[\\/]data\.js$/ }, () => {
          replaced = true;
          return { contents: `export const data = ${JSON.stringify(kept)};\n`, loader: 'js' };
        });
      },
    },
  ]);
  if (!replaced) throw new Error('franc-min no longer loads its data from data.js (scripts/build.ts, bundleFranc)');
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
  const sources = SOURCE_DIRS.flatMap((dir) => modules(join(ROOT, dir)));
  await esbuild({
    entryPoints: sources,
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
  await bundleZod(
    outDir,
    sources.map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') })),
  );
  await bundleChronoLocales(outDir);
  await bundleFranc(outDir);
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
