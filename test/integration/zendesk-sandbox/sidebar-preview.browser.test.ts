// The README's quick start, in real Chromium: `npm start` (the app build, then src/main.ts) with no
// settings at all (sandbox mode, a fresh folder, no NODE_ENV), then the "Sidebar preview" link its start-up log prints. The page
// plays Zendesk's agent workspace for a stand-in ticket and frames the real sidebar app, which
// loads through the signed-URL check and talks to the real agent API; nothing leaves the machine
// (the ZAF SDK is the local stand-in). Then one sidebar action and its effect on both sides.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildApp } from '../../../scripts/build-app.js';
import { loadPlaybook } from '../../../src/playbook/load-playbook.js';
import { CHROMIUM, launchChromium } from '../../support/chromium.js';
import { freePort } from '../../support/free-port.js';
import { spawnNode, type RunningProcess } from '../../support/child-process.js';
import { useRedisServer } from '../../support/use-redis-server.js';
import { waitFor } from '../../support/wait-for.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = `${ROOT}node_modules/tsx/dist/cli.mjs`;

interface LogLine {
  msg: string;
  [key: string]: unknown;
}

const redis = useRedisServer();
let folder: string;
let service: RunningProcess | undefined;
let browser: Browser;

function logLines(): LogLine[] {
  return (service?.output() ?? '')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

function issueTitle(id: string): string {
  const issue = loadPlaybook().issues.find((candidate) => candidate.id === id);
  if (!issue) throw new Error(`no issue ${id} in the playbook`);
  return issue.title;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  // What `npm start` does before it starts the service.
  await buildApp();
  folder = mkdtempSync(join(tmpdir(), 'signin-triage-preview-'));
  const port = await freePort();
  // As `npm start` on a fresh clone: no Zendesk setting, no secret, no NODE_ENV (REDIS_URL only
  // so the test owns its redis-server).
  service = spawnNode([TSX, `${ROOT}src/main.ts`], {
    cwd: folder,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DOTENV_CONFIG_QUIET: 'true',
      TZ: 'UTC',
      PORT: String(port),
      REDIS_URL: redis().url,
    },
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (service && service.child.exitCode === null) {
    service.child.kill('SIGINT');
    await service.exit;
  }
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('the sidebar preview of `npm start` in sandbox mode', () => {
  it('shows a triaged ticket, its note and the real sidebar; a correction there re-tags the ticket', async () => {
    await waitFor(() => logLines().some((line) => line.msg.startsWith('Sidebar preview: ')), 'the sidebar preview link', 120_000, 200);
    const link = String(logLines().find((line) => line.msg.startsWith('Sidebar preview: '))!.url);
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sandbox\/sidebar\?ticket=\d+$/);
    const ticketId = new URL(link).searchParams.get('ticket')!;
    const triaged = () => logLines().find((line) => line.msg === 'ticket triaged' && line.ticketId === ticketId);
    await waitFor(() => triaged() !== undefined, `ticket ${ticketId} to be triaged`, 120_000, 200);
    const issue = String(triaged()!.issue);

    const page = await browser.newPage({ viewport: { width: 1400, height: 1200 } });
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(link);
    const app = page.frameLocator('#sidebar');

    // The sidebar: the diagnosis the worker stored, through the signed-URL load and the agent API.
    await expect.poll(() => app.locator('h2.issue-title').textContent(), { timeout: 30_000 }).toBe(issueTitle(issue));
    // Beside it, the stand-in's ticket with our tags and our internal note.
    const tags = page.locator('#tags li');
    expect(await tags.allTextContents()).toEqual(expect.arrayContaining(['signin_triage', `signin_issue_${issue.replace(/-/g, '_')}`]));
    const note = page.locator('.comment.internal');
    await expect.poll(() => note.count()).toBe(1);
    expect(await note.textContent()).toContain(`signin-triage request ticket-${ticketId}-created`);
    expect(await page.locator('#tickets a[aria-current="page"]').textContent()).toContain(`#${ticketId}`);

    // "Insert request" lands in the reply box, as in Zendesk's editor.
    if ((triaged()!.missing as string[]).length > 0) {
      await app.getByRole('button', { name: 'Insert request for missing data' }).click();
      await expect.poll(() => page.locator('#reply').textContent(), { timeout: 15_000 }).toMatch(/\S/);
    }

    // Correct the diagnosis in the sidebar: stored, the ticket re-tagged in the stand-in, and the
    // workspace (which polls the stand-in) shows the new tags.
    const corrected = issue === 'account-blocked' ? 'verification-error' : 'account-blocked';
    await app.getByRole('button', { name: 'Wrong diagnosis?' }).click();
    await app.locator('#feedback-issue').selectOption(corrected);
    await app.getByRole('button', { name: 'Send correction' }).click();
    await expect
      .poll(() => app.locator('#status').textContent(), { timeout: 30_000 })
      .toBe('Thanks: correction saved and ticket re-tagged.');
    expect(await app.locator('h2.issue-title').textContent()).toBe(issueTitle(corrected));
    await expect
      .poll(() => tags.allTextContents(), { timeout: 15_000 })
      .toEqual(expect.arrayContaining(['signin_triage_corrected', `signin_issue_${corrected.replace(/-/g, '_')}`]));
    expect(await tags.allTextContents()).not.toContain(`signin_issue_${issue.replace(/-/g, '_')}`);

    // Offline: every request went to the service itself (the ZAF SDK included).
    const origin = new URL(link).origin;
    expect(requested.filter((url) => !url.startsWith(`${origin}/`))).toEqual([]);
    expect(requested).toContain(`${origin}/sandbox/zaf-sdk-standin.js`);
    await page.close();
  }, 240_000);

  it('answers 404 with the ticket list for a ticket the stand-in does not have', async () => {
    const link = String(logLines().find((line) => line.msg.startsWith('Sidebar preview: '))!.url);
    const page = await browser.newPage();
    const response = await page.goto(`${new URL(link).origin}/sandbox/sidebar?ticket=999999`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('#ticket h1').textContent()).toBe('No ticket 999999 in the stand-in');
    expect(await page.locator('#tickets li').count()).toBeGreaterThan(0);
    expect(await page.locator('#sidebar').getAttribute('src')).toBeNull();
    await page.close();
  });
});
