import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadTriage } from '../../../src/triage/load-triage.js';
import { diagnosisSchema } from '../../../src/triage/diagnosis.js';

const triage = loadTriage({ now: () => new Date('2026-11-26T10:00:00Z') });
const para = 'Hello, I tried at 10:42 and got Login failed 😀 مرحبا after several attempts. ';

describe('classify on hostile input', () => {
  it.each([
    ['empty', ''],
    ['1 MB of prose', para.repeat(Math.ceil(1_000_000 / para.length))],
    ['1 MB without a space (worst case for the address pattern)', 'a'.repeat(1_000_000)],
    ['HTML only', '<div><p><br/></p></div>'.repeat(20_000)],
    ['emoji only', '😀🙈🔥'.repeat(10_000)],
    ['right-to-left text', 'لا أستطيع تسجيل الدخول إلى الحساب '.repeat(1_000)],
    ['control characters', '\u0000\u001b[31m\u202e\ufeff'.repeat(20_000)],
    ['mixed languages', 'Je ne peux pas me connecter. Ich kann mich nicht anmelden. No puedo entrar. Non riesco.'],
    ['only a quoted thread', '> I cannot log in, Login failed\n'.repeat(5_000)],
  ])('answers a valid diagnosis for %s', (_name, description) => {
    const diagnosis = triage.classify({ id: 'x', subject: description.slice(0, 2_000), description });
    expect(diagnosisSchema.parse(diagnosis).ticketId).toBe('x');
  });

  it('answers a valid diagnosis for any text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 2_000 }), fc.string({ maxLength: 200 }), (description, subject) => {
        const diagnosis = triage.classify({ id: '1', subject, description });
        const parsed = diagnosisSchema.parse(diagnosis);
        const total = parsed.ranking.reduce((sum, r) => sum + r.probability, 0);
        expect(Math.abs(total - 1)).toBeLessThan(0.01);
        expect(parsed.missing.every((field) => !parsed.escalation[field].present)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
