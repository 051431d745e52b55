import type { Playbook } from '../playbook/schema.js';
import { loadPlaybook } from '../playbook/load-playbook.js';
import { thresholdForPrecision, type ScoredPrediction } from './calibration.js';
import type { Diagnosis, Evidence, Language } from './diagnosis.js';
import { LANGUAGES } from './diagnosis.js';
import { checkEmail } from './escalation/check-email.js';
import { checkScreenshot } from './escalation/check-screenshot.js';
import { checkTimestamp } from './escalation/check-timestamp.js';
import { extractFeatures, type ExtractedFeatures } from './features.js';
import { prepareTicketText, splitSubject } from './prepare-text.js';
import { compileSignals, type CompiledSignal } from './signals.js';
import { computeLogits, softmaxInPlace, trainSoftmax, type SoftmaxModel, type TrainingRow } from './softmax-model.js';
import { ticketSchema, type TicketInput } from './ticket.js';
import type { TrainingExampleInput } from './types.js';

export interface TriageOptions {
  playbook?: Playbook;
  /** Extra labelled examples (agent feedback) trained on top of the playbook's. */
  extraExamples?: TrainingExampleInput[];
  now?: () => Date;
  /** Overrides the abstain threshold learned from held-out examples (0–1). */
  abstainThreshold?: number;
}

export interface TriageThresholds {
  /** Below this confidence a non-`other` answer becomes `other`. */
  abstain: number;
  /** At or above this confidence the answer is "high confidence" (precision target met on held-out data). */
  high: number;
  /** Softmax temperature fitted on held-out predictions. */
  temperature: number;
}

export interface Triage {
  readonly playbook: Playbook;
  readonly thresholds: TriageThresholds;
  readonly trainingExamples: number;
  classify(ticket: TicketInput): Diagnosis;
}

/** How strongly a playbook signal's weight moves the logits before any training. */
const SIGNAL_PRIOR_SCALE = 1;
const CROSS_VALIDATION_FOLDS = 4;
/** Precision the "high confidence" band must reach on held-out examples. */
const HIGH_CONFIDENCE_PRECISION = 0.97;

interface ClassifierCore {
  classes: string[];
  signals: CompiledSignal[];
  model: SoftmaxModel;
  temperature: number;
}

/**
 * Builds the triage core from a playbook: trains the model on the playbook's examples,
 * calibrates its confidence on held-out folds, and returns a pure `classify`.
 */
export function createTriage(options: TriageOptions = {}): Triage {
  const playbook = options.playbook ?? loadPlaybook();
  const now = options.now ?? (() => new Date());
  const classes = playbook.issues.map((issue) => issue.id);
  const signals = compileSignals(playbook);
  const rows = buildTrainingRows(playbook, options.extraExamples ?? [], classes, signals);

  const heldOut = crossValidate(rows, classes);
  const temperature = fitTemperature(heldOut);
  const otherIndex = classes.indexOf('other');
  const abstain = options.abstainThreshold ?? chooseAbstainThreshold(heldOut, temperature, otherIndex);
  const scored = heldOut.map((row) => scoreHeldOut(row, temperature, otherIndex)(abstain));
  const high = round(Math.max(abstain, thresholdForPrecision(scored, HIGH_CONFIDENCE_PRECISION)));

  const core: ClassifierCore = { classes, signals, model: trainSoftmax(rows, classes), temperature };
  const thresholds: TriageThresholds = { abstain, high, temperature };

  return {
    playbook,
    thresholds,
    trainingExamples: rows.length,
    classify(input) {
      return classifyTicket(core, playbook, thresholds, input, now());
    },
  };
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
  const logits = computeLogits(core.model, features.vector, signalOffsets(features, core.classes));
  const probabilities = softmaxInPlace(Float64Array.from(logits), core.temperature);

  const ranking = core.classes
    .map((issue, index) => ({ issue, probability: round(probabilities[index]!) }))
    .sort((a, b) => b.probability - a.probability);
  const top = ranking[0]!;
  const abstained = top.issue !== 'other' && top.probability < thresholds.abstain;
  const issue = abstained ? 'other' : top.issue;
  const confidence = abstained ? (ranking.find((r) => r.issue === 'other')?.probability ?? 0) : top.probability;
  const band = abstained || confidence < thresholds.abstain ? 'low' : confidence >= thresholds.high ? 'high' : 'medium';

  const ownWords = `${text.subject}\n${text.main}`;
  const attachments = [
    ...ticket.attachments,
    ...ticket.conversation.filter((message) => message.from_requester).flatMap((message) => message.attachments),
  ];
  const escalation = {
    email: checkEmail({ text: ownWords, quoteHeaders: text.quoteHeaders, requesterEmail: ticket.requester.email }),
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
    band,
    ranking,
    evidence: explain(core, features, abstained ? top.issue : issue),
    language: text.language,
    escalation,
    missing: (['email', 'timestamp', 'screenshot'] as const).filter((field) => !escalation[field].present),
    playbookVersion: playbook.version,
    classifiedAt: classifiedAt.toISOString(),
  };
}

