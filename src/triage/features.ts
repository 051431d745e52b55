import type { Language } from './diagnosis.js';
import { foldText, maskContactData } from './fold-text.js';
import { matchSignals, type CompiledSignal, type SignalMatch } from './signals.js';
import { TokenIds, wordMemo, wordOf } from './tokenize.js';

/** Sparse feature vector: feature name → value. */
export type FeatureVector = Map<string, number>;

export interface ExtractedFeatures {
  vector: FeatureVector;
  signals: SignalMatch[];
  /**
   * The ticket's own words behind each word feature (one word, or the two words of a pair), in
   * the vector's order: `surfaces[i]` belongs to the vector's i-th key. Signal features, which
   * come after the words, have none (their match carries its words).
   */
  surfaces: string[];
}

export interface TextParts {
  subject: string;
  main: string;
  quoted: string;
  /** "Re: …": the subject names the thread's first problem, which may be solved by now. */
  subjectIsReply?: boolean;
  /** The quoted part is our support team's earlier answer, not the customer's words. */
  quotedFromSupport?: boolean;
}

// Words of someone passing a message on, and forward subjects, in the five languages.
const FORWARD_CUE =
  /(^|\n)\s{0,5}(fwd?|wg|tr|rv|i|enc)\s{0,3}:|\b(see (below|the (mail|message|email) below|thread below)|forwarding|forwarded|passing (this|it) on|from (my|our|one of our) (colleague|user)s?|voir (ci-dessous|plus bas|le (mail|message) ci-dessous)|je vous (transfere|fais suivre)|transfere|siehe (unten|nachricht unten|e-?mail unten)|leite\w{0,5} (ich|sie|euch|ihnen)? ?(die|diese|eine)? ?(nachricht|e-?mail|mail) weiter|weitergeleitet|ver (abajo|el correo de abajo)|os reenvio|le reenvio|te reenvio|reenvio|vedi (sotto|la mail sotto)|inoltro|vi giro|ti giro)\b/u;

/**
 * A word (WORD_PATTERN, written out: a test checks they agree) or, in group 1, a character
 * that ends a clause (sentence punctuation, colons, semicolons, line breaks). No word holds one
 * of these characters, so one scan finds the same words as splitting into clauses and matching
 * WORD_PATTERN in each, without the clause strings and their match arrays.
 */
export const WORD_OR_CLAUSE_BREAK = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?|([.!?;:\n])/gu;

// The platform's name is in nearly every ticket, whatever the issue: as words it only taught the
// model the corpus's habits (its `other` tickets named it most), so it is no feature.
const PLATFORM_NAME = /\b(akeneo )?product cloud\b/giu;
// Every match of PLATFORM_NAME holds "product cloud" (same flags): a text without it is not
// scanned for the name. The name's optional first word gives V8 no literal to skip ahead by, so
// the replace tries every position (8 µs on 1 KB); this test finds the literal in under 1 µs.
const PLATFORM_CUE = /product cloud/iu;

// Character kinds of WORD_OR_CLAUSE_BREAK's scan: a letter (\p{L}), a number (\p{N}), a clause
// break, anything else; kindAt gives one with its width in code units (2: beyond the BMP).
const LETTER = 1;
const NUMBER = 2;
/** What TokenScanner.next gives for a clause break (LETTER, 1, for a word). */
export const CLAUSE_BREAK = 3;
const OTHER = 4;
const KIND_MASK = 7;
const WIDTH_SHIFT = 3;
const IS_LETTER = /^\p{L}$/u;
const IS_NUMBER = /^\p{N}$/u;
const IS_CLAUSE_BREAK = /^[.!?;:\n]$/u;

/** Per BMP code unit: its kind with width 1, 0 until first asked (a lone surrogate is OTHER). */
const BMP_KINDS = new Uint8Array(0x10000);

function kindOf(char: string): number {
  return IS_LETTER.test(char) ? LETTER : IS_NUMBER.test(char) ? NUMBER : IS_CLAUSE_BREAK.test(char) ? CLAUSE_BREAK : OTHER;
}

