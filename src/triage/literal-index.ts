/**
 * Literal requirements: per pattern, sets of literals such that every match of the pattern
 * holds one literal of each set (signals.ts requiredLiteralSets). A text that lacks every
 * literal of one set cannot match, so the pattern need not run on it. Null: nothing is known,
 * always run. A set with a literal of one character filters nothing and is not looked for.
 */
export type LiteralRequirement = readonly (readonly string[])[] | null;

/**
 * Which of a fixed list of literals (lower-case ASCII) a text holds, found in one pass over the
 * text, and so which requirements it meets. Exact: a literal counts only where the text holds it.
 *
 * Each literal is looked for at one anchor of its own: a literal of two or three characters at
 * itself, a longer one at the run of four characters of it that fewest literals share. The pass
 * reads each pair, triple and quadruple of the text once and compares only the literals anchored
 * there, instead of asking after every literal of every requirement: the playbook's 1,700 and the
 * escalation gates' 2,000 literals, nearly all absent from a given ticket, each cost a look-up
 * per pattern before (about 11% of a classification on the dev set; now about 7%).
 *
 * Used by the playbook signals (signals.ts) and the escalation checks' gates (literal-gate.ts),
 * each with an index of its own. The answers are those of the last `scan`.
 */
export class LiteralIndex {
  private readonly literals: string[] = [];
  /** Per literal: where its anchor (pair, triple or quadruple) starts in it. */
  private readonly anchorOffset: Int32Array;
  /** The literals' character codes one after the other: literal id's are codes[codeStart[id] … codeStart[id + 1]). */
  private readonly codes: Uint8Array;
  private readonly codeStart: Int32Array;
  /** Per bucket (pairs, then hashed triples, then hashed quadruples): whether a literal is anchored there. */
  private readonly occupied = new Uint32Array(BUCKETS / 32);
  /** The literals of bucket k are bucketLiterals[bucketStart[k] … bucketStart[k + 1]). */
  private readonly bucketStart = new Int32Array(BUCKETS + 1);
  private readonly bucketLiterals: Int32Array;
  /** The requirements a literal helps meet are memberRequirement[memberStart[id] …], each with the bit of its set. */
  private readonly memberStart: Int32Array;
  private readonly memberRequirement: Int32Array;
  private readonly memberBit: Int32Array;
  /** Per requirement: the bits of its sets that are looked for (0: always met). */
  private readonly fullMask: Int32Array;
  /** Per requirement and set: the set's literal ids, or null when the set is not looked for. */
  private readonly setLiterals: (Int32Array | null)[][];
  private readonly requirements: LiteralRequirement[];
  // The last scan's answers, valid where their stamp (in int32 arrays: 1 to LAST_STAMP) is the scan's.
  private stamp = 0;
  private readonly seen: Int32Array;
  private readonly met: Int32Array;
  private readonly metStamp: Int32Array;