/** The features that pushed the answer most, in the ticket's own words. */
function explain(core: ClassifierCore, features: ExtractedFeatures, issue: string): Evidence[] {
  const classIndex = core.classes.indexOf(issue);
  const evidence: Evidence[] = [];
  for (const match of features.signals) {
    const value = features.vector.get(`s:${match.signal.id}`) ?? 0;
    const learned = core.model.weights.get(`s:${match.signal.id}`)?.[classIndex] ?? 0;
    const prior = match.issue === issue ? match.signal.weight * SIGNAL_PRIOR_SCALE : 0;
    const weight = (learned + prior) * value;
    if (match.issue !== issue && Math.abs(learned) < 0.3) continue;
    evidence.push({
      phrase: match.matched,
      issue: match.issue,
      weight: round(weight),
      kind: match.signal.kind === 'ui-label' ? 'ui-label' : match.signal.weight < 0 ? 'negation' : 'signal',
    });
  }
  const words: Evidence[] = [];
  for (const [feature, value] of features.vector) {
    if (feature.startsWith('s:')) continue;
    const weights = core.model.weights.get(feature);
    if (!weights) continue;
    const contribution = weights[classIndex]! * value;
    // Only words that clearly pull towards the answer; the rest is noise to an agent.
    if (contribution < 0.15) continue;
    words.push({ phrase: features.surfaces.get(feature) ?? feature.slice(2), issue, weight: round(contribution), kind: 'word' });
  }
  words.sort((a, b) => b.weight - a.weight);
  const seen = new Set<string>();
  return [...evidence.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight)), ...words.slice(0, 4)]
    .filter((item) => {
      const key = item.phrase.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, 8);
}

interface PreparedRow extends TrainingRow {
  fold: number;
}

function buildTrainingRows(
  playbook: Playbook,
  extraExamples: TrainingExampleInput[],
  classes: string[],
  signals: CompiledSignal[],
): PreparedRow[] {
  const examples = [
    ...playbook.issues.flatMap((issue) => issue.examples.map((example) => ({ issue: issue.id, ...example }))),
    ...extraExamples.filter((example) => classes.includes(example.issue)),
  ];
  return examples.map((example, index) => {
    const { subject, body } = splitSubject(example.text);
    const language = (LANGUAGES as readonly string[]).includes(example.lang ?? '') ? (example.lang as Language) : undefined;
    const text = prepareTicketText(ticketSchema.parse({ id: `example-${index}`, subject, description: body }), language);
    const features = extractFeatures(text, text.language, signals);
    return {
      vector: features.vector,
      offset: signalOffsets(features, classes),
      label: classes.indexOf(example.issue),
      weight: 1,
      fold: index % CROSS_VALIDATION_FOLDS,
    };
  });
}

function signalOffsets(features: ExtractedFeatures, classes: string[]): Float64Array {
  const offset = new Float64Array(classes.length);
  for (const match of features.signals) {
    const index = classes.indexOf(match.issue);
    if (index < 0) continue;
    const value = features.vector.get(`s:${match.signal.id}`) ?? 0;
    offset[index] = offset[index]! + match.signal.weight * value * SIGNAL_PRIOR_SCALE;
  }
  return offset;
}

interface HeldOutRow {
  logits: Float64Array;
  label: number;
}

/** Logits of every example from a model that never saw it. */
function crossValidate(rows: PreparedRow[], classes: string[]): HeldOutRow[] {
  const heldOut: HeldOutRow[] = [];
  for (let fold = 0; fold < CROSS_VALIDATION_FOLDS; fold += 1) {
    const training = rows.filter((row) => row.fold !== fold);
    const testing = rows.filter((row) => row.fold === fold);
    if (testing.length === 0 || training.length === 0) continue;
    const model = trainSoftmax(training, classes, { epochs: 15 });
    for (const row of testing) heldOut.push({ logits: computeLogits(model, row.vector, row.offset), label: row.label });
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
 */
function chooseAbstainThreshold(heldOut: HeldOutRow[], temperature: number, otherIndex: number): number {
  const scorers = heldOut.map((row) => scoreHeldOut(row, temperature, otherIndex));
  let best = { threshold: 0, correct: -1 };
  for (let threshold = 0; threshold <= 0.7; threshold += 0.02) {
    const correct = scorers.filter((score) => score(threshold).correct).length;
    if (correct >= best.correct) best = { threshold: round(threshold), correct };
  }
  return best.threshold;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
