import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { findEmails, foldText, maskContactData } from '../../../src/triage/fold-text.js';

// The pattern as findEmails and maskContactData apply it to a stretch of the text: applied here to the whole text.
const EMAIL = /[\p{L}\p{N}._%+'-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){0,8}\.\p{L}{2,24}/gu;
const wholeTextEmails = (text: string) => [...text.matchAll(EMAIL)].map((match) => ({ address: match[0], index: match.index }));

/** Texts of letters (some beyond the BMP), digits, dots, spaces and "@", with long runs: addresses near the bounds. */
const texts = fc
  .array(
    fc.oneof(
      fc.constantFrom('a', 'é', '𝒜', '7', '.', '-', ' ', '@', '\n', 'x.y', 'lena.kraus@example-corp.de'),
      fc.nat({ max: 140 }).map((n) => 'b'.repeat(n)),
      fc.nat({ max: 70 }).map((n) => '𝒜'.repeat(n)),
      fc.nat({ max: 70 }).map((n) => `.${'c'.repeat(n)}`),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

describe('findEmails and maskContactData', () => {
  it('find what the pattern finds in the whole text, where it finds it', () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(findEmails(text)).toEqual(wholeTextEmails(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('replace what the pattern replaces in the whole text', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const url = text.includes('://');
        fc.pre(!url);
        expect(maskContactData(text)).toBe(text.replace(EMAIL, ' '));
      }),
      { numRuns: 2000 },
    );
  });

  it('finds the longest address the pattern allows, in letters of two code units each', () => {
    const part = (n: number) => '𝒜'.repeat(n);
    const longest = `${part(64)}@${part(63)}${`.${part(63)}`.repeat(8)}.${part(24)}`;
    const text = `${'filler '.repeat(50)}${longest}${part(30)} and more`;
    expect(findEmails(text)).toEqual(wholeTextEmails(text));
    expect(findEmails(text)[0]!.address.length).toBeGreaterThan(1_000);
    expect(maskContactData(text)).toBe(text.replace(EMAIL, ' '));
  });

  it('finds addresses far from the first and the last "@" of a long text', () => {
    const filler = 'word '.repeat(400);
    const text = `${filler}first@example.com ${filler} x@ ${filler}last.one@example.org ${filler}`;
    expect(findEmails(text).map(({ address }) => address)).toEqual(['first@example.com', 'last.one@example.org']);
    expect(maskContactData(text)).toBe(text.replace(EMAIL, ' '));
  });
});

describe('foldText', () => {
  // The fold as a whole-text pipeline: decomposed, marks dropped, ß as ss, lower case.
  const wholeTextFold = (text: string) =>
    text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .replace(/ß/g, 'ss')
      .toLowerCase();
  // Every code unit of the ranges folded letter by letter, some around them (Greek: a final sigma depends on its neighbours).
  const latin: string[] = [];
  for (const [from, to] of [
    [0x80, 0x250],
    [0x300, 0x370],
    [0x1e00, 0x1f00],
    [0x2000, 0x2070],
  ] as const) {
    for (let code = from; code < to; code += 1) latin.push(String.fromCharCode(code));
  }

  it('folds every code unit, alone and between letters, as the whole-text pipeline does', () => {
    for (let code = 0; code < 0x10000; code += 1) {
      const unit = String.fromCharCode(code);
      for (const text of [unit, `Ab${unit}Σ x`, `ΑΣ${unit}`]) expect(foldText(text)).toBe(wholeTextFold(text));
    }
  });

  it('folds texts of ASCII and Latin letters, marks and punctuation as the whole-text pipeline does', () => {
    const pieces = fc.oneof(
      fc.constantFrom(...latin),
      fc.constantFrom('A', 'z', ' ', '\n', 'Σ', 'İ', 'ẞ', 'ß', '𝒜', 'Straße', 'ÉCHOUÉ'),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 80 }), (parts) => {
        // Long enough to be remembered, and a short one folded afresh.
        const text = parts.join('');
        expect(foldText(text)).toBe(wholeTextFold(text));
        expect(foldText(`${text}${'x'.repeat(70)}`)).toBe(wholeTextFold(`${text}${'x'.repeat(70)}`));
      }),
      { numRuns: 3000 },
    );
  });
});
