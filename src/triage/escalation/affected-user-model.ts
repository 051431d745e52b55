import type { FeatureVector } from '../features.js';
import { foldText, maskContactData } from '../fold-text.js';
import { addWeightedRow, computeLogits, softmaxInPlace, trainSoftmax, type SoftmaxModel, type WeightRows } from '../softmax-model.js';
import { findAffectedAddress, readWhoseSignIn, subjectCues } from './check-email.js';

/**
 * "Is the requester the person whose sign-in failed?" learned from the corpus's labels, for
 * the tickets that give no address of anyone else. The sentence rules of check-email are its
 * strongest features; the words around them ("my colleague", "ma collègue", "for our team",
 * "is this mail genuine?", an out-of-office) teach it what the rules cannot list.
 */
export const AFFECTED_USER_CLASSES = ['not-requester', 'requester'];

export interface AffectedUserInput {
  subject: string;
  /** The customer's own words, quotes removed. */
  main: string;
  quoteHeaders: string[];
  /** The quoted part: its header lines name forwarded authors. */
  quoted?: string;
  requesterEmail: string;
  requesterName?: string;
  /** The issue the ticket is about (predicted when classifying, the label when training). */
  issue: string;
}

const WORD = /\p{L}{2,24}/gu;
// Team and robot mailboxes: a message from one is rarely about its own sign-in.
const SHARED_MAILBOX =
  /^(info|contact|support|help ?desk|service|team|pim|ecommerce|e-commerce|marketing|office|admin|it|no-?reply|noreply|bureau|buero|oficina|ufficio|catalog|catalogue)[._+-]?[^@]{0,30}@/iu;

/** Sparse features of the question; words are L2-normalised so long and short mails weigh alike. */
export function affectedUserFeatures(input: AffectedUserInput): FeatureVector {
  const vector: FeatureVector = new Map();
  const { words, cues } = readQuestion(input);
  // Each word and pair once, in order of first appearance; the value, which needs their count, after.
  for (let i = 0; i < words.length; i += 1) {
    vector.set(`u:${words[i]}`, 0);
    if (i + 1 < words.length) vector.set(`b:${words[i]}_${words[i + 1]}`, 0);
  }
  const value = 2 / (Math.sqrt(vector.size) || 1);
  for (const feature of vector.keys()) vector.set(feature, value);
  for (const [feature, cueValue] of cues) vector.set(feature, cueValue);
  return vector;
}

/**
 * What the model reads of a ticket: the requester's own words (unigram and pair features,
 * `u:` and `b:`), and the other features with their values in the order they are added (after
 * the words, none of them a word feature).
 */
function readQuestion(input: AffectedUserInput): { words: string[]; cues: Array<[string, number]> } {
  const whose = readWhoseSignIn(
    `${input.subject}\n${input.main}`,
    input.quoted ?? '',
    input.quoteHeaders,
    input.requesterEmail,
    input.requesterName,
  );
  // The requester's own words: a pasted forward's or chat's first person is its author's.
  const words = foldText(maskContactData(whose.own)).match(WORD) ?? [];
  const cues: Array<[string, number]> = [];
  // The sentence rules are the strongest cue: worth two words' weight.
  cues.push([`rule:${whose.subject}`, 2]);
  // On an `other` ticket the same sentences weigh differently: a how-to question has a first person too.
  if (input.issue === 'other') cues.push([`other-rule:${whose.subject}`, 1]);
  if (whose.relayed) cues.push([`relayed:${whose.relayed}`, 2]);
  const counts = subjectCues(whose.own, whose.names);
  cues.push(['cue:first-person', Math.min(counts.firstPerson, 4) / 4]);
  cues.push(['cue:third-party', Math.min(counts.thirdParty, 4) / 4]);
  cues.push(['cue:we', Math.min(counts.plural, 4) / 4]);
  if (counts.failure) cues.push(['cue:failure', 1]);
  if (counts.topic) cues.push(['cue:sign-in-topic', 1]);
  if (counts.ownJob) cues.push(['cue:own-job', 1]);
  if (whose.relayedMessage.chat.length > 0) cues.push(['chat:pasted', 1]);
  if (words.length < 25) cues.push(['len:short', 1]);
  if (input.quoteHeaders.length > 0) cues.push(['fwd:quoted', 1]);
  const requester = input.requesterEmail.trim();
  if (requester === '') cues.push(['req:none', 1]);
  else if (SHARED_MAILBOX.test(requester)) cues.push(['req:shared-mailbox', 1]);
  cues.push([`issue:${input.issue}`, 1]);
  return { words, cues };
}

export interface AffectedUserExample {
  input: AffectedUserInput;
  /** True when the requester is the affected user (label: `email` not missing, no other address given). */
  requesterIsAffected: boolean;
}

