import { describe, expect, it } from 'vitest';

import { chooseAbstainThreshold, type HeldOutRow } from '../../../src/triage/train-model.js';

// Eight classes as the playbook has, `other` last: a held-out row whose top answer is class 0
// with probability p, the rest shared by the seven others.
const OTHER = 7;
function heldOutRow(p: number, label: number, index: number): HeldOutRow {
  const rest = Math.log((1 - p) / 7);
  return { logits: Float64Array.from([Math.log(p), rest, rest, rest, rest, rest, rest, rest]), label, index };
}
function rows(spec: Array<{ p: number; label: number; count: number }>): HeldOutRow[] {
  return spec.flatMap(({ p, label, count }) => Array.from({ length: count }, () => heldOutRow(p, label, 0)));
}

describe('chooseAbstainThreshold', () => {
  it('abstains as high as held-out answers gain from it, the most cautious of the best', () => {
    // Wrong answers at 0.4 become right (`other`) once the threshold passes 0.4.
    const heldOut = rows([
      { p: 0.9, label: 0, count: 10 },
      { p: 0.4, label: OTHER, count: 5 },
    ]);
    expect(chooseAbstainThreshold(heldOut, 1, OTHER)).toBe(0.7);
  });

  it('does not follow the best count to a lone threshold above a dip; it takes the end of the flat range', () => {
    // Right answers: flat up to 0.26, one less from 0.28 (a right answer at 0.27 abstained),
    // back up at 0.34 (a wrong one at 0.33 abstained), one less again from 0.36.
    const heldOut = rows([
      { p: 0.95, label: 0, count: 20 },
      { p: 0.27, label: 0, count: 1 },
      { p: 0.33, label: OTHER, count: 1 },
      { p: 0.35, label: 0, count: 1 },
    ]);
    expect(chooseAbstainThreshold(heldOut, 1, OTHER)).toBe(0.26);
  });

  it('takes a lone threshold when it is the only one with the best count', () => {
    // A reviewer's case: three wrong answers at 0.31 gained at 0.32, four right ones at 0.33 lost at 0.34.
    const heldOut = rows([
      { p: 0.95, label: 0, count: 100 },
      { p: 0.31, label: OTHER, count: 3 },
      { p: 0.33, label: 0, count: 4 },
    ]);
    expect(chooseAbstainThreshold(heldOut, 1, OTHER)).toBe(0.32);
  });
});
