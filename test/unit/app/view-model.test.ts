import { describe, expect, it } from 'vitest';

import { composeCustomerRequest, failureView, panelView, type DiagnosisView, type ViewContext } from '../../../app/src/view-model.js';
import { loadPlaybook } from '../../../src/playbook/load-playbook.js';
import { buildDiagnosisResponse } from '../../../src/server/build-diagnosis-response.js';
import { sampleDiagnosis } from '../../support/sample-diagnosis.js';
import { LOCALES, strictT } from './catalogs.js';

const playbook = loadPlaybook();
const issue = (id: string) => playbook.issues.find((entry) => entry.id === id)!;

function context(locale = 'en', requesterName: string | null = 'Jeanne Martin'): ViewContext {
  return { t: strictT(locale), requesterName, formatDate: (iso) => `<${iso}>` };
}

function diagnosisView(response: ReturnType<typeof buildDiagnosisResponse>, ctx = context()): DiagnosisView {
  const view = panelView(response, ctx);
  if (view.kind !== 'diagnosis') throw new Error(`expected a diagnosis view, got ${view.kind}`);
  return view;
}

describe('panelView of a confident diagnosis', () => {
  const diagnosis = sampleDiagnosis();
  const view = diagnosisView(buildDiagnosisResponse(diagnosis, playbook));

  it('shows the playbook title, summary, steps and checks of the issue', () => {
    const expected = issue('verification-email-missing');
    expect(view.title).toBe(expected.title);
    expect(view.summary).toBe(expected.diagnosis);
    expect(view.steps.items).toEqual(expected.steps);
    expect(view.checks.items).toEqual(expected.checks.map((check) => playbook.checks[check]));
    expect(view.lowConfidence).toBeNull();
    expect(view.correctedNote).toBeNull();
  });

  it('shows the confidence as a rounded percentage with its band', () => {
    expect(view.confidence).toEqual({ percent: 87, band: 'high', label: 'Confidence: 87 %', bandLabel: 'High confidence' });
  });

  it('explains with the evidence of the best issue only, strongest first, marking phrases against it', () => {
    expect(view.why.lines).toEqual([
      { text: 'never received the verification email', against: false },
      { text: 'spam folder', against: false },
      { text: 'not a password problem', against: true },
    ]);
  });

  it('lists each escalation field as present (with what was found) or missing (with why)', () => {
    expect(view.escalation.lines.map((line) => [line.field, line.label, line.stateLabel, line.detail])).toEqual([
      ['email', playbook.escalation.fields.email.label, 'Present', 'j***@example.com'],
      ['timestamp', playbook.escalation.fields.timestamp.label, 'Missing', 'No date or time of the failed sign-in.'],
      ['screenshot', playbook.escalation.fields.screenshot.label, 'Missing', 'No image attached.'],
    ]);
    expect(view.escalation.allPresent).toBeNull();
  });

  it('prepares the request for the missing data in the customer language, greeting the requester by first name', () => {
    expect(view.insert?.hint).toBe('Inserts a request in French into the reply editor.');
    const lines = view.insert!.text.split('\n');
    expect(lines[0]).toBe('Bonjour Jeanne,');
    expect(lines).toContain(issue('verification-email-missing').customerMessage.fr);
    expect(lines).toContain(`- ${playbook.escalation.fields.timestamp.ask.fr}`);
    expect(lines).toContain(`- ${playbook.escalation.fields.screenshot.ask.fr}`);
    expect(lines).not.toContain(`- ${playbook.escalation.fields.email.ask.fr}`);
    expect(lines.at(-1)).toBe(playbook.escalation.closing.fr);
    expect(view.insert!.html).toContain('<p>Bonjour Jeanne,</p>');
    expect(view.insert!.html).toContain(`<li>${playbook.escalation.fields.screenshot.ask.fr.replace(/'/g, '&#39;')}</li>`);
  });

  it('offers every other issue as a correction', () => {
    expect(view.feedback.options.map((option) => option.id)).toEqual(
      playbook.issues.map((entry) => entry.id).filter((id) => id !== 'verification-email-missing'),
    );
  });

  it('dates the diagnosis and names the playbook version', () => {
    expect(view.footer).toBe(`Triaged <2026-11-26T10:42:00.000Z> · playbook ${diagnosis.playbookVersion}`);
  });
});

