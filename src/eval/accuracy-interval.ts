import { createRequire } from 'node:module';

// wilson-score-interval ships CommonJS without types: one function (right answers, total) → {left, right}.
const require = createRequire(import.meta.url);
const wilson = require('wilson-score-interval') as (positive: number, total: number) => { left: number; right: number };

/** A proportion's 95% interval, as fractions (0–1). */
export interface ProportionInterval {
  low: number;
  high: number;
}

/**
 * The 95% Wilson score interval of an accuracy of `right` answers out of `total` (Wilson 1927;
 * Brown, Cai & DasGupta 2001 recommend it over the normal approximation for small sets, such as
 * our 50-ticket real-report sets, where one ticket is two points). `total` 0 gives 0–1: nothing
 * is known. Throws RangeError unless 0 ≤ right ≤ total and both are integers.
 */
export function accuracyInterval(right: number, total: number): ProportionInterval {
  if (!Number.isInteger(right) || !Number.isInteger(total) || right < 0 || right > total) {
    throw new RangeError(`accuracyInterval needs integers 0 ≤ right ≤ total, got ${right} of ${total}`);
  }
  if (total === 0) return { low: 0, high: 1 };
  const { left, right: upper } = wilson(right, total);
  return { low: Math.max(0, left), high: Math.min(1, upper) };
}

/** "66–88%": whole percents rounded outward, so the printed range holds the interval. */
export function percentRange(interval: ProportionInterval): string {
  return `${Math.floor(interval.low * 100)}–${Math.ceil(interval.high * 100)}%`;
}
