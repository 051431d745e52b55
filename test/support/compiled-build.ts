import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from '../../scripts/build.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CompiledBuild {
  /** Stands for the image's WORKDIR: `dist/` is in it, node_modules is found above it. */
  dir: string;
  remove(): void;
}

/**
 * `npm run build` into a folder of its own under .scratch/ (inside the repository, so the
 * compiled modules find node_modules as in the image), for tests that run the compiled service
 * as the image does: `node dist/src/main.js` with `dir` as working directory.
 */
export async function buildCompiled(label: string): Promise<CompiledBuild> {
  const dir = join(ROOT, '.scratch', `${label}-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  await build(join(dir, 'dist'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
