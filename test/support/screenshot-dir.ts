import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DOCS_SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

/**
 * Where browser tests save their screenshots: `docs/screenshots/` only when
 * UPDATE_SCREENSHOTS=1 (to refresh the documentation's pictures on purpose), otherwise a folder
 * under the system's temporary directory, so a test run leaves the working tree clean.
 */
export function screenshotDir(): string {
  const dir = process.env.UPDATE_SCREENSHOTS === '1' ? DOCS_SCREENSHOTS : join(tmpdir(), 'signin-triage-screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}
