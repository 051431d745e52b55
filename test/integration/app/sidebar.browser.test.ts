// The sidebar in real Chromium: the built app (iframe.html + main.js; the ZAF SDK URL on Zendesk's
// asset host is routed to src/zendesk-sandbox/zaf-sdk-standin.ts, since Zendesk's build cannot be downloaded here),
// served by the real server at /app/sidebar, in an iframe of a host page that speaks Zendesk's
// side of the ZAF protocol. The host loads the iframe as Zendesk does for `"signedUrls": true`:
// a form POST with the RS256 token the Zendesk stand-in signs with the app's key for the agent.
// The app then talks through a stand-in of Zendesk's request proxy (which just forwards) to the
// real server (real Redis, real classifier, Zendesk stand-in). Assertions are about what the
// agent sees and what reaches the server; screenshots of each state go to docs/screenshots/ with UPDATE_SCREENSHOTS=1 (test/support/screenshot-dir.ts).
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildApp } from '../../../scripts/build-app.js';
import type { Diagnosis } from '../../../src/triage/diagnosis.js';
import { startAgentApiHarness, type AgentApiHarness } from '../../support/agent-api-harness.js';
import { CHROMIUM, launchChromium } from '../../support/chromium.js';
import { freePort } from '../../support/free-port.js';
import { startHttpServer, type TestHttpServer } from '../../support/http-server.js';
import { useRedisServer } from '../../support/use-redis-server.js';
import { sampleDiagnosis } from '../../support/sample-diagnosis.js';
import { ZAF_SDK_URL } from '../../../src/server/zaf-sdk.js';
import { createZafProxy, HOST_PAGE, type HostTicket, type Invocation, type ProxyLogEntry } from './zaf-host.js';
import { ZAF_SDK_STANDIN, ZAF_SDK_STANDIN_VERSION } from '../../../src/zendesk-sandbox/zaf-sdk-standin.js';
import { screenshotDir } from '../../support/screenshot-dir.js';

const SCREENSHOTS = screenshotDir();

const redisServer = useRedisServer();
let harness: AgentApiHarness;
let browser: Browser;
let hostServer: TestHttpServer;
/** Added to the server's clock: lets a session expire without waiting. */
let serverClockSkewMs = 0;

interface OpenOptions {
  ticket: HostTicket;
  /** The app's server_url setting. @defaultValue the server's URL */
  serverUrl?: string;
  /**
   * The signed-URL token the host POSTs with the iframe. @defaultValue Zendesk's, signed by the
   * stand-in with the app's key for the agent (`userId`); null posts the form without a token.
   */
  signUrl?: () => Promise<string | null>;
  /** The Zendesk user looking at the ticket. @defaultValue the stand-in's agent */
  userId?: number;
  /** How far the agent's browser clock is off, in ms (Date in every frame). @defaultValue 0 */
  browserClockOffsetMs?: number;
}

interface OpenSidebar {
  page: Page;
  app: FrameLocator;
  /** The requests the ZAF proxy stand-in forwarded. */
  proxied: ProxyLogEntry[];
  /** How many times a frame fetched the SDK from Zendesk's asset host (routed to the stand-in). */
  sdkLoads(): number;
  invocations(): Promise<Invocation[]>;
  screenshot(name: string): Promise<void>;
}

