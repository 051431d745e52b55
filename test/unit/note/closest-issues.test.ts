import { describe, expect, it } from 'vitest';

import { abstainedHeadline, closestIssues, THIRD_CANDIDATE_MIN_PROBABILITY } from '../../../src/note/closest-issues.js';
import { shouldPostNote } from '../../../src/note/note-policy.js';
import { renderNote } from '../../../src/note/render-note.js';
import { loadPlaybook } from '../../../src/playbook/load-playbook.js';
import { sampleDiagnosis } from '../../support/sample-diagnosis.js';

const playbook = loadPlaybook();
const title = (id: string) => playbook.issues.find((issue) => issue.id === id)!.title;

const abstained = sampleDiagnosis({
  issue: 'other',
  topIssue: 'account-blocked',
  abstained: true,
  confidence: 0.3,
  band: 'low',
  ranking: [
    { issue: 'other', probability: 0.3 },
    { issue: 'account-blocked', probability: 0.28 },
    { issue: 'legacy-credentials', probability: 0.22 },
    { issue: 'verification-error', probability: 0.12 },
    { issue: 'account-linking', probability: 0.08 },
  ],
});

describe('closestIssues', () => {
  it('lists the three closest sign-in issues with their own probabilities, never other', () => {
    expect(closestIssues(abstained, playbook)).toEqual([
      { issue: 'account-blocked', title: title('account-blocked'), probability: 0.28 },
      { issue: 'legacy-credentials', title: title('legacy-credentials'), probability: 0.22 },
      { issue: 'verification-error', title: title('verification-error'), probability: 0.12 },
    ]);
  });

  it('drops a negligible third candidate but always keeps two', () => {
    const ranking = [
      { issue: 'account-blocked', probability: 0.33 },
      { issue: 'other', probability: 0.6 },
      { issue: 'legacy-credentials', probability: THIRD_CANDIDATE_MIN_PROBABILITY / 2 },
      { issue: 'verification-error', probability: THIRD_CANDIDATE_MIN_PROBABILITY / 4 },
    ];
    expect(closestIssues({ abstained: true, ranking }, playbook).map((c) => c.issue)).toEqual(['account-blocked', 'legacy-credentials']);
  });

  it('is empty when the model did not abstain', () => {
    expect(closestIssues(sampleDiagnosis(), playbook)).toEqual([]);
  });

  it('skips ranking entries the playbook does not know', () => {
    const ranking = [
      { issue: 'retired-issue', probability: 0.3 },
      { issue: 'account-blocked', probability: 0.2 },
      { issue: 'legacy-credentials', probability: 0.1 },
    ];
    expect(closestIssues({ abstained: true, ranking }, playbook).map((c) => c.issue)).toEqual(['account-blocked', 'legacy-credentials']);
  });
});

describe('the abstained note', () => {
  it('says a vague ticket gave too little to go on, not that the issues were below the threshold', () => {
    const headline = abstainedHeadline({ ...abstained, vague: true }, playbook);
    expect(headline).toMatch(/^Too little to go on: the ticket names no documented symptom; closest matches "/u);
    expect(headline).not.toContain('below the confidence threshold');
  });

  it('puts each closest issue with its percentage in the headline, not the probability of other', () => {
    const headline = abstainedHeadline(abstained, playbook);
    expect(headline).toBe(
      `Not sure: closest matches "${title('account-blocked')}" 28%, "${title('legacy-credentials')}" 22%, "${title('verification-error')}" 12%, each below the confidence threshold`,
    );
    const note = renderNote(abstained, playbook);
    expect(note.text.split('\n')[0]).toBe(`signin-triage: ${headline}`);
    expect(note.html).toContain('&quot;' + title('account-blocked').replace(/&/g, '&amp;') + '&quot; 28%');
    expect(note.text).not.toContain('30%');
  });
});

describe('shouldPostNote', () => {
  const other = sampleDiagnosis({ issue: 'other', topIssue: 'other', abstained: false, band: 'medium' });

  it('posts no note on a ticket diagnosed other, unless NOTE_ON_OTHER=on', () => {
    expect(shouldPostNote(other, { noteOnOther: false })).toBe(false);
    expect(shouldPostNote(other, { noteOnOther: true })).toBe(true);
  });

  it('posts the note on a sign-in issue, an abstention and a ticket that was not analysed', () => {
    expect(shouldPostNote(sampleDiagnosis(), { noteOnOther: false })).toBe(true);
    expect(shouldPostNote(abstained, { noteOnOther: false })).toBe(true);
    expect(shouldPostNote({ ...other, unanalysed: 'text too complex to analyse' }, { noteOnOther: false })).toBe(true);
  });
});
