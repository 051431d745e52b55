import { describe, expect, it } from 'vitest';

import { RUNNER_UP_MIN_PROBABILITY } from '../../../src/note/closest-issues.js';
import { adoptsReplyDiagnosis, mergedConfirmAsked, reevaluatesOnReply, replyOnlyTicket } from '../../../src/triage/reply-policy.js';
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

describe('adoptsReplyDiagnosis', () => {
  const free = { agentChose: false };
  const after = (issue: string, band: 'high' | 'medium' | 'low', abstained = false) => ({ issue, band, abstained });

  it('takes an issue the answer made the model sure of, from the medium band', () => {
    expect(adoptsReplyDiagnosis(medium(0.3), after('verification-error', 'high'), free)).toBe(true);
    expect(adoptsReplyDiagnosis(medium(0.3), after('account-blocked', 'high'), free)).toBe(true);
  });

  it('takes a move between two unsure issues when the reply read alone names the new one, not when it names none', () => {
    const answer = { ...free, replyAlone: { issue: 'legacy-credentials', abstained: false } };
    expect(adoptsReplyDiagnosis(medium(0.3), after('legacy-credentials', 'medium'), answer)).toBe(true);
    expect(
      adoptsReplyDiagnosis(medium(0.3), after('legacy-credentials', 'medium'), {
        ...free,
        replyAlone: { issue: 'legacy-credentials', abstained: true },
      }),
    ).toBe(false);
    expect(
      adoptsReplyDiagnosis(medium(0.3), after('legacy-credentials', 'medium'), {
        ...free,
        replyAlone: { issue: 'other', abstained: false },
      }),
    ).toBe(false);
    expect(adoptsReplyDiagnosis(medium(0.3), after('legacy-credentials', 'medium'), { ...answer, agentChose: true })).toBe(false);
  });

  it('keeps a medium-band issue when the reply only moved an unsure ranking ("see attached", "Ja")', () => {
    expect(adoptsReplyDiagnosis(medium(0.3), after('legacy-credentials', 'medium'), free)).toBe(false);
    expect(adoptsReplyDiagnosis(medium(0.3), after('account-blocked', 'medium'), free)).toBe(false);
  });

  it('never turns a sign-in diagnosis into `other` or "not sure" (an out-of-office, "Any news?")', () => {
    expect(adoptsReplyDiagnosis(medium(0.3), after('other', 'high'), free)).toBe(false);
    expect(adoptsReplyDiagnosis(medium(0.3), after('other', 'low', true), free)).toBe(false);
    const abstained = sampleDiagnosis({ issue: 'other', abstained: true, band: 'low', confidence: 0.2 });
    expect(adoptsReplyDiagnosis(abstained, after('other', 'high'), free)).toBe(false);
  });

  it('takes any sign-in issue from a low band or an abstention (issue #12), never against an agent or a high band', () => {
    const abstained = sampleDiagnosis({ issue: 'other', abstained: true, band: 'low', confidence: 0.2 });
    expect(adoptsReplyDiagnosis(abstained, after('account-blocked', 'medium'), free)).toBe(true);
    expect(adoptsReplyDiagnosis(abstained, after('account-blocked', 'high'), { agentChose: true })).toBe(false);
    expect(adoptsReplyDiagnosis(sampleDiagnosis({ band: 'high' }), after('account-blocked', 'high'), free)).toBe(false);
  });
});

describe('mergedConfirmAsked', () => {
  it('keeps the questions an earlier read found when older messages fall out of what is read', () => {
    expect(mergedConfirmAsked({ confirmAsked: ['account-blocked'] }, { confirmAsked: ['legacy-credentials'] })).toEqual([
      'account-blocked',
      'legacy-credentials',
    ]);
    expect(mergedConfirmAsked({}, null, { confirmAsked: [] })).toBeUndefined();
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

describe('replyOnlyTicket', () => {
  it("is the requester's latest reply alone, without its attachments or the first message", () => {
    const only = replyOnlyTicket({
      id: 7,
      description: 'first message',
      requester: { name: 'Ana', email: 'ana@acme.example' },
      conversation: [
        { body: 'older reply', from_requester: true },
        { body: 'our request', from_requester: false },
        {
          body: 'Yes, it says my account is blocked.',
          from_requester: true,
          attachments: [{ file_name: 'a.png', content_type: 'image/png' }],
        },
        { body: 'agent again', from_requester: false },
      ],
    });
    expect(only).toEqual({
      id: 7,
      requester: { name: 'Ana', email: 'ana@acme.example' },
      conversation: [{ body: 'Yes, it says my account is blocked.', from_requester: true, attachments: [] }],
    });
    expect(replyOnlyTicket({ id: 8, conversation: [{ body: 'our request', from_requester: false }] })).toBeNull();
  });
});
