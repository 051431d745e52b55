/**
 * A test of single UTF-16 code units against a character class, remembered per code unit: the
 * hot loops that walk a ticket character by character (language detection's function words,
 * evidence widened to whole words) ask the same few hundred code units again and again, and a
 * Unicode property regex per character cost more than the rest of the loop.
 *
 * `pattern` must test one character (e.g. /^\p{L}$/u, /[\p{L}\p{N}]/u); it is asked once per
 * code unit, as `String.fromCharCode(code)` (a lone surrogate, as `text[i]` gives it).
 * Memory: one 64 KiB table per class.
 */
export function codeUnitClass(pattern: RegExp): (code: number) => boolean {
  // Per code unit: 1 in the class, 2 not, 0 not asked yet.
  const known = new Uint8Array(0x10000);
  return (code) => {
    let answer = known[code]!;
    if (answer === 0) {
      answer = pattern.test(String.fromCharCode(code)) ? 1 : 2;
      known[code] = answer;
    }
    return answer === 1;
  };
}
