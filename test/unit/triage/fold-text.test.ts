import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { findEmails, maskContactData } from '../../../src/triage/fold-text.js';

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
