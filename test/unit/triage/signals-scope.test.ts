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
