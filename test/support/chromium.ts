import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium: `npx playwright install` cannot work here (no download host). */
export const CHROMIUM = '/usr/bin/chromium';

/** Headless Chromium with nothing of its own on the network (no updates, sync or first-run pages). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
