// /admin/quality in real Chromium: a batch of tickets triaged by the real worker (real Redis,
// Zendesk stand-in), a few agents' corrections in the feedback store, then the page as an
// admin sees it. Assertions are about what it shows (figures recomputed here from the stores,
// charts drawn by Chart.js, no ticket text) and who may see it; the screenshot goes to
// docs/screenshots/quality-page.png (with UPDATE_SCREENSHOTS=1).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { main } from '../../../src/cli/main.js';
import { createMetrics } from '../../../src/observability/metrics.js';
import { createLogger } from '../../../src/observability/logger.js';
import { createLiveReportSource } from '../../../src/report/live-report-source.js';
import { loadChartLibrary } from '../../../src/report/load-chart-library.js';
import { percent } from '../../../src/report/render-quality-html.js';
import { createApp } from '../../../src/server/create-app.js';
import { createIntakeGate } from '../../../src/server/intake-gate.js';
import { mountQualityPage, QUALITY_PAGE_PATH } from '../../../src/server/quality-page.js';
import { createReadiness } from '../../../src/server/readiness.js';
import { createFeedbackStore, type FeedbackStore } from '../../../src/store/feedback-store.js';
import type { Diagnosis } from '../../../src/triage/diagnosis.js';
import { startHttpServer, type TestHttpServer } from '../../support/http-server.js';
import { useRedisServer } from '../../support/use-redis-server.js';
import { createHistoryClock, seedTicketHistory, TEAM_TAGS, type SeededTicket } from '../../support/seed-ticket-history.js';
import { startHarness, type Harness } from '../../support/worker-harness.js';
import { screenshotDir } from '../../support/screenshot-dir.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = screenshotDir();
const ADMIN = { user: 'quality-admin', password: 'quality-password-0123456789' };

const redisServer = useRedisServer();
let harness: Harness;
let feedback: FeedbackStore;
let server: TestHttpServer;
let locked: TestHttpServer;
let browser: Browser;
let seeded: SeededTicket[];
const diagnoses = new Map<string, Diagnosis>();
const corrected = new Map<string, string>();

function serve(admin: typeof ADMIN | null): Promise<TestHttpServer> {
  const log = createLogger({ level: 'silent' });
  const metrics = createMetrics({ defaultMetrics: false });
  const intake = createIntakeGate();
  const app = createApp({
    config: { webhook: { secrets: ['quality-page-secret-0123456789'], maxBodyBytes: 4096, toleranceSec: 300 }, admin, nodeEnv: 'test' },
    queue: harness.queue,
    log,
    metrics,
    readiness: createReadiness({ redis: harness.redis, intake, timeoutMs: 500, log }),
    intake,
    mountQueueDashboard: (expressApp) =>
      mountQualityPage(expressApp, {
        admin,
        loadReport: createLiveReportSource({
          redis: harness.redis,
          prefix: harness.prefix,
          feedbackStore: feedback,
          issues: () => [
            'legacy-credentials',
            'verification-email-missing',
            'verification-error',
            'legacy-password-reset',
            'account-linking',
            'missing-product-access',
            'account-blocked',
            'other',
          ],
        }),
        chartLibrary: loadChartLibrary,
        zendeskBaseUrl: harness.sandbox.url,
      }),
  });
  return startHttpServer(app);
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const clock = createHistoryClock();
  harness = await startHarness({ redisUrl: redisServer().url, sandbox: { deliverWebhooks: false, clock } });
  // Tickets that already carry our triage tag are not triaged again by the worker: the batch is the others.
  seeded = seedTicketHistory(harness.sandbox, { count: 50, clock, spanDays: 20, seed: 7 }).filter((t) => !t.tags.includes('signin_triage'));
  // The batch: every ticket through the real worker.
  const jobs = await Promise.all(seeded.map((ticket) => harness.enqueue({ ticketId: String(ticket.id) })));
  for (const job of jobs) expect((await harness.waitForJob(job, 60_000)).state).toBe('completed');
  for (const ticket of seeded) diagnoses.set(String(ticket.id), (await harness.store.get(String(ticket.id)))!);
  // The model is sure of every templated ticket; three abstentions, stored as the worker stores
  // one, give the low-confidence list something to show.
  for (const ticket of seeded.slice(-3)) {
    const sure = diagnoses.get(String(ticket.id))!;
    const unsure: Diagnosis = { ...sure, issue: 'other', abstained: true, band: 'low', confidence: 0.21 };
    await harness.store.save(unsure);
    diagnoses.set(String(ticket.id), unsure);
  }

  // A few corrections, as the sidebar stores them: another issue than the model's.
  feedback = createFeedbackStore({ redis: harness.redis, prefix: harness.prefix });
  for (const ticket of seeded.slice(0, 4)) {
    const diagnosis = diagnoses.get(String(ticket.id))!;
    const correctIssue = diagnosis.issue === 'account-blocked' ? 'legacy-credentials' : 'account-blocked';
    await feedback.add({
      ticketId: String(ticket.id),
      correctIssue,
      previousIssue: diagnosis.issue,
      text: 'customer words (kept for training only)',
    });
    corrected.set(String(ticket.id), correctIssue);
  }
  server = await serve(ADMIN);
  locked = await serve(null);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await locked?.close();
  await harness?.close();
});

