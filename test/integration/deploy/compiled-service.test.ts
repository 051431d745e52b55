import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRepoFile } from '../../support/compose-file.js';
import { buildCompiled, type CompiledBuild } from '../../support/compiled-build.js';
import { createTickets, created, ledgerProblems, sendWebhook, type Ledger } from '../../support/ledger.js';
import { useServiceFixture } from '../../support/service-fixture.js';
import { waitFor } from '../../support/wait-for.js';

/**
 * What production runs: `npm run build`, then `node dist/src/main.js` with no TypeScript loader
 * (as the image's ENTRYPOINT), against a real redis-server and the Zendesk stand-in, until it is
 * ready and a webhook's ticket gets its note: the classifier thread loads its compiled module.
 */

const packageJson = JSON.parse(readRepoFile('package.json')) as { dependencies: Record<string, string> };

let build: CompiledBuild;
// Registered first: removed after the fixture stopped the service that runs from it.
afterAll(() => build?.remove());
const fixture = useServiceFixture({ appendonly: false });
beforeAll(async () => {
  build = await buildCompiled('compiled-service');
});

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return jsFiles(path);
    return /\.(js|mjs)$/.test(entry) ? [path] : [];
  });
}

/** Static imports/exports and dynamic import() with a literal specifier, as esbuild writes them. */
function importsOf(source: string): string[] {
  const specifiers = [...source.matchAll(/^\s{0,8}(?:import|export)\s[^'";]{0,2000}?\bfrom\s{0,4}["']([^"']{1,300})["']/gm)].map(
    (m) => m[1]!,
  );
  specifiers.push(...[...source.matchAll(/^\s{0,8}import\s{0,4}["']([^"']{1,300})["']/gm)].map((m) => m[1]!));
  specifiers.push(...[...source.matchAll(/\bimport\(\s{0,4}["']([^"']{1,300})["']\s{0,4}\)/g)].map((m) => m[1]!));
  return specifiers;
}

const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

describe('the compiled build (npm run build)', () => {
  it('has the service, the worker and both thread modules, and loads only production dependencies', () => {
    const dist = join(build.dir, 'dist');
    const files = jsFiles(dist).map((file) => relative(dist, file));
    expect(files).toEqual(
      expect.arrayContaining([
        'src/main.js',
        'src/cli/main.js',
        'worker/start-worker.js',
        'src/triage/threads/classifier-thread.js',
        'src/triage/threads/trainer-thread.js',
      ]),
    );
    // thread-entry.mjs registers tsx for the sources; the build has no use for it.
    expect(files).not.toContain('src/triage/threads/thread-entry.mjs');
    const builtins = new Set(builtinModules);
    const imported = jsFiles(dist).flatMap((file) =>
      importsOf(readFileSync(file, 'utf8')).map((specifier) => ({ file: relative(dist, file), specifier })),
    );
    expect(imported.map(({ specifier }) => specifier)).toContain('zod');
    const outside = imported.filter(({ specifier }) => {
      if (specifier.startsWith('.') || specifier.startsWith('node:')) return false;
      const pkg = packageOf(specifier);
      return !builtins.has(pkg) && !(pkg in packageJson.dependencies);
    });
    expect(outside, 'imports of packages that are not production dependencies').toEqual([]);
    for (const loader of ['tsx', 'esbuild', 'typescript']) {
      expect(imported.filter(({ specifier }) => packageOf(specifier) === loader)).toEqual([]);
    }
  });

  it("reads a failure's time in each language through chrono's bundled locale of that language", () => {
    // scripts/build.ts bundles chrono-node/<language> into dist/node_modules/chrono-node: each
    // locale must resolve there and parse its own language ("yesterday at 15:30" is the 29th; an
    // English parser reads the other four as nothing or as today). A require of a locale or path
    // it did not bundle fails here (ERR_PACKAGE_PATH_NOT_EXPORTED).
    const texts: Record<string, string> = {
      en: 'yesterday at 15:30',
      fr: 'hier à 15h30',
      de: 'gestern um 15:30',
      es: 'ayer a las 15:30',
      it: 'ieri alle 15:30',
    };
    const script = `
      const { createRequire } = await import('node:module');
      const { relative } = await import('node:path');
      const require = createRequire(process.cwd() + '/dist/src/triage/escalation/check-timestamp.js');
      const texts = ${JSON.stringify(texts)};
      const read = Object.entries(texts).map(([language, text]) => {
        const date = require('chrono-node/' + language).casual.parseDate(text, new Date(2026, 10, 30, 12));
        return [language, { from: relative(process.cwd(), require.resolve('chrono-node/' + language)), day: date?.getDate() ?? null }];
      });
      console.log(JSON.stringify(Object.fromEntries(read)));`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: build.dir, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual(
      Object.fromEntries(
        Object.keys(texts).map((language) => [language, { from: `dist/node_modules/chrono-node/${language}.cjs`, day: 29 }]),
      ),
    );
  });

  it("resolves zod to the build's bundle of the members the modules read, which answers as zod does", () => {
    // scripts/build.ts bundles a `z` of the members the sources read (zodMembersUsed); the rest of
    // zod is left out. The service's start below loads every module that builds a schema.
    const schema = `z.object({ a: z.string(), b: z.number().int().min(1), c: z.enum(['x', 'y']), d: z.iso.datetime({ offset: true }).optional() })`;
    const script = `
      const { createRequire } = await import('node:module');
      const { relative } = await import('node:path');
      const bundled = await import('./dist/node_modules/zod/index.js');
      const from = relative(process.cwd(), createRequire(process.cwd() + '/dist/src/config.js').resolve('zod'));
      const original = await import(${JSON.stringify(join(process.cwd(), 'node_modules/zod/index.js'))});
      const issues = (z) => ${schema}.safeParse({ a: 1, b: 0.5, c: 'q', d: 'x' }).error.issues;
      console.log(JSON.stringify({ from, members: Object.keys(bundled.z), same: JSON.stringify(issues(bundled.z)) === JSON.stringify(issues(original.z)), isDefault: bundled.default === bundled.z }));`;
    const output = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: build.dir, encoding: 'utf8' }),
    ) as {
      from: string;
      members: string[];
      same: boolean;
      isDefault: boolean;
    };
    expect(output).toMatchObject({ from: 'dist/node_modules/zod/index.js', same: true, isDefault: true });
    expect(output.members).toEqual(expect.arrayContaining(['object', 'string', 'number', 'enum', 'iso', 'ZodError', 'preprocess']));
    expect(output.members).not.toContain('toJSONSchema');
  });

  it("resolves franc-min to the build's bundle of our five languages' data, which ranks them as franc-min does", () => {
    // scripts/build.ts bundles franc-min with the trigram data of FRANC_CODES' languages only,
    // which detectLanguage always passes as `only`: every script must still give franc's answer.
    const texts = [
      'I cannot sign in to my account since this morning, the page says my password is wrong.',
      "Je n'arrive plus à me connecter depuis ce matin, la page dit que le mot de passe est faux.",
      'Ich kann mich seit heute Morgen nicht mehr anmelden, die Seite sagt, das Passwort sei falsch.',
      'No puedo iniciar sesión desde esta mañana, la página dice que la contraseña es incorrecta.',
      'Non riesco ad accedere da stamattina, la pagina dice che la password è sbagliata.',
      'Não consigo entrar na minha conta desde esta manhã, a página diz que a senha está errada.',
      'Ik kan sinds vanmorgen niet meer inloggen, de pagina zegt dat mijn wachtwoord fout is.',
      'Я не могу войти в свою учетную запись с сегодняшнего утра, пароль неверный.',
      'لا أستطيع تسجيل الدخول إلى حسابي منذ هذا الصباح، كلمة المرور خاطئة.',
      'मैं आज सुबह से अपने खाते में लॉग इन नहीं कर पा रहा हूं, पासवर्ड गलत है।',
      '我从今天早上开始无法登录我的账户，页面说密码错误。',
      'Δεν μπορώ να συνδεθώ στον λογαριασμό μου από σήμερα το πρωί.',
      'Login failed: Я не могу войти, the password is wrong, пароль неверный.',
      '1234567890 1234567890 1234567890 1234567890',
      'short',
      '',
    ];
    const script = `
      const bundled = await import('./dist/node_modules/franc-min/index.js');
      const original = await import(${JSON.stringify(join(process.cwd(), 'node_modules/franc-min/index.js'))});
      const { FRANC_CODES } = await import('./dist/src/triage/language.js');
      const options = { only: Object.keys(FRANC_CODES), minLength: 10 };
      const texts = ${JSON.stringify(texts)};
      console.log(JSON.stringify(texts.map((text) => [bundled.francAll(text, options), original.francAll(text, options)])));`;
    const output = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: build.dir, encoding: 'utf8' }),
    ) as [unknown, unknown][];
    for (const [index, [bundled, original]] of output.entries()) expect(bundled, texts[index]).toEqual(original);
    expect(output.slice(0, 5).map(([bundled]) => (bundled as [string, number][])[0]![0])).toEqual(['eng', 'fra', 'deu', 'spa', 'ita']);
    expect(readFileSync(join(build.dir, 'dist/node_modules/franc-min/index.js'), 'utf8').length).toBeLessThan(40_000);
  });

  it('loads the model file as trained (its source hash holds in the build: the service does not retrain at start)', () => {
    // The build's bundled packages keep their versions, which the model file's source hash names
    // (model-file.ts, PIPELINE_PACKAGES); a mismatch would make a production start refuse and a
    // development start retrain.
    const script = `
      const { loadModel } = await import('./dist/src/triage/load-triage.js');
      console.log(JSON.stringify({ trainedNow: loadModel({ whenStale: 'refuse' }).trainedNow }));`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: build.dir, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual({ trainedNow: null });
  });

  it('runs with plain node until /readyz answers 200, then triages a webhook ticket once', { timeout: 120_000 }, async () => {
    const { sandbox } = fixture();
    // Started as the image's ENTRYPOINT runs it; resolves once /readyz answered 200.
    const service = await fixture().start('all', {
      prefix: fixture().newPrefix('compiled'),
      command: { cwd: build.dir, args: ['dist/src/main.js'] },
    });
    expect(service.output()).toContain('"msg":"classifier ready"');

    const ledger: Ledger = new Map();
    const [ticketId] = createTickets(sandbox, 1);
    expect(await sendWebhook(service.url, created(ticketId!), ledger)).toBe(202);
    await waitFor(() => ledgerProblems(sandbox, ledger).length === 0, 'the note of the ticket', 60_000);

    service.child.kill('SIGTERM');
    expect(await service.exit, service.output().slice(-2000)).toBe(0);
  });
});
