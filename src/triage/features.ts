import type { Language } from './diagnosis.js';
import { foldText, maskContactData } from './fold-text.js';
import { matchSignals, type CompiledSignal, type SignalMatch } from './signals.js';
import { wordOf } from './tokenize.js';

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

/** Content words a negation reaches: the next one (measured best on held-out folds and the dev set against 0, 2 and 3). */
const NEGATION_REACH = 1;

/**
 * Turns a ticket's text into features: stemmed words and word pairs (the statistical part)
 * and playbook signals (the knowledge part, language-independent). Quoted text counts less,
 * unless the customer's own words are too few to say anything.
 */
export function extractFeatures(parts: TextParts, language: Language, signals: CompiledSignal[]): ExtractedFeatures {
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

  const words = new WordFeatures();
  words.addText(parts.subject, subjectWeight, language);
  words.addText(parts.main, 1, language);
  if (quotedWeight > 0) words.addText(parts.quoted, quotedWeight, language);
  const vector = words.normalizedVector();

  const bodySignals = matchSignals(foldText(parts.main), signals, parts.main);
  const bodyIds = new Set(bodySignals.map((match) => match.signal.id));
  const subjectSignals = matchSignals(foldText(parts.subject), signals, parts.subject).filter((m) => !bodyIds.has(m.signal.id));
  const ownSignals = [...bodySignals, ...subjectSignals];
  const quotedSignals = quotedWeight > 0 ? matchSignals(foldText(parts.quoted), signals, parts.quoted) : [];
  const ownIds = new Set(ownSignals.map((match) => match.signal.id));
  for (const match of ownSignals) vector.set(`s:${match.signal.id}`, bodyIds.has(match.signal.id) ? 1 : subjectWeight);
  for (const match of quotedSignals) if (!ownIds.has(match.signal.id)) vector.set(`s:${match.signal.id}`, quotedWeight);
  return { vector, signals: [...ownSignals, ...quotedSignals.filter((m) => !ownIds.has(m.signal.id))], surfaces: words.surfaces };
}

function isForwarding(parts: TextParts): boolean {
  return FORWARD_CUE.test(foldText(`${parts.subject}\n${parts.main.slice(0, 2_000)}`));
}

function ownWordCount(main: string): number {
  return (main.match(/[\p{L}]+/gu) ?? []).length;
}

/**
 * The word and word-pair features of a ticket's text parts, summed over the parts. Each
 * feature has one slot (its value, the part that last added it, its surface) found by one map
 * lookup: a classification adds a few hundred features, and five map operations each (a seen
 * set per part, the vector's get and set, the surfaces' set) were a tenth of its time.
 */
class WordFeatures {
  /** Feature name → its slot, in order of first appearance (the vector's order). */
  private readonly slots = new Map<string, number>();
  private readonly values: number[] = [];
  /** Per slot: the text part (1, 2, 3…) that last added the feature; a feature counts once per part. */
  private readonly lastPart: number[] = [];
  /** Per slot: the first words seen behind it. */
  readonly surfaces: string[] = [];
  private part = 0;

  /**
   * Clause by clause: a negation reaches the next few words of its own clause only, and word
   * pairs do not straddle a full stop. "I'm NOT blocked", "pas bloqué", "nicht gesperrt": the
   * words a negation reaches become negated features (`!block`), so a ruled-out symptom does
   * not count for its issue, and the model learns what the negated word means on its own.
   * Features go in as word 1, pair 1-2, word 2, pair 2-3, …
   */
  addText(text: string, weight: number, language: Language): void {
    this.part += 1;
    const masked = maskContactData(text).replace(PLATFORM_NAME, ' ');
    let reach = 0;
    let previousStem = '';
    let previousSurface = '';
    WORD_OR_CLAUSE_BREAK.lastIndex = 0;
    for (let token = WORD_OR_CLAUSE_BREAK.exec(masked); token; token = WORD_OR_CLAUSE_BREAK.exec(masked)) {
      const surface = token[0];
      if (token[1] !== undefined) {
        // A clause ends: the negation and the pair stop here.
        reach = 0;
        previousStem = '';
        previousSurface = '';
        continue;
      }
      const word = wordOf(surface, language);
      if (!word) continue;
      let stem = word.stem;
      let unigram = word.unigram;
      if (word.negation) {
        reach = NEGATION_REACH;
      } else if (reach > 0) {
        reach -= 1;
        stem = word.negatedStem;
        unigram = word.negatedUnigram;
      }
      if (previousStem) this.add(`b:${previousStem}_${stem}`, weight, previousSurface, surface);
      this.add(unigram, weight, surface);
      previousStem = stem;
      previousSurface = surface;
    }
  }

  /** A feature once per text part; its surface (for evidence) is the first one seen: one word, or the two words of a pair. */
  private add(feature: string, weight: number, surface: string, nextSurface?: string): void {
    const slot = this.slots.get(feature);
    if (slot === undefined) {
      this.slots.set(feature, this.values.length);
      // 0 + weight, as the vector summed it before slots: the same float.
      this.values.push(0 + weight);
      this.lastPart.push(this.part);
      this.surfaces.push(nextSurface === undefined ? surface : `${surface} ${nextSurface}`);
    } else if (this.lastPart[slot] !== this.part) {
      this.lastPart[slot] = this.part;
      this.values[slot] = this.values[slot]! + weight;
    }
  }

  /**
   * The features as a vector. Word counts grow with ticket length; they are scaled so a long
   * email and a one-liner that say the same thing score alike.
   */
  normalizedVector(): FeatureVector {
    let norm = 0;
    for (const value of this.values) norm += value * value;
    norm = Math.sqrt(norm) || 1;
    const vector: FeatureVector = new Map();
    let slot = 0;
    for (const feature of this.slots.keys()) vector.set(feature, (this.values[slot++]! / norm) * 3);
    return vector;
  }
}

/** How strongly a playbook signal's weight moves the logits before any training. */
export const SIGNAL_PRIOR_SCALE = 1;

/** Logit offsets per class from the playbook's signal weights: the knowledge part, before learning. */
export function signalOffsets(features: ExtractedFeatures, classes: string[]): Float64Array {
  const offset = new Float64Array(classes.length);
  for (const match of features.signals) {
    const index = classes.indexOf(match.issue);
    if (index < 0) continue;
    const value = features.vector.get(`s:${match.signal.id}`) ?? 0;
    offset[index] = offset[index]! + match.signal.weight * value * SIGNAL_PRIOR_SCALE;
  }
  return offset;
}
