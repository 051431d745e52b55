import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DOCS_SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

/**
 * Where browser tests save their screenshots: `docs/screenshots/` only when
 * UPDATE_SCREENSHOTS=1 (to refresh the documentation's pictures on purpose), otherwise a new folder
 * under the system's temporary directory (one per test file), so a test run leaves the working
 * tree clean and parallel runs do not share one.
 */
export function screenshotDir(): string {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return mkdtempSync(join(tmpdir(), 'signin-triage-screenshots-'));
  mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
  return DOCS_SCREENSHOTS;
}