/** The examples the model learns from: only those that give no other person's address. */
export function affectedUserRows(examples: AffectedUserExample[]): Array<{ vector: FeatureVector; label: number }> {
  return examples
    .filter(({ input }) => {
      const headers = [...input.quoteHeaders, ...(input.quoted ?? '').split('\n')];
      return findAffectedAddress(`${input.subject}\n${input.main}\n${input.quoted ?? ''}`, headers, input.requesterEmail) === null;
    })
    .map(({ input, requesterIsAffected }) => ({ vector: affectedUserFeatures(input), label: requesterIsAffected ? 1 : 0 }));
}

export function trainAffectedUserModel(rows: Array<{ vector: FeatureVector; label: number }>): SoftmaxModel {
  const offset = new Float64Array(AFFECTED_USER_CLASSES.length);
  return trainSoftmax(
    rows.map((row) => ({ ...row, offset, weight: 1 })),
    AFFECTED_USER_CLASSES,
    { epochs: 25, l2: 3e-4 },
  );
}

/** Probability (0–1) that the requester is the person whose sign-in failed. */
export function requesterIsAffected(model: SoftmaxModel, input: AffectedUserInput): number {
  const logits = model.rows
    ? logitsOfQuestion(model, model.rows, input)
    : computeLogits(model, affectedUserFeatures(input), new Float64Array(AFFECTED_USER_CLASSES.length));
  return softmaxInPlace(logits)[1]!;
}

/**
 * computeLogits(model, affectedUserFeatures(input)) with packed rows, without building the
 * feature names: the same rows added in the same order with the same values, so the same sums.
 * Each word is looked up once (its `u:` row and the `b:` rows of the pairs it begins), where
 * the vector's names were two new strings per word, each hashed and looked up among 54,000.
 */
function logitsOfQuestion(model: SoftmaxModel, rows: WeightRows, input: AffectedUserInput): Float64Array {
  const { words, cues } = readQuestion(input);
  const weights = wordWeightsOf(rows);
  const k = model.classes.length;
  const logits = new Float64Array(k);
  for (let c = 0; c < k; c += 1) logits[c] = model.bias[c]!;
  // The word features in the vector's order (each unigram and pair at its first appearance),
  // -1 for one the model does not know; their number sets the value.
  const order: number[] = [];
  const ids = new Map<string, number>();
  const entries: (WordRows | undefined)[] = [];
  const pairs = new Set<number>();
  const idOf = (word: string): number => {
    let id = ids.get(word);
    if (id === undefined) {
      id = ids.size;
      ids.set(word, id);
      entries.push(weights.words.get(word));
    }
    return id;
  };
  let seenUnigrams = 0;
  for (let i = 0; i < words.length; i += 1) {
    const id = idOf(words[i]!);
    if (id === seenUnigrams) {
      // A new word (ids are given in order of first appearance, a pair's second word just before
      // it is read as a unigram): its unigram is added here, as the vector adds it.
      seenUnigrams += 1;
      order.push(entries[id]?.row ?? -1);
    }
    if (i + 1 < words.length) {
      const next = idOf(words[i + 1]!);
      const pair = id * PAIR_STRIDE + next;
      if (!pairs.has(pair)) {
        pairs.add(pair);
        order.push(entries[id]?.pairs?.get(words[i + 1]!) ?? -1);
      }
    }
  }
  const value = 2 / (Math.sqrt(order.length) || 1);
  for (const row of order) if (row >= 0) addWeightedRow(logits, rows.values, row, value);
  for (const [feature, cueValue] of cues) {
    const row = weights.others.get(feature);
    if (row !== undefined) addWeightedRow(logits, rows.values, row, cueValue);
  }
  return logits;
}

/** Pair keys: first word's id × stride + second's (a text has far fewer than 2^21 distinct words). */
const PAIR_STRIDE = 2 ** 21;

/** A word's rows: its unigram (`u:word`, -1 when unknown) and the pairs it begins (`b:word_next`). */
interface WordRows {
  row: number;
  pairs: Map<string, number> | undefined;
}

/** The model's features by word, and the others (rules, cues, mailbox, issue) by name. */
interface WordWeights {
  words: Map<string, WordRows>;
  others: Map<string, number>;
}

const WORD_WEIGHTS = new WeakMap<WeightRows, WordWeights>();

/** The rows by word, built once per model from its feature names (words have letters only: no "_"). */
function wordWeightsOf(rows: WeightRows): WordWeights {
  let built = WORD_WEIGHTS.get(rows);
  if (built) return built;
  built = { words: new Map(), others: new Map() };
  const { words, others } = built;
  const entry = (word: string): WordRows => {
    let found = words.get(word);
    if (!found) words.set(word, (found = { row: -1, pairs: undefined }));
    return found;
  };
  rows.features.forEach((feature, row) => {
    if (feature.startsWith('u:')) entry(feature.slice(2)).row = row;
    else if (feature.startsWith('b:')) {
      const cut = feature.indexOf('_', 2);
      (entry(feature.slice(2, cut)).pairs ??= new Map()).set(feature.slice(cut + 1), row);
    } else others.set(feature, row);
  });
  WORD_WEIGHTS.set(rows, built);
  return built;
}