describe('panelView of an uncertain diagnosis', () => {
  it('says the model abstained and shows the top candidates, without "other"', () => {
    const diagnosis = sampleDiagnosis({
      issue: 'other',
      topIssue: 'verification-error',
      abstained: true,
      band: 'low',
      confidence: 0.31,
      ranking: [
        { issue: 'other', probability: 0.4 },
        { issue: 'legacy-credentials', probability: 0.2 },
        { issue: 'verification-error', probability: 0.31 },
        { issue: 'account-blocked', probability: 0.05 },
        { issue: 'account-linking', probability: 0.04 },
      ],
    });
    const view = diagnosisView(buildDiagnosisResponse(diagnosis, playbook));
    expect(view.title).toBe(issue('other').title);
    expect(view.lowConfidence?.body).toMatch(/not confident enough/);
    expect(view.lowConfidence?.candidates).toEqual([
      `${issue('verification-error').title} (31 %)`,
      `${issue('legacy-credentials').title} (20 %)`,
      `${issue('account-blocked').title} (5 %)`,
    ]);
    expect(view.why.lines.map((line) => line.text)).toEqual(['error page']);
  });

  it('warns on a low band even when the model did not abstain', () => {
    const view = diagnosisView(buildDiagnosisResponse(sampleDiagnosis({ band: 'low', confidence: 0.45 }), playbook));
    expect(view.lowConfidence?.body).toMatch(/confidence is low/);
    expect(view.title).toBe(issue('verification-email-missing').title);
  });

  it("names the runner-up of a medium-band diagnosis, as the note does, in the agent's language", () => {
    const ranking = [
      { issue: 'verification-email-missing', probability: 0.6 },
      { issue: 'legacy-credentials', probability: 0.3 },
      { issue: 'other', probability: 0.1 },
    ];
    const response = buildDiagnosisResponse(sampleDiagnosis({ band: 'medium', confidence: 0.6, ranking }), playbook);
    expect(response.runnerUp?.issue).toBe('legacy-credentials');
    expect(diagnosisView(response).runnerUp).toBe(
      `Also possible: ${issue('legacy-credentials').title} (30 %). Check it when the steps below do not fit.`,
    );
    expect(diagnosisView(response, context('de')).runnerUp).toMatch(/^Ebenfalls möglich: .{3,80} \(30 %\)/u);
    // Not after an agent's correction, not on a high band, not beside the low-confidence candidates.
    const corrected = buildDiagnosisResponse(sampleDiagnosis({ band: 'medium', confidence: 0.6, ranking }), playbook, {
      issue: 'account-blocked',
      createdAt: '2026-11-27T08:00:00Z',
    });
    expect(diagnosisView(corrected).runnerUp).toBeNull();
    expect(diagnosisView(buildDiagnosisResponse(sampleDiagnosis(), playbook)).runnerUp).toBeNull();
    expect(
      diagnosisView(buildDiagnosisResponse(sampleDiagnosis({ band: 'low', confidence: 0.45, ranking }), playbook)).runnerUp,
    ).toBeNull();
  });

  it("shows an agent's hand-made tag change and the model's current view side by side", () => {
    const diagnosis = sampleDiagnosis({ band: 'high', confidence: 0.91 });
    const view = diagnosisView(
      buildDiagnosisResponse(diagnosis, playbook, { issue: 'account-blocked', createdAt: '2026-11-27T08:00:00Z', source: 'zendesk_tag' }),
    );
    expect(view.title).toBe(issue('account-blocked').title);
    expect(view.correctedNote).toBe(
      `An agent changed the issue tag by hand; re-runs keep it. The model now says: ${issue(diagnosis.issue).title} (91 %)`,
    );
  });

  it('trusts an agent correction over the model', () => {
    const diagnosis = sampleDiagnosis({ band: 'low', abstained: true, issue: 'other' });
    const view = diagnosisView(
      buildDiagnosisResponse(diagnosis, playbook, { issue: 'account-blocked', createdAt: '2026-11-27T08:00:00Z' }),
    );
    expect(view.title).toBe(issue('account-blocked').title);
    expect(view.steps.items).toEqual(issue('account-blocked').steps);
    expect(view.correctedNote).toBe(
      `Corrected by an agent; re-runs keep it. The model now says: ${issue('other').title} (${Math.round(diagnosis.confidence * 100)} %)`,
    );
    expect(view.lowConfidence).toBeNull();
    expect(view.insert!.text).toContain(issue('account-blocked').customerMessage.fr);
  });
});

