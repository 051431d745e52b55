import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowedPerWindow, updatePace } from '../../../worker/zendesk-update-limiter.js';

describe('updatePace', () => {
  it("gives Zendesk's 100 updates a minute: cap 98, 97 paced one every 619 ms, up to 19 slots of catch-up 412 ms apart", () => {
    const pace = updatePace(100, 60_000);
    expect(pace).toMatchObject({ cap: 98, pacedPerWindow: 97 });
    expect(pace.intervalMs).toBeCloseTo(618.557, 3);
    expect(pace.toleranceMs).toBeCloseTo((19 * 60_000) / 97, 6);
    expect(pace.gapMs).toBeCloseTo(412.371, 3);
  });

  it('keeps the default budget of 50 at 48 a minute under a cap of 49, and 20 (trial accounts) at 18 under 19', () => {
    expect(updatePace(50, 60_000)).toMatchObject({ cap: 49, pacedPerWindow: 48 });
    expect(updatePace(20, 60_000)).toMatchObject({ cap: 19, pacedPerWindow: 18 });
  });

  it('paces below the cap and caps below the budget, from 3 updates a window up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 5_000 }), fc.integer({ min: 1_000, max: 3_600_000 }), (perWindow, windowMs) => {
        const pace = updatePace(perWindow, windowMs);
        expect(pace.cap).toBe(allowedPerWindow(perWindow));
        expect(pace.cap).toBeLessThan(perWindow);
        expect(pace.pacedPerWindow).toBeGreaterThanOrEqual(1);
        expect(pace.pacedPerWindow).toBeLessThan(pace.cap);
        expect(pace.intervalMs * pace.pacedPerWindow).toBeCloseTo(windowMs, 6);
        expect(pace.gapMs).toBeLessThan(pace.intervalMs);
        expect(pace.toleranceMs).toBeGreaterThanOrEqual(pace.intervalMs);
      }),
    );
  });

  it('leaves at most 4% of a budget of 100 or more unused at the even pace', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 5_000 }), (perWindow) => {
        expect(updatePace(perWindow, 60_000).pacedPerWindow / perWindow).toBeGreaterThanOrEqual(0.96);
      }),
    );
  });
});
