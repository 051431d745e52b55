import { describe, expect, it } from 'vitest';

import { computeQualityReport, proposeThreshold } from '../../../src/report/compute-quality-report.js';
import { buildLiveReport } from '../../../src/report/live-report.js';
import { escapeHtml, renderQualityHtml } from '../../../src/report/render-quality-html.js';
import type { ReportTicket } from '../../../src/report/report-ticket.js';
import { parseTruthTags, truthFromTags } from '../../../src/report/truth-tags.js';
import { sampleDiagnosis } from '../../support/sample-diagnosis.js';

const ISSUES = ['legacy-credentials', 'account-blocked', 'other'];

function ticket(id: number, issue: string, confidence: number, truth?: string, at = '2026-11-20T10:00:00Z'): ReportTicket {
  return {
    id: String(id),
    issue,
    confidence,
    band: confidence >= 0.8 ? 'high' : confidence < 0.34 ? 'low' : 'medium',
    abstained: false,
    missing: ['timestamp'],
    language: 'en',
    at,
    ...(truth ? { truth, truthSource: 'team-tag' as const } : {}),
  };
}

describe('proposeThreshold', () => {
  it('takes the lowest confidence whose answers at or above it reach 97%, with 20 of them at least', () => {
    const rows = [
      ...Array.from({ length: 40 }, (_, i) => ({ confidence: 0.9 + i / 1000, issue: 'a', truth: 'a' })),
      { confidence: 0.6, issue: 'a', truth: 'b' },
      { confidence: 0.5, issue: 'a', truth: 'a' },
    ];
    // At 0.6: 40/41 = 97.56% → still fine; at 0.5: 41/42 = 97.6% → fine too.
    expect(proposeThreshold(rows)).toMatchObject({ threshold: 0.5, support: 42 });
    // One more wrong answer at 0.55 drops everything at or under 0.55 below 97%.
    expect(proposeThreshold([...rows, { confidence: 0.55, issue: 'a', truth: 'c' }])).toMatchObject({ threshold: 0.6, support: 41 });
  });

  it('does not split answers of equal confidence, and proposes nothing on too few answers', () => {
    const tied = [
      ...Array.from({ length: 30 }, () => ({ confidence: 0.95, issue: 'a', truth: 'a' })),
      ...Array.from({ length: 5 }, () => ({ confidence: 0.7, issue: 'a', truth: 'a' })),
      ...Array.from({ length: 5 }, () => ({ confidence: 0.7, issue: 'a', truth: 'b' })),
    ];
    expect(proposeThreshold(tied)).toMatchObject({ threshold: 0.95, support: 30 });
    expect(proposeThreshold(tied.slice(0, 19))).toBeNull();
  });
});

describe('truth tags', () => {
  it('parses tag=issue pairs and names what is wrong', () => {
    expect(parseTruthTags('Legacy_Login=legacy-credentials, locked=account-blocked', ISSUES)).toEqual([
      { tag: 'legacy_login', issue: 'legacy-credentials' },
      { tag: 'locked', issue: 'account-blocked' },
    ]);
    expect(() => parseTruthTags('legacy_login', ISSUES)).toThrow('"legacy_login" is not tag=issue');
    expect(() => parseTruthTags('x=nope', ISSUES)).toThrow('"nope" is not an issue of the playbook');
    expect(() => parseTruthTags('x=other,x=account-blocked', ISSUES)).toThrow('mapped twice');
  });

  it('ranks an agent-corrected own tag over the team tags, and those over an own tag left as it was', () => {
    const map = parseTruthTags('locked=account-blocked', ISSUES);
    expect(truthFromTags(['signin_issue_other', 'signin_triage_corrected', 'locked'], map, ISSUES)).toEqual({
      truth: 'other',
      source: 'correction',
    });
    expect(truthFromTags(['signin_issue_other', 'locked'], map, ISSUES)).toEqual({ truth: 'account-blocked', source: 'team-tag' });
    expect(truthFromTags(['signin_issue_legacy_credentials'], map, ISSUES)).toEqual({ truth: 'legacy-credentials', source: 'own-tag' });
    expect(truthFromTags(['vip'], map, ISSUES)).toBeUndefined();
  });
});

describe('computeQualityReport', () => {
  it('counts per day with no gap, agreement and per-issue precision/recall over labelled tickets only', () => {
    const report = computeQualityReport({
      title: 't',
      subtitle: 's',
      tickets: [
        ticket(1, 'legacy-credentials', 0.9, 'legacy-credentials', '2026-11-18T23:59:00Z'),
        ticket(2, 'legacy-credentials', 0.7, 'account-blocked', '2026-11-20T00:01:00Z'),
        ticket(3, 'account-blocked', 0.2),
      ],
      issues: ISSUES,
      currentThresholds: null,
      now: new Date('2026-11-21T00:00:00Z'),
    });
    expect(report.volumeByDay.days).toEqual(['2026-11-18', '2026-11-19', '2026-11-20']);
    expect(report.volumeByDay.counts[0]).toEqual([1, 0, 1]);
    expect(report.labelled).toMatchObject({ count: 2, agreement: 0.5, rightIssueNamed: 0.5 });
    expect(report.labelled!.perIssue.find((row) => row.issue === 'legacy-credentials')).toMatchObject({ precision: 0.5, recall: 1 });
    expect(report.labelled!.perIssue.find((row) => row.issue === 'account-blocked')).toMatchObject({ recall: 0, support: 1 });
    expect(report.recentLowConfidence.map((row) => row.id)).toEqual(['3']);
    expect(report.missingRates.timestamp).toBe(1);
  });
});

