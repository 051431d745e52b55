import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli } from '../../support/run-cli.js';
import { percent } from '../../../src/report/render-quality-html.js';
import { startZendeskSandbox, type ZendeskSandbox } from '../../../src/zendesk-sandbox/index.js';
import { createHistoryClock, seedTicketHistory, TEAM_TAGS, type SeededTicket } from '../../support/seed-ticket-history.js';

async function run(argv: string[], env: NodeJS.ProcessEnv) {
  const { code, stdout: out, stderr: err } = await runCli(argv, { env });
  return { code, out, err };
}

interface Line {
  id: string;
  issue: string;
  confidence: number;
  band: string;
  abstained: boolean;
  missing: string[];
  language: string;
  at: string;
  truth?: string;
  truthSource?: string;
  runnerUp?: string;
}

function readLines(path: string): Line[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Line);
}

/** The truth the seeded tags tell, computed here from the seeding, not from the report code. */
function expectedTruth(seeded: SeededTicket): { truth: string; source: string } | undefined {
  if (seeded.tags.includes('signin_triage_corrected')) return { truth: seeded.intended, source: 'correction' };
  const team = seeded.tags.find((tag) => tag in TEAM_TAGS);
  if (team) return { truth: TEAM_TAGS[team]!, source: 'team-tag' };
  if (seeded.tags.some((tag) => tag.startsWith('signin_issue_'))) return { truth: seeded.intended, source: 'own-tag' };
  return undefined;
}

function metric(html: string, key: string): string {
  const match = new RegExp(`data-metric="${key}">([^<]{0,40})<`).exec(html);
  if (!match) throw new Error(`no data-metric ${key} in the report`);
  return match[1]!;
}

function issueCell(html: string, issue: string, column: string): string {
  const row = new RegExp(`<tr data-issue="${issue}">(.{0,600}?)</tr>`).exec(html);
  if (!row) throw new Error(`no row for ${issue}`);
  const cell = new RegExp(`data-col="${column}">([^<]{0,20})<`).exec(row[1]!);
  return cell![1]!;
}

/** Lowest distinct confidence whose answers at or above it are ≥ 97% right, with ≥ 20 of them. */
function bruteForceThreshold(lines: Array<{ confidence: number; issue: string; truth: string }>): number | null {
  const candidates = [...new Set(lines.map((line) => line.confidence))].sort((a, b) => a - b);
  for (const threshold of candidates) {
    const above = lines.filter((line) => line.confidence >= threshold);
    const right = above.filter((line) => line.issue === line.truth).length;
    if (above.length >= 20 && right / above.length >= 0.97) return threshold;
  }
  return null;
}

const TRUTH_TAGS = Object.entries(TEAM_TAGS)
  .map(([tag, issue]) => `${tag}=${issue}`)
  .join(',');