  constructor(requirements: readonly LiteralRequirement[]) {
    this.requirements = [...requirements];
    const ids = new Map<string, number>();
    const idOf = (literal: string): number => {
      let id = ids.get(literal);
      if (id === undefined) {
        id = this.literals.length;
        ids.set(literal, id);
        this.literals.push(literal);
      }
      return id;
    };
    const members: { literal: number; requirement: number; bit: number }[] = [];
    this.fullMask = new Int32Array(requirements.length);
    this.setLiterals = requirements.map((sets, requirement) =>
      (sets ?? []).map((set, index) => {
        if (index >= MAX_SETS || !set.every(isIndexable)) return null;
        const literalIds = Int32Array.from(new Set(set.map(idOf)));
        const bit = 1 << index;
        this.fullMask[requirement] = this.fullMask[requirement]! | bit;
        for (const literal of literalIds) members.push({ literal, requirement, bit });
        return literalIds;
      }),
    );

    const count = this.literals.length;
    this.anchorOffset = new Int32Array(count);
    this.codeStart = new Int32Array(count + 1);
    this.literals.forEach((literal, id) => (this.codeStart[id + 1] = this.codeStart[id]! + literal.length));
    this.codes = new Uint8Array(this.codeStart[count]!);
    this.literals.forEach((literal, id) => {
      for (let at = 0; at < literal.length; at += 1) this.codes[this.codeStart[id]! + at] = literal.charCodeAt(at);
    });
    const buckets = anchorBuckets(this.literals, this.anchorOffset);
    for (const bucket of buckets) this.bucketStart[bucket + 1] = this.bucketStart[bucket + 1]! + 1;
    for (let bucket = 0; bucket < BUCKETS; bucket += 1)
      this.bucketStart[bucket + 1] = this.bucketStart[bucket + 1]! + this.bucketStart[bucket]!;
    this.bucketLiterals = new Int32Array(count);
    const filled = this.bucketStart.slice(0, BUCKETS);
    buckets.forEach((bucket, id) => {
      this.bucketLiterals[filled[bucket]!] = id;
      filled[bucket] = filled[bucket]! + 1;
      this.occupied[bucket >>> 5] = this.occupied[bucket >>> 5]! | (1 << (bucket & 31));
    });

    members.sort((a, b) => a.literal - b.literal);
    this.memberStart = new Int32Array(count + 1);
    for (const member of members) this.memberStart[member.literal + 1] = this.memberStart[member.literal + 1]! + 1;
    for (let id = 0; id < count; id += 1) this.memberStart[id + 1] = this.memberStart[id + 1]! + this.memberStart[id]!;
    this.memberRequirement = Int32Array.from(members, (member) => member.requirement);
    this.memberBit = Int32Array.from(members, (member) => member.bit);

    this.seen = new Int32Array(count);
    this.met = new Int32Array(requirements.length);
    this.metStamp = new Int32Array(requirements.length);
  }

  /** Finds the literals `text` holds (it should be folded: lower case); forgets the previous text. */
  scan(text: string): void {
    if (this.stamp === LAST_STAMP) {
      // The next stamp would not fit the arrays (2^31 read back as -2^31, never equal): every
      // requirement would be unmet from then on. Start again from 1 with no stamp in use.
      this.seen.fill(0);
      this.metStamp.fill(0);
      this.stamp = 0;
    }
    const stamp = (this.stamp += 1);
    const occupied = this.occupied;
    // The last four code units, 7 bits each.
    let grams = 0;
    for (let at = 0; at < text.length; at += 1) {
      const code = text.charCodeAt(at);
      grams = ((grams << 7) | (code < 128 ? code : 127)) & QUAD_MASK;
      if (at === 0) continue;
      // The pair, triple and quadruple that end here: a literal is anchored at one of its own,
      // mostly a quadruple (rare in text), and most buckets hold one literal.
      const pair = grams & (PAIR_KEYS - 1);
      if ((occupied[pair >>> 5]! & (1 << (pair & 31))) !== 0) this.visit(pair, text, at - 1, stamp);
      if (at === 1) continue;
      const triple = TRIPLES + (Math.imul((grams & TRIPLE_MASK) ^ 3, GOLDEN) >>> HASH_SHIFT);
      if ((occupied[triple >>> 5]! & (1 << (triple & 31))) !== 0) this.visit(triple, text, at - 2, stamp);
      if (at === 2) continue;
      const quad = QUADS + (Math.imul(grams ^ 4, GOLDEN) >>> HASH_SHIFT);
      if ((occupied[quad >>> 5]! & (1 << (quad & 31))) !== 0) this.visit(quad, text, at - 3, stamp);
    }
  }

  /** Whether the scanned text holds one literal of each set of requirement `requirement` (always, for one with none). */
  meets(requirement: number): boolean {
    const full = this.fullMask[requirement]!;
    return full === 0 || (this.metStamp[requirement] === this.stamp && this.met[requirement] === full);
  }

  /** The literals of one set of a requirement that the scanned text holds, in the set's order (all of a set not looked for). */
  presentLiterals(requirement: number, set: number): string[] {
    const literalIds = this.setLiterals[requirement]![set];
    if (!literalIds) return [...this.requirements[requirement]![set]!];
    const present: string[] = [];
    for (const id of literalIds) if (this.seen[id] === this.stamp) present.push(this.literals[id]!);
    return present;
  }

  /** Compares the literals anchored in `bucket` with the text, whose gram there starts at `start`. */
  private visit(bucket: number, text: string, start: number, stamp: number): void {
    for (let slot = this.bucketStart[bucket]!, end = this.bucketStart[bucket + 1]!; slot < end; slot += 1) {
      const id = this.bucketLiterals[slot]!;
      if (this.seen[id] !== stamp && this.holds(text, start - this.anchorOffset[id]!, id)) this.found(id, stamp);
    }
  }

