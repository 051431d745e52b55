import { describe, expect, it } from 'vitest';

import { computeLogits, pruneWeights, trainSoftmax, type SoftmaxModel } from '../../../src/triage/softmax-model.js';

function modelWith(weights: Record<string, number[]>): SoftmaxModel {
  return {
    classes: ['a', 'b', 'c'],
    weights: new Map(Object.entries(weights).map(([feature, w]) => [feature, Float64Array.from(w)])),
    bias: new Float64Array(3),
  };
}

describe('pruneWeights', () => {
  it('drops a feature only when every class weight is under the minimum, in either sign', () => {
    const model = pruneWeights(
      modelWith({ light: [0.01, -0.039, 0.02], heavyForOne: [0.001, -0.05, 0], heavy: [1.2, -0.6, -0.6], edge: [0.04, 0, 0] }),
      0.04,
    );
    expect([...model.weights.keys()].sort()).toEqual(['edge', 'heavy', 'heavyForOne']);
  });

  it('moves no logit by more than the minimum times the feature values it dropped', () => {
    const rows = [
      {
        vector: new Map([
          ['blocked', 1],
          ['login', 0.5],
          ['rare', 0.2],
        ]),
        offset: new Float64Array(2),
        label: 0,
        weight: 1,
      },
      {
        vector: new Map([
          ['mail', 1],
          ['login', 0.5],
        ]),
        offset: new Float64Array(2),
        label: 1,
        weight: 1,
      },
    ];
    const trained = trainSoftmax(rows, ['blocked', 'mail'], { epochs: 3 });
    const before = computeLogits(trained, rows[0]!.vector, rows[0]!.offset);
    const dropped = [...trained.weights].filter(([, w]) => Math.max(...w.map(Math.abs)) < 0.2).map(([feature]) => feature);
    expect(dropped.length).toBeGreaterThan(0);
    const after = computeLogits(pruneWeights(trained, 0.2), rows[0]!.vector, rows[0]!.offset);
    const bound = dropped.reduce((sum, feature) => sum + 0.2 * (rows[0]!.vector.get(feature) ?? 0), 0);
    for (let c = 0; c < 2; c += 1) expect(Math.abs(after[c]! - before[c]!)).toBeLessThanOrEqual(bound + 1e-12);
  });
});
