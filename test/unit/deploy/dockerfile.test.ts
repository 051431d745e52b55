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
/** Sources the runtime stage copies from the build context (not from another stage). */
const copiedRoots = find(runtime, 'COPY')
  .filter((copy) => !copy.args.includes('--from='))
  .flatMap((copy) => withoutFlags(copy.args).slice(0, -1));
const packageJson = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

describe('Dockerfile', () => {
  it('is multi-stage and runs on node:20-bookworm-slim', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(runtime.base).toBe('node:20-bookworm-slim');
    for (const stage of stages) expect(stage.base).toMatch(/^node:20-/);
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

  it('starts src/main.ts through tsx with a role that main.ts accepts', async () => {
    const command = imageCommand(runtime);
    expect(command.slice(0, 3)).toEqual(['node', '--import', 'tsx']);
    const entryFile = command[3]!;
    expect(existsSync(join(ROOT, entryFile)), `${entryFile} exists`).toBe(true);
    const { ROLES } = await import('../../../src/runtime/start-service.js');
    expect(ROLES).toContain(command[command.indexOf('--role') + 1]);
  });

  it('runs with tsx as a production dependency', () => {
    expect(packageJson.dependencies).toHaveProperty('tsx');
  });

  it('copies every folder the running code reads, and the .dockerignore lets them through', () => {
    for (const source of copiedRoots) expect(existsSync(join(ROOT, source)), `${source} exists`).toBe(true);
    expect(copiedRoots).toEqual(expect.arrayContaining(['package.json', 'tsconfig.json', 'src', 'worker', 'bin']));

    const ignore = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    // Allow-list style: "*" first, then every copied path re-included.
    expect(ignore[0]).toBe('*');
    for (const source of copiedRoots) {
      expect(
        ignore.some((line) => line === `!${source}` || line === `!${source}/`),
        `.dockerignore re-includes ${source}`,
      ).toBe(true);
    }
    expect(ignore).toEqual(expect.arrayContaining(['**/.env', '**/node_modules']));
  });

  describe('the code in the image', () => {
    // The folders the image really gets: the import checks below follow the Dockerfile.
    const roots = copiedRoots.filter((source) => existsSync(join(ROOT, source)) && statSync(join(ROOT, source)).isDirectory());
    const files = roots.flatMap((root) => sourceFiles(join(ROOT, root)));
    const imports = files.flatMap((file) => runtimeImports(readFileSync(file, 'utf8')).map((specifier) => ({ file, specifier })));

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
