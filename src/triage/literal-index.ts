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
  /** The literals of bucket k are bucketLiterals[bucketFirst[k] … + bucketSize[k]) (only an occupied bucket's are set). */
  private readonly bucketFirst = new Int32Array(BUCKETS);
  private readonly bucketSize = new Int32Array(BUCKETS);
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
  private scanned: string | undefined;
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
    // Each (literal, requirement, set bit), three numbers in a row.
    const members: number[] = [];
    this.fullMask = new Int32Array(requirements.length);
    this.setLiterals = requirements.map((sets, requirement) =>
      (sets ?? []).map((set, index) => {
        if (index >= MAX_SETS || !set.every(isIndexable)) return null;
        const literalIds = Int32Array.from(new Set(set.map(idOf)));
        const bit = 1 << index;
        this.fullMask[requirement] = this.fullMask[requirement]! | bit;
        for (const literal of literalIds) members.push(literal, requirement, bit);
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
    // The literals by bucket, then id: sorted as the numbers bucket × ID_RANGE + id by the typed
    // array's own sort (a comparator of ours would run uncompiled at start-up, as would a sum over
    // all 147,000 buckets); each bucket's run noted.
    if (count > ID_RANGE) throw new RangeError(`a literal index holds at most ${ID_RANGE} literals (${count} given)`);
    const keys = new Float64Array(count);
    for (let id = 0; id < count; id += 1) keys[id] = buckets[id]! * ID_RANGE + id;
    keys.sort();
    this.bucketLiterals = new Int32Array(count);
    for (let slot = 0; slot < count; slot += 1) {
      const bucket = Math.floor(keys[slot]! / ID_RANGE);
      const id = keys[slot]! - bucket * ID_RANGE;
      this.bucketLiterals[slot] = id;
      if (this.bucketSize[bucket] === 0) this.bucketFirst[bucket] = slot;
      this.bucketSize[bucket] = this.bucketSize[bucket]! + 1;
      this.occupied[bucket >>> 5] = this.occupied[bucket >>> 5]! | (1 << (bucket & 31));
    }

    // By literal (a counting sort: the members come grouped by requirement).
    this.memberStart = new Int32Array(count + 1);
    for (let at = 0; at < members.length; at += 3) this.memberStart[members[at]! + 1] = this.memberStart[members[at]! + 1]! + 1;
    for (let id = 0; id < count; id += 1) this.memberStart[id + 1] = this.memberStart[id + 1]! + this.memberStart[id]!;
    this.memberRequirement = new Int32Array(members.length / 3);
    this.memberBit = new Int32Array(members.length / 3);
    const next = this.memberStart.slice(0, count);
    for (let at = 0; at < members.length; at += 3) {
      const slot = next[members[at]!]!;
      next[members[at]!] = slot + 1;
      this.memberRequirement[slot] = members[at + 1]!;
      this.memberBit[slot] = members[at + 2]!;
    }

    this.seen = new Int32Array(count);
    this.met = new Int32Array(requirements.length);
    this.metStamp = new Int32Array(requirements.length);
  }

  /** Finds the literals `text` holds (it should be folded: lower case); forgets the previous text. The text scanned last is not scanned again. */
  scan(text: string): void {
    if (text === this.scanned) return;
    this.scanned = text;
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

  /** The literals of one set of a requirement that the scanned text holds, in the set's order (all of a set not looked for; none of a set the requirement lacks). */
  presentLiterals(requirement: number, set: number): string[] {
    const literalIds = this.setLiterals[requirement]?.[set];
    if (!literalIds) return [...(this.requirements[requirement]?.[set] ?? [])];
    const present: string[] = [];
    for (const id of literalIds) if (this.seen[id] === this.stamp) present.push(this.literals[id]!);
    return present;
  }

  /** Compares the literals anchored in `bucket` with the text, whose gram there starts at `start`. */
  private visit(bucket: number, text: string, start: number, stamp: number): void {
    for (let slot = this.bucketFirst[bucket]!, end = slot + this.bucketSize[bucket]!; slot < end; slot += 1) {
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

/** More literals than an index holds (2^20); bucket × ID_RANGE + id stays an exact double (below 2^38). */
const ID_RANGE = 2 ** 20;
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
  if (length === 4) return QUADS + quadSlot(grams);
  return TRIPLES + (Math.imul((grams & TRIPLE_MASK) ^ 3, GOLDEN) >>> HASH_SHIFT);
}

/** A literal the index can look for: two characters or more, all ASCII below 127. */
function isIndexable(literal: string): boolean {
  if (literal.length < 2) return false;
  for (let at = 0; at < literal.length; at += 1) if (literal.charCodeAt(at) >= 127) return false;
  return true;
}

/** Per ASCII code: 1 for a letter rarely written in the five languages' words or a digit (an anchor with them is rare in text too), 0 else. */
const RARE = Uint8Array.from({ length: 128 }, (_, code) => Number(/[bfghjkpqvwxyz0-9]/u.test(String.fromCharCode(code))));

/**
 * Each literal's bucket, its anchor's offset written to `offsets`: a literal of two or three
 * characters is anchored at itself; a longer one at the quadruple of it whose bucket fewest
 * literals hold a quadruple in, then that has most rare letters and no space (ties: the first),
 * so that common text ("tion", " de ") wakes few literals. Counted per bucket in typed arrays,
 * not per quadruple in a Map: this runs once per index at start-up, before V8 compiles it, and
 * a bucket's literals are what a scan compares anyway.
 */
function anchorBuckets(literals: string[], offsets: Int32Array): number[] {
  const holders = new Int32Array(1 << HASH_BITS);
  // Per bucket: 1 + the last literal counted in it (a literal holding a quadruple twice counts once).
  const lastHolder = new Int32Array(1 << HASH_BITS);
  for (let id = 0; id < literals.length; id += 1) {
    const literal = literals[id]!;
    let grams = 0;
    for (let at = 0; at < literal.length; at += 1) {
      grams = ((grams << 7) | literal.charCodeAt(at)) & QUAD_MASK;
      if (at < 3) continue;
      const slot = quadSlot(grams);
      if (lastHolder[slot] === id + 1) continue;
      lastHolder[slot] = id + 1;
      holders[slot] = holders[slot]! + 1;
    }
  }
  const buckets = new Array<number>(literals.length);
  for (let id = 0; id < literals.length; id += 1) {
    const literal = literals[id]!;
    let best = 0;
    let bestCost = Infinity;
    let grams = 0;
    let bestGrams = 0;
    for (let at = 0; at < literal.length; at += 1) {
      grams = ((grams << 7) | literal.charCodeAt(at)) & QUAD_MASK;
      if (at < 3) continue;
      let cost = holders[quadSlot(grams)]! * 16;
      let space = 0;
      for (let back = at - 3; back <= at; back += 1) {
        const code = literal.charCodeAt(back);
        cost -= 2 * RARE[code]!;
        if (code === 32) space = 3;
      }
      cost += space;
      if (cost < bestCost) {
        bestCost = cost;
        best = at - 3;
        bestGrams = grams;
      }
    }
    if (literal.length < 4) bestGrams = grams;
    offsets[id] = best;
    buckets[id] = bucketOf(bestGrams, Math.min(4, literal.length));
  }
  return buckets;
}

/** A quadruple's place among the quadruples' buckets (its bucket is QUADS + this). */
function quadSlot(grams: number): number {
  return Math.imul(grams ^ 4, GOLDEN) >>> HASH_SHIFT;
}
