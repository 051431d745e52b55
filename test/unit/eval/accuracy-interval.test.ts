import { describe, expect, it } from 'vitest';

import { accuracyInterval, percentRange } from '../../../src/eval/accuracy-interval.js';

describe('accuracyInterval', () => {
  it('gives the 95% Wilson interval (8 of 10: 0.490–0.943, worked by hand from the formula)', () => {
    const { low, high } = accuracyInterval(8, 10);
    expect(low).toBeCloseTo(0.4902, 3);
    expect(high).toBeCloseTo(0.9433, 3);
  });

  it('narrows as the set grows around the same accuracy, and always holds it', () => {
    const small = accuracyInterval(40, 50);
    const large = accuracyInterval(800, 1000);
    expect(large.high - large.low).toBeLessThan(small.high - small.low);
    for (const { low, high } of [small, large]) expect(low < 0.8 && 0.8 < high).toBe(true);
  });

  it('stays within 0–1 at all right and all wrong, and says nothing is known of an empty set', () => {
    expect(accuracyInterval(0, 5).low).toBe(0);
    expect(accuracyInterval(5, 5).high).toBeLessThanOrEqual(1);
    expect(accuracyInterval(5, 5).low).toBeGreaterThan(0.5);
    expect(accuracyInterval(0, 0)).toEqual({ low: 0, high: 1 });
  });

  it('refuses counts that cannot be an accuracy, saying what it got', () => {
    expect(() => accuracyInterval(11, 10)).toThrow(/0 ≤ right ≤ total, got 11 of 10/u);
    expect(() => accuracyInterval(1.5, 10)).toThrow(RangeError);
  });
});

describe('percentRange', () => {
  it('prints whole percents rounded outward, so the printed range holds the interval', () => {
    expect(percentRange({ low: 0.6581, high: 0.8819 })).toBe('65–89%');
    expect(percentRange({ low: 0, high: 1 })).toBe('0–100%');
  });
});
