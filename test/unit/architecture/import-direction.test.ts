import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The arrows of README's architecture: the worker and the composition root build on the
// layers under src/, never the other way round; the Zendesk client knows nothing of our note.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return entry.endsWith('.ts') ? [path] : [];
  });
}

/** Repository paths (`src/note/note-footer.ts`) of the local modules a file imports, types included. */
function localImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specifiers = [...source.matchAll(/^\s{0,8}(?:import|export)\s[^'";]{0,2000}?\bfrom\s{0,4}'(\.[^']{1,300})'/gm)].map((m) => m[1]!);
  specifiers.push(...[...source.matchAll(/\bimport\(\s{0,4}'(\.[^']{1,300})'\s{0,4}\)/g)].map((m) => m[1]!));
  return specifiers.map((specifier) => relative(ROOT, resolve(dirname(file), specifier)).replace(/\.js$/, '.ts'));
}

const edges = tsFiles(join(ROOT, 'src')).flatMap((file) =>
  localImports(file).map((target) => ({ from: relative(ROOT, file), to: target })),
);

describe('import direction', () => {
  it('finds the imports it checks', () => {
    expect(edges).toContainEqual({ from: 'src/runtime/start-service.ts', to: 'worker/start-worker.ts' });
  });

  it('src/ imports nothing from worker/ but in the composition root (src/runtime)', () => {
    expect(edges.filter(({ from, to }) => to.startsWith('worker/') && !from.startsWith('src/runtime/'))).toEqual([]);
  });

  it("the Zendesk client's folder does not import the note", () => {
    expect(edges.filter(({ from, to }) => from.startsWith('src/zendesk/') && to.startsWith('src/note/'))).toEqual([]);
  });

  it('only the composition root, the CLI and tests use the Zendesk stand-in; the real client never does', () => {
    const users = edges.filter(({ from, to }) => to.startsWith('src/zendesk-sandbox/') && !from.startsWith('src/zendesk-sandbox/'));
    expect(users.length).toBeGreaterThan(0);
    expect(users.filter(({ from }) => !from.startsWith('src/runtime/') && !from.startsWith('src/cli/'))).toEqual([]);
  });
});
