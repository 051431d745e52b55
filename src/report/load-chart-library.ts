import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/**
 * Chart.js's minified UMD build (defines `window.Chart`), read from node_modules once per
 * process: the report inlines it so a mailed file opens offline. Throws when chart.js is not
 * installed (run `npm ci`).
 */
export function loadChartLibrary(): string {
  if (cached === undefined) {
    const require = createRequire(import.meta.url);
    // The package's exports hide the UMD file: resolve the CommonJS entry, which sits next to it in dist/.
    cached = readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
  }
  return cached;
}