describe('computeQualityReport: right issue named in the note', () => {
  it('counts a ticket whose truth is the runner-up its note named, and only then', () => {
    const report = computeQualityReport({
      title: 't',
      subtitle: 's',
      tickets: [
        { ...ticket(1, 'legacy-credentials', 0.6, 'account-blocked'), runnerUp: 'account-blocked' },
        { ...ticket(2, 'legacy-credentials', 0.6, 'account-blocked'), runnerUp: 'other' },
        ticket(3, 'account-blocked', 0.9, 'account-blocked'),
        ticket(4, 'other', 0.7, 'account-blocked'),
      ],
      issues: ISSUES,
      currentThresholds: null,
      now: new Date('2026-11-21T00:00:00Z'),
    });
    expect(report.labelled).toMatchObject({ count: 4, agreement: 0.25, rightIssueNamed: 0.5 });
    expect(renderQualityHtml(report, { chartLibrary: '', zendeskBaseUrl: null, nonce: 'n' })).toMatch(
      /data-metric="right-issue-named">50(\.0)?\s?%/u,
    );
  });
});

describe('buildLiveReport', () => {
  it("scores a corrected ticket by the model's answer against the agent's, and counts the others as agreed", () => {
    const report = buildLiveReport({
      diagnoses: [
        // The store may already hold the agent's issue: the correction's previousIssue is the model's.
        { ...sampleDiagnosis(), ticketId: '11', issue: 'account-blocked' },
        { ...sampleDiagnosis(), ticketId: '12' },
      ],
      corrections: [
        { ticketId: '11', previousIssue: 'legacy-credentials', correctIssue: 'account-blocked', createdAt: '2026-11-26T10:00:00Z' },
      ],
      issues: ISSUES,
      currentThresholds: { abstain: 0.34, high: 0.787 },
      now: new Date('2026-11-27T00:00:00Z'),
    });
    expect(report.labelled).toMatchObject({ count: 2, agreement: 0.5, sources: { correction: 1, uncorrected: 1 } });

    expect(report.corrections.pairs).toEqual([{ from: 'legacy-credentials', to: 'account-blocked', count: 1 }]);
  });
});

describe('buildLiveReport: the runner-up', () => {
  it("reads the stored diagnosis' runner-up only for the answer it belongs to", () => {
    const medium = {
      ...sampleDiagnosis(),
      issue: 'legacy-credentials',
      topIssue: 'legacy-credentials',
      band: 'medium' as const,
      confidence: 0.6,
      ranking: [
        { issue: 'legacy-credentials', probability: 0.6 },
        { issue: 'account-blocked', probability: 0.3 },
        { issue: 'other', probability: 0.1 },
      ],
    };
    const report = buildLiveReport({
      diagnoses: [
        { ...medium, ticketId: '21' },
        { ...medium, ticketId: '22' },
      ],
      corrections: [
        // An earlier run said verification-error: today's runner-up was never shown with that answer.
        { ticketId: '21', previousIssue: 'verification-error', correctIssue: 'account-blocked', createdAt: '2026-11-26T10:00:00Z' },
        { ticketId: '22', previousIssue: 'legacy-credentials', correctIssue: 'account-blocked', createdAt: '2026-11-26T10:00:00Z' },
      ],
      issues: ISSUES,
      currentThresholds: null,
      now: new Date('2026-11-27T00:00:00Z'),
    });
    expect(report.labelled).toMatchObject({ count: 2, agreement: 0, rightIssueNamed: 0.5 });
  });
});

describe('renderQualityHtml', () => {
  it('escapes every value and keeps the data island from closing its script element', () => {
    const report = computeQualityReport({
      title: '<img src=x onerror=alert(1)>',
      subtitle: 's',
      tickets: [{ ...ticket(1, '</script><script>alert(1)</script>', 0.2), language: '"><b>' }],
      issues: ISSUES,
      currentThresholds: null,
      now: new Date('2026-11-21T00:00:00Z'),
    });
    const html = renderQualityHtml(report, {
      chartLibrary: 'window.Chart = function () {};',
      zendeskBaseUrl: 'https://acme.zendesk.com',
      nonce: 'abc',
    });
    expect(html).not.toContain('<img src=x');
    expect(html).toContain(escapeHtml('<img src=x onerror=alert(1)>'));
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    expect(html).toContain('<script nonce="abc">');
    expect(html).toContain('href="https://acme.zendesk.com/agent/tickets/1"');
  });

  it('shows no precision or recall for an issue with no answers and no tickets of it (not 100%)', () => {
    const report = computeQualityReport({
      title: 't',
      subtitle: 's',
      tickets: [ticket(1, 'legacy-credentials', 0.9, 'legacy-credentials'), ticket(2, 'legacy-credentials', 0.8, 'legacy-credentials')],
      issues: ISSUES,
      currentThresholds: null,
      now: new Date('2026-11-21T00:00:00Z'),
    });
    const html = renderQualityHtml(report, { chartLibrary: 'window.Chart = function () {};', zendeskBaseUrl: 'https://acme.zendesk.com' });
    const row = (issue: string) =>
      html.slice(html.indexOf(`<tr data-issue="${issue}">`), html.indexOf('</tr>', html.indexOf(`<tr data-issue="${issue}">`)));
    expect(row('legacy-credentials')).toContain('<td data-col="precision">100.0%</td>');
    expect(row('account-blocked')).toContain('<td data-col="precision">–</td>');
    expect(row('account-blocked')).toContain('<td data-col="recall">–</td>');
  });
});
