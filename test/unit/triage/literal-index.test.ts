import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { LiteralIndex, MAX_SETS, type LiteralRequirement } from '../../../src/triage/literal-index.js';

/** What the index must answer: one literal of every set it looks for is in the text (it does not look for a set with a one-character or non-ASCII literal). */
function meetsByHand(requirement: LiteralRequirement, text: string): boolean {
  const lookedFor = (set: readonly string[]): boolean => set.every((literal) => literal.length >= 2 && /^[\x00-\x7e]*$/u.test(literal));
  return (requirement ?? []).every((set) => !lookedFor(set) || set.some((literal) => text.includes(literal)));
}

describe('LiteralIndex', () => {
  it('meets a requirement only when the text holds a literal of each set', () => {
    const index = new LiteralIndex([
      [
        ["can't", 'unable'],
        ['log in', 'login', 'sign in'],
      ],
      [['verification mail']],
      null,
    ]);
    index.scan("hello. i can't log in today");
    expect([index.meets(0), index.meets(1), index.meets(2)]).toEqual([true, false, true]);
    expect(index.presentLiterals(0, 0)).toEqual(["can't"]);
    expect(index.presentLiterals(0, 1)).toEqual(['log in']);
    index.scan('unable to sign in, no verification mail');
    expect([index.meets(0), index.meets(1)]).toEqual([true, true]);
    index.scan('nothing here');
    expect([index.meets(0), index.meets(1), index.meets(2)]).toEqual([false, false, true]);
    expect(index.presentLiterals(0, 0)).toEqual([]);
  });

  it('finds a literal at the very start and end of the text, and shares one between requirements', () => {
    const index = new LiteralIndex([[['de']], [['de', 'xyz']], [['qrstuv']]]);
    index.scan('de');
    expect([index.meets(0), index.meets(1), index.meets(2)]).toEqual([true, true, false]);
    index.scan('xx qrstuv');
    expect([index.meets(0), index.meets(1), index.meets(2)]).toEqual([false, false, true]);
  });

  it('does not look for a set with a one-character literal, nor for sets past MAX_SETS', () => {
    const many = Array.from({ length: MAX_SETS + 2 }, (_, set) => [`set${String(set).padStart(2, '0')}`]);
    const index = new LiteralIndex([[['x', 'never'], ['ok']], many]);
    index.scan('ok');
    expect(index.meets(0)).toBe(true);
    expect(index.presentLiterals(0, 0)).toEqual(['x', 'never']);
    index.scan(many.slice(0, MAX_SETS).flat().join(' '));
    expect(index.meets(1)).toBe(true);
  });

  it('never reads a non-ASCII character as a literal one (they all count as one code)', () => {
    const index = new LiteralIndex([[['caf']], [['ab']]]);
    index.scan('café ä b');
    expect([index.meets(0), index.meets(1)]).toEqual([true, false]);
    index.scan('\u00ff\u0100\u017f');
    expect([index.meets(0), index.meets(1)]).toEqual([false, false]);
  });

  it('answers as includes does, on random literals and texts', () => {
    const alphabet = fc.constantFrom('a', 'b', 'c', 'd', ' ', "'", 'é', '\n');
    const literal = fc.array(alphabet, { minLength: 1, maxLength: 7 }).map((chars) => chars.join(''));
    const requirement = fc.option(fc.array(fc.array(literal, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }), {
      nil: null,
    });
    fc.assert(
      fc.property(
        fc.array(requirement, { minLength: 1, maxLength: 6 }),
        fc.array(fc.array(alphabet, { maxLength: 60 })),
        (requirements, texts) => {
          const index = new LiteralIndex(requirements);
          for (const chars of texts) {
            const text = chars.join('');
            index.scan(text);
            requirements.forEach((required, at) =>
              expect(index.meets(at), JSON.stringify({ required, text })).toBe(meetsByHand(required, text)),
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
