import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { corpusExampleToTicket, loadCorpus } from '../../../src/playbook/corpus.js';
import { loadPlaybook } from '../../../src/playbook/load-playbook.js';
import { foldText } from '../../../src/triage/fold-text.js';
import { compileSignals, matchSignals, requiredLiteralSets, requiredLiterals, type CompiledSignal } from '../../../src/triage/signals.js';

// matchSignals skips a pattern when the text holds none of the literals every match of it
// contains: a shortcut that must never change which signals fire, nor what they quote.
describe('signal literal shortcut', () => {
  const playbook = loadPlaybook();
  const signals = compileSignals(playbook);
  const withoutShortcut: CompiledSignal[] = signals.map((signal) => ({ ...signal, literalSets: signal.literalSets.map(() => null) }));
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

  it('derives one literal set per part of a sequence', () => {
    const sorted = (sets: string[][] | null) => sets?.map((set) => [...set].sort()).sort((x, y) => x[0]!.localeCompare(y[0]!));
    expect(sorted(requiredLiteralSets("(can't|not)[^.]{0,20}(see|find)[^.]{0,60}(sdm|pim)"))).toEqual([
      ["can't", 'not'],
      ['find', 'see'],
      ['pim', 'sdm'],
    ]);
    // Parts of one character say nothing; a set equal to the first is not repeated.
    expect(requiredLiteralSets('log ?in')).toEqual([['login', 'log in']]);
    expect(requiredLiteralSets('[^.]{0,5}')).toBeNull();
  });

  it('every match of every playbook pattern contains one literal of each of its sets (corpus texts)', () => {
    for (const signal of signals) {
      signal.patterns.forEach((pattern, index) => {
        const sets = signal.literalSets[index];
        expect(sets).not.toBeNull();
        expect(sets![0]).toEqual(requiredLiterals(pattern.source));
        for (const text of texts) {
          const global = new RegExp(pattern.source, 'giu');
          for (const match of text.matchAll(global)) {
            for (const set of sets!) {
              expect(
                set.some((literal) => match[0].includes(literal)),
                `${pattern.source} on "${match[0]}"`,
              ).toBe(true);
            }
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
      // Parts of multi-part patterns (a negation, a verb, an object), so that texts meet some sets and not others.
      'never',
      'see',
      'sdm',
      'receiv',
      'verif',
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
