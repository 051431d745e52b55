import { renameSync, writeFileSync } from 'node:fs';

/**
 * Writes `data` to `path` through a temporary file and a rename, so a reader (test files build
 * in parallel, the server reads app/assets) never sees a half-written file.
 */
export function writeAtomically(path: string, data: string | Buffer): void {
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}
