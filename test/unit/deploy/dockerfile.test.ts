import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRepoFile as read, ROOT } from '../../support/compose-file.js';
import { healthcheckCommand, imageCommand, loadDockerfileStages, stageEnv, withoutFlags, type Stage } from '../../support/dockerfile.js';

// No Docker engine runs here, so the image is checked statically: what it would contain and run.

const stages = loadDockerfileStages();
const runtime = stages.at(-1)!;
const find = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword);
/** Sources a stage copies from the build context (not from another stage). */
const contextCopies = (stage: Stage) =>
  find(stage, 'COPY')
    .filter((copy) => !copy.args.includes('--from='))
    .flatMap((copy) => withoutFlags(copy.args).slice(0, -1));
const copiedRoots = contextCopies(runtime);
/** The stage that compiles the server (`npm run build`). */
const buildStage = stages.find((stage) => find(stage, 'RUN').some((run) => /\bnpm run build\b/.test(run.args)));
const packageJson = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

describe('Dockerfile', () => {
  it('is multi-stage and runs on node:20-bookworm-slim', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(runtime.base).toBe('node:20-bookworm-slim');
    // Each stage starts from node:20 or from an earlier stage.
    for (const [index, stage] of stages.entries()) {
      if (!/^node:20-/.test(stage.base)) expect(stages.slice(0, index).map((earlier) => earlier.name)).toContain(stage.base);
    }
  });

  it('installs production dependencies only, from the lock file, in a separate stage', () => {
    const deps = stages.find((stage) => find(stage, 'RUN').some((run) => run.args.includes('npm ci')));
    expect(deps, 'a stage that runs npm ci').toBeDefined();
    expect(deps).not.toBe(runtime);
    const npmCi = find(deps!, 'RUN').find((run) => run.args.includes('npm ci'))!;
    expect(npmCi.args).toMatch(/npm ci\b.*--omit=dev/);
    // The lock must be in the stage before npm ci runs, or ci refuses to work.
    const copied = find(deps!, 'COPY').flatMap((copy) => withoutFlags(copy.args).slice(0, -1));
    expect(copied).toEqual(expect.arrayContaining(['package.json', 'package-lock.json']));

    // The runtime takes node_modules from that stage and installs nothing itself.
    const fromDeps = find(runtime, 'COPY').filter((copy) => copy.args.includes(`--from=${deps!.name}`));
    expect(fromDeps.map((copy) => withoutFlags(copy.args)[0])).toContain('/app/node_modules');
    expect(find(runtime, 'RUN').filter((run) => /\bnpm (ci|install|i)\b/.test(run.args))).toEqual([]);
  });

  it('ends as the non-root node user', () => {
    const users = find(runtime, 'USER');
    expect(users.length).toBeGreaterThan(0);
    const last = users.at(-1)!.args.split(':')[0];
    expect(['root', '0', '']).not.toContain(last);
    expect(last).toBe('node');
  });

  it('sets production environment, exposes 3000 and has a HEALTHCHECK on /healthz without curl', () => {
    expect(stageEnv(runtime)).toMatchObject({ NODE_ENV: 'production', DOTENV_CONFIG_QUIET: 'true', PORT: '3000' });
    expect(find(runtime, 'EXPOSE').map((i) => i.args)).toContain('3000');

    const command = healthcheckCommand(runtime);
    expect(command, 'HEALTHCHECK').not.toBeNull();
    expect(command![0]).toBe('node');
    expect(command!.join(' ')).toMatch(/fetch\(.*\/healthz/);
    expect(command!.join(' ')).not.toMatch(/\b(curl|wget)\b/);
  });

  it('starts the compiled dist/src/main.js with plain node and a role that main.ts accepts', async () => {
    const command = imageCommand(runtime);
    // No loader flag: the image runs JavaScript that the build stage compiled.
    expect(command.slice(0, 2)).toEqual(['node', 'dist/src/main.js']);
    expect(command.join(' ')).not.toMatch(/--(import|loader|require)\b|\btsx\b/);
    expect(existsSync(join(ROOT, 'src/main.ts')), 'src/main.ts, compiled to dist/src/main.js').toBe(true);
    const { ROLES } = await import('../../../src/runtime/start-service.js');
    expect(ROLES).toContain(command[command.indexOf('--role') + 1]);
  });

  it('compiles the server in a build stage whose dist/ the runtime copies', () => {
    expect(buildStage, 'a stage that runs npm run build').toBeDefined();
    expect(buildStage).not.toBe(runtime);
    const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>;
    expect(scripts.build).toBe('tsx scripts/build.ts');
    // The build has its full dependencies (typescript is a dev one): npm ci in it or a stage it is built on.
    const chain: Stage[] = [];
    for (let stage: Stage | undefined = buildStage; stage; stage = stages.find((other) => other.name === stage!.base)) chain.push(stage);
    const ci = chain.flatMap((stage) => find(stage, 'RUN')).find((run) => /\bnpm ci\b/.test(run.args));
    expect(ci?.args).not.toMatch(/--omit=dev/);
    expect(contextCopies(buildStage!)).toEqual(expect.arrayContaining(['tsconfig.json', 'scripts/build.ts', 'src', 'worker']));
    const fromBuild = find(runtime, 'COPY').filter((copy) => copy.args.includes(`--from=${buildStage!.name}`));
    expect(fromBuild.map((copy) => withoutFlags(copy.args))).toContainEqual(['/app/dist', './dist']);
  });

  it('keeps tsx, esbuild and typescript out of the production dependencies', () => {
    for (const name of ['tsx', 'esbuild', 'typescript']) {
      expect(packageJson.dependencies, name).not.toHaveProperty(name);
      expect(packageJson.devDependencies, name).toHaveProperty(name);
    }
  });

  it('copies every file the running code reads, and the .dockerignore lets them through', () => {
    const sources = [...copiedRoots, ...contextCopies(buildStage!)];
    for (const source of sources) expect(existsSync(join(ROOT, source)), `${source} exists`).toBe(true);
    expect(copiedRoots).toEqual(expect.arrayContaining(['package.json', 'bin']));
    // Sources reach the image only compiled.
    expect(copiedRoots).not.toContain('src');

    const ignore = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    // Allow-list style: "*" first, then every copied path re-included.
    expect(ignore[0]).toBe('*');
    for (const source of sources) {
      expect(
        ignore.some((line) => line === `!${source}` || line === `!${source}/`),
        `.dockerignore re-includes ${source}`,
      ).toBe(true);
    }
    expect(ignore).toEqual(expect.arrayContaining(['**/.env', '**/node_modules']));
  });

  it('builds the sidebar app in its own stage and ships every file /app/sidebar serves', async () => {
    // The stage that runs the app build: full dependencies (esbuild, the ZAF SDK are dev ones).
    const appStage = stages.find((stage) => find(stage, 'RUN').some((run) => /\bnpm run app:build\b/.test(run.args)));
    expect(appStage, 'a stage that runs npm run app:build').toBeDefined();
    expect(appStage).not.toBe(runtime);
    const runs = find(appStage!, 'RUN').map((run) => run.args);
    const ciIndex = runs.findIndex((args) => /\bnpm ci\b/.test(args));
    expect(ciIndex, 'npm ci before the build').toBeGreaterThanOrEqual(0);
    expect(runs[ciIndex]).not.toMatch(/--omit=dev/);
    expect(ciIndex).toBeLessThan(runs.findIndex((args) => /\bnpm run app:build\b/.test(args)));

    // It has what `npm run app:build` needs: the script, its helpers and the app's sources.
    const script = JSON.parse(read('package.json')).scripts['app:build'] as string;
    expect(script).toBe('tsx scripts/build-app.ts');
    const appSources = find(appStage!, 'COPY').flatMap((copy) => withoutFlags(copy.args).slice(0, -1));
    expect(appSources).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'scripts/build-app.ts', 'scripts/lib', 'app']));
    // Its local imports stay inside what the stage copies (app/src's only outside import is a type).
    const buildFiles = ['scripts/build-app.ts', ...readdirSync(join(ROOT, 'scripts/lib')).map((file) => `scripts/lib/${file}`)];
    const localImports = buildFiles.flatMap((file) =>
      runtimeImports(read(file))
        .filter((specifier) => specifier.startsWith('.'))
        .map((specifier) => relative(ROOT, resolve(dirname(join(ROOT, file)), specifier)).replace(/\.js$/, '.ts')),
    );
    expect(localImports.length).toBeGreaterThan(0);
    expect(localImports.filter((target) => !target.startsWith('scripts/lib/'))).toEqual([]);

    // The build stage is built on the app stage (so app/assets holds the generated files), and
    // `npm run build` puts them in dist/app/assets, where the compiled server reads them (it
    // resolves app/assets from its own module, two folders up, as from the sources).
    expect(buildStage!.base).toBe(appStage!.name);
    expect(read('scripts/build.ts')).toMatch(/join\(ROOT, 'app\/assets'\)/);
    const { APP_ASSETS_DIR } = await import('../../../src/runtime/start-service.js');
    expect(relative(ROOT, APP_ASSETS_DIR)).toBe('app/assets');

    // Every file the page needs is either generated by the build or committed in app/assets,
    // and the .dockerignore lets the sources through (but not a stale local build).
    const { SIDEBAR_PAGE_FILES } = await import('../../../src/server/agent-api.js');
    const generated = ['main.js'];
    expect(SIDEBAR_PAGE_FILES).toEqual(expect.arrayContaining(['iframe.html', 'main.js', 'main.css']));
    for (const file of SIDEBAR_PAGE_FILES) {
      if (!generated.includes(file)) expect(existsSync(join(ROOT, 'app/assets', file)), `app/assets/${file}`).toBe(true);
    }
    const ignore = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim());
    for (const source of ['app/', 'scripts/build-app.ts', 'scripts/lib/']) expect(ignore).toContain(`!${source}`);
    for (const file of generated) expect(ignore).toContain(`app/assets/${file}`);
  });

  describe('the code in the image', () => {
    // The folders the image really gets, from the context or compiled by the build stage (tsc
    // emits only .ts files: thread-entry.mjs, which loads tsx for the sources, stays out).
    const roots = [...copiedRoots, ...contextCopies(buildStage!)].filter(
      (source) => existsSync(join(ROOT, source)) && statSync(join(ROOT, source)).isDirectory(),
    );
    const compiled = contextCopies(buildStage!);
    const files = roots.flatMap((root) =>
      sourceFiles(join(ROOT, root)).filter((file) => !compiled.includes(root) || (file.endsWith('.ts') && !file.endsWith('.test.ts'))),
    );
    // bin/signin-triage.js loads tsx only when src/cli/main.ts is next to it, which the image
    // does not copy (checked above): there it imports dist/ instead.
    const binLoadsTsxOnlyFromSources = (file: string, specifier: string) =>
      relative(ROOT, file) === 'bin/signin-triage.js' &&
      specifier === 'tsx/esm/api' &&
      /existsSync\(sources\)/.test(readFileSync(file, 'utf8'));
    const imports = files
      .flatMap((file) => runtimeImports(readFileSync(file, 'utf8')).map((specifier) => ({ file, specifier })))
      .filter(({ file, specifier }) => !binLoadsTsxOnlyFromSources(file, specifier));

    it('imports only production dependencies and node built-ins', () => {
      expect(
        imports.map(({ specifier }) => specifier),
        'the scan finds imports at all',
      ).toContain('zod');
      const builtins = new Set(builtinModules);
      const missing = imports
        .filter(({ specifier }) => !specifier.startsWith('.') && !specifier.startsWith('node:'))
        .map(({ file, specifier }) => ({ file: relative(ROOT, file), pkg: packageName(specifier) }))
        .filter(({ pkg }) => !builtins.has(pkg) && !(pkg in packageJson.dependencies));
      expect(missing, 'imports of packages that `npm ci --omit=dev` leaves out').toEqual([]);
    });

    it('imports no file outside the folders the image copies', () => {
      const outside = imports
        .filter(({ specifier }) => specifier.startsWith('.'))
        .map(({ file, specifier }) => relative(ROOT, resolve(dirname(file), specifier)))
        .filter((target) => !roots.some((root) => target === root || target.startsWith(`${root}/`)));
      expect(outside).toEqual([]);
    });
  });
});

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs)$/.test(entry) && !entry.endsWith('.d.ts') ? [path] : [];
  });
}

/** Specifiers loaded at run time: static imports/exports (not `import type`) and dynamic import(). */
function runtimeImports(source: string): string[] {
  const found: string[] = [];
  const staticImport = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
  for (const match of source.matchAll(staticImport)) {
    if (match[2] === undefined) found.push(match[3]!);
  }
  for (const match of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(match[1]!);
  return found;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}
