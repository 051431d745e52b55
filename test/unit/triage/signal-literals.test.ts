import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { corpusExampleToTicket, loadCorpus } from '../../../src/playbook/corpus.js';
import { loadPlaybook } from '../../../src/playbook/load-playbook.js';
import { foldText } from '../../../src/triage/fold-text.js';
import { compileSignals, matchSignals, requiredLiterals, type CompiledSignal } from '../../../src/triage/signals.js';

// matchSignals skips a pattern when the text holds none of the literals every match of it
// contains: a shortcut that must never change which signals fire, nor what they quote.
describe('signal literal shortcut', () => {
  const playbook = loadPlaybook();
  const signals = compileSignals(playbook);
  const withoutShortcut: CompiledSignal[] = signals.map((signal) => ({ ...signal, literalKeys: signal.literalKeys.map(() => null) }));
  const texts = loadCorpus(playbook).examples.map((example) => {
    const ticket = corpusExampleToTicket(example);
    return foldText(`${ticket.subject ?? ''}\n${ticket.description ?? ''}`);
  });

  it('derives literals for simple shapes', () => {
    expect(requiredLiterals('(abc|de)f?x{0,3}')?.sort()).toEqual(['abc', 'de']);
    expect(requiredLiterals('log ?in')?.sort()).toEqual(['log in', 'login']);
    expect(requiredLiterals('[^.]{0,5}')).toBeNull();
    expect(requiredLiterals('(a|\\w{1,3})')).toBeNull();
    expect(requiredLiterals('\\bX[yz]')?.sort()).toEqual(['xy', 'xz']);
  });

  it('every match of every playbook pattern contains one of its literals (corpus texts)', () => {
    for (const signal of signals) {
      signal.patterns.forEach((pattern, index) => {
        const literals = signal.literals[index];
        expect(literals).not.toBeNull();
        for (const text of texts) {
          const global = new RegExp(pattern.source, 'giu');
          for (const match of text.matchAll(global)) {
            expect(
              literals!.some((literal) => match[0].includes(literal)),
              `${pattern.source} on "${match[0]}"`,
            ).toBe(true);
          }
        }
      });
    }
  });

  it('finds the same signals with and without the shortcut', () => {
    for (const text of texts) expect(matchSignals(text, signals)).toEqual(matchSignals(text, withoutShortcut));
    const words = fc.constantFrom(
      ' ',
      '\n',
      '.',
      'k',
      'ſ',
      'K',
      'log',
      'in',
      'not',
      'email',
      'mail',
      'e-',
      'pas',
      'reset',
      'old',
      'pim',
      'é',
      'ß',
    );
    fc.assert(
      fc.property(fc.array(words, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(matchSignals(text, signals)).toEqual(matchSignals(text, withoutShortcut));
      }),
      { numRuns: 300 },
    );
  });
});
