import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { CLAUSE_BREAK, extractFeatures, TokenScanner, WORD_OR_CLAUSE_BREAK } from '../../../src/triage/features.js';
import { WORD_PATTERN } from '../../../src/triage/tokenize.js';

/** Clauses as the features read them before the one-scan tokenizer: split at breaks, words of each. */
function clausesBySplitting(text: string): string[][] {
  return text
    .split(/[.!?;:\n]+/u)
    .map((clause) => clause.match(WORD_PATTERN) ?? [])
    .filter((words) => words.length > 0);
}

function clausesByScanning(text: string): string[][] {
  const clauses: string[][] = [[]];
  for (const token of text.matchAll(WORD_OR_CLAUSE_BREAK)) {
    if (token[1] !== undefined) clauses.push([]);
    else clauses.at(-1)!.push(token[0]);
  }
  return clauses.filter((words) => words.length > 0);
}

describe('the one-scan word tokenizer of the features', () => {
  it('is WORD_PATTERN or a clause break', () => {
    expect(WORD_OR_CLAUSE_BREAK.source).toBe(`${WORD_PATTERN.source}|([.!?;:\\n])`);
    expect(WORD_OR_CLAUSE_BREAK.flags).toBe(WORD_PATTERN.flags);
  });

  it.each([
    "I can't log in. L'email n'arrive pas!!! Ich bin: gesperrt;\n\nno puedo  entrar… d'accesso 2FA-code 123",
    'Re: SDM gone?? see below:\n> quoted line. Second; third',
    '',
    '...;;;\n\n',
    'één woord’s tail, plus 10:42 and 3.5.1 and x@y.example',
  ])('finds the same words and clauses as splitting first: %j', (text) => {
    expect(clausesByScanning(text)).toEqual(clausesBySplitting(text));
  });
});

describe('words that name the vendor or the platform', () => {
  // They are in nearly every ticket whatever the issue: as features they only carried the
  // corpus's habits ("Product Cloud" pulled real reports towards `other`).
  const keys = (text: string) => [...extractFeatures({ subject: '', main: text, quoted: '' }, 'en', []).vector.keys()];

  it('are no features, alone or in pairs', () => {
    expect(keys('Akeneo PIM on Akeneo Product Cloud says Login failed')).toEqual(keys('on says Login failed'));
    expect(keys('the product grid is empty').some((key) => key.includes('product'))).toBe(true);
  });

  it('are taken out in any case, and "product" and "cloud" apart stay words', () => {
    expect(keys('AKENEO PRODUCT CLOUD says Login failed')).toEqual(keys('says Login failed'));
    expect(keys('on product Cloud says Login failed')).toEqual(keys('on says Login failed'));
    expect(keys('the product in the cloud').some((key) => key.includes('cloud'))).toBe(true);
  });
});

/** Tokens as the features' scanner finds them: [kind, text] per word or clause break. */
function tokensByScanner(text: string): Array<[string, string]> {
  const tokens: Array<[string, string]> = [];
  const scanner = new TokenScanner(text);
  for (let found = scanner.next(); found !== 0; found = scanner.next()) {
    tokens.push([found === CLAUSE_BREAK ? 'break' : 'word', text.slice(scanner.start, scanner.end)]);
  }
  return tokens;
}

function tokensByPattern(text: string): Array<[string, string]> {
  return [...text.matchAll(WORD_OR_CLAUSE_BREAK)].map((token) => [token[1] === undefined ? 'word' : 'break', token[0]]);
}

describe('the features’ token scanner', () => {
  it.each([
    "I can't log in. L'email n'arrive pas!!! Ich bin: gesperrt;\n\nno puedo  entrar… d'accesso 2FA-code 123",
    "l'email's tail, rock'n'roll, x'1, ’quoted’, it’s, ½ and ² and ٣ digits",
    'astral 𝐀𝐁c letters, 😀 emoji, a lone \ud835 high and \udc00 low surrogate',
    '',
  ])('finds the words and clause breaks WORD_OR_CLAUSE_BREAK finds: %j', (text) => {
    expect(tokensByScanner(text)).toEqual(tokensByPattern(text));
  });

  it('agrees with the pattern on any text', () => {
    const pieces = fc.constantFrom(
      'a',
      'É',
      'ß',
      '1',
      '²',
      "'",
      '’',
      '.',
      ':',
      '\n',
      ' ',
      '-',
      '𝐀',
      '😀',
      '\ud835',
      '\udc00',
      '\u0301',
      '\u2028',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.array(pieces).map((parts) => parts.join('')),
        ),
        (text) => {
          expect(tokensByScanner(text)).toEqual(tokensByPattern(text));
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
