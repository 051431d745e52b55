/**
 * A bit set of the character pairs and (hashed) triples of one text, for literal prefilters: a
 * text that contains a literal has every pair and triple of it, so a literal one of whose keys is
 * not set is not in the text. A hash collision only lets through a literal that is absent (the
 * pattern behind it then runs and answers for itself). Literals are lower-case ASCII; every code
 * unit above ASCII counts as 127, on both sides.
 *
 * Used by the playbook signals (signals.ts) and the escalation checks' gates
 * (escalation/literal-gate.ts), each with an index of its own: they index different texts.
 */
export class GramIndex {
  private readonly bits = new Uint32Array((PAIR_KEYS + (1 << TRIPLE_BITS)) / 32);

  /** Forgets the previous text and indexes `text`. */
  index(text: string): void {
    // Cleared whole (10 KB, a fraction of a microsecond), not word by word as set: noting each
    // word's first bit was a branch the processor mispredicted at most characters (8 ns a
    // character against 3 without it).
    const bits = this.bits;
    bits.fill(0);
    let a = -1;
    let b = -1;
    for (let at = 0; at < text.length; at += 1) {
      const c = unit(text.charCodeAt(at));
      if (b >= 0) {
        const pair = pairKey(b, c);
        bits[pair >>> 5] = bits[pair >>> 5]! | (1 << (pair & 31));
        if (a >= 0) {
          const triple = tripleKey(a, b, c);
          bits[triple >>> 5] = bits[triple >>> 5]! | (1 << (triple & 31));
        }
      }
      a = b;
      b = c;
    }
  }

  /** Whether the indexed text has every key of keys[start, end) (it may then contain the literal they came from). */
  hasAll(keys: Int32Array, start = 0, end = keys.length): boolean {
    for (let k = start; k < end; k += 1) {
      const key = keys[k]!;
      if ((this.bits[key >>> 5]! & (1 << (key & 31))) === 0) return false;
    }
    return true;
  }
}

/** The keys a text holding `literal` has: its pair (two characters) or its triples; null for one character, which filters nothing. */
export function gramKeys(literal: string): Int32Array | null {
  if (literal.length < 2) return null;
  if (literal.length === 2) return Int32Array.of(pairKey(unit(literal.charCodeAt(0)), unit(literal.charCodeAt(1))));
  const keys = new Int32Array(literal.length - 2);
  for (let at = 2; at < literal.length; at += 1) {
    keys[at - 2] = tripleKey(unit(literal.charCodeAt(at - 2)), unit(literal.charCodeAt(at - 1)), unit(literal.charCodeAt(at)));
  }
  return keys;
}

const PAIR_KEYS = 128 * 128;
const TRIPLE_BITS = 16;

const unit = (code: number): number => (code < 128 ? code : 127);
const pairKey = (a: number, b: number): number => (a << 7) | b;
const tripleKey = (a: number, b: number, c: number): number =>
  PAIR_KEYS + (Math.imul((a << 14) | (b << 7) | c, 0x9e3779b1) >>> (32 - TRIPLE_BITS));