describe('panelView edge cases', () => {
  it('offers "Triage now" when the ticket has no diagnosis', () => {
    expect(panelView(buildDiagnosisResponse(null, playbook), context())).toEqual({
      kind: 'message',
      tone: 'info',
      title: 'Not triaged yet',
      body: 'This ticket has no diagnosis yet.',
      action: { id: 'triage-now', label: 'Triage now' },
    });
  });

  it('has nothing to insert when no escalation data is missing', () => {
    const diagnosis = sampleDiagnosis({
      missing: [],
      escalation: {
        email: { present: true, found: 'j***@example.com', reason: 'named' },
        timestamp: { present: true, found: '10:42', reason: 'given' },
        screenshot: { present: true, found: 'login.png', reason: 'attached' },
      },
    });
    const view = diagnosisView(buildDiagnosisResponse(diagnosis, playbook));
    expect(view.insert).toBeNull();
    expect(view.escalation.allPresent).toBe('All escalation data is present.');
  });

  it('renders in every locale without a missing string', () => {
    const uncertain = sampleDiagnosis({ abstained: true, band: 'low', issue: 'other' });
    for (const locale of LOCALES) {
      for (const band of ['high', 'medium', 'low'] as const) {
        expect(() => panelView(buildDiagnosisResponse(sampleDiagnosis({ band }), playbook), context(locale))).not.toThrow();
      }
      expect(() =>
        panelView(buildDiagnosisResponse(uncertain, playbook, { issue: 'other', createdAt: 'x' }), context(locale)),
      ).not.toThrow();
      for (const language of ['en', 'fr', 'de', 'es', 'it'] as const) {
        expect(() => panelView(buildDiagnosisResponse(sampleDiagnosis({ language }), playbook), context(locale))).not.toThrow();
      }
    }
    expect(diagnosisView(buildDiagnosisResponse(sampleDiagnosis(), playbook), context('de')).steps.heading).toBe('Lösungsschritte');
  });
});

describe('the inserted request of a diagnosis without high confidence', () => {
  const ranking = [
    { issue: 'account-blocked', probability: 0.55 },
    { issue: 'legacy-credentials', probability: 0.35 },
    { issue: 'other', probability: 0.1 },
  ];
  const question = (id: string) => issue(id).confirmQuestion!.en;
  // account-blocked first, legacy-credentials its runner-up; timestamp and screenshot missing (sampleDiagnosis).
  const medium = sampleDiagnosis({
    issue: 'account-blocked',
    topIssue: 'account-blocked',
    band: 'medium',
    confidence: 0.55,
    ranking,
    language: 'en',
  });

  it('asks the missing data, then the questions that tell the two issues apart, and says so on its button', () => {
    const view = diagnosisView(buildDiagnosisResponse(medium, playbook));
    expect(view.insert?.buttonLabel).toBe('Insert request for missing data, with questions');
    expect(view.insert?.text).toContain(
      `${playbook.escalation.confirmIntro!.en}\n- ${question('account-blocked')}\n- ${question('legacy-credentials')}`,
    );
    expect(view.insert?.text.indexOf(playbook.escalation.confirmIntro!.en)).toBeGreaterThan(
      view.insert!.text.indexOf(issue('other').customerMessage.en),
    );
    // account-blocked's own message ("If you are still blocked…") would presume what the questions ask.
    expect(view.insert?.text).not.toContain(issue('account-blocked').customerMessage.en);
  });

  it('still gives a sidebar built before blocks an intro and asks: the first block', () => {
    const request = buildDiagnosisResponse(medium, playbook).customerRequest!;
    expect(request.blocks).toHaveLength(2);
    expect({ intro: request.intro, asks: request.asks }).toEqual({ intro: request.blocks[0]!.intro, asks: request.blocks[0]!.items });
  });

  it('inserts the questions alone when nothing is missing, and nothing after an agent corrected the issue', () => {
    const diagnosis = sampleDiagnosis({
      ...medium,
      missing: [],
      escalation: {
        email: { present: true, reason: 'r' },
        timestamp: { present: true, reason: 'r' },
        screenshot: { present: true, reason: 'r' },
      },
    });
    const view = diagnosisView(buildDiagnosisResponse(diagnosis, playbook));
    expect(view.insert?.buttonLabel).toBe('Insert questions for the customer');
    expect(view.insert?.text).not.toContain(issue('account-blocked').customerMessage.en);
    const corrected = buildDiagnosisResponse(diagnosis, playbook, { issue: 'legacy-credentials', createdAt: '2026-11-27T08:00:00Z' });
    expect(diagnosisView(corrected).insert).toBeNull();
  });
});

