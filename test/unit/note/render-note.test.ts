import { describe, expect, it } from 'vitest';
import { loadPlaybook } from '../../../src/playbook/load-playbook.js';
import { renderNote, renderReplyNote } from '../../../src/note/render-note.js';
import { renderCustomerRequest } from '../../../src/note/render-customer-request.js';
import type { Diagnosis } from '../../../src/triage/diagnosis.js';

const playbook = { ...loadPlaybook(), version: 'test-1' };

// A fixed diagnosis, so the snapshot tests the renderer and not the model.
const diagnosis: Diagnosis = {
  ticketId: '4711',
  issue: 'account-blocked',
  confidence: 0.934,
  topIssue: 'account-blocked',
  abstained: false,
  band: 'high',
  ranking: [
    { issue: 'account-blocked', probability: 0.934 },
    { issue: 'legacy-credentials', probability: 0.04 },
  ],
  evidence: [
    { phrase: 'Login failed', issue: 'account-blocked', weight: 1.6, kind: 'ui-label' },
    { phrase: 'plusieurs essais', issue: 'account-blocked', weight: 2.1, kind: 'signal' },
    { phrase: '<script>x</script>', issue: 'account-blocked', weight: 0.2, kind: 'word' },
  ],
  language: 'fr',
  escalation: {
    email: { present: true, found: 'p•••@example.fr', reason: 'The requester writes about their own sign-in; their address counts.' },
    timestamp: { present: false, reason: 'No time of the failed sign-in, to the hour, is given.' },
    screenshot: { present: false, reason: 'No image is attached.' },
  },
  missing: ['timestamp', 'screenshot'],
  playbookVersion: 'test-1',
  classifiedAt: '2026-11-26T10:00:00.000Z',
};

describe('renderNote', () => {
  it('renders the HTML note', async () => {
    const note = renderNote(diagnosis, playbook, { requesterName: 'Pierre Garnier' });
    await expect(note.html).toMatchFileSnapshot('./__snapshots__/account-blocked.fr.html');
  });

  it('renders the same content as plain text', async () => {
    const note = renderNote(diagnosis, playbook, { requesterName: 'Pierre Garnier' });
    await expect(note.text).toMatchFileSnapshot('./__snapshots__/account-blocked.fr.txt');
  });

  it('escapes ticket words in HTML', () => {
    const { html } = renderNote(diagnosis, playbook);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });

  it('says what changed on a re-run', () => {
    const previous: Diagnosis = { ...diagnosis, issue: 'legacy-credentials', missing: ['email', 'timestamp', 'screenshot'] };
    const { text } = renderNote(diagnosis, playbook, { previous });
    expect(text).toContain(
      'Changed since the last run: diagnosis was "Signs in with the legacy PIM username or login page", now "Account temporarily blocked after failed attempts"; now provided: email',
    );
  });

  it('says when it abstained', () => {
    const unsure: Diagnosis = { ...diagnosis, issue: 'other', abstained: true, confidence: 0.31, band: 'low' };
    expect(renderNote(unsure, playbook).text).toMatch(
      /^signin-triage: Not sure: closest matches "Account temporarily blocked[^"]*" 93%, "/,
    );
  });

  it("gives the closest match's own probability when it abstains, not that of other", () => {
    const unsure: Diagnosis = {
      ...diagnosis,
      issue: 'other',
      abstained: true,
      confidence: 0.41,
      band: 'low',
      ranking: [
        { issue: 'account-blocked', probability: 0.27 },
        { issue: 'other', probability: 0.41 },
      ],
    };
    expect(renderNote(unsure, playbook).text).toContain('after failed attempts" 27%, each below the confidence threshold');
    expect(renderNote(unsure, playbook).text).not.toContain('41%');
  });

  it('says a ticket was not analysed, and asks the customer for nothing', () => {
    const unanalysed: Diagnosis = {
      ...diagnosis,
      issue: 'other',
      topIssue: 'other',
      confidence: 0,
      band: 'low',
      evidence: [],
      missing: [],
      unanalysed: 'text too complex to analyse',
    };
    const note = renderNote(unanalysed, playbook).text;
    expect(note).toMatch(/^signin-triage: Not analysed: text too complex to analyse; handle it as usual/);
    expect(note).not.toContain('Ready to send to the customer');
  });
});

