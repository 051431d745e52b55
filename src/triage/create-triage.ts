import type { Playbook } from '../playbook/schema.js';
import { tidyEvidence } from './tidy-evidence.js';
import type { Diagnosis, Evidence } from './diagnosis.js';
import { requesterIsAffected } from './escalation/affected-user-model.js';
import { checkEmail } from './escalation/check-email.js';
import { checkScreenshot } from './escalation/check-screenshot.js';
import { checkTimestamp } from './escalation/check-timestamp.js';
import { extractFeatures, SIGNAL_PRIOR_SCALE, signalOffsets, type ExtractedFeatures } from './features.js';
import { prepareTicketText } from './prepare-text.js';
import { compileSignals, type CompiledSignal, type SignalLiteralSets } from './signals.js';
import { featureRows, logitsOfRows, packWeights, softmaxInPlace, type SoftmaxModel } from './softmax-model.js';
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
  temperature: number;
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
  const core: ClassifierCore = {
    classes,
    affectedUser: model.affectedUser && packed(model.affectedUser),
    signals: compileSignals(playbook, options.signalLiterals),
    model: packed(model.softmax),
    temperature: model.thresholds.temperature,
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
  const ticket = ticketSchema.parse(input);
  const text = prepareTicketText(ticket);
  const features = extractFeatures(text, text.language, core.signals);
  // Each feature's weight row, looked up once: the logits and the evidence both read it.
  const rows = featureRows(core.model.rows!, features.vector);
  const probabilities = softmaxInPlace(
    logitsOfRows(core.model, features.vector, rows, signalOffsets(features, core.classes)),
    core.temperature,
  );

  const ranking = core.classes
    .map((issue, index) => ({ issue, probability: round(probabilities[index]!) }))
    .sort((a, b) => b.probability - a.probability);
  const top = ranking[0]!;
  const vague = top.issue !== 'other' && top.probability >= thresholds.abstain && isVague(features);
  const abstained = top.issue !== 'other' && (top.probability < thresholds.abstain || vague);
  const issue = abstained ? 'other' : top.issue;
  const confidence = abstained ? (ranking.find((r) => r.issue === 'other')?.probability ?? 0) : top.probability;
  const band = abstained || confidence < thresholds.abstain ? 'low' : confidence >= thresholds.high ? 'high' : 'medium';

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
            requesterIsAffected: () =>
              requesterIsAffected(core.affectedUser!, {
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
    evidence: tidyEvidence(explain(core, features, rows, abstained ? top.issue : issue), `${text.subject}\n${text.main}\n${text.quoted}`),
    language: text.language,
    escalation,
    missing: (['email', 'timestamp', 'screenshot'] as const).filter((field) => !escalation[field].present),
    playbookVersion: playbook.version,
    classifiedAt: classifiedAt.toISOString(),
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
export function isVague(features: ExtractedFeatures): boolean {
  if (features.signals.some((match) => match.issue !== 'other')) return false;
  let words = 0;
  for (const feature of features.vector.keys()) if (feature.startsWith('w:') && ++words > VAGUE_MAX_WORDS) return false;
  return true;
}

/** The features that pushed the answer most, in the ticket's own words; `rows` from featureRows of the features' vector. */
function explain(core: ClassifierCore, features: ExtractedFeatures, rows: Int32Array, issue: string): Evidence[] {
  const classIndex = core.classes.indexOf(issue);
  const k = core.classes.length;
  const values = core.model.rows!.values;
  // What a feature adds to each class's logit: its learned weights (row -1: none), plus the
  // playbook prior of a signal for its own issue.
  const contributions = (row: number, value: number, priorIssue?: string, prior = 0): number[] =>
    core.classes.map((name, c) => ((row < 0 ? 0 : values[row * k + c]!) + (name === priorIssue ? prior : 0)) * value);
  // Evidence speaks for the answer only: a phrase that counted against it, or more for another
  // issue, is not shown (an agent would read it as a reason for the answer).
  const speaksFor = (pulls: number[]): boolean => pulls[classIndex]! >= 0.15 && pulls.every((pull) => pull <= pulls[classIndex]!);
  const evidence: Evidence[] = [];
  for (const match of features.signals) {
    const feature = `s:${match.signal.id}`;
    const row = core.model.rows!.index.get(feature) ?? -1;
    const pulls = contributions(row, features.vector.get(feature) ?? 0, match.issue, match.signal.weight * SIGNAL_PRIOR_SCALE);
    if (!speaksFor(pulls)) continue;
    evidence.push({
      phrase: match.matched,
      issue,
      weight: round(pulls[classIndex]!),
      kind: match.signal.kind === 'ui-label' ? 'ui-label' : 'signal',
    });
  }
  const words: Evidence[] = [];
  let at = -1;
  for (const [feature, value] of features.vector) {
    at += 1;
    const row = rows[at]!;
    if (feature.startsWith('s:') || row < 0) continue;
    // Most words pull the answer by less than speaksFor's 0.15: no need to weigh them for every class.
    if (!(values[row * k + classIndex]! * value >= 0.15)) continue;
    const pulls = contributions(row, value);
    if (!speaksFor(pulls)) continue;
    words.push({ phrase: features.surfaces[at] ?? feature.slice(2), issue, weight: round(pulls[classIndex]!), kind: 'word' });
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