describe('signin-triage backtest against the stand-in with a seeded history', () => {
  let sandbox: ZendeskSandbox;
  let seeded: SeededTicket[];
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const clock = createHistoryClock();

  beforeAll(async () => {
    sandbox = await startZendeskSandbox({ deliverWebhooks: false, clock });
    seeded = seedTicketHistory(sandbox, { count: 320, clock, spanDays: 60 });
    dir = mkdtempSync(join(tmpdir(), 'backtest-'));
    env = {
      ZENDESK_URL: sandbox.url,
      ZENDESK_EMAIL: sandbox.credentials.email,
      ZENDESK_API_TOKEN: sandbox.credentials.apiToken,
      LOG_LEVEL: 'silent',
    };
  });
  afterAll(async () => {
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('classifies the tickets of the period read-only, and the report shows what the test computes', async () => {
    sandbox.clearRequests();
    const out = join(dir, 'report.html');
    const jsonl = join(dir, 'results.jsonl');
    const result = await run(
      ['backtest', '--since', '45d', '--out', out, '--jsonl', jsonl, '--truth-tags', TRUTH_TAGS, '--requests-per-minute', '60000'],
      env,
    );
    expect(result.err).not.toContain('line ');
    expect(result.code).toBe(0);

    // Read-only: the stand-in recorded no write of any kind.
    expect(sandbox.requests.length).toBeGreaterThan(200);
    expect(sandbox.requests.filter((request) => request.method !== 'GET')).toEqual([]);
    expect([...sandbox.state.tickets.keys()].map((id) => sandbox.state.comments.get(id)?.length)).toEqual(seeded.map(() => 1));

    // Exactly the tickets created in the period, once each. A ticket within 10 minutes of the
    // period's start may fall either way (the command and this test read the clock at different
    // moments); the seeded history has one ticket every few hours.
    const since = Date.now() - 45 * 86_400_000;
    const margin = 10 * 60_000;
    const inPeriod = seeded.filter((ticket) => Date.parse(ticket.createdAt) >= since + margin);
    const outside = seeded.filter((ticket) => Date.parse(ticket.createdAt) < since - margin);
    const lines = readLines(jsonl);
    const ids = lines.map((line) => line.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => inPeriod.every((ticket) => String(ticket.id) !== id)).length).toBeLessThanOrEqual(1);
    for (const ticket of inPeriod) expect(ids).toContain(String(ticket.id));
    for (const ticket of outside) expect(ids).not.toContain(String(ticket.id));
    expect(inPeriod.length).toBeLessThan(seeded.length);

    // Ids and labels only: no subject, body, name or address.
    for (const line of lines) {
      expect(
        Object.keys(line).every((key) =>
          ['id', 'issue', 'confidence', 'band', 'abstained', 'runnerUp', 'missing', 'language', 'at', 'truth', 'truthSource'].includes(key),
        ),
      ).toBe(true);
    }
    const text = readFileSync(jsonl, 'utf8') + readFileSync(out, 'utf8');
    expect(text).not.toMatch(/@[a-z]{1,30}\.example/);
    expect(text).not.toContain('Lindqvist');
    expect(text).not.toContain('verification email was sent');

    // Truth as the seeded tags tell it.
    const byId = new Map(seeded.map((ticket) => [String(ticket.id), ticket]));
    for (const line of lines) {
      const expected = expectedTruth(byId.get(line.id)!);
      expect(line.truth).toBe(expected?.truth);
      expect(line.truthSource).toBe(expected?.source);
    }
    const labelled = lines.filter((line): line is Line & { truth: string } => line.truth !== undefined);
    expect(labelled.length).toBeGreaterThan(100);

    // The report's numbers, recomputed here from the JSONL.
    const html = readFileSync(out, 'utf8');
    expect(metric(html, 'count')).toBe(String(lines.length));
    expect(metric(html, 'agreement')).toBe(percent(labelled.filter((line) => line.issue === line.truth).length / labelled.length));
    expect(metric(html, 'right-issue-named')).toBe(
      percent(labelled.filter((line) => line.issue === line.truth || line.runnerUp === line.truth).length / labelled.length),
    );
    // A runner-up only for answers without high confidence, never the answer itself.
    for (const line of lines.filter((entry) => entry.runnerUp !== undefined)) {
      expect(line.band).not.toBe('high');
      expect(line.runnerUp).not.toBe(line.issue);
    }
    expect(metric(html, 'high-share')).toBe(percent(lines.filter((line) => line.band === 'high').length / lines.length));
    expect(metric(html, 'abstain-rate')).toBe(percent(lines.filter((line) => line.abstained).length / lines.length));
    for (const issue of Object.values(TEAM_TAGS)) {
      const tp = labelled.filter((line) => line.truth === issue && line.issue === issue).length;
      const predicted = labelled.filter((line) => line.issue === issue).length;
      const support = labelled.filter((line) => line.truth === issue).length;
      expect(issueCell(html, issue, 'precision')).toBe(percent(predicted === 0 ? 1 : tp / predicted));
      expect(issueCell(html, issue, 'recall')).toBe(percent(support === 0 ? 1 : tp / support));
      expect(issueCell(html, issue, 'support')).toBe(String(support));
    }
    const high = bruteForceThreshold(labelled);
    expect(metric(html, 'proposed-high')).toBe(high === null ? '–' : high.toFixed(3));
    const abstain = bruteForceThreshold(labelled.filter((line) => line.issue !== 'other'));
    expect(metric(html, 'proposed-abstain')).toBe(abstain === null ? '–' : abstain.toFixed(3));

    // Self-contained: Chart.js and the drawing code are inline, nothing is fetched.
    expect(html).not.toMatch(/<script[^>]{0,100}\bsrc=/);
    expect(html).not.toMatch(/<link\b/);
    expect(html).toContain('Chart.js v4');
    expect(result.out).toContain(`Classified ${lines.length} tickets`);
  }, 90_000);

  it('continues an interrupted run from its state file without classifying a ticket twice', async () => {
    const out = join(dir, 'resume.html');
    const jsonl = join(dir, 'resume.jsonl');
    const args = ['backtest', '--since', '30d', '--out', out, '--jsonl', jsonl, '--requests-per-minute', '60000'];
    const inPeriod = seeded.filter((ticket) => Date.parse(ticket.createdAt) >= Date.now() - 30 * 86_400_000 + 5_000);
    const victim = inPeriod[Math.floor(inPeriod.length / 2)]!;
    // A refusal Zendesk does not retry (403) on one ticket's comments stops the run half-way.
    sandbox.injectFaults([{ method: 'GET', path: new RegExp(`/tickets/${victim.id}/comments`), status: 403, times: Infinity }]);
    const first = await run(args, env);
    expect(first.code).toBe(1);
    const partial = readLines(jsonl).map((line) => line.id);
    expect(partial.length).toBeGreaterThan(10);
    expect(partial).not.toContain(String(victim.id));
    expect(JSON.parse(readFileSync(`${jsonl}.state.json`, 'utf8'))).toMatchObject({ complete: false });

    sandbox.clearFaults();
    sandbox.clearRequests();
    const second = await run(args, env);
    expect(second.code).toBe(0);
    expect(second.err).toContain('resuming');
    const ids = readLines(jsonl).map((line) => line.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(inPeriod.map((ticket) => String(ticket.id)).sort());
    // The tickets of the first run were not read again.
    const reread = sandbox.requests.filter((request) => partial.some((id) => request.path.includes(`/tickets/${id}/comments`)));
    expect(reread).toEqual([]);
    expect(second.out).toContain(`(${partial.length} of them in the interrupted run)`);
  }, 60_000);

  it('waits out a 429 with Retry-After and finishes', async () => {
    const jsonl = join(dir, 'limited.jsonl');
    sandbox.injectFaults([{ method: 'GET', path: /\/comments/, status: 429, retryAfterSec: 1, times: 2 }]);
    const started = Date.now();
    const result = await run(
      [
        'backtest',
        '--since',
        '10d',
        '--out',
        join(dir, 'limited.html'),
        '--jsonl',
        jsonl,
        '--requests-per-minute',
        '60000',
        '--limit',
        '15',
      ],
      env,
    );
    expect(result.code).toBe(0);
    expect(result.err).toContain('429');
    expect(readLines(jsonl)).toHaveLength(15);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
  }, 60_000);

  it('refuses a --truth-tags entry naming an issue the playbook does not have', async () => {
    const result = await run(
      [
        'backtest',
        '--since',
        '10d',
        '--out',
        join(dir, 'x.html'),
        '--jsonl',
        join(dir, 'x.jsonl'),
        '--truth-tags',
        'legacy_login=legacy-login',
      ],
      env,
    );
    expect(result.code).toBe(2);
    expect(result.err).toContain('"legacy-login" is not an issue of the playbook');
  });
});