/** The kind of the character (code point, as the u flag reads the text) at `at`, with its width. */
function kindAt(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if (code >= 0xd800 && code <= 0xdbff && at + 1 < text.length) {
    const low = text.charCodeAt(at + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return kindOf(text.slice(at, at + 2)) | (2 << WIDTH_SHIFT);
  }
  let kind = BMP_KINDS[code]!;
  if (kind === 0) {
    kind = kindOf(String.fromCharCode(code)) | (1 << WIDTH_SHIFT);
    BMP_KINDS[code] = kind;
  }
  return kind;
}

/**
 * The tokens of WORD_OR_CLAUSE_BREAK in a text, found by a scan of character kinds rather than
 * the pattern (no match array and capture per word): `next` gives LETTER for a word, CLAUSE_BREAK
 * for a clause break, 0 at the end, and sets `start` and `end` to the token's place.
 */
export class TokenScanner {
  start = 0;
  end = 0;

  constructor(private readonly text: string) {}

  next(): number {
    const text = this.text;
    const length = text.length;
    let at = this.end;
    while (at < length) {
      const first = kindAt(text, at);
      const kind = first & KIND_MASK;
      if (kind === CLAUSE_BREAK) {
        this.start = at;
        this.end = at + 1;
        return CLAUSE_BREAK;
      }
      if (kind === OTHER) {
        at += first >> WIDTH_SHIFT;
        continue;
      }
      // [\p{L}\p{N}]+ (greedy), then an optional ['’][\p{L}]+ tail.
      this.start = at;
      at += first >> WIDTH_SHIFT;
      while (at < length) {
        const next = kindAt(text, at);
        if ((next & KIND_MASK) > NUMBER) break;
        at += next >> WIDTH_SHIFT;
      }
      const quote = at < length ? text.charCodeAt(at) : 0;
      if (quote === 0x27 || quote === 0x2019) {
        let tail = at + 1;
        while (tail < length) {
          const next = kindAt(text, tail);
          if ((next & KIND_MASK) !== LETTER) break;
          tail += next >> WIDTH_SHIFT;
        }
        if (tail > at + 1) at = tail;
      }
      this.end = at;
      return LETTER;
    }
    this.start = length;
    this.end = length;
    return 0;
  }
}

/** Content words a negation reaches: the next one (measured best on held-out folds and the dev set against 0, 2 and 3). */
const NEGATION_REACH = 1;

/**
 * Turns a ticket's text into features: stemmed words and word pairs (the statistical part)
 * and playbook signals (the knowledge part, language-independent). Quoted text counts less,
 * unless the customer's own words are too few to say anything. The features by name, as
 * training reads them; classifying reads the same features by number (readFeatures).
 */
export function extractFeatures(parts: TextParts, language: Language, signals: CompiledSignal[]): ExtractedFeatures {
  const read = readFeatures(parts, language, signals, NAMES_ONLY);
  const names = NAMES_ONLY.tokens.names;
  const vector: FeatureVector = new Map();
  const surfaces: string[] = [];
  for (let slot = 0; slot < read.values.length; slot += 1) {
    const first = read.first[slot]!;
    const second = read.second[slot]!;
    vector.set(second < 0 ? `w:${names[first]}` : `b:${names[first]}_${names[second]}`, read.values[slot]!);
    surfaces.push(surfaceOf(read, slot));
  }
  for (const [id, value] of read.signalValues) vector.set(`s:${id}`, value);
  return { vector, signals: read.signals, surfaces };
}

/**
 * A ticket's features by number (see extractFeatures for what they are), each word and pair
 * feature with its row in the model's weights (`index`) found as it is first seen.
 */
export interface ReadFeatures {
  /**
   * Per word or pair feature, in order of first appearance (the vector's order): its value
   * (normalised, as in the vector), its token ids (`second` −1 for a single word) and its
   * weight row (−1: the model does not know it).
   */
  values: number[];
  first: number[];
  second: number[];
  rows: number[];
  /** Per feature: the first words seen behind it (one word, or the first of a pair; `nextSurfaces` the second, '' for one word). */
  surfaces: string[];
  nextSurfaces: string[];
  /** How many of the features are single words (`w:` features), known to the model or not. */
  words: number;
  signals: SignalMatch[];
  /** Signal id → the value of its feature `s:<id>`, in the vector's order (after the words). */
  signalValues: Map<string, number>;
}

/** The words behind a word or pair feature of readFeatures, as evidence shows them. */
export function surfaceOf(read: ReadFeatures, slot: number): string {
  return read.second[slot]! < 0 ? read.surfaces[slot]! : `${read.surfaces[slot]!} ${read.nextSurfaces[slot]!}`;
}

/** A model's feature names by row, read one at a time: an array of them, or a model file's names not split yet (model-file.ts). */
export interface FeatureNames {
  readonly length: number;
  at(row: number): string | undefined;
}

/**
 * The tokens of a model's features, by row: `rows[2r]` and `rows[2r + 1]` are the ids (in
 * `tokens`) of row r's tokens: [id, −1] for a word feature `w:<token>`, [first, second] for a
 * pair `b:<first>_<second>`, [−1, −1] for any other feature (a signal `s:<id>`). The
 * affected-user model names its words `u:<word>` (`unigram` "u").
 */
export interface FeatureTokens {
  tokens: string[];
  rows: Int32Array;
}

// Feature name characters: "w:", "b:".
const COLON = 0x3a;
const B = 0x62;

/**
 * The tokens of feature names (see FeatureTokens), in row order. A name no text can give (none
 * of the three forms) gets [−1, −1]: no lookup would find it.
 */
export function featureTokensOf(features: readonly string[], unigram: 'w' | 'u' = 'w'): FeatureTokens {
  const word = unigram.charCodeAt(0);
  const ids = new Map<string, number>();
  const idOf = (token: string): number => {
    let id = ids.get(token);
    if (id === undefined) {
      id = ids.size;
      ids.set(token, id);
    }
    return id;
  };
  const rows = new Int32Array(features.length * 2).fill(-1);
  for (let row = 0; row < features.length; row += 1) {
    const feature = features[row]!;
    if (feature.charCodeAt(1) !== COLON) continue;
    const kind = feature.charCodeAt(0);
    if (kind === word) {
      rows[row * 2] = idOf(feature.slice(2));
    } else if (kind === B) {
      // Tokens hold no "_" (letters, digits and a leading "!"): the name splits one way only.
      const at = feature.indexOf('_', 2);
      if (at < 0 || feature.indexOf('_', at + 1) >= 0) continue;
      rows[row * 2] = idOf(feature.slice(2, at));
      rows[row * 2 + 1] = idOf(feature.slice(at + 1));
    }
  }
  return { tokens: [...ids.keys()], rows };
}

/**
 * The features of a trained model by number: token ids for the stems of its word and pair
 * features, and the weight row of each feature (`features[row]`). `tokens`: featureTokensOf the
 * names, as the model file stores them (deriving them costs about 20 ms of a cold start).
 */
export class FeatureIndex {
  readonly tokens: TokenIds;
  private readonly wordRows: Int32Array;
  private readonly pairRows: PairTable;
  private readonly signalRows = new Map<string, number>();

  constructor(
    features: FeatureNames,
    tokens: FeatureTokens = featureTokensOf(Array.from({ length: features.length }, (_, row) => features.at(row)!)),
  ) {
    this.tokens = new TokenIds(tokens.tokens);
    this.wordRows = new Int32Array(this.tokens.known).fill(-1);
    const rows = tokens.rows;
    // Room for every row: no pass to count the pairs (most rows are pairs).
    this.pairRows = new PairTable(features.length);
    for (let row = 0; row < features.length; row += 1) {
      const first = rows[row * 2]!;
      const second = rows[row * 2 + 1]!;
      if (second >= 0) this.pairRows.set(first, second, row);
      else if (first >= 0) this.wordRows[first] = row;
      else {
        const feature = features.at(row)!;
        if (feature.startsWith('s:')) this.signalRows.set(feature.slice(2), row);
      }
    }
  }

  wordRow(id: number): number {
    return id < this.tokens.known ? this.wordRows[id]! : -1;
  }

  pairRow(first: number, second: number): number {
    const known = this.tokens.known;
    return first < known && second < known ? this.pairRows.get(first, second) : -1;
  }

  signalRow(id: string): number {
    return this.signalRows.get(id) ?? -1;
  }
}

/**
 * Rows of token pairs: an open-addressing hash table of [first, second, row] triples in one
 * typed array, so a lookup reads one or two neighbouring entries (a Map of 40,000 number keys
 * reads its bucket, then its entry, in two places). Also the affected-user model's word pairs.
 */
export class PairTable {
  private readonly entries: Int32Array;
  private readonly shift: number;
  private readonly mask: number;

  constructor(count: number) {
    // At most half full: probes stay short.
    let bits = 4;
    while (1 << bits < count * 1.25) bits += 1;
    this.entries = new Int32Array((1 << bits) * 3).fill(-1);
    this.shift = 32 - bits;
    this.mask = (1 << bits) - 1;
  }

  set(first: number, second: number, row: number): void {
    for (let slot = this.slotOf(first, second); ; slot = (slot + 1) & this.mask) {
      const at = slot * 3;
      if (this.entries[at] === -1 || (this.entries[at] === first && this.entries[at + 1] === second)) {
        this.entries[at] = first;
        this.entries[at + 1] = second;
        this.entries[at + 2] = row;
        return;
      }
    }
  }

  /** The pair's row, or −1. */
  get(first: number, second: number): number {
    for (let slot = this.slotOf(first, second); ; slot = (slot + 1) & this.mask) {
      const at = slot * 3;
      const found = this.entries[at]!;
      if (found === -1) return -1;
      if (found === first && this.entries[at + 1] === second) return this.entries[at + 2]!;
    }
  }

  private slotOf(first: number, second: number): number {
    return (Math.imul(first, 0x9e3779b1) ^ Math.imul(second + 0x632be5ab, 0x85ebca6b)) >>> this.shift;
  }
}

/** Token ids for feature names only (training, which has no model yet). */
const NAMES_ONLY = new FeatureIndex([]);

/**
 * Feature → slot for the features of one text, a feature being its token ids (second −1 for a
 * single word): an open-addressing table of [generation, first, second, slot] entries, reused
 * from text to text (a new generation empties it without a pass, and nothing is allocated).
 */
class SlotTable {
  private generation = 0;
  private bits = 9;
  private entries = new Int32Array(4 << this.bits);
  private count = 0;

  /** Empties the table (readFeatures is not re-entered: one table serves every text). */
  clear(): void {
    this.count = 0;
    this.generation += 1;
    if (this.generation === 0x7fffffff) {
      this.entries.fill(0);
      this.generation = 1;
    }
  }

  /** The feature's slot, or −1. */
  get(first: number, second: number): number {
    const { entries, generation } = this;
    const mask = (1 << this.bits) - 1;
    for (let at = this.start(first, second); ; at = (at + 1) & mask) {
      const entry = at * 4;
      if (entries[entry] !== generation) return -1;
      if (entries[entry + 1] === first && entries[entry + 2] === second) return entries[entry + 3]!;
    }
  }

  /** Adds a feature that get did not find. */
  set(first: number, second: number, slot: number): void {
    // At most half full: probes stay short.
    if ((this.count + 1) * 2 > 1 << this.bits) this.grow();
    this.count += 1;
    const { entries, generation } = this;
    const mask = (1 << this.bits) - 1;
    let at = this.start(first, second);
    while (entries[at * 4] === generation) at = (at + 1) & mask;
    entries[at * 4] = generation;
    entries[at * 4 + 1] = first;
    entries[at * 4 + 2] = second;
    entries[at * 4 + 3] = slot;
  }

  private start(first: number, second: number): number {
    return (Math.imul(first, 0x9e3779b1) ^ Math.imul(second + 0x632be5ab, 0x85ebca6b)) >>> (32 - this.bits);
  }

  private grow(): void {
    const old = this.entries;
    const generation = this.generation;
    this.bits += 1;
    this.entries = new Int32Array(4 << this.bits);
    this.count = 0;
    for (let entry = 0; entry < old.length; entry += 4) {
      if (old[entry] === generation) this.set(old[entry + 1]!, old[entry + 2]!, old[entry + 3]!);
    }
  }
}

const SLOTS = new SlotTable();

/** The features of a ticket's text parts by number (see extractFeatures), their rows those of `index`. */
export function readFeatures(parts: TextParts, language: Language, signals: CompiledSignal[], index: FeatureIndex): ReadFeatures {
  // A forward ("see below", "je vous transfère") or a short note above a quote: the quoted
  // words are the problem. A long message of one's own quoting an old thread: they are context.
  // (Read only when there is a quoted part that is not our support's.)
  const quotedWeight = !parts.quoted
    ? 0
    : parts.quotedFromSupport
      ? 0.15
      : isForwarding(parts)
        ? 1
        : ownWordCount(parts.main) < 25
          ? 0.8
          : 0.3;
  const subjectWeight = parts.subjectIsReply ? 0.4 : 1;

  index.tokens.startText();
  const words = new WordFeatures(index);
  words.addText(parts.subject, subjectWeight, language);
  words.addText(parts.main, 1, language);
  if (quotedWeight > 0) words.addText(parts.quoted, quotedWeight, language);
  words.normalize();

  const bodySignals = matchSignals(foldText(parts.main), signals, parts.main);
  const bodyIds = new Set(bodySignals.map((match) => match.signal.id));
  const subjectSignals = matchSignals(foldText(parts.subject), signals, parts.subject).filter((m) => !bodyIds.has(m.signal.id));
  const ownSignals = [...bodySignals, ...subjectSignals];
  const quotedSignals = quotedWeight > 0 ? matchSignals(foldText(parts.quoted), signals, parts.quoted) : [];
  const ownIds = new Set(ownSignals.map((match) => match.signal.id));
  const signalValues = new Map<string, number>();
  for (const match of ownSignals) signalValues.set(match.signal.id, bodyIds.has(match.signal.id) ? 1 : subjectWeight);
  for (const match of quotedSignals) if (!ownIds.has(match.signal.id)) signalValues.set(match.signal.id, quotedWeight);
  return {
    values: words.values,
    first: words.first,
    second: words.second,
    rows: words.rows,
    surfaces: words.surfaces,
    nextSurfaces: words.nextSurfaces,
    words: words.words,
    signals: [...ownSignals, ...quotedSignals.filter((m) => !ownIds.has(m.signal.id))],
    signalValues,
  };
}

function isForwarding(parts: TextParts): boolean {
  return FORWARD_CUE.test(foldText(`${parts.subject}\n${parts.main.slice(0, 2_000)}`));
}

function ownWordCount(main: string): number {
  return (main.match(/[\p{L}]+/gu) ?? []).length;
}

/**
 * The word and word-pair features of a ticket's text parts, summed over the parts. Each
 * feature has one slot (its value, the part that last added it, its tokens, row and surface)
 * found by one map lookup of a small integer key: a word's token id is known once the word
 * was seen, so no feature name is built or hashed.
 */
class WordFeatures {
  /** Feature (its token ids) → its slot; slots go in order of first appearance. */
  private readonly slots = SLOTS;
  readonly values: number[] = [];
  /** Per slot: the text part (1, 2, 3…) that last added the feature; a feature counts once per part. */
  private readonly lastPart: number[] = [];
  readonly first: number[] = [];
  readonly second: number[] = [];
  readonly rows: number[] = [];
  readonly surfaces: string[] = [];
  readonly nextSurfaces: string[] = [];
  words = 0;
  private part = 0;

  constructor(private readonly index: FeatureIndex) {
    this.slots.clear();
  }

  /**
   * Clause by clause: a negation reaches the next few words of its own clause only, and word
   * pairs do not straddle a full stop. "I'm NOT blocked", "pas bloqué", "nicht gesperrt": the
   * words a negation reaches become negated features (`!block`), so a ruled-out symptom does
   * not count for its issue, and the model learns what the negated word means on its own.
   * Features go in as word 1, pair 1-2, word 2, pair 2-3, …
   */
  addText(text: string, weight: number, language: Language): void {
    this.part += 1;
    const tokens = this.index.tokens;
    const contactless = maskContactData(text);
    const masked = PLATFORM_CUE.test(contactless) ? contactless.replace(PLATFORM_NAME, ' ') : contactless;
    const memo = wordMemo(language);
    let reach = 0;
    let previous = -1;
    let previousSurface = '';
    const scanner = new TokenScanner(masked);
    for (let found = scanner.next(); found !== 0; found = scanner.next()) {
      if (found === CLAUSE_BREAK) {
        // A clause ends: the negation and the pair stop here.
        reach = 0;
        previous = -1;
        previousSurface = '';
        continue;
      }
      const surface = masked.slice(scanner.start, scanner.end);
      const word = wordOf(surface, language, memo);
      if (!word) continue;
      let negated = false;
      if (word.negation) {
        reach = NEGATION_REACH;
      } else if (reach > 0) {
        reach -= 1;
        negated = true;
      }
      const id = tokens.idOf(word, negated);
      if (previous >= 0) this.add(previous, id, weight, previousSurface, surface);
      this.add(id, -1, weight, surface, '');
      previous = id;
      previousSurface = surface;
    }
  }

  /** A feature once per text part; its surface (for evidence) is the first one seen: one word, or the two words of a pair. */
  private add(first: number, second: number, weight: number, surface: string, nextSurface: string): void {
    const slot = this.slots.get(first, second);
    if (slot < 0) {
      this.slots.set(first, second, this.values.length);
      // 0 + weight, as the vector summed it before slots: the same float.
      this.values.push(0 + weight);
      this.lastPart.push(this.part);
      this.first.push(first);
      this.second.push(second);
      this.rows.push(second < 0 ? this.index.wordRow(first) : this.index.pairRow(first, second));
      this.surfaces.push(surface);
      this.nextSurfaces.push(nextSurface);
      if (second < 0) this.words += 1;
    } else if (this.lastPart[slot] !== this.part) {
      this.lastPart[slot] = this.part;
      this.values[slot] = this.values[slot]! + weight;
    }
  }

  /**
   * Scales the values: word counts grow with ticket length; they are scaled so a long email and
   * a one-liner that say the same thing score alike.
   */
  normalize(): void {
    let norm = 0;
    for (const value of this.values) norm += value * value;
    norm = Math.sqrt(norm) || 1;
    for (let slot = 0; slot < this.values.length; slot += 1) this.values[slot] = (this.values[slot]! / norm) * 3;
  }
}

/** How strongly a playbook signal's weight moves the logits before any training. */
export const SIGNAL_PRIOR_SCALE = 1;

/** Logit offsets per class from the playbook's signal weights: the knowledge part, before learning. */
export function signalOffsets(features: ExtractedFeatures | ReadFeatures, classes: string[]): Float64Array {
  const offset = new Float64Array(classes.length);
  for (const match of features.signals) {
    const index = classes.indexOf(match.issue);
    if (index < 0) continue;
    const value = ('vector' in features ? features.vector.get(`s:${match.signal.id}`) : features.signalValues.get(match.signal.id)) ?? 0;
    offset[index] = offset[index]! + match.signal.weight * value * SIGNAL_PRIOR_SCALE;
  }
  return offset;
}
