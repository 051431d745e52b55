import { describe, expect, it } from 'vitest';

import { confirmingIssues, renderCustomerRequest } from '../../../src/note/render-customer-request.js';
import type { Language } from '../../../src/triage/diagnosis.js';
import { loadTriage } from '../../../src/triage/load-triage.js';
import { ownRequestPattern, withoutOwnRequest } from '../../../src/triage/own-request-text.js';
import { ticketSchema, type TicketInput } from '../../../src/triage/ticket.js';

const triage = loadTriage({ now: () => new Date('2026-11-26T10:00:00Z') });
const playbook = triage.playbook;
const LANGUAGES: Language[] = ['en', 'fr', 'de', 'es', 'it'];

/** Our request as a customer's reply copies it back: an answer under each question. */
function answeredInline(request: string, answer: string): string {
  return request
    .split('\n')
    .map((line) => (line.startsWith('- ') && line.endsWith('?') ? `${line}\n${answer}` : line))
    .join('\n');
}

/** Our request quoted under the answer, as a mail client wraps it: "> " on every line of 50 characters. */
function quotedWrapped(request: string, answer: string): string {
  const wrapped = request.split('\n').flatMap((line) => line.match(/.{1,50}(\s|$)/gu) ?? ['']);
  return `${answer}\n\n${wrapped.map((line) => `> ${line.trimEnd()}`).join('\n')}`;
}

// Invented ticket: the model hesitates between account-blocked and legacy-credentials.
const unsureTicket: TicketInput = {
  id: 'unsure',
  subject: 'Login',
  description: 'Hello, I can not access PIM. I tried again this morning and it still fails, can you help?',
  requester: { name: 'Ana Lima', email: 'ana@acme.example' },
  created_at: '2026-11-26T09:00:00Z',
};

describe("the customer's reply that copies our request back", () => {
  const first = unsureTicket;
  const before = triage.classify(first);
  const withReply = (body: string) =>
    triage.classify({ ...first, conversation: [{ body, from_requester: true, created_at: '2026-11-26T09:30:00Z' }] });
  const answer = 'No, nothing like that.';

  it('is read as the answers alone: the questions are ours, not the customer’s', () => {
    expect(before.band).not.toBe('high');
    const request = renderCustomerRequest(before, playbook, 'Ana Lima')!.text;
    expect(request).toContain(playbook.issues.find((issue) => issue.id === 'account-blocked')!.confirmQuestion!.en);
    const answersOnly = withReply(answer);
    for (const body of [answeredInline(request, answer), quotedWrapped(request, answer)]) {
      const after = withReply(body);
      // Before: the account-blocked question ("several failed attempts", "Login failed") made it 100% account-blocked.
      expect(after.issue).toBe(answersOnly.issue);
      for (const entry of answersOnly.ranking) {
        expect(Math.abs(after.ranking.find((other) => other.issue === entry.issue)!.probability - entry.probability)).toBeLessThan(0.05);
      }
    }
  });
});

describe('withoutOwnRequest', () => {
  const pattern = ownRequestPattern(playbook);
  const ticket = (body: string, fromRequester = true) =>
    ticketSchema.parse({ id: 't', subject: 's', description: body, conversation: [{ body, from_requester: fromRequester }] });

  it.each(LANGUAGES)('removes every confirm question and intro in %s, with typographic quotes made straight', (language) => {
    const texts = [
      playbook.escalation.confirmIntro![language],
      ...playbook.issues.flatMap((issue) => (issue.confirmQuestion ? [issue.confirmQuestion[language]] : [])),
    ];
    for (const text of texts) {
      const straight = text.replace(/[“”„«»]/gu, '"').replace(/’/gu, "'");
      const body = withoutOwnRequest(ticket(`Oui.\n${straight.toUpperCase()}\nJa.`), pattern).conversation[0]!.body;
      expect(body.replace(/\s+/gu, ' ')).toBe('Oui. Ja.');
    }
  });

  it("keeps the first message, the agents' messages and the customer's own words", () => {
    const question = playbook.issues.find((issue) => issue.id === 'account-blocked')!.confirmQuestion!.en;
    const kept = withoutOwnRequest(ticket(`${question} Yes, it says Login failed.`, false), pattern);
    expect(kept.description).toContain(question);
    expect(kept.conversation[0]!.body).toContain(question);
    const mine = withoutOwnRequest(ticket(`${question} Yes, it says Login failed.`), pattern).conversation[0]!.body;
    expect(mine.trim()).toBe('Yes, it says Login failed.');
  });

  it('finds nothing to remove in a playbook without request texts', () => {
    const bare = {
      ...playbook,
      escalation: {
        ...playbook.escalation,
        closing: { en: '', fr: '', de: '', es: '', it: '' },
        confirmIntro: undefined,
        fields: Object.fromEntries(
          Object.entries(playbook.escalation.fields).map(([id, field]) => [
            id,
            { ...field, ask: { en: '', fr: '', de: '', es: '', it: '' } },
          ]),
        ) as typeof playbook.escalation.fields,
      },
      issues: playbook.issues.map((issue) => ({
        ...issue,
        confirmQuestion: undefined,
        customerMessage: { en: '', fr: '', de: '', es: '', it: '' },
      })),
    };
    expect(ownRequestPattern(bare)).toBeNull();
  });
});

describe('the confirm questions our support team already sent', () => {
  const first = unsureTicket;
  const before = triage.classify(first);
  const request = renderCustomerRequest(before, playbook, 'Ana')!;
  const question = (issue: string, language: Language) =>
    playbook.issues.find((candidate) => candidate.id === issue)!.confirmQuestion![language];

  it('are read from our public reply, rewrapped and with other quote marks, and not asked again', () => {
    expect(before.band).not.toBe('high');
    expect(request.text).toContain(question(before.issue, 'en'));
    // Zendesk's editor rewraps the lines, a mail client turns “…” into "…".
    const sent = request.text
      .replace(/[“”]/gu, '"')
      .replace(/ (?=\S{1,12} )/gu, (space, offset: number) => (offset % 7 === 0 ? '\n' : space));
    const after = triage.classify({ ...first, conversation: [{ body: sent, from_requester: false }] });
    expect(after.confirmAsked).toEqual(expect.arrayContaining(confirmingIssues(before, playbook)));
    expect(renderCustomerRequest(after, playbook, 'Ana')?.text ?? '').not.toContain(question(before.issue, 'en'));
  });

  it('only count when our team sent them: the customer copying a question back asked nothing', () => {
    const after = triage.classify({ ...first, conversation: [{ body: question(before.issue, 'en'), from_requester: true }] });
    expect(after.confirmAsked).toBeUndefined();
  });

  it('count in the language they were sent in', () => {
    const after = triage.classify({
      ...first,
      conversation: [{ body: `Bonjour,\n- ${question('account-blocked', 'fr')}`, from_requester: false }],
    });
    expect(after.confirmAsked).toEqual(['account-blocked']);
  });
});
