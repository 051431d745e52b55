import type { FeatureVector } from '../features.js';
import { foldText, maskContactData } from '../fold-text.js';
import { computeLogits, softmaxInPlace, trainSoftmax, type SoftmaxModel } from '../softmax-model.js';
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
  const whose = readWhoseSignIn(
    `${input.subject}\n${input.main}`,
    input.quoted ?? '',
    input.quoteHeaders,
    input.requesterEmail,
    input.requesterName,
  );
  // The requester's own words: a pasted forward's or chat's first person is its author's.
  const words = foldText(maskContactData(whose.own)).match(WORD) ?? [];
  // Each word and pair once, in order of first appearance; the value, which needs their count, after.
  for (let i = 0; i < words.length; i += 1) {
    vector.set(`u:${words[i]}`, 0);
    if (i + 1 < words.length) vector.set(`b:${words[i]}_${words[i + 1]}`, 0);
  }
  const value = 2 / (Math.sqrt(vector.size) || 1);
  for (const feature of vector.keys()) vector.set(feature, value);

  // The sentence rules are the strongest cue: worth two words' weight.
  vector.set(`rule:${whose.subject}`, 2);
  // On an `other` ticket the same sentences weigh differently: a how-to question has a first person too.
  if (input.issue === 'other') vector.set(`other-rule:${whose.subject}`, 1);
  if (whose.relayed) vector.set(`relayed:${whose.relayed}`, 2);
  const cues = subjectCues(whose.own, whose.names);
  vector.set('cue:first-person', Math.min(cues.firstPerson, 4) / 4);
  vector.set('cue:third-party', Math.min(cues.thirdParty, 4) / 4);
  vector.set('cue:we', Math.min(cues.plural, 4) / 4);
  if (cues.failure) vector.set('cue:failure', 1);
  if (cues.topic) vector.set('cue:sign-in-topic', 1);
  if (cues.ownJob) vector.set('cue:own-job', 1);
  if (whose.relayedMessage.chat.length > 0) vector.set('chat:pasted', 1);
  if (words.length < 25) vector.set('len:short', 1);
  if (input.quoteHeaders.length > 0) vector.set('fwd:quoted', 1);
  const requester = input.requesterEmail.trim();
  if (requester === '') vector.set('req:none', 1);
  else if (SHARED_MAILBOX.test(requester)) vector.set('req:shared-mailbox', 1);
  vector.set(`issue:${input.issue}`, 1);
  return vector;
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
  const logits = computeLogits(model, affectedUserFeatures(input), new Float64Array(AFFECTED_USER_CLASSES.length));
  return softmaxInPlace(logits)[1]!;
}
