import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { sidebarAppFreshness } from '../../../src/runtime/sidebar-app-freshness.js';

describe('sidebarAppFreshness (the sidebar preview serves the built app)', () => {
  let appDir: string;
  const at = (path: string, seconds: number) => utimesSync(join(appDir, path), seconds, seconds);

  beforeEach(() => {
    appDir = mkdtempSync(join(tmpdir(), 'signin-triage-app-'));
    for (const folder of ['src', 'translations', 'assets']) mkdirSync(join(appDir, folder));
    writeFileSync(join(appDir, 'src', 'main.ts'), '');
    writeFileSync(join(appDir, 'translations', 'fr.json'), '{}');
    at('src/main.ts', 1_000);
    at('translations/fr.json', 1_000);
  });

  afterEach(() => {
    rmSync(appDir, { recursive: true, force: true });
  });

  it('is missing without assets/main.js (a fresh clone)', () => {
    expect(sidebarAppFreshness(appDir)).toBe('missing');
  });

  it('is fresh when main.js is newer than every source and translation', () => {
    writeFileSync(join(appDir, 'assets', 'main.js'), '');
    at('assets/main.js', 2_000);
    expect(sidebarAppFreshness(appDir)).toBe('fresh');
  });

  it.each(['src/main.ts', 'translations/fr.json'])('is stale when %s changed after the build', (path) => {
    writeFileSync(join(appDir, 'assets', 'main.js'), '');
    at('assets/main.js', 2_000);
    at(path, 3_000);
    expect(sidebarAppFreshness(appDir)).toBe('stale');
  });
});