async function openSidebar(options: OpenOptions): Promise<OpenSidebar> {
  const page = await browser.newPage({ viewport: { width: 420, height: 1400 } });
  const serverUrl = options.serverUrl ?? harness.url;
  const userId = options.userId ?? harness.sandbox.agent.id;
  const proxied: ProxyLogEntry[] = [];
  let sdkLoads = 0;
  // The page asks Zendesk's asset host for the official SDK; nothing else leaves the machine.
  await page.route(ZAF_SDK_URL, async (route) => {
    sdkLoads += 1;
    await route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: ZAF_SDK_STANDIN });
  });
  if (options.browserClockOffsetMs) {
    // The agent's computer clock is off: every frame's Date (not the servers') says so.
    await page.addInitScript((offsetMs: number) => {
      const RealDate = Date;
      class SkewedDate extends RealDate {
        constructor(...args: unknown[]) {
          if (args.length === 0) super(RealDate.now() + offsetMs);
          else super(...(args as [string]));
        }
        static override now(): number {
          return RealDate.now() + offsetMs;
        }
      }
      (globalThis as { Date: DateConstructor }).Date = SkewedDate as DateConstructor;
    }, options.browserClockOffsetMs);
  }
  await page.exposeFunction('zafProxy', createZafProxy({ log: proxied }));
  await page.exposeFunction('zafSignUrl', options.signUrl ?? (() => harness.sandbox.signUrlToken({ userId })));
  const query = new URLSearchParams({
    // The manifest's location once packaged with PUBLIC_URL: the server's sidebar page.
    app: `${harness.url}/app/sidebar`,
    state: JSON.stringify({ ...options.ticket, 'currentUser.id': userId }),
    settings: JSON.stringify({ server_url: serverUrl }),
  });
  await page.goto(`${hostServer.url}/host.html?${query.toString()}`);
  const frame = page.locator('#app');
  return {
    page,
    app: page.frameLocator('#app'),
    proxied,
    sdkLoads: () => sdkLoads,
    invocations: () => page.evaluate(() => (window as unknown as { __zaf: { invocations: Invocation[] } }).__zaf.invocations),
    async screenshot(name) {
      // Let the last resize land before the picture is taken.
      await expect.poll(async () => (await frame.boundingBox())?.height ?? 0, { timeout: 15_000 }).toBeGreaterThan(60);
      await frame.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
    },
  };
}

function hostTicket(ticketId: number | null, requesterName = 'Jeanne Martin'): HostTicket {
  return {
    'ticket.id': ticketId,
    'ticket.requester': { id: 9001, name: requesterName, email: 'jeanne.martin@example.fr' },
    'currentUser.locale': 'en-US',
    // The page's own idea of the user; the server only trusts the signed URL's `sub`.
    'currentUser.id': harness.sandbox.agent.id,
  };
}

function issueTitle(id: string): string {
  return harness.triage.playbook.issues.find((issue) => issue.id === id)!.title;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  await buildApp();
  // Two origins, as in Zendesk: the agent UI (host page) and our server, which serves the app.
  hostServer = await startHttpServer((req, res) => {
    if ((req.url ?? '').startsWith('/host.html')) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(HOST_PAGE);
      return;
    }
    res.writeHead(404).end();
  });
  // The server's page may be framed by the Zendesk host only: here, the host page's origin.
  harness = await startAgentApiHarness(redisServer().url, {
    frameAncestors: [hostServer.url],
    now: () => new Date(Date.now() + serverClockSkewMs),
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await hostServer?.close();
  await harness?.close();
});

/** A medium-confidence diagnosis of `ticketId`: legacy-credentials 58%, account-blocked the runner-up at 27%. */
function unsureDiagnosis(ticketId: number, extra: Partial<Diagnosis> = {}): Diagnosis {
  return sampleDiagnosis({
    ticketId: String(ticketId),
    issue: 'legacy-credentials',
    topIssue: 'legacy-credentials',
    band: 'medium',
    confidence: 0.58,
    ranking: [
      { issue: 'legacy-credentials', probability: 0.58 },
      { issue: 'account-blocked', probability: 0.27 },
      { issue: 'other', probability: 0.15 },
    ],
    ...extra,
  });
}

