import { describe, expect, it } from 'vitest';
import { cleanText } from '../../../src/triage/clean-text.js';

describe('cleanText', () => {
  it('separates a quoted reply from the customer’s own words', () => {
    const cleaned = cleanText(
      'Still broken, same error.\n\nOn Tue, 17 Nov 2026 at 09:12, Akeneo Support <support@example.com> wrote:\n> Could you clear your cookies?\n> Thanks',
    );
    expect(cleaned.main).toBe('Still broken, same error.');
    expect(cleaned.quoted).toContain('Could you clear your cookies?');
    expect(cleaned.quoteHeaders[0]).toMatch(/wrote:$/);
  });

  it('keeps a forwarded message apart, with its header lines', () => {
    const cleaned = cleanText(
      'FYI see below\n\n---------- Forwarded message ---------\nFrom: Ana Ruiz <ana.ruiz@example.es>\nDate: Wed, 18 Nov 2026 at 08:03\nSubject: acceso\n\nNo puedo entrar desde ayer.',
    );
    expect(cleaned.main).toBe('FYI see below');
    expect(cleaned.quoted).toBe('No puedo entrar desde ayer.');
    expect(cleaned.quoteHeaders.some((line) => line.startsWith('From: Ana Ruiz'))).toBe(true);
  });

  it('keeps the header of a message quoted with ">" out of the quoted words', () => {
    const cleaned = cleanText(
      'Still the same error.\n\n> Le 1 déc. 2026 à 15:12, Support Akeneo a écrit :\n> Pouvez-vous vider le cache ?\n>\n> Am 30.11.2026 um 09:40 schrieb Jan Roth <jan.roth@example.de>:\n>> Ich komme nicht rein.',
    );
    expect(cleaned.main).toBe('Still the same error.');
    expect(cleaned.quoted).toContain('Pouvez-vous vider le cache ?');
    expect(cleaned.quoted).toContain('Ich komme nicht rein.');
    expect(cleaned.quoted).not.toMatch(/15:12|09:40/u);
    expect(cleaned.quoteHeaders).toHaveLength(2);
  });

  it('takes an Outlook header with no address ("De :" then "Envoyé :") for the start of a forward', () => {
    const cleaned = cleanText(
      "C'est chez vous ?\n\nDe : Paul Girard\nEnvoyé : lundi 30 novembre 2026 10:32\nÀ : Service info\nObjet : accès\n\nJe n'arrive plus à me connecter au PIM.",
    );
    expect(cleaned.main).toBe("C'est chez vous ?");
    expect(cleaned.quoted).toBe("Je n'arrive plus à me connecter au PIM.");
    expect(cleaned.quoteHeaders.some((line) => line.startsWith('Envoyé'))).toBe(true);
    // A "From:" line alone, with no "Sent:" after it, is part of the message.
    expect(cleanText('From: the supplier portal, nothing else.\nI cannot sign in.').main).toContain('From: the supplier portal');
  });

  it('drops signatures and legal disclaimers in several languages', () => {
    const cleaned = cleanText(
      'Bonjour,\n\nMon compte est bloqué depuis ce matin.\n\nCordialement,\nJeanne Martin\nResponsable e-commerce\n\nCe message et ses pièces jointes sont confidentiels et destinés exclusivement à leur destinataire.',
    );
    expect(cleaned.main).toContain('Mon compte est bloqué');
    expect(cleaned.main).not.toContain('Jeanne');
    expect(cleaned.main).not.toContain('confidentiels');
  });

  it('does not take an opening "Thanks," for a signature', () => {
    const cleaned = cleanText('Thanks,\nI still get Login failed when I sign in.\nTom');
    expect(cleaned.main).toContain('Login failed');
  });

  it('turns HTML into text and strips control characters', () => {
    const cleaned = cleanText('<p>Hello</p><p>Login&nbsp;failed\u0007 again</p><script>alert(1)</script>');
    expect(cleaned.main).toContain('Login failed again');
    expect(cleaned.main).not.toContain('alert');
  });
});

// Review of 8b863be: a "From:" line with no address opens a forward when a "Sent:" or "Date:"
// line follows. A bug report or form the customer fills in has such lines as its own content.
describe('cleanText on a message whose own lines start with "From:" and "Date:"', () => {
  it.each([
    'From: Paris office\nDate: today at 9:15\nProblem: I cannot sign in, the page says Login failed.',
    'Hi, my report:\nFrom: Firefox on Windows\nDate: today at 9:15\nWhat happened: I cannot sign in.',
    'Von: Buchhaltung\nDatum: 02.12.2026 09:15\nProblem: Ich kann mich nicht anmelden.',
    "De : l'équipe achats\nDate : ce matin 9h\nJe n'arrive plus à me connecter.",
    'De: soporte interno\nFecha: hoy a las 9\nNo puedo entrar, Login failed.',
    'Da: ieri sera non riesco ad accedere.\nData: 02/12 ore 9.\nErrore Login failed.',
  ])("keeps them as the customer's words: %s", (text) => {
    const cleaned = cleanText(text);
    expect(cleaned.quoteHeaders).toEqual([]);
    expect(cleaned.main).toBe(text);
  });

  it('still opens a forward on an Outlook or Apple Mail header with no address', () => {
    const apple = cleanText(
      'See below.\n\nFrom: Paul Girard\nSubject: access\nDate: 30 November 2026 at 10:32\nTo: IT\n\nI cannot log in.',
    );
    expect(apple.main).toBe('See below.');
    expect(apple.quoted).toBe('I cannot log in.');
  });
});
