import type { Playbook } from '../playbook/schema.js';
import { tidyEvidence } from './tidy-evidence.js';
import type { Diagnosis, Evidence } from './diagnosis.js';
import { requesterIsAffected } from './escalation/affected-user-model.js';
import { checkEmail } from './escalation/check-email.js';
import { checkScreenshot } from './escalation/check-screenshot.js';
import { checkTimestamp } from './escalation/check-timestamp.js';
import { FeatureIndex, readFeatures, SIGNAL_PRIOR_SCALE, signalOffsets, surfaceOf, type ReadFeatures } from './features.js';
import {
  askedConfirmQuestions,
  confirmQuestionTexts,
  ownRequestPattern,
  withoutOwnRequest,
  type ConfirmQuestionTexts,
} from './own-request-text.js';
import { prepareTicketText } from './prepare-text.js';
import { compileSignals, type CompiledSignal, type SignalLiteralSets } from './signals.js';
import { addWeightedRow, packWeights, softmaxInPlace, type SoftmaxModel } from './softmax-model.js';
import { ticketSchema, type TicketInput } from './ticket.js';
import { round, type TrainedModel, type TriageThresholds } from './train-model.js';

export type { TriageThresholds } from './train-model.js';

export interface TriageOptions {
  playbook: Playbook;
  /** The trained weights and calibration (from the model file, or `trainModel`). */
  model: TrainedModel;
  /** An admin's thresholds (ABSTAIN_THRESHOLD, HIGH_CONFIDENCE_THRESHOLD) in place of the model's. */
  thresholdOverrides?: ThresholdOverrides;
  /** The playbook's signalLiteralSets as the model file carries them; derived now (about 60 ms cold) when absent. */
  signalLiterals?: SignalLiteralSets;
  now?: () => Date;
}

export type ThresholdOverrides = Partial<Pick<TriageThresholds, 'abstain' | 'high'>>;

export interface Triage {
  readonly playbook: Playbook;
  readonly thresholds: TriageThresholds;
  readonly trainingExamples: number;
  classify(ticket: TicketInput): Diagnosis;
}

interface ClassifierCore {
  classes: string[];
  affectedUser: SoftmaxModel | null;
  signals: CompiledSignal[];
  model: SoftmaxModel;
  /** The model's features by number (token ids and weight rows). */
  index: FeatureIndex;
  temperature: number;
  /** Our request to the customer, as a reply may copy it back (own-request-text.ts). */
  ownRequest: RegExp | null;
  /** The confirm questions our support team may have sent (own-request-text.ts askedConfirmQuestions). */
  confirmQuestions: ConfirmQuestionTexts;
}

/**
 * The pure triage core: a playbook plus a trained model gives `classify`, which reads a
 * ticket and returns the diagnosis (issue, confidence, evidence, missing escalation data).
 * Throws when the model's classes are not the playbook's issues (a stale model file).
 */
export function createTriage(options: TriageOptions): Triage {
  const { playbook, model } = options;
  const now = options.now ?? (() => new Date());
  const classes = playbook.issues.map((issue) => issue.id);
  if (model.softmax.classes.join(',') !== classes.join(',')) {
    throw new Error(
      `the model was trained for issues ${model.softmax.classes.join(', ')}, but the playbook has ${classes.join(', ')}: run npm run train`,
    );
  }
  const softmax = packed(model.softmax);
  const core: ClassifierCore = {
    classes,
    affectedUser: model.affectedUser && packed(model.affectedUser),
    signals: compileSignals(playbook, options.signalLiterals),
    model: softmax,
    index: new FeatureIndex(softmax.rows!.names, softmax.rows!.tokens),
    temperature: model.thresholds.temperature,
    ownRequest: ownRequestPattern(playbook),
    confirmQuestions: confirmQuestionTexts(playbook),
  };
  const thresholds = { ...model.thresholds, ...options.thresholdOverrides };
  return {
    playbook,
    thresholds,
    trainingExamples: model.trainingExamples,
    classify(input) {
      return classifyTicket(core, playbook, thresholds, input, now());
    },
  };
}

