import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { LiteralIndex, MAX_SETS, type LiteralRequirement } from '../../../src/triage/literal-index.js';

/** What the index must answer: one literal of every set it looks for is in the text (it does not look for a set with a one-character or non-ASCII literal). */
function meetsByHand(requirement: LiteralRequirement, text: string): boolean {
  const lookedFor = (set: readonly string[]): boolean => set.every((literal) => literal.length >= 2 && /^[\x00-\x7e]*$/u.test(literal));
  return (requirement ?? []).every((set) => !lookedFor(set) || set.some((literal) => text.includes(literal)));
}

/** What presentLiterals must answer for one set: its literals in the text, once each; all of them when the set is not looked for. */
function presentByHand(set: readonly string[], text: string): string[] {
  const lookedFor = set.every((literal) => literal.length >= 2 && /^[\x00-\x7e]*$/u.test(literal));
  return lookedFor ? [...new Set(set)].filter((literal) => text.includes(literal)) : [...set];
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

  it('answers after two billion scans as after the first (the scans are stamped in 32-bit arrays)', () => {
    const index = new LiteralIndex([[['login']], [['password']]]);
    // Two billion real scans take minutes: start from the stamp they would leave (a long-running
    // worker reaches it after some 200 million tickets, a few scans each).
    (index as unknown as { stamp: number }).stamp = 2 ** 31 - 3;
    for (let scan = 0; scan < 6; scan += 1) {
      index.scan(scan % 2 === 0 ? 'i cannot login' : 'forgot my password');
      expect([index.meets(0), index.meets(1)], `scan ${scan}`).toEqual([scan % 2 === 0, scan % 2 === 1]);
      expect(index.presentLiterals(0, 0)).toEqual(scan % 2 === 0 ? ['login'] : []);
    }
  });

  it('answers as includes does, on random literals and texts', () => {
    // Upper case, DEL, a non-ASCII letter and an astral character: all outside the literals the index looks for.
    const alphabet = fc.constantFrom('a', 'b', 'c', 'd', ' ', "'", 'é', '\n', 'A', '\u007f', '😀');
    const literal = fc.array(alphabet, { minLength: 0, maxLength: 9 }).map((chars) => chars.join(''));
    const requirement = fc.option(fc.array(fc.array(literal, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }), {
      nil: null,
    });
    fc.assert(
      fc.property(
        fc.array(requirement, { minLength: 1, maxLength: 6 }),
        fc.array(fc.array(fc.oneof(alphabet, literal), { maxLength: 60 })),
        (requirements, texts) => {
          const index = new LiteralIndex(requirements);
          for (const chars of texts) {
            const text = chars.join('');
            index.scan(text);
            requirements.forEach((required, at) => {
              const context = JSON.stringify({ required, text });
              expect(index.meets(at), context).toBe(meetsByHand(required, text));
              required?.forEach((set, s) => expect(index.presentLiterals(at, s), context).toEqual(presentByHand(set, text)));
            });
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('finds each of 70,000 literals of four letters, more than there are buckets for them, in texts up to 100 KB', () => {
    // 65,536 buckets hold the quadruples: many share one, which the scan must tell apart.
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const literals = Array.from({ length: 70_000 }, (_, n) => [0, 1, 2, 3].map((k) => letters[Math.floor(n / 26 ** k) % 26]).join(''));
    const index = new LiteralIndex([[literals]]);
    let seed = 7;
    const random = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (const length of [0, 3, 4, 1_000, 100_000]) {
      const text = Array.from({ length }, () => (random() < 0.1 ? ' ' : letters[Math.floor(random() * 26)])).join('');
      index.scan(text);
      expect(index.presentLiterals(0, 0), `text of ${length}`).toEqual(literals.filter((one) => text.includes(one)));
    }
  });
});
