import type { Playbook } from '../playbook/schema.js';
import { thresholdForPrecision, type ScoredPrediction } from './calibration.js';
import type { EscalationField, Language } from './diagnosis.js';
import { affectedUserRows, trainAffectedUserModel } from './escalation/affected-user-model.js';
import { LANGUAGES } from './diagnosis.js';
import { extractFeatures, signalOffsets } from './features.js';
import { prepareTicketText, type PreparedText } from './prepare-text.js';
import { compileSignals } from './signals.js';
import {
  computeLogits,
  MIN_KEPT_WEIGHT,
  pruneWeights,
  softmaxInPlace,
  trainSoftmax,
  type SoftmaxModel,
  type TrainingRow,
} from './softmax-model.js';
import { ticketSchema, type TicketInput } from './ticket.js';

/** A labelled ticket to learn from: a corpus example, or an agent's correction. */
export interface TrainingTicket {
  issue: string;
  ticket: TicketInput;
  /** The language it is written in, when known (the detector decides otherwise). */
  lang?: string;
  /** Weight in the loss; agent corrections of real tickets may count more than examples. @defaultValue 1 */
  weight?: number;
  /** The escalation data it lacks, when labelled: trains the affected-user model. */
  missing?: readonly EscalationField[];
}

export interface TriageThresholds {
  /** Below this confidence a non-`other` answer becomes `other`. */
  abstain: number;
  /** At or above this confidence the answer is "high confidence" (precision target met on held-out data). */
  high: number;
  /** Softmax temperature fitted on held-out predictions. */
  temperature: number;
}

/** What training produces and start-up loads: weights plus the held-out calibration. */
export interface TrainedModel {
  softmax: SoftmaxModel;
  /** Is the requester the affected user? (escalation/affected-user-model.ts); null when no example was labelled. */
  affectedUser: SoftmaxModel | null;
  thresholds: TriageThresholds;
  trainingExamples: number;
}

export interface TrainOptions {
  /** Overrides the abstain threshold learned from held-out examples (0–1). */
  abstainThreshold?: number;
  /** Folds of the held-out calibration. @defaultValue 4 */
  folds?: number;
  epochs?: number;
}

/** Precision the "high confidence" band must reach on held-out examples. */
const HIGH_CONFIDENCE_PRECISION = 0.97;

interface PreparedRow extends TrainingRow {
  fold: number;
  /** The example the row came from, and its text as the pipeline read it. */
  example: TrainingTicket;
  text: PreparedText;
  requesterEmail: string;
  requesterName: string;
}

/** Features of each training ticket, read by the same pipeline as real tickets. */
export function prepareTrainingRows(playbook: Playbook, examples: TrainingTicket[], folds = 4): PreparedRow[] {
  const classes = playbook.issues.map((issue) => issue.id);
  const signals = compileSignals(playbook);
  const known = examples.filter((example) => classes.includes(example.issue));
  const perClass = new Map<string, number>();
  for (const example of known) perClass.set(example.issue, (perClass.get(example.issue) ?? 0) + 1);
  const meanPerClass = known.length / (perClass.size || 1);
  return known.map((example, index) => {
    const language = (LANGUAGES as readonly string[]).includes(example.lang ?? '') ? (example.lang as Language) : undefined;
    const ticket = ticketSchema.parse(example.ticket);
    const text = prepareTicketText(ticket, language);
    const features = extractFeatures(text, text.language, signals);
    return {
      vector: features.vector,
      offset: signalOffsets(features, classes),
      label: classes.indexOf(example.issue),
      // Balanced classes: `other` has three times the examples of an issue, and must not win on volume.
      weight: ((example.weight ?? 1) * meanPerClass) / perClass.get(example.issue)!,
      fold: index % folds,
      example,
      text,
      requesterEmail: ticket.requester.email,
      requesterName: ticket.requester.name,
    };
  });
}

/**
 * Trains the classifier on labelled tickets and calibrates its confidence on held-out folds:
 * the temperature that minimises held-out log-loss, the abstain threshold that makes the most
 * held-out answers right, and the confidence above which held-out precision reaches 97%.
 * Deterministic: the same playbook and examples always give the same model.
 */