/** The model with its weights packed for lookups (a model file's already are; a model trained now is packed once). */
function packed(model: SoftmaxModel): SoftmaxModel {
  return model.rows ? model : { ...model, rows: packWeights(model.weights, model.classes.length) };
}

function classifyTicket(
  core: ClassifierCore,
  playbook: Playbook,
  thresholds: TriageThresholds,
  input: TicketInput,
  classifiedAt: Date,
): Diagnosis {
  const parsed = ticketSchema.parse(input);
  const confirmAsked = askedConfirmQuestions(parsed, core.confirmQuestions);
  const ticket = withoutOwnRequest(parsed, core.ownRequest);
  const text = prepareTicketText(ticket);
  const features = readFeatures(text, text.language, core.signals, core.index);
  const probabilities = softmaxInPlace(logitsOf(core, features), core.temperature);

  const ranking = core.classes
    .map((issue, index) => ({ issue, probability: round(probabilities[index]!) }))
    .sort((a, b) => b.probability - a.probability);
  const top = ranking[0]!;
  const vague = top.issue !== 'other' && top.probability >= thresholds.abstain && isVague(features);
  const abstained = top.issue !== 'other' && (top.probability < thresholds.abstain || vague);
  const issue = abstained ? 'other' : top.issue;
  const confidence = abstained ? (ranking.find((r) => r.issue === 'other')?.probability ?? 0) : top.probability;
  const band = abstained || confidence < thresholds.abstain ? 'low' : confidence >= thresholds.high ? 'high' : 'medium';

  // Read while the features' weight rows are still in the CPU's cache (the checks below evict them).
  const evidence = tidyEvidence(explain(core, features, abstained ? top.issue : issue), `${text.subject}\n${text.main}\n${text.quoted}`);

  const ownWords = `${text.subject}\n${text.main}`;
  const attachments = [
    ...ticket.attachments,
    ...ticket.conversation.filter((message) => message.from_requester).flatMap((message) => message.attachments),
  ];
  const escalation = {
    email: checkEmail({
      text: ownWords,
      quoteHeaders: text.quoteHeaders,
      quoted: text.quoted,
      requesterEmail: ticket.requester.email,
      requesterName: ticket.requester.name,
      issue,
      ...(core.affectedUser
        ? {
            // Bound, not a closure: tsx's keepNames (the bench, `npm start`) names each closure made per ticket with a defineProperty call.
            requesterIsAffected: requesterIsAffected.bind(undefined, core.affectedUser, {
              subject: text.subject,
              main: text.main,
              quoteHeaders: text.quoteHeaders,
              quoted: text.quoted,
              requesterEmail: ticket.requester.email,
              requesterName: ticket.requester.name,
              issue: top.issue,
            }),
          }
        : {}),
    }),
    timestamp: checkTimestamp({
      // A forwarded message often is the affected user's own account of the failure.
      text: `${ownWords}\n${text.quoted}`,
      language: text.language,
      reference: ticket.created_at ? new Date(ticket.created_at) : classifiedAt,
    }),
    screenshot: checkScreenshot(attachments),
  };

  return {
    ticketId: ticket.id,
    issue,
    confidence: round(confidence),
    topIssue: top.issue,
    abstained,
    ...(vague ? { vague: true } : {}),
    band,
    ranking,
    evidence,
    language: text.language,
    escalation,
    missing: (['email', 'timestamp', 'screenshot'] as const).filter((field) => !escalation[field].present),
    playbookVersion: playbook.version,
    classifiedAt: classifiedAt.toISOString(),
    ...(confirmAsked.length > 0 ? { confirmAsked } : {}),
  };
}

/**
 * Content words a ticket may have and still say too little to diagnose, when no playbook
 * signal matched: "I cannot sign in", "login geht nicht", "no puedo entrar al PIM". The model
 * would still name an issue for them (the one whose examples most often say just that), with
 * a confidence that reflects the corpus, not the ticket. Short tickets that name a symptom
 * ("lien de vérification expiré", "SDM gone") match a signal and are diagnosed as usual.
 */
