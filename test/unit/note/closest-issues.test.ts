import { describe, expect, it } from 'vitest';

import {
  abstainedHeadline,
  closestIssues,
  namedIssues,
  RUNNER_UP_MIN_PROBABILITY,
  runnerUp,
  THIRD_CANDIDATE_MIN_PROBABILITY,
} from '../../../src/note/closest-issues.js';
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

const medium = sampleDiagnosis({
  issue: 'legacy-credentials',
  topIssue: 'legacy-credentials',
  confidence: 0.55,
  band: 'medium',
  ranking: [
    { issue: 'other', probability: 0.1 },
    { issue: 'legacy-credentials', probability: 0.55 },
    { issue: 'account-blocked', probability: 0.3 },
    { issue: 'verification-error', probability: 0.05 },
  ],
});

describe('runnerUp: the second issue of a diagnosis without high confidence', () => {
  it('names the second most probable issue with its own probability', () => {
    expect(runnerUp(medium, playbook)).toEqual({ issue: 'account-blocked', title: title('account-blocked'), probability: 0.3 });
    expect(namedIssues(medium, playbook)).toEqual(['legacy-credentials', 'account-blocked']);
  });

  it('may name other: the ticket may be no documented sign-in issue at all', () => {
    const ranking = [
      { issue: 'legacy-credentials', probability: 0.6 },
      { issue: 'other', probability: 0.32 },
      { issue: 'account-blocked', probability: 0.08 },
    ];
    expect(runnerUp({ ...medium, ranking }, playbook)?.issue).toBe('other');
  });

  it('names none below RUNNER_UP_MIN_PROBABILITY, nor for a high-band or abstained diagnosis', () => {
    const ranking = [
      { issue: 'legacy-credentials', probability: 0.8 },
      { issue: 'account-blocked', probability: RUNNER_UP_MIN_PROBABILITY - 0.01 },
      { issue: 'other', probability: 0.06 },
    ];
    expect(runnerUp({ ...medium, ranking }, playbook)).toBeNull();
    expect(
      runnerUp(
        {
          ...medium,
          ranking: [...medium.ranking].map((e) => (e.issue === 'account-blocked' ? { ...e, probability: RUNNER_UP_MIN_PROBABILITY } : e)),
        },
        playbook,
      )?.issue,
    ).toBe('account-blocked');
    expect(runnerUp({ ...medium, band: 'high' }, playbook)).toBeNull();
    expect(runnerUp(abstained, playbook)).toBeNull();
    expect(namedIssues(sampleDiagnosis(), playbook)).toEqual(['verification-email-missing']);
    expect(namedIssues(abstained, playbook)).toEqual(['other', 'account-blocked', 'legacy-credentials', 'verification-error']);
  });

  it('is a line of the note under the headline, in text and HTML, and not once an agent chose the issue', () => {
    const note = renderNote(medium, playbook);
    const line = `Also possible: "${title('account-blocked')}" 30%. Check it when the steps below do not fit.`;
    expect(note.text.split('\n')[1]).toBe(line);
    expect(note.html).toContain(`<p>Also possible: &quot;${title('account-blocked').replace(/&/g, '&amp;')}&quot; 30%.`);
    expect(renderNote(sampleDiagnosis(), playbook).text).not.toContain('Also possible');
    expect(renderNote(medium, playbook, { agentIssue: { issue: 'legacy-credentials', source: 'sidebar' } }).text).not.toContain(
      'Also possible',
    );
  });
});

describe('shouldPostNote', () => {
  const other = sampleDiagnosis({
    issue: 'other',
    topIssue: 'other',
    abstained: false,
    band: 'medium',
    confidence: 0.7,
    ranking: [
      { issue: 'other', probability: 0.7 },
      { issue: 'account-blocked', probability: 0.12 },
      { issue: 'legacy-credentials', probability: 0.1 },
      { issue: 'verification-error', probability: 0.08 },
    ],
  });

  it('posts no note on a ticket diagnosed other, unless NOTE_ON_OTHER=on', () => {
    expect(shouldPostNote(other, { noteOnOther: false })).toBe(false);
    expect(shouldPostNote(other, { noteOnOther: true })).toBe(true);
    expect(
      shouldPostNote(
        {
          ...other,
          band: 'high',
          ranking: [
            { issue: 'other', probability: 0.85 },
            { issue: 'account-blocked', probability: 0.15 },
          ],
        },
        { noteOnOther: false },
      ),
    ).toBe(false);
  });

  it('posts it on other without high confidence when a sign-in issue is the runner-up', () => {
    const ranking = [
      { issue: 'other', probability: 0.55 },
      { issue: 'account-blocked', probability: 0.35 },
      { issue: 'legacy-credentials', probability: 0.1 },
    ];
    expect(shouldPostNote({ ...other, ranking }, { noteOnOther: false })).toBe(true);
    expect(renderNote({ ...other, ranking }, playbook).text).toContain(`Also possible: "${title('account-blocked')}" 35%`);
  });

  it('posts the note on a sign-in issue, an abstention and a ticket that was not analysed', () => {
    expect(shouldPostNote(sampleDiagnosis(), { noteOnOther: false })).toBe(true);
    expect(shouldPostNote(abstained, { noteOnOther: false })).toBe(true);
    expect(shouldPostNote({ ...other, unanalysed: 'text too complex to analyse' }, { noteOnOther: false })).toBe(true);
  });
});