describe('composeCustomerRequest', () => {
  const request = {
    language: 'en' as const,
    greeting: 'Hello {name},',
    blocks: [{ kind: 'missing-data' as const, intro: 'Could you send us:', items: ['a <b> & "c"'] }],
    closing: 'Thanks.',
    intro: 'Could you send us:',
    asks: ['a <b> & "c"'],
  };

  it('drops the name placeholder when the requester has no usable name', () => {
    for (const name of [null, '', '   ', 'jon@example.com', '12345']) {
      expect(composeCustomerRequest(request, name).text.split('\n')[0]).toBe('Hello,');
    }
    expect(composeCustomerRequest({ ...request, greeting: 'Hola {name}:' }, null).text.split('\n')[0]).toBe('Hola:');
  });

  it('escapes every text in the HTML it inserts', () => {
    const { html, text } = composeCustomerRequest(request, '<img src=x> Eve');
    expect(html).toBe('<p>Hello &#60;img,</p><p>Could you send us:</p><ul><li>a &#60;b&#62; &#38; &#34;c&#34;</li></ul><p>Thanks.</p>');
    expect(text).toBe('Hello <img,\n\nCould you send us:\n- a <b> & "c"\n\nThanks.');
  });
});

describe('failureView', () => {
  const t = strictT('en');

  it('asks to reload the app on 401 when the server gives no reason', () => {
    const view = failureView({ kind: 'unauthorized', code: 'unauthorized' }, t, 'https://triage.example.org');
    expect(view.body).toBe('Zendesk did not vouch for this session: reload the app (or the ticket).');
    expect(view.action?.id).toBe('retry');
  });

  it.each([
    ['expired', /expired: reload the app/],
    ['clock-skew', /clocks? .*5 minutes.*sync the server clock \(NTP\)/],
    ['lifetime', /check the server clock \(NTP\)/],
    ['bad-signature', /signature.*same SIDEBAR_SESSION_SECRET on every instance/],
    ['wrong-installation', /another Zendesk account or app installation.*ZENDESK_APP_AUDIENCE/],
  ] as const)('says the real reason of a 401 (%s) and what the admin should do', (code, expected) => {
    expect(failureView({ kind: 'unauthorized', code }, t, 'x').body).toMatch(expected);
  });

  it('points at server_url when the server cannot be reached', () => {
    expect(failureView({ kind: 'unreachable', status: 0 }, t, 'https://triage.example.org').body).toBe(
      'Check server_url in the app settings (now: https://triage.example.org).',
    );
    expect(failureView({ kind: 'not-configured' }, t, '').body).toBe('Set server_url in the app settings.');
  });

  it("shows the server's own sentence on other errors", () => {
    expect(failureView({ kind: 'server', status: 503, message: 'the queue is unavailable' }, t, 'x').body).toBe(
      'HTTP 503: the queue is unavailable',
    );
  });
});