  /** Notes literal `id` as held by the scanned text, and the sets it is a literal of as met. */
  private found(id: number, stamp: number): void {
    this.seen[id] = stamp;
    for (let member = this.memberStart[id]!, last = this.memberStart[id + 1]!; member < last; member += 1) {
      const requirement = this.memberRequirement[member]!;
      if (this.metStamp[requirement] !== stamp) {
        this.metStamp[requirement] = stamp;
        this.met[requirement] = 0;
      }
      this.met[requirement] = this.met[requirement]! | this.memberBit[member]!;
    }
  }

  /** Whether the text holds literal `id` from `from` on (compared code by code: a call of startsWith cost more than the comparison). */
  private holds(text: string, from: number, id: number): boolean {
    const first = this.codeStart[id]!;
    const length = this.codeStart[id + 1]! - first;
    if (from < 0 || from + length > text.length) return false;
    for (let at = 0; at < length; at += 1) if (text.charCodeAt(from + at) !== this.codes[first + at]) return false;
    return true;
  }
}

/** Sets a requirement has looked for (one bit each in an int32); later ones are not, which only lets more texts through. */
export const MAX_SETS = 31;

/** The last stamp a scan takes before they start again (the largest int32). */
const LAST_STAMP = 2 ** 31 - 1;

const PAIR_KEYS = 128 * 128;
const HASH_BITS = 16;
const TRIPLES = PAIR_KEYS;
const QUADS = TRIPLES + (1 << HASH_BITS);
const BUCKETS = QUADS + (1 << HASH_BITS);
const QUAD_MASK = (1 << 28) - 1;
const TRIPLE_MASK = (1 << 21) - 1;
const GOLDEN = 0x9e3779b1;
const HASH_SHIFT = 32 - HASH_BITS;

/** The bucket of the last `length` (2 to 4) code units of `grams` (7 bits each, ASCII, else 127): a pair's own, or a hashed triple's or quadruple's. */
function bucketOf(grams: number, length: number): number {
  if (length === 2) return grams & (PAIR_KEYS - 1);
  const code = length === 3 ? grams & TRIPLE_MASK : grams;
  return (length === 3 ? TRIPLES : QUADS) + (Math.imul(code ^ length, GOLDEN) >>> HASH_SHIFT);
}

/** A literal the index can look for: two characters or more, all ASCII below 127. */
function isIndexable(literal: string): boolean {
  if (literal.length < 2) return false;
  for (let at = 0; at < literal.length; at += 1) if (literal.charCodeAt(at) >= 127) return false;
  return true;
}

/** Letters rarely written in the five languages' words, which make an anchor rare in text too. */
const RARE_LETTERS = /[bfghjkpqvwxyz0-9]/gu;

/**
 * Each literal's bucket, its anchor's offset written to `offsets`: a literal of two or three
 * characters is anchored at itself; a longer one at the quadruple of it that fewest literals
 * hold, then that has most rare letters and no space (ties: the first), so that common text
 * ("tion", " de ") wakes few literals.
 */
function anchorBuckets(literals: string[], offsets: Int32Array): number[] {
  const quadsOf = (literal: string): string[] => {
    const quads: string[] = [];
    for (let at = 4; at <= literal.length; at += 1) quads.push(literal.slice(at - 4, at));
    return quads;
  };
  const holders = new Map<string, number>();
  for (const literal of literals) for (const quad of new Set(quadsOf(literal))) holders.set(quad, (holders.get(quad) ?? 0) + 1);
  const cost = (quad: string): number =>
    holders.get(quad)! * 16 - (quad.match(RARE_LETTERS)?.length ?? 0) * 2 + (quad.includes(' ') ? 3 : 0);
  return literals.map((literal, id) => {
    let best = 0;
    if (literal.length > 4) {
      const quads = quadsOf(literal);
      for (let at = 1; at < quads.length; at += 1) if (cost(quads[at]!) < cost(quads[best]!)) best = at;
    }
    offsets[id] = best;
    const length = Math.min(4, literal.length);
    let grams = 0;
    for (let at = best; at < best + length; at += 1) grams = (grams << 7) | literal.charCodeAt(at);
    return bucketOf(grams, length);
  });
}
