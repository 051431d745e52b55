import { featureTokensOf, PairTable, type FeatureVector } from '../features.js';
import { foldText, maskContactData } from '../fold-text.js';
import {
  addWeightedRow,
  computeLogits,
  MIN_KEPT_WEIGHT,
  pruneWeights,
  softmaxInPlace,
  trainSoftmax,
  type SoftmaxModel,
  type WeightRows,
} from '../softmax-model.js';
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
      return (
        findAffectedAddress(
          `${input.subject}\n${input.main}\n${input.quoted ?? ''}`,
          headers,
          input.requesterEmail,
          input.requesterName,
        ) === null
      );
    })
    .map(({ input, requesterIsAffected }) => ({ vector: affectedUserFeatures(input), label: requesterIsAffected ? 1 : 0 }));
}

export function trainAffectedUserModel(rows: Array<{ vector: FeatureVector; label: number }>): SoftmaxModel {
  const offset = new Float64Array(AFFECTED_USER_CLASSES.length);
  return pruneWeights(
    trainSoftmax(
      rows.map((row) => ({ ...row, offset, weight: 1 })),
      AFFECTED_USER_CLASSES,
      { epochs: 25, l2: 3e-4 },
    ),
    MIN_KEPT_WEIGHT,
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
 * Each distinct word of the ticket is looked up once among the model's words; its unigram row
 * and its pairs' rows are then found by number. The vector's names were two new strings per
 * word, each hashed and looked up among 54,000 (and a map of pairs per word missed the caches
 * about as often).
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
  // The ticket's distinct words by number, in order of first appearance, and each one's model word (-1: unknown).
  const ids = new Map<string, number>();
  const modelWords: number[] = [];
  const pairs = new Set<number>();
  let seenUnigrams = 0;
  // Each word is looked up once: a pair's second word is the next round's first.
  let id = words.length > 0 ? idOf(words[0]!, ids, modelWords, weights) : -1;
  for (let i = 0; i < words.length; i += 1) {
    if (id === seenUnigrams) {
      // A new word (ids are given in order of first appearance, a pair's second word just before
      // it is read as a unigram): its unigram is added here, as the vector adds it.
      seenUnigrams += 1;
      order.push(modelWords[id]! < 0 ? -1 : weights.unigramRows[modelWords[id]!]!);
    }
    if (i + 1 < words.length) {
      const next = idOf(words[i + 1]!, ids, modelWords, weights);
      const pair = id * PAIR_STRIDE + next;
      if (!pairs.has(pair)) {
        pairs.add(pair);
        const first = modelWords[id]!;
        const second = modelWords[next]!;
        order.push(first < 0 || second < 0 ? -1 : weights.pairRows.get(first, second));
      }
      id = next;
    }
  }
  const value = 2 / (Math.sqrt(order.length) || 1);
  for (const row of order) if (row >= 0) addWeightedRow(logits, rows, row, value);
  for (const [feature, cueValue] of cues) {
    const row = weights.others.get(feature);
    if (row !== undefined) addWeightedRow(logits, rows, row, cueValue);
  }
  return logits;
}

/** The ticket's number for `word` (given in order of first appearance), noting its model word. */
function idOf(word: string, ids: Map<string, number>, modelWords: number[], weights: WordWeights): number {
  let id = ids.get(word);
  if (id === undefined) {
    id = ids.size;
    ids.set(word, id);
    modelWords.push(weights.words.get(word) ?? -1);
  }
  return id;
}

/** Pair keys of a ticket's words: first word's number × stride + second's. */
const PAIR_STRIDE = 2 ** 21;

/** The model's features by word number: unigram rows, pair rows, and the other features (rules, cues, mailbox, issue) by name. */
interface WordWeights {
  /** Every word of a unigram or pair feature → its number. */
  words: Map<string, number>;
  /** Per word number: the row of its unigram (`u:word`), -1 when the model has none. */
  unigramRows: Int32Array;
  /** The row of each pair (`b:first_second`) by its words' numbers: one or two probes in a typed array. */
  pairRows: PairTable;
  others: Map<string, number>;
}

const WORD_WEIGHTS = new WeakMap<WeightRows, WordWeights>();

/**
 * The rows by word, built once per model from its features' tokens: the model file carries them
 * (numbering the 54,000 names took 10–20 ms of the first ticket); a model trained now derives them.
 */
function wordWeightsOf(rows: WeightRows): WordWeights {
  const kept = WORD_WEIGHTS.get(rows);
  if (kept) return kept;
  const { names } = rows;
  const { tokens, rows: ids } = rows.tokens ?? featureTokensOf(rows.features, 'u');
  const words = new Map<string, number>();
  for (let id = 0; id < tokens.length; id += 1) words.set(tokens[id]!, id);
  const unigramRows = new Int32Array(tokens.length).fill(-1);
  const pairRows = new PairTable(names.length);
  const others = new Map<string, number>();
  for (let row = 0; row < names.length; row += 1) {
    const first = ids[row * 2]!;
    const second = ids[row * 2 + 1]!;
    if (second >= 0) pairRows.set(first, second, row);
    else if (first >= 0) unigramRows[first] = row;
    else others.set(names.at(row)!, row);
  }
  const built = { words, unigramRows, pairRows, others };
  WORD_WEIGHTS.set(rows, built);
  return built;
}
