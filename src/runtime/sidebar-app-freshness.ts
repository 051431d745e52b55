import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Folders whose files go into the app's generated `assets/main.js` (scripts/build-app.ts). */
const APP_SOURCES = ['src', 'translations'];

/**
 * Whether the sidebar app's generated `assets/main.js` (`npm run app:build`, not committed) is
 * there and newer than every file of `src/` and `translations/`. The sandbox's sidebar preview
 * serves it: `npm start` builds it first, and start-up warns when another way of starting left
 * it missing or stale.
 *
 * @param appDir the app folder (`app/`, holding `src/`, `translations/` and `assets/`)
 */
export function sidebarAppFreshness(appDir: string): 'fresh' | 'missing' | 'stale' {
  const main = join(appDir, 'assets', 'main.js');
  if (!existsSync(main)) return 'missing';
  const builtAt = statSync(main).mtimeMs;
  for (const folder of APP_SOURCES) {
    const dir = join(appDir, folder);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) if (statSync(join(dir, name)).mtimeMs > builtAt) return 'stale';
  }
  return 'fresh';
}
