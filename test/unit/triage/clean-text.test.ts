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
