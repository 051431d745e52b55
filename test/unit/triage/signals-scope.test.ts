import { describe, expect, it } from 'vitest';

import { loadPlaybook } from '../../../src/playbook/load-playbook.js';
import { foldText } from '../../../src/triage/fold-text.js';
import { compileSignals, matchSignals } from '../../../src/triage/signals.js';

const signals = compileSignals(loadPlaybook());
const fired = (text: string) => matchSignals(foldText(text), signals).map((match) => match.signal.id);

describe('the thank-you signal fires on a fix that worked, not on what worked before', () => {
  // A sign-in report says what used to work ("it worked in the old PIM"); that is the problem's
  // background, and counting it as "resolved" sent such tickets to `other` at 99.8%.
  it.each([
    'The password is right, it worked in the old PIM on Friday.',
    'It worked until yesterday, now the new page refuses me.',
    'Ha funzionato fino a ieri, oggi no.',
    'Funcionó ayer pero hoy no puedo entrar.',
    'Es hat gestern noch geklappt.',
    'The last time it worked was before the summer holidays.',
    'When it worked I used my short user name.',
  ])('not on: %s', (text) => {
    expect(fired(text)).not.toContain('thanks-resolved');
  });

  it.each([
    'I used Forgot your password? and it worked, thanks, you can close this.',
    'Ha funzionato, grazie mille!',
    '¡Funcionó, gracias!',
    'Hat geklappt, danke.',
  ])('on: %s', (text) => {
    expect(fired(text)).toContain('thanks-resolved');
  });
});

describe("signals read the symptom in the user's own words, as real reports put it", () => {
  it.each([
    ['account-linking', 'existing-other-product-account', 'Opening the PIM I only get "Account already exists" and nothing else.'],
    ['account-linking', 'existing-other-product-account', 'Le PIM me dit que le compte existe déjà.'],
    ['verification-error', 'error-after-verification-link', 'The link in the mail to activate my account says it has expired.'],
    ['verification-error', 'error-after-verification-link', 'Each activation code we get ends on "code not found".'],
    ['account-blocked', 'blocked-after-attempts', 'The sign-in page now says my user is throttled.'],
    ['account-blocked', 'blocked-after-attempts', 'It says my account is temporarily disabled.'],
    ['account-blocked', 'blocked-after-attempts', 'Error 429 too many requests on the login page.'],
    ['account-blocked', 'blocked-after-attempts', 'Nach einer falschen Passworteingabe ging nichts mehr.'],
    ['legacy-password-reset', 'reset-email-not-received', 'I asked for a password reset but the reset email never arrived.'],
    ['legacy-password-reset', 'reset-email-not-received', "J'ai demandé une réinitialisation du mot de passe et je n'ai rien reçu."],
  ])('%s: %s on "%s"', (_issue, signal, text) => {
    expect(fired(text)).toContain(signal);
  });

  it.each([
    ['existing-other-product-account', 'Our connector sync already exists for the webshop.'],
    ['blocked-after-attempts', 'Our export to the webshop runs temporarily slower on Mondays.'],
    ['reset-email-not-received', 'The verification email never arrived after my first sign-in.'],
  ])('%s not on "%s"', (signal, text) => {
    expect(fired(text)).not.toContain(signal);
  });
});
