import type { FeatureNames, FeatureTokens, FeatureVector } from './features.js';

/**
 * Multinomial logistic regression over sparse features, trained by SGD with L2 decay.
 * Our own (a few dozen lines) because natural's classifiers compute in probability space
 * and underflow to 0 on long tickets, which makes their scores useless as confidences.
 */
export interface SoftmaxModel {
  classes: string[];
  weights: Map<string, Float64Array>;
  bias: Float64Array;
  /**
   * The same weights packed for classifying: feature → row number, and the rows (one per
   * feature, `classes.length` values each) in one array. A lookup then reads one small map
   * entry and one contiguous row instead of a typed array object of its own per feature.
   */
  rows?: WeightRows;
}

export interface WeightRows {
  /** Feature → row (a model file's is built when first read: classifying reads `names` and `tokens`). */
  readonly index: Map<string, number>;
  /**
   * The rows' values (one row per feature, `classes.length` values each, one after the other)
   * with row `row` written in. A model file's rows are decoded from its integers when first read
   * (all 65,000 at once took about 15 ms of a cold start; a ticket reads a few hundred), so read a
   * row only from the array this returns for it, never from one returned for another row.
   */
  valuesWith(row: number): Float64Array;
  /** The feature of each row (a model file's are split from its names when first read). */
  readonly features: readonly string[];
  /** The same names, one read at a time (a model file's without splitting them all: classifying reads the few rows `tokens` leaves out). */
  readonly names: FeatureNames;
  /** featureTokensOf(features), when the model file carries them. */
  tokens?: FeatureTokens;
}

/** Packs a model's weights into rows (see SoftmaxModel.rows); the weights map is left as it is. */
export function packWeights(weights: Map<string, Float64Array>, k: number): WeightRows {
  const index = new Map<string, number>();
  const values = new Float64Array(weights.size * k);
  let row = 0;
  for (const [feature, w] of weights) {
    index.set(feature, row);
    values.set(w, row * k);
    row += 1;
  }
  const features = [...weights.keys()];
  return { index, valuesWith: () => values, features, names: features };
}

export interface TrainingRow {
  vector: FeatureVector;
  /** Logit offsets known before training (playbook signal weights), per class. */
  offset: Float64Array;
  label: number;
  weight: number;
}

export interface TrainOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
}

export function trainSoftmax(rows: TrainingRow[], classes: string[], options: TrainOptions = {}): SoftmaxModel {
  const epochs = options.epochs ?? 30;
  const baseRate = options.learningRate ?? 0.5;
  const l2 = options.l2 ?? 1e-4;
  const random = seededRandom(options.seed ?? 7);
  const k = classes.length;
  const model: SoftmaxModel = { classes, weights: new Map(), bias: new Float64Array(k) };
  const order = rows.map((_, index) => index);
  const probabilities = new Float64Array(k);

  for (let epoch = 0; epoch < epochs; epoch += 1) {
    shuffle(order, random);
    const rate = baseRate / (1 + epoch * 0.15);
    for (const rowIndex of order) {
      const row = rows[rowIndex]!;
      computeLogits(model, row.vector, row.offset, probabilities);
      softmaxInPlace(probabilities);
      for (let c = 0; c < k; c += 1) probabilities[c] = (probabilities[c]! - (c === row.label ? 1 : 0)) * row.weight;
      for (const [feature, value] of row.vector) {
        let w = model.weights.get(feature);
        if (!w) {
          w = new Float64Array(k);
          model.weights.set(feature, w);
        }
        for (let c = 0; c < k; c += 1) w[c] = w[c]! * (1 - rate * l2) - rate * probabilities[c]! * value;
      }
      for (let c = 0; c < k; c += 1) model.bias[c] = model.bias[c]! - rate * probabilities[c]! * 0.1;
    }
  }
  return model;
}

/**
 * Features lighter than this for every class leave both models at training (pruneWeights): over
 * a third of the classifier's words and pairs (60,718 → 37,676) and two thirds of the
 * affected-user model's (74,609 → 26,134) are rare ones that training barely moved from zero,
 * and the model file is read at every start (cold start < 300 ms, issue #9 §6); the
 * affected-user model's word table is also read for every ticket that reaches it. The
 * classifier's calibration is fitted on unpruned fold models; pruning those too gave the same
 * thresholds.
 */
export const MIN_KEPT_WEIGHT = 0.04;

/**
 * Drops the features whose weight is under `minWeight` (absolute) for every class, in place,
 * and returns the model. Each dropped feature moves a logit by less than minWeight × its value;
 * summed over a long ticket that bound says little (its values have a norm of 3, so up to
 * 0.04 × 3 × √n for n features), so whether answers stay is measured, not proven: at 0.04 the
 * 3,767-ticket corpus kept 38% fewer features, no top answer of its rows changed (largest logit
 * change 0.42), and the answers of dev, own-sets 1–2, real-dev and real-dev-2 were the same. The
 * model file, and the start-up that reads it, shrink with it.
 */
export function pruneWeights(model: SoftmaxModel, minWeight: number): SoftmaxModel {
  for (const [feature, w] of model.weights) {
    let largest = 0;
    for (const value of w) largest = Math.max(largest, Math.abs(value));
    if (largest < minWeight) model.weights.delete(feature);
  }
  return model;
}

export function computeLogits(model: SoftmaxModel, vector: FeatureVector, offset: Float64Array, out?: Float64Array): Float64Array {
  if (model.rows) return logitsOfPackedRows(model, model.rows, vector, offset, out);
  const k = model.classes.length;
  const logits = out ?? new Float64Array(k);
  for (let c = 0; c < k; c += 1) logits[c] = model.bias[c]! + offset[c]!;
  // forEach, not for…of with [feature, value]: no entry array per feature on this hot path.
  const weights = model.weights;
  vector.forEach((value, feature) => {
    const w = weights.get(feature);
    if (!w) return;
    for (let c = 0; c < k; c += 1) logits[c] = logits[c]! + w[c]! * value;
  });
  return logits;
}

/** computeLogits of a model with packed rows: the same sums in the same order, each feature's row looked up as it is read. */
function logitsOfPackedRows(
  model: SoftmaxModel,
  rows: WeightRows,
  vector: FeatureVector,
  offset: Float64Array,
  out?: Float64Array,
): Float64Array {
  const k = model.classes.length;
  const logits = out ?? new Float64Array(k);
  for (let c = 0; c < k; c += 1) logits[c] = model.bias[c]! + offset[c]!;
  const { index } = rows;
  vector.forEach((value, feature) => {
    const row = index.get(feature);
    if (row !== undefined) addWeightedRow(logits, rows, row, value);
  });
  return logits;
}

/** Adds row `row` of packed weights (one value per class, logits.length classes) times `value` to `logits`. */
export function addWeightedRow(logits: Float64Array, rows: WeightRows, row: number, value: number): void {
  const values = rows.valuesWith(row);
  const k = logits.length;
  const base = row * k;
  for (let c = 0; c < k; c += 1) logits[c] = logits[c]! + values[base + c]! * value;
}

export function softmaxInPlace(values: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (const value of values) max = Math.max(max, value / temperature);
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) {
    values[i] = Math.exp(values[i]! / temperature - max);
    sum += values[i]!;
  }
  for (let i = 0; i < values.length; i += 1) values[i] = values[i]! / sum;
  return values;
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    // xorshift32: deterministic training, so the same playbook always gives the same model.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
}

function shuffle(values: number[], random: () => number): void {
  for (let i = values.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [values[i], values[j]] = [values[j]!, values[i]!];
  }
}