export function trainModel(playbook: Playbook, examples: TrainingTicket[], options: TrainOptions = {}): TrainedModel {
  const folds = options.folds ?? 4;
  const classes = playbook.issues.map((issue) => issue.id);
  const rows = prepareTrainingRows(playbook, examples, folds);
  const heldOut = crossValidateRows(rows, classes, folds, options.epochs);
  const temperature = fitTemperature(heldOut);
  const otherIndex = classes.indexOf('other');
  const abstain = options.abstainThreshold ?? chooseAbstainThreshold(heldOut, temperature, otherIndex);
  const scored = heldOut.map((row) => scoreHeldOut(row, temperature, otherIndex)(abstain));
  const high = round(Math.max(abstain, thresholdForPrecision(scored, HIGH_CONFIDENCE_PRECISION)));
  const affected = affectedUserRows(
    rows
      .filter((row) => row.example.missing !== undefined)
      .map(({ example, text, requesterEmail, requesterName }) => ({
        input: {
          subject: text.subject,
          main: text.main,
          quoteHeaders: text.quoteHeaders,
          quoted: text.quoted,
          requesterEmail,
          requesterName,
          issue: example.issue,
        },
        requesterIsAffected: !example.missing!.includes('email'),
      })),
  );
  return {
    softmax: pruneWeights(trainSoftmax(rows, classes, options.epochs ? { epochs: options.epochs } : {}), MIN_KEPT_WEIGHT),
    affectedUser: affected.length > 0 ? trainAffectedUserModel(affected) : null,
    thresholds: { abstain, high, temperature },
    trainingExamples: rows.length,
  };
}

export interface HeldOutRow {
  logits: Float64Array;
  label: number;
  /** Index of the example in the rows it came from. */
  index: number;
}

/** Logits of every row from a model that never saw it. */
export function crossValidateRows(rows: PreparedRow[], classes: string[], folds: number, epochs?: number): HeldOutRow[] {
  const heldOut: HeldOutRow[] = [];
  for (let fold = 0; fold < folds; fold += 1) {
    const training = rows.filter((row) => row.fold !== fold);
    const testing = rows.map((row, index) => ({ row, index })).filter(({ row }) => row.fold === fold);
    if (testing.length === 0 || training.length === 0) continue;
    const model = trainSoftmax(training, classes, { epochs: epochs ?? 15 });
    for (const { row, index } of testing) heldOut.push({ logits: computeLogits(model, row.vector, row.offset), label: row.label, index });
  }
  return heldOut;
}

/** The softmax temperature that minimises the held-out negative log-likelihood. */
function fitTemperature(heldOut: HeldOutRow[]): number {
  let best = { temperature: 1, loss: Infinity };
  for (let temperature = 0.3; temperature <= 4; temperature += 0.05) {
    let loss = 0;
    for (const row of heldOut) {
      const probabilities = softmaxInPlace(Float64Array.from(row.logits), temperature);
      loss -= Math.log(Math.max(probabilities[row.label]!, 1e-12));
    }
    if (loss < best.loss) best = { temperature, loss };
  }
  return round(best.temperature);
}

function scoreHeldOut(row: HeldOutRow, temperature: number, otherIndex: number) {
  const probabilities = softmaxInPlace(Float64Array.from(row.logits), temperature);
  let top = 0;
  for (let c = 1; c < probabilities.length; c += 1) if (probabilities[c]! > probabilities[top]!) top = c;
  return (abstain: number): ScoredPrediction => {
    const abstained = top !== otherIndex && probabilities[top]! < abstain;
    const answer = abstained ? otherIndex : top;
    return { confidence: probabilities[answer]!, correct: answer === row.label };
  };
}

/**
 * The abstain threshold that makes the most held-out answers right; among equals, the most
 * cautious one, since a wrong confident label costs an agent more than an honest "not sure".
 * "Among equals" is read within one run: the thresholds that reach the best count form runs of
 * neighbours, and the answer is the most cautious end of the longest run (of the more cautious
 * run when two are as long). A lone threshold that reaches the best count again above a dip is a
 * one-ticket coincidence: on the corpus with 187 more tickets (tried on 2026-11-30) the count
 * was 3,614 from 0 to 0.26, 3,612–3,613 up to 0.32 and 3,614 again at 0.34 alone, and taking the
 * most cautious equal would have abstained on right answers at 0.27–0.33.
 */
export function chooseAbstainThreshold(heldOut: HeldOutRow[], temperature: number, otherIndex: number): number {
  const scorers = heldOut.map((row) => scoreHeldOut(row, temperature, otherIndex));
  const steps = Array.from({ length: ABSTAIN_STEPS }, (_, step) => round(step * 0.02));
  const correct = steps.map((threshold) => scorers.filter((score) => score(threshold).correct).length);
  const best = Math.max(...correct);
  let chosen = { end: 0, length: 0 };
  let runLength = 0;
  correct.forEach((count, step) => {
    runLength = count === best ? runLength + 1 : 0;
    if (runLength > 0 && runLength >= chosen.length) chosen = { end: step, length: runLength };
  });
  return steps[chosen.end]!;
}

/** Abstain thresholds tried: 0, 0.02, …, 0.7. */
const ABSTAIN_STEPS = 36;

export function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