export const VAGUE_MAX_WORDS = 6;

/** True when the ticket names no documented symptom and has almost no words to go on (issue #13 §1). */
export function isVague(features: ReadFeatures): boolean {
  if (features.signals.some((match) => match.issue !== 'other')) return false;
  return features.words <= VAGUE_MAX_WORDS;
}

/**
 * The logits of a ticket's features: bias and signal priors, then each known feature's weights
 * times its value, in the vector's order (words and pairs, then signals), the sums training's
 * computeLogits makes.
 */
function logitsOf(core: ClassifierCore, features: ReadFeatures): Float64Array {
  const k = core.classes.length;
  const logits = signalOffsets(features, core.classes);
  const bias = core.model.bias;
  for (let c = 0; c < k; c += 1) logits[c] = bias[c]! + logits[c]!;
  const weights = core.model.rows!;
  for (let slot = 0; slot < features.values.length; slot += 1) {
    const row = features.rows[slot]!;
    if (row >= 0) addWeightedRow(logits, weights, row, features.values[slot]!);
  }
  for (const [id, value] of features.signalValues) {
    const row = core.index.signalRow(id);
    if (row >= 0) addWeightedRow(logits, weights, row, value);
  }
  return logits;
}

/** The features that pushed the answer most, in the ticket's own words. */
function explain(core: ClassifierCore, features: ReadFeatures, issue: string): Evidence[] {
  const classIndex = core.classes.indexOf(issue);
  const k = core.classes.length;
  const weights = core.model.rows!;
  const evidence: Evidence[] = [];
  for (const match of features.signals) {
    const row = core.index.signalRow(match.signal.id);
    const pulls = contributions(
      core,
      row,
      features.signalValues.get(match.signal.id) ?? 0,
      match.issue,
      match.signal.weight * SIGNAL_PRIOR_SCALE,
    );
    if (!speaksFor(pulls, classIndex)) continue;
    evidence.push({
      phrase: match.matched,
      issue,
      weight: round(pulls[classIndex]!),
      kind: match.signal.kind === 'ui-label' ? 'ui-label' : 'signal',
    });
  }
  const words: Evidence[] = [];
  for (let slot = 0; slot < features.values.length; slot += 1) {
    const row = features.rows[slot]!;
    if (row < 0) continue;
    const value = features.values[slot]!;
    // Most words pull the answer by less than speaksFor's 0.15: no need to weigh them for every class.
    if (!(weights.valuesWith(row)[row * k + classIndex]! * value >= 0.15)) continue;
    const pulls = contributions(core, row, value);
    if (!speaksFor(pulls, classIndex)) continue;
    words.push({ phrase: surfaceOf(features, slot), issue, weight: round(pulls[classIndex]!), kind: 'word' });
  }
  words.sort((a, b) => b.weight - a.weight);
  const seen = new Set<string>();
  return [...evidence.sort((a, b) => b.weight - a.weight), ...words.slice(0, 4)]
    .filter((item) => {
      const key = item.phrase.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, 8);
}

// Module functions, not closures made per ticket: the bench and `npm start` run the sources
// through tsx, whose keepNames wraps every named closure in a defineProperty call when it is made.

/**
 * What a feature adds to each class's logit: its learned weights (row -1: none), plus the
 * playbook prior of a signal for its own issue.
 */
function contributions(core: ClassifierCore, row: number, value: number, priorIssue?: string, prior = 0): number[] {
  const k = core.classes.length;
  const values = row < 0 ? null : core.model.rows!.valuesWith(row);
  return core.classes.map((name, c) => ((values === null ? 0 : values[row * k + c]!) + (name === priorIssue ? prior : 0)) * value);
}

/**
 * Evidence speaks for the answer only: a phrase that counted against it, or more for another
 * issue, is not shown (an agent would read it as a reason for the answer).
 */
function speaksFor(pulls: number[], classIndex: number): boolean {
  return pulls[classIndex]! >= 0.15 && pulls.every((pull) => pull <= pulls[classIndex]!);
}
