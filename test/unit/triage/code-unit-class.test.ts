import { describe, expect, it } from 'vitest';
import { codeUnitClass } from '../../../src/triage/code-unit-class.js';

describe('codeUnitClass', () => {
  it('answers what the pattern answers for every UTF-16 code unit, lone surrogates included', () => {
    const letter = /^\p{L}$/u;
    const isLetter = codeUnitClass(letter);
    const wrong: number[] = [];
    for (let code = 0; code < 0x10000; code += 1) {
      if (isLetter(code) !== letter.test(String.fromCharCode(code))) wrong.push(code);
    }
    expect(wrong).toEqual([]);
  });

  it('asks the pattern once per code unit', () => {
    let asked = 0;
    const counting = { test: (char: string) => (asked += 1) > 0 && /\p{N}/u.test(char) } as unknown as RegExp;
    const isNumber = codeUnitClass(counting);
    for (let round = 0; round < 3; round += 1) for (const char of '12a٣b') isNumber(char.charCodeAt(0));
    expect(asked).toBe(5);
    expect(isNumber('٣'.charCodeAt(0))).toBe(true);
    expect(isNumber('a'.charCodeAt(0))).toBe(false);
  });
});
