import { describe, expect, it } from 'vitest';
import { noAffectedUser } from '../../../../src/triage/escalation/no-affected-user.js';
import { foldText } from '../../../../src/triage/fold-text.js';

const read = (text: string, isOther = true) => noAffectedUser(foldText(text), isOther);

describe('noAffectedUser', () => {
  it.each([
    ['en', 'Automatic reply: I am out of the office until Monday.'],
    ['fr', 'Je suis absente du bureau jusqu’au 3 janvier.'],
    ['de', 'Ich bin bis zum 4. Januar nicht im Büro.'],
    ['es', 'Estoy fuera de la oficina hasta el día 7.'],
    ['it', 'Sono fuori ufficio fino al 7 gennaio.'],
  ])('%s: an out-of-office reply, whatever the issue', (_lang, text) => {
    expect(read(text, false)).toBe('auto-reply');
  });

  it('a mailing’s footer is marketing; a customer asking to be unsubscribed is not', () => {
    expect(read('Grow your catalogue reach. To unsubscribe, reply STOP.')).toBe('marketing');
    expect(read('Please unsubscribe me from your newsletter, I keep getting it.')).toBeNull();
  });

  it('a phishing question counts only on an other ticket, and not when the writer acted on it', () => {
    expect(read('I received this email, is it genuine? I did not click the link.')).toBe('suspicious-mail');
    expect(read('I received this email, is it genuine? I did not click the link.', false)).toBeNull();
    expect(read('I received a phishing email: I clicked the link and typed my password.')).toBeNull();
  });

  it('our own sign-in step feared as phishing is no suspicious mail that reached the writer', () => {
    expect(read('After my PIM password the new page asks me to verify my email. Is this phishing?')).toBeNull();
  });

  it('a real sign-in report is none of these', () => {
    expect(read('I cannot sign in since this morning, Login failed.')).toBeNull();
  });
});
