import { describe, expect, it } from 'vitest';

import { RUNNER_UP_MIN_PROBABILITY } from '../../../src/note/closest-issues.js';
import { reevaluatesOnReply } from '../../../src/triage/reply-policy.js';
import { renderReplyNote } from '../../../src/note/render-note.js';
import { loadPlaybook } from '../../../src/playbook/load-playbook.js';
import { sampleDiagnosis } from '../../support/sample-diagnosis.js';

const playbook = loadPlaybook();
const title = (id: string) => playbook.issues.find((issue) => issue.id === id)!.title;

/** A medium-band account-blocked diagnosis whose second issue has `second` probability. */
function medium(second: number) {
  return sampleDiagnosis({
    issue: 'account-blocked',
    topIssue: 'account-blocked',
    confidence: 0.82 - second,
    band: 'medium',
    ranking: [
      { issue: 'account-blocked', probability: 0.82 - second },
      { issue: 'legacy-credentials', probability: second },
      { issue: 'other', probability: 0.09 },
      { issue: 'verification-error', probability: 0.09 },
    ],
  });
}

describe('reevaluatesOnReply', () => {
  const unsure = [
    ['an abstained diagnosis', sampleDiagnosis({ abstained: true, band: 'low', confidence: 0.2 })],
    ['a low-band diagnosis', sampleDiagnosis({ band: 'low', confidence: 0.3 })],
    ['a medium-band diagnosis that named a runner-up (the request asked confirm questions)', medium(RUNNER_UP_MIN_PROBABILITY + 0.05)],
    ['a medium-band diagnosis that named none', medium(RUNNER_UP_MIN_PROBABILITY - 0.05)],
  ] as const;

  it.each(unsure)('re-evaluates %s', (_, baseline) => {
    expect(reevaluatesOnReply(baseline, { agentChose: false })).toBe(true);
  });

  it.each(unsure)('never once an agent chose the issue, even for %s', (_, baseline) => {
    expect(reevaluatesOnReply(baseline, { agentChose: true })).toBe(false);
  });

  it('keeps a high-band issue', () => {
    expect(reevaluatesOnReply(sampleDiagnosis({ band: 'high' }), { agentChose: false })).toBe(false);
  });
});

describe('renderReplyNote', () => {
  const before = sampleDiagnosis({ missing: ['timestamp', 'screenshot'] });

  it('says what the re-evaluation changed', () => {
    const note = renderReplyNote(
      { before, after: before, issueChange: { from: 'legacy-credentials', to: 'account-blocked', nowHigh: true } },
      playbook,
    );
    expect(note?.text).toBe(
      `signin-triage: Still missing: time of the failed sign-in, screenshot of the error page. Diagnosis re-evaluated: now "${title('account-blocked')}" (was "${title('legacy-credentials')}").`,
    );
  });

  it('says when the reply confirmed an unsure diagnosis, so nobody asks the questions again', () => {
    const note = renderReplyNote(
      { before, after: before, issueChange: { from: 'account-blocked', to: 'account-blocked', nowHigh: true } },
      playbook,
    );
    expect(note?.text).toContain(`The reply confirms the diagnosis "${title('account-blocked')}".`);
  });

  it('writes nothing when the reply changed neither the data nor the issue, nor made the model sure', () => {
    expect(
      renderReplyNote({ before, after: before, issueChange: { from: 'account-blocked', to: 'account-blocked', nowHigh: false } }, playbook),
    ).toBeNull();
    expect(renderReplyNote({ before, after: before, issueChange: null }, playbook)).toBeNull();
  });
});
