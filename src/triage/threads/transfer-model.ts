import type { TrainedModel } from '../train-model.js';

/** A trained model in a form structured clone copies cheaply (typed arrays, no Map of arrays). */
export interface TransferableModel {
  classes: string[];
  features: string[];
  /** features.length × classes.length weights, row by row. */
  weights: Float64Array;
  bias: Float64Array;
  thresholds: TrainedModel['thresholds'];
  trainingExamples: number;
}

export function serializeForTransfer(model: TrainedModel): TransferableModel {
  const k = model.softmax.classes.length;
  const features = [...model.softmax.weights.keys()];
  const weights = new Float64Array(features.length * k);
  features.forEach((feature, row) => weights.set(model.softmax.weights.get(feature)!, row * k));
  return {
    classes: model.softmax.classes,
    features,
    weights,
    bias: model.softmax.bias,
    thresholds: model.thresholds,
    trainingExamples: model.trainingExamples,
  };
}

export function deserializeModel(transfer: TransferableModel): TrainedModel {
  const k = transfer.classes.length;
  const weights = new Map<string, Float64Array>();
  transfer.features.forEach((feature, row) => weights.set(feature, transfer.weights.subarray(row * k, row * k + k)));
  return {
    softmax: { classes: transfer.classes, weights, bias: transfer.bias },
    thresholds: transfer.thresholds,
    trainingExamples: transfer.trainingExamples,
  };
}