describe('renderCustomerRequest', () => {
  it('asks for exactly the missing data, in the customer’s language', () => {
    const request = renderCustomerRequest(diagnosis, playbook, 'Pierre Garnier');
    expect(request?.language).toBe('fr');
    expect(request?.text.split('\n')[0]).toBe('Bonjour Pierre,');
    expect(request?.text).toContain("la date et l'heure");
    expect(request?.text).toContain("une capture d'écran");
    expect(request?.text).not.toContain("l'adresse e-mail");
  });

  it('has nothing to ask when nothing is missing', () => {
    expect(renderCustomerRequest({ ...diagnosis, missing: [] }, playbook)).toBeNull();
  });

  // Medium confidence, legacy-credentials first and account-blocked as runner-up.
  const unsure: Diagnosis = {
    ...diagnosis,
    issue: 'legacy-credentials',
    topIssue: 'legacy-credentials',
    confidence: 0.55,
    band: 'medium',
    ranking: [
      { issue: 'legacy-credentials', probability: 0.55 },
      { issue: 'account-blocked', probability: 0.35 },
      { issue: 'other', probability: 0.1 },
    ],
  };
  const question = (id: string, language: 'en' | 'fr' | 'de' | 'es' | 'it') =>
    playbook.issues.find((issue) => issue.id === id)!.confirmQuestion![language];

  it('asks the questions that tell the named issues apart when confidence is not high, after the missing data', () => {
    const request = renderCustomerRequest(unsure, playbook, 'Pierre Garnier')!;
    const lines = request.text.split('\n');
    const intro = lines.indexOf(playbook.escalation.confirmIntro!.fr);
    expect(intro).toBeGreaterThan(lines.findIndex((line) => line.includes("une capture d'écran")));
    expect(lines.slice(intro + 1, intro + 3)).toEqual([
      `- ${question('legacy-credentials', 'fr')}`,
      `- ${question('account-blocked', 'fr')}`,
    ]);
    // A high-confidence diagnosis asks none.
    expect(renderCustomerRequest(diagnosis, playbook)!.text).not.toContain(playbook.escalation.confirmIntro!.fr);
  });

  it('asks for the missing data under a message that presumes no issue when it also asks which issue it is', () => {
    const other = playbook.issues.find((issue) => issue.id === 'other')!;
    const lines = renderCustomerRequest(unsure, playbook, 'Pierre Garnier')!.text.split('\n');
    // legacy-credentials' own message ("Afin de vérifier votre compte…") presumes the issue the questions ask about.
    expect(lines[2]).toBe(other.customerMessage.fr);
    expect(lines).not.toContain(playbook.issues.find((issue) => issue.id === 'legacy-credentials')!.customerMessage.fr);
    // Without questions, the issue's own message stays.
    expect(renderCustomerRequest(unsure, playbook, 'Pierre Garnier', { confirm: false })!.text.split('\n')[2]).toBe(
      playbook.issues.find((issue) => issue.id === 'legacy-credentials')!.customerMessage.fr,
    );
  });

  it('still presumes no issue once every question was sent and the answer is awaited', () => {
    const asked = { ...unsure, confirmAsked: ['legacy-credentials', 'account-blocked'] };
    const lines = renderCustomerRequest(asked, playbook, 'Pierre Garnier')!.text.split('\n');
    expect(lines[2]).toBe(playbook.issues.find((issue) => issue.id === 'other')!.customerMessage.fr);
    expect(lines).not.toContain(playbook.escalation.confirmIntro!.fr);
    expect(lines).not.toContain(playbook.issues.find((issue) => issue.id === 'legacy-credentials')!.customerMessage.fr);
  });

  it('asks only the questions when no data is missing, and none once an agent chose the issue', () => {
    const request = renderCustomerRequest({ ...unsure, missing: [] }, playbook, 'Pierre Garnier')!;
    expect(request.text.split('\n').slice(0, 3)).toEqual(['Bonjour Pierre,', '', playbook.escalation.confirmIntro!.fr]);
    expect(request.text).not.toContain(playbook.issues.find((issue) => issue.id === 'legacy-credentials')!.customerMessage.fr);
    expect(renderCustomerRequest({ ...unsure, missing: [] }, playbook, 'Pierre Garnier', { confirm: false })).toBeNull();
    const kept = renderNote(unsure, playbook, { agentIssue: { issue: 'account-blocked', source: 'sidebar' } }).text;
    expect(kept).not.toContain(playbook.escalation.confirmIntro!.fr);
    expect(renderNote(unsure, playbook).text).toContain(`- ${question('account-blocked', 'fr')}`);
  });

  it('skips other, which has no question, and asks nothing with a playbook that has no confirmIntro', () => {
    const otherSecond = { ...unsure, ranking: [unsure.ranking[0]!, { issue: 'other', probability: 0.4 }], missing: [] };
    const request = renderCustomerRequest(otherSecond, playbook)!;
    expect(request.text).toContain(`- ${question('legacy-credentials', 'fr')}`);
    expect(request.text.match(/^- /gmu)).toHaveLength(1);
    const { confirmIntro: _dropped, ...escalation } = playbook.escalation;
    void _dropped;
    expect(renderCustomerRequest({ ...unsure, missing: [] }, { ...playbook, escalation })).toBeNull();
  });

  it('asks a question two issues of a custom playbook share once', () => {
    const shared = playbook.issues.find((issue) => issue.id === 'legacy-credentials')!.confirmQuestion!;
    const custom = {
      ...playbook,
      issues: playbook.issues.map((issue) => (issue.id === 'account-blocked' ? { ...issue, confirmQuestion: shared } : issue)),
    };
    const text = renderCustomerRequest({ ...unsure, missing: [] }, custom)!.text;
    expect(text.split(shared.fr)).toHaveLength(2);
  });

  it.each(['en', 'fr', 'de', 'es', 'it'] as const)('has a confirm question in %s for every documented issue', (language) => {
    expect(playbook.escalation.confirmIntro?.[language]).toBeTruthy();
    for (const issue of playbook.issues.filter((entry) => entry.id !== 'other')) expect(issue.confirmQuestion?.[language]).toBeTruthy();
  });

  it.each(['en', 'fr', 'de', 'es', 'it'] as const)('has a request in %s for every issue', (language) => {
    for (const issue of playbook.issues) {
      const request = renderCustomerRequest({ ...diagnosis, issue: issue.id, language, missing: ['email'] }, playbook);
      expect(request?.text).toContain(issue.customerMessage[language]);
      expect(request?.text).toContain(playbook.escalation.fields.email.ask[language]);
    }
  });
});

describe('renderReplyNote', () => {
  it('does not call "still missing" what was found before the reply and is missing since', () => {
    // An out-of-office naming a colleague ("For urgent matters please contact my colleague") makes
    // the email check doubt that the requester is the affected user.
    const after = {
      ...diagnosis,
      escalation: { ...diagnosis.escalation, email: { present: false, reason: 'A colleague is named.' } },
      missing: ['email' as const, 'timestamp' as const, 'screenshot' as const],
    };
    const note = renderReplyNote({ before: diagnosis, after, issueChange: null }, playbook);
    expect(note?.text).toBe(
      "signin-triage: Still missing: time of the failed sign-in, screenshot of the error page. Missing since this reply (found before it): affected user's email.",
    );
  });
});