describe('the sidebar in Chromium', () => {
  let ticketId: number;
  let stored: Diagnosis;

  beforeAll(() => {
    ticketId = harness.sandbox.createTicket({
      subject: 'Pas reçu le mail de vérification',
      body:
        "Bonjour, lors de ma première connexion à Akeneo Product Cloud on m'a dit qu'un e-mail de vérification " +
        "m'avait été envoyé, mais je ne l'ai jamais reçu, ni dans ma boîte ni dans les spams. Mon adresse est jeanne.martin@example.fr. Merci",
      requester: { name: 'Jeanne Martin', email: 'jeanne.martin@example.fr' },
    }).id;
  });

  it('shows the diagnosis, steps and missing data of an untriaged ticket, classified on demand', async () => {
    const sidebar = await openSidebar({ ticket: hostTicket(ticketId) });
    const { app } = sidebar;
    const title = app.locator('h2.issue-title');
    await expect.poll(() => title.count(), { timeout: 15_000 }).toBe(1);

    stored = (await harness.store.get(String(ticketId)))!;
    expect(stored).not.toBeNull();
    expect(stored.language).toBe('fr');
    const playbookIssue = harness.triage.playbook.issues.find((issue) => issue.id === stored.issue)!;
    expect(await title.textContent()).toBe(playbookIssue.title);
    expect(await app.locator('ol.steps li label').allTextContents()).toEqual(playbookIssue.steps);
    expect(await app.locator('[role="meter"]').getAttribute('aria-valuenow')).toBe(String(Math.round(stored.confidence * 100)));
    for (const field of ['email', 'timestamp', 'screenshot'] as const) {
      const state = await app.locator(`.escalation li[data-field="${field}"] .tag`).textContent();
      expect(state, field).toBe(stored.escalation[field].present ? 'Present' : 'Missing');
    }
    // Every call went through the proxy as a plain request with the session the page carried.
    expect(sidebar.proxied.length).toBeGreaterThan(0);
    for (const entry of sidebar.proxied) {
      expect(entry).toMatchObject({ secure: false, jwt: false, authorization: expect.stringMatching(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/) });
    }
    expect(harness.logText()).toContain('sidebar loaded with a Zendesk-signed URL');
    // The page loaded Zendesk's SDK from Zendesk's asset host, which spoke the official protocol.
    expect(sidebar.sdkLoads()).toBe(1);
    const zaf = await sidebar.page.evaluate(() => (window as unknown as { __zaf: Record<string, unknown> }).__zaf);
    expect(zaf).toMatchObject({ registered: true, sdkVersion: ZAF_SDK_STANDIN_VERSION });
    expect(zaf.malformed).toBeUndefined();
    // Each client.request subscribes to its done/fail events and drops them once answered.
    expect(zaf.subscriptions).toEqual(expect.arrayContaining(['request:1.done', 'request:1.fail']));
    expect(zaf.unsubscriptions).toEqual(expect.arrayContaining(['request:1.done', 'request:1.fail']));

    const resize = (await sidebar.invocations()).filter((call) => call.name === 'resize');
    expect(resize.length).toBeGreaterThan(0);
    expect(resize.at(-1)!.args[0]).toEqual({ width: '100%', height: expect.stringMatching(/^\d+px$/) });
    await sidebar.screenshot('diagnosis');

    // Insert: the request for the missing data, in French, greeting the requester.
    expect(stored.missing.length).toBeGreaterThan(0);
    await app.getByRole('button', { name: 'Insert request for missing data' }).click();
    await expect
      .poll(async () => (await sidebar.invocations()).filter((call) => call.name === 'ticket.editor.insert').length, { timeout: 15_000 })
      .toBe(1);
    const [inserted] = (await sidebar.invocations()).filter((call) => call.name === 'ticket.editor.insert');
    const html = String(inserted!.args[0]);
    const playbook = harness.triage.playbook;
    const escape = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
    expect(html.startsWith('<p>Bonjour Jeanne,</p>')).toBe(true);
    expect(html).toContain(escape(playbookIssue.customerMessage.fr));
    for (const field of stored.missing) expect(html).toContain(`<li>${escape(playbook.escalation.fields[field].ask.fr)}</li>`);
    expect(html).toContain(escape(playbook.escalation.closing.fr));
    await expect.poll(() => app.locator('#status').textContent(), { timeout: 15_000 }).toBe('Request inserted into the reply.');
    await sidebar.page.close();
  });

  it('re-runs the triage through the queue and shows the new diagnosis when it is stored', async () => {
    const sidebar = await openSidebar({ ticket: hostTicket(ticketId) });
    const { app } = sidebar;
    await app.getByRole('button', { name: 'Re-run triage' }).click();
    await expect.poll(() => app.locator('#status').textContent(), { timeout: 15_000 }).toMatch(/Re-run queued/);
    const jobs = await harness.queue.getJobs(['waiting', 'delayed', 'prioritized']);
    const job = jobs.find((candidate) => candidate.data.ticketId === String(ticketId) && candidate.data.event === 'manual');
    // The agent Zendesk signed the URL for, not anything the app sent.
    expect(job?.data.requestedBy).toBe(String(harness.sandbox.agent.id));
    expect(job?.id).toMatch(new RegExp(`^ticket-${ticketId}-manual-`));

    // The worker's part, done by hand: a newer diagnosis lands in the store.
    await harness.store.save({
      ...stored,
      issue: 'verification-error',
      topIssue: 'verification-error',
      classifiedAt: new Date().toISOString(),
    });
    await expect.poll(() => app.locator('h2.issue-title').textContent(), { timeout: 15_000 }).toBe(issueTitle('verification-error'));
    await expect.poll(() => app.locator('#status').textContent(), { timeout: 15_000 }).toBe('Diagnosis updated.');
    await sidebar.page.close();
  });

  it("shows a background update (the customer's answer) without a reload, on ZAF's ticket change event", async () => {
    const sidebar = await openSidebar({ ticket: hostTicket(ticketId) });
    const { app } = sidebar;
    await expect.poll(() => app.locator('h2.issue-title').count(), { timeout: 15_000 }).toBe(1);
    const current = (await harness.store.get(String(ticketId)))!;
    const timestamp = app.locator('.escalation li[data-field="timestamp"] .tag');
    // The worker's part after a reply, done by hand: the time of the failure is now known.
    await harness.store.save({
      ...current,
      escalation: { ...current.escalation, timestamp: { present: true, found: '10:42', reason: 'The customer gave the time.' } },
      missing: current.missing.filter((field) => field !== 'timestamp'),
    });
    expect(await timestamp.textContent()).toBe(current.escalation.timestamp.present ? 'Present' : 'Missing');
    await expect
      .poll(() => sidebar.page.evaluate(() => (window as unknown as { __zaf: { subscriptions: string[] } }).__zaf.subscriptions))
      .toContain('ticket.tags.changed');
    await sidebar.page.evaluate(() =>
      (window as unknown as { __zafEmit: (name: string, data: unknown) => void }).__zafEmit('ticket.tags.changed', []),
    );
    await expect.poll(() => timestamp.textContent(), { timeout: 10_000 }).toBe('Present');
    await expect.poll(() => app.locator('#status').textContent(), { timeout: 15_000 }).toBe('Diagnosis updated.');
    await sidebar.page.close();
  });

  it('sends a correction from the keyboard, which is stored and re-tags the ticket', async () => {
    const sidebar = await openSidebar({ ticket: hostTicket(ticketId) });
    const { app } = sidebar;
    const toggle = app.getByRole('button', { name: 'Wrong diagnosis?' });
    await toggle.focus();
    await sidebar.page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => app.locator(':focus').getAttribute('id'), { timeout: 15_000 }).toBe('feedback-issue');
    await app.locator('#feedback-issue').selectOption('account-blocked');
    await app.locator('#feedback-comment').fill('Locked after too many attempts');
    await app.getByRole('button', { name: 'Send correction' }).click();

    await expect
      .poll(() => app.locator('#status').textContent(), { timeout: 15_000 })
      .toBe('Thanks: correction saved and ticket re-tagged.');
    const record = await harness.feedbackStore.get(String(ticketId));
    expect(record).toMatchObject({
      correctIssue: 'account-blocked',
      previousIssue: 'verification-error',
      comment: 'Locked after too many attempts',
      agentId: String(harness.sandbox.agent.id),
    });
    const tags = harness.sandbox.state.tickets.get(ticketId)!.tags;
    expect(tags).toEqual(expect.arrayContaining(['signin_triage', 'signin_issue_account_blocked', 'signin_triage_corrected']));
    expect(tags).not.toContain('signin_issue_verification_error');
    expect(await app.locator('h2.issue-title').textContent()).toBe(issueTitle('account-blocked'));
    expect(await app.locator('.note-info').textContent()).toBe(
      `Corrected by an agent; re-runs keep it. The model now says: ${issueTitle('verification-error')} (${Math.round((await harness.store.get(String(ticketId)))!.confidence * 100)} %)`,
    );
    await sidebar.page.close();
  });

  it('says clearly when the model is not confident, with the top candidates', async () => {
    const lowId = harness.sandbox.createTicket({
      subject: 'Problème',
      body: 'Ça ne marche plus depuis ce matin.',
      requester: { name: 'Paul Lambert', email: 'paul.lambert@example.fr' },
    }).id;
    await harness.store.save(
      sampleDiagnosis({
        ticketId: String(lowId),
        issue: 'other',
        topIssue: 'account-blocked',
        abstained: true,
        band: 'low',
        confidence: 0.34,
        ranking: [
          { issue: 'other', probability: 0.34 },
          { issue: 'account-blocked', probability: 0.28 },
          { issue: 'legacy-credentials', probability: 0.22 },
          { issue: 'verification-error', probability: 0.16 },
        ],
        evidence: [{ phrase: 'ne marche plus', issue: 'account-blocked', weight: 0.4, kind: 'word' }],
      }),
    );
    const sidebar = await openSidebar({ ticket: hostTicket(lowId, 'Paul Lambert') });
    const { app } = sidebar;
    await expect.poll(() => app.locator('.note-warning strong').textContent(), { timeout: 15_000 }).toBe('Not sure about this one');
    expect(await app.locator('.candidates li').allTextContents()).toEqual([
      `${issueTitle('account-blocked')} (28 %)`,
      `${issueTitle('legacy-credentials')} (22 %)`,
      `${issueTitle('verification-error')} (16 %)`,
    ]);
    expect(await app.locator('.confidence-label').textContent()).toBe('Low confidence · 34 %');
    await sidebar.screenshot('low-confidence');
    await sidebar.page.close();
  });

  it('names the runner-up of a medium-confidence diagnosis under the title', async () => {
    const mediumId = harness.sandbox.createTicket({
      subject: 'Kein Zugang',
      body: 'Ich komme seit heute nicht mehr ins PIM.',
      requester: { name: 'Jonas Weber', email: 'jonas.weber@example.de' },
    }).id;
    await harness.store.save(
      unsureDiagnosis(mediumId, {
        evidence: [{ phrase: 'nicht mehr ins PIM', issue: 'legacy-credentials', weight: 0.6, kind: 'word' }],
      }),
    );
    const sidebar = await openSidebar({ ticket: hostTicket(mediumId, 'Jonas Weber') });
    const { app } = sidebar;
    await expect
      .poll(() => app.locator('.runner-up').textContent(), { timeout: 15_000 })
      .toBe(`Also possible: ${issueTitle('account-blocked')} (27 %). Check it when the steps below do not fit.`);
    expect(await app.locator('h2.issue-title').textContent()).toBe(issueTitle('legacy-credentials'));
    expect(await app.locator('.note-warning').count()).toBe(0);
    await sidebar.screenshot('runner-up');

    // Insert: the missing data under a message that presumes no issue, then one question per named issue, in French.
    await app.getByRole('button', { name: 'Insert request for missing data, with questions' }).click();
    await expect
      .poll(async () => (await sidebar.invocations()).filter((call) => call.name === 'ticket.editor.insert').length, { timeout: 15_000 })
      .toBe(1);
    const [inserted] = (await sidebar.invocations()).filter((call) => call.name === 'ticket.editor.insert');
    const html = String(inserted!.args[0]);
    const playbook = harness.triage.playbook;
    const escape = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
    const issueOf = (id: string) => playbook.issues.find((entry) => entry.id === id)!;
    expect(html).toContain(`<p>${escape(issueOf('other').customerMessage.fr)}</p>`);
    expect(html).toContain(
      `<p>${escape(playbook.escalation.confirmIntro!.fr)}</p>` +
        `<ul><li>${escape(issueOf('legacy-credentials').confirmQuestion!.fr)}</li><li>${escape(issueOf('account-blocked').confirmQuestion!.fr)}</li></ul>`,
    );
    await sidebar.page.close();
  });

  it('looks again a while after a change event, when the worker has read the agent’s reply by then', { timeout: 60_000 }, async () => {
    const unsureId = harness.sandbox.createTicket({
      subject: 'Login PIM',
      body: 'I cannot get into the PIM since this morning.',
      requester: { name: 'Ana Ruiz', email: 'ana.ruiz@example.com' },
    }).id;
    await harness.store.save(unsureDiagnosis(unsureId));
    const sidebar = await openSidebar({ ticket: hostTicket(unsureId, 'Ana Ruiz') });
    const { app } = sidebar;
    const insert = app.locator('.insert button');
    await expect.poll(() => insert.textContent(), { timeout: 15_000 }).toMatch(/with questions$/);
    await expect
      .poll(() => sidebar.page.evaluate(() => (window as unknown as { __zaf: { subscriptions: string[] } }).__zaf.subscriptions))
      .toContain('ticket.comments.changed');
    // The agent sends the questions; the first look (after 1.5 s) finds nothing new yet.
    await sidebar.page.evaluate(() =>
      (window as unknown as { __zafEmit: (name: string, data: unknown) => void }).__zafEmit('ticket.comments.changed', []),
    );
    await sidebar.page.waitForTimeout(3_000);
    expect(await insert.textContent()).toMatch(/with questions$/);
    // The worker records them later (an agent_reply job); the sidebar stops offering them without a reload.
    await harness.store.recordConfirmAsked(String(unsureId), ['legacy-credentials', 'account-blocked']);
    await expect.poll(() => insert.textContent(), { timeout: 15_000 }).toBe('Insert request for missing data');
    await sidebar.page.close();
  });

  it('offers "Triage now" for a ticket without words, which queues a job', async () => {
    const emptyId = harness.sandbox.createTicket({
      subject: '',
      body: '',
      requester: { name: 'Nina Weber', email: 'nina.weber@example.de' },
    }).id;
    const sidebar = await openSidebar({ ticket: hostTicket(emptyId, 'Nina Weber') });
    const { app } = sidebar;
    await expect.poll(() => app.locator('.message-title').textContent(), { timeout: 15_000 }).toBe('Not triaged yet');
    await sidebar.screenshot('not-triaged');
    await app.getByRole('button', { name: 'Triage now' }).click();
    await expect
      .poll(async () => {
        const jobs = await harness.queue.getJobs(['waiting', 'delayed', 'prioritized']);
        return jobs.some((job) => job.data.ticketId === String(emptyId) && job.data.event === 'manual');
      })
      .toBe(true);
    await sidebar.page.close();
  });

  it('tells the agent to reload the app when the server answers 401 (session expired)', async () => {
    const sidebar = await openSidebar({ ticket: hostTicket(ticketId) });
    const { app } = sidebar;
    await expect.poll(() => app.locator('h2.issue-title').count(), { timeout: 15_000 }).toBe(1);
    // The agent left the ticket open longer than the session lives (600 s in the harness).
    serverClockSkewMs = 601_000 + 30_000;
    try {
      await app.getByRole('button', { name: 'Re-run triage' }).click();
      await expect.poll(() => app.locator('[role="alert"] h2').textContent(), { timeout: 15_000 }).toBe('The server refused the app');
      expect(await app.locator('[role="alert"] p').textContent()).toBe(
        'Your session with the server expired: reload the app (or the ticket).',
      );
      expect(await app.getByRole('button', { name: 'Try again' }).isEnabled()).toBe(true);
      await sidebar.screenshot('session-expired');
    } finally {
      serverClockSkewMs = 0;
    }
    expect(harness.logText()).toMatch(/"reason":"expired"[^\n]*sidebar request refused/);
    await sidebar.page.close();
  });

  it.each([
    ['3 minutes fast', 180_000],
    ['3 minutes slow', -180_000],
  ])("works with the agent's browser clock %s, and Zendesk's clock off as much from the server's", async (_name, offsetMs) => {
    const nowSec = Math.floor((Date.now() + offsetMs) / 1000);
    const sidebar = await openSidebar({
      ticket: hostTicket(ticketId),
      browserClockOffsetMs: offsetMs,
      // Zendesk signs with its own clock: iat/nbf/exp as far off as the browser's.
      signUrl: () =>
        new SignJWT({ context: { product: 'support', location: 'ticket_sidebar' } })
          .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
          .setIssuer(new URL(harness.sandbox.url).host)
          .setAudience(`${harness.sandbox.url}/api/v2/apps/installations/${harness.sandbox.app.installationId}.json`)
          .setSubject(String(harness.sandbox.agent.id))
          .setIssuedAt(nowSec)
          .setNotBefore(nowSec)
          .setExpirationTime(nowSec + 300)
          .sign(harness.sandbox.app.privateKey),
    });
    const { app } = sidebar;
    await expect.poll(() => app.locator('h2.issue-title').count(), { timeout: 15_000 }).toBe(1);
    // The frame's clock really was off (the app never reads it for anything that matters).
    const frameOffset = await sidebar.page.frames()[1]!.evaluate(() => Date.now());
    expect(Math.abs(frameOffset - Date.now() - offsetMs)).toBeLessThan(30_000);
    await app.getByRole('button', { name: 'Re-run triage' }).click();
    await expect.poll(() => app.locator('#status').textContent(), { timeout: 10_000 }).toMatch(/Re-run queued/);
    await sidebar.page.close();
  });

  it("refuses a signed URL dated beyond the tolerance, saying it is the server's clock to fix", async () => {
    const sidebar = await openSidebar({
      ticket: hostTicket(ticketId),
      signUrl: () => harness.sandbox.signUrlToken({ userId: harness.sandbox.agent.id, nowSec: Math.floor(Date.now() / 1000) + 600 }),
    });
    const { app } = sidebar;
    await expect.poll(() => app.locator('p.reason').getAttribute('data-code'), { timeout: 10_000 }).toBe('clock-skew');
    expect(await app.locator('p.reason').textContent()).toMatch(/dated in the future .* sync the server's clock \(NTP\)/);
    expect(harness.logText()).toContain('"reason":"skew"');
    await sidebar.page.close();
  });

  it('shows the real reason when the server refuses the session for clock skew', async () => {
    const sidebar = await openSidebar({ ticket: hostTicket(ticketId) });
    const { app } = sidebar;
    await expect.poll(() => app.locator('h2.issue-title').count(), { timeout: 15_000 }).toBe(1);
    // The instance that answers next runs 10 minutes behind the one that issued the session.
    serverClockSkewMs = -600_000;
    try {
      await app.getByRole('button', { name: 'Re-run triage' }).click();
      await expect
        .poll(() => app.locator('[role="alert"] p').textContent(), { timeout: 10_000 })
        .toMatch(/disagree by more than 5 minutes .* sync the server clock \(NTP\)/);
    } finally {
      serverClockSkewMs = 0;
    }
    await sidebar.page.close();
  });

  it.each([
    ['no token at all (not a signed-URL load)', async () => null, /loaded without a signed token/, 'missing'],
    [
      'a token signed with another key, naming the agent',
      async () => {
        const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
        const nowSec = Math.floor(Date.now() / 1000);
        const host = new URL(harness.sandbox.url).host;
        return new SignJWT({ context: { product: 'support', location: 'ticket_sidebar' } })
          .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
          .setIssuer(host)
          .setAudience(`${harness.sandbox.url}/api/v2/apps/installations/${harness.sandbox.app.installationId}.json`)
          .setSubject(String(harness.sandbox.agent.id))
          .setIssuedAt(nowSec)
          .setExpirationTime(nowSec + 300)
          .sign(privateKey);
      },
      /signature does not match the app's public key/,
      'signature',
    ],
  ])(
    'refuses a forged load (%s): the frame shows the refusal and its reason, the app never starts',
    async (_name, signUrl, reason, code) => {
      const sidebar = await openSidebar({ ticket: hostTicket(ticketId), signUrl });
      const { app } = sidebar;
      await expect
        .poll(() => app.locator('body p').first().textContent(), { timeout: 15_000 })
        .toMatch(/^Zendesk did not vouch for this request/);
      expect(await app.locator('p.reason').textContent()).toMatch(reason);
      // No session, no app: nothing asked the proxy for data and the ZAF handshake never happened.
      expect(await app.locator('meta[name="signin-triage-session"]').count()).toBe(0);
      expect(await app.locator('#panel').count()).toBe(0);
      expect(sidebar.proxied).toEqual([]);
      expect(await sidebar.page.evaluate(() => (window as unknown as { __zaf: { registered: boolean } }).__zaf.registered)).toBe(false);
      expect(harness.logText()).toContain(`"reason":"${code}"`);
      if (code === 'signature') await sidebar.screenshot('refused');
      await sidebar.page.close();
    },
  );

  it('tells the agent to check server_url when nothing answers there', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const sidebar = await openSidebar({ ticket: hostTicket(ticketId), serverUrl: closed });
    await expect
      .poll(() => sidebar.app.locator('[role="alert"] p').textContent())
      .toBe(`Check server_url in the app settings (now: ${closed}).`);
    await sidebar.page.close();
  });
});