describe('GET /admin/quality', () => {
  it('answers 401 without credentials, with wrong ones, and to everyone when ADMIN_* are unset', async () => {
    const none = await fetch(`${server.url}${QUALITY_PAGE_PATH}`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Basic');
    const wrong = await fetch(`${server.url}${QUALITY_PAGE_PATH}`, {
      headers: { authorization: `Basic ${Buffer.from(`${ADMIN.user}:nope`).toString('base64')}` },
    });
    expect(wrong.status).toBe(401);
    const unset = await fetch(`${locked.url}${QUALITY_PAGE_PATH}`, {
      headers: { authorization: `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64')}` },
    });
    expect(unset.status).toBe(401);
    expect(await unset.text()).toContain('ADMIN_USER and ADMIN_PASSWORD');
  });

  it('shows the live report in Chromium: figures from the stores, Chart.js charts, ids only', async () => {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      httpCredentials: { username: ADMIN.user, password: ADMIN.password },
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));

    const response = await page.goto(`${server.url}${QUALITY_PAGE_PATH}`);
    expect(response!.status()).toBe(200);
    expect(response!.headers()['content-security-policy']).toMatch(/script-src 'nonce-/);
    await page.waitForSelector('body[data-charts="ready"]', { timeout: 15_000 });
    expect(problems).toEqual([]);
    // One request: the page itself. Nothing is fetched from anywhere (offline-ready, CSP-clean).
    expect(requested).toEqual([`${server.url}${QUALITY_PAGE_PATH}`]);

    // Every chart is a Chart.js chart with data.
    const charts = await page.evaluate(() =>
      [...document.querySelectorAll('canvas')].map((canvas) => {
        const chart = (
          window as unknown as { Chart: { getChart(c: HTMLCanvasElement): { data: { datasets: Array<{ data: unknown[] }> } } | undefined } }
        ).Chart.getChart(canvas);
        return { id: canvas.id, points: chart ? chart.data.datasets.reduce((n, d) => n + d.data.length, 0) : -1, width: canvas.width };
      }),
    );
    expect(charts.map((chart) => chart.id).sort()).toEqual(
      [
        'chart-agreement',
        'chart-corrections',
        'chart-coverage',
        'chart-languages',
        'chart-missing',
        'chart-per-issue',
        'chart-volume',
      ].sort(),
    );
    for (const chart of charts) {
      expect(chart.points, chart.id).toBeGreaterThan(0);
      expect(chart.width, chart.id).toBeGreaterThan(100);
    }

    // Figures recomputed here from what the worker stored and the corrections.
    const all = [...diagnoses.values()];
    const tile = (key: string) => page.locator(`[data-metric="${key}"]`).innerText();
    const BATCH = seeded.length;
    expect(BATCH).toBeGreaterThan(30);
    expect(await tile('count')).toBe(String(BATCH));
    expect(await tile('corrections')).toBe('4');
    expect(await tile('agreement')).toBe(percent((BATCH - corrected.size) / BATCH));
    expect(await tile('high-share')).toBe(percent(all.filter((d) => d.band === 'high').length / BATCH));
    expect(await tile('abstain-rate')).toBe(percent(all.filter((d) => d.abstained).length / BATCH));
    const pairs = await page.locator('#corrections tbody tr').allInnerTexts();
    expect(pairs.reduce((n, row) => n + Number(row.split('\t').at(-1)), 0)).toBe(4);

    // The most recent low-confidence tickets: ids linking to Zendesk, at most ten.
    const low = all.filter((d) => d.band === 'low');
    const links = await page.locator('#low-confidence a').evaluateAll((anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
    expect(low.length).toBeGreaterThanOrEqual(3);
    expect(links.length).toBe(Math.min(10, low.length));
    expect(links).toContain(`${harness.sandbox.url}/agent/tickets/${seeded.at(-1)!.id}`);
    for (const link of links) expect(link).toMatch(new RegExp(`^${harness.sandbox.url}/agent/tickets/\\d+$`));

    // No ticket text: no subject, body phrase, name or address of the batch.
    const html = await page.content();
    for (const ticket of seeded) {
      const subject = harness.sandbox.state.tickets.get(ticket.id)?.subject;
      if (subject) expect(html).not.toContain(`>${subject}<`);
    }
    expect(html).not.toMatch(/[a-z]{1,20}@[a-z]{1,30}\.example/);
    expect(html).not.toContain('customer words');

    await page.screenshot({ path: join(SCREENSHOTS, 'quality-page.png'), fullPage: true });
    await context.close();
  });

  it('the backtest report opens offline from its file, charts drawn, and is screenshotted for the README', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backtest-report-'));
    try {
      const out = join(dir, 'report.html');
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      const truthTags = Object.entries(TEAM_TAGS)
        .map(([tag, issue]) => `${tag}=${issue}`)
        .join(',');
      const code = await main(
        [
          'backtest',
          '--since',
          '30d',
          '--out',
          out,
          '--jsonl',
          join(dir, 'r.jsonl'),
          '--truth-tags',
          truthTags,
          '--requests-per-minute',
          '60000',
        ],
        {
          stdin: new PassThrough(),
          stdout,
          stderr,
          env: {
            ZENDESK_URL: harness.sandbox.url,
            ZENDESK_EMAIL: harness.sandbox.credentials.email,
            ZENDESK_API_TOKEN: harness.sandbox.credentials.apiToken,
            LOG_LEVEL: 'silent',
          },
        },
      );
      expect(code).toBe(0);
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, offline: true });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      await page.goto(pathToFileURL(out).href);
      await page.waitForSelector('body[data-charts="ready"]', { timeout: 15_000 });
      expect(problems).toEqual([]);
      expect(await page.locator('canvas').count()).toBe(7);
      await page.screenshot({ path: join(SCREENSHOTS, 'backtest-report.png'), fullPage: true });
      await context.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
