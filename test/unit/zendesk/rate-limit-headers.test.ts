import { describe, expect, it } from 'vitest';
import { createRateLimitFeed, holdBackMs, readRateLimitHeaders, type RateLimitReading } from '../../../src/zendesk/rate-limit-headers.js';

// Header names and values as developer.zendesk.com's "Best practices for avoiding rate limiting" shows them.
const listAnswer = new Headers({
  'x-rate-limit': '700',
  'ratelimit-limit': '700',
  'x-rate-limit-remaining': '699',
  'ratelimit-remaining': '699',
  'ratelimit-reset': '41',
  'zendesk-ratelimit-tickets-index': 'total=100; remaining=99; resets=41',
});

describe('readRateLimitHeaders', () => {
  it('reads the account budget and each endpoint budget', () => {
    expect(readRateLimitHeaders(listAnswer)).toEqual({
      account: { total: 700, remaining: 699, resetsSec: 41 },
      endpoints: { 'tickets-index': { total: 100, remaining: 99, resetsSec: 41 } },
    });
  });

  it('reads an Update Ticket answer without ratelimit-reset', () => {
    const headers = new Headers({
      'X-Rate-Limit': '400',
      'X-Rate-Limit-Remaining': '12',
      'Zendesk-RateLimit-tickets-update': 'total=100; remaining=1; resets=17',
    });
    expect(readRateLimitHeaders(headers)).toEqual({
      account: { total: 400, remaining: 12, resetsSec: null },
      endpoints: { 'tickets-update': { total: 100, remaining: 1, resetsSec: 17 } },
    });
  });

  it('ignores what it cannot read, and answers null when nothing is left', () => {
    const headers = new Headers({ 'x-rate-limit': 'many', 'zendesk-ratelimit-tickets-update': 'remaining=low' });
    expect(readRateLimitHeaders(headers)).toBeNull();
    expect(readRateLimitHeaders(new Headers({ 'content-type': 'application/json' }))).toBeNull();
  });
});

describe('holdBackMs', () => {
  const now = Date.parse('2026-11-30T10:00:20Z');

  it('holds back until the reset of a budget at 2% or less of its total', () => {
    const reading = {
      account: { total: 700, remaining: 500, resetsSec: 40 },
      endpoints: { 'tickets-update': { total: 100, remaining: 2, resetsSec: 17 } },
    };
    expect(holdBackMs(reading, { share: 0.02, atLeast: 0 }, now)).toBe(17_000);
  });

  it('does not hold back while every budget has more left', () => {
    const reading = {
      account: { total: 700, remaining: 15, resetsSec: 40 },
      endpoints: { 'tickets-update': { total: 100, remaining: 3, resetsSec: 17 } },
    };
    expect(holdBackMs(reading, { share: 0.02, atLeast: 0 }, now)).toBe(0);
  });

  it('takes the account window to end at the next minute when Zendesk gave no reset', () => {
    const reading = { account: { total: 700, remaining: 3, resetsSec: null }, endpoints: {} };
    expect(holdBackMs(reading, { share: 0.02, atLeast: 0 }, now)).toBe(40_000);
  });

  it('keeps back at least the calls that may be on the wire', () => {
    const reading = (remaining: number) => ({ account: null, endpoints: { x: { total: 10, remaining, resetsSec: 2 } } });
    expect(holdBackMs(reading(3), { share: 0.02, atLeast: 2 }, now)).toBe(0);
    expect(holdBackMs(reading(2), { share: 0.02, atLeast: 2 }, now)).toBe(2_000);
    expect(holdBackMs(reading(1), { share: 0.02, atLeast: 0 }, now)).toBe(0);
    expect(holdBackMs(reading(0), { share: 0.02, atLeast: 0 }, now)).toBe(2_000);
  });
});

describe('createRateLimitFeed', () => {
  const reading: RateLimitReading = { account: { total: 700, remaining: 3, resetsSec: 20 }, endpoints: {} };

  it('hands each reading to every subscriber until it unsubscribes', () => {
    const feed = createRateLimitFeed();
    const first: RateLimitReading[] = [];
    const second: RateLimitReading[] = [];
    const leave = feed.subscribe((r) => first.push(r));
    feed.subscribe((r) => second.push(r));
    feed.publish(reading);
    leave();
    feed.publish(reading);
    expect(first).toEqual([reading]);
    expect(second).toEqual([reading, reading]);
  });

  it('gives a late subscriber the newest reading, its windows counted down, while they last', () => {
    let clock = 60_000 * 1_000; // on a minute boundary: the account window (no resets) lasts 60 s
    const feed = createRateLimitFeed({ now: () => clock });
    const both: RateLimitReading = {
      account: { total: 700, remaining: 3, resetsSec: null },
      endpoints: { 'tickets-update': { total: 100, remaining: 1, resetsSec: 20 } },
    };
    feed.publish(both);
    clock += 5_500;
    const early: RateLimitReading[] = [];
    feed.subscribe((r) => early.push(r));
    expect(early).toEqual([{ account: both.account, endpoints: { 'tickets-update': { total: 100, remaining: 1, resetsSec: 15 } } }]);

    clock += 20_000; // the endpoint's window ended; the account's minute has not
    const later: RateLimitReading[] = [];
    feed.subscribe((r) => later.push(r));
    expect(later).toEqual([{ account: both.account, endpoints: {} }]);

    clock += 60_000; // nothing left that still holds
    const late: RateLimitReading[] = [];
    feed.subscribe((r) => late.push(r));
    expect(late).toEqual([]);
  });

  it('ends an account window with no resets at the minute after it was read, as holdBackMs does', () => {
    let clock = 60_000 * 1_000 + 59_000; // read at hh:mm:59: its window ends 1 s later
    const feed = createRateLimitFeed({ now: () => clock });
    feed.publish({ account: { total: 700, remaining: 3, resetsSec: null }, endpoints: {} });
    clock += 31_000; // subscribing at hh:(mm+1):30: that window is over
    const late: RateLimitReading[] = [];
    feed.subscribe((r) => late.push(r));
    expect(late).toEqual([]);
  });

  it('counts a clock that went back as no time passed', () => {
    let clock = 1_000_000;
    const feed = createRateLimitFeed({ now: () => clock });
    feed.publish({ account: null, endpoints: { 'tickets-update': { total: 100, remaining: 1, resetsSec: 20 } } });
    clock -= 30_000;
    const heard: RateLimitReading[] = [];
    feed.subscribe((r) => heard.push(r));
    expect(heard).toEqual([{ account: null, endpoints: { 'tickets-update': { total: 100, remaining: 1, resetsSec: 20 } } }]);
  });

  it('reports a listener that throws and still hands the reading to the others', () => {
    const errors: unknown[] = [];
    const feed = createRateLimitFeed({ onListenerError: (error) => errors.push(error) });
    const heard: RateLimitReading[] = [];
    feed.subscribe(() => {
      throw new Error('listener broke');
    });
    feed.subscribe((r) => heard.push(r));
    expect(() => feed.publish(reading)).not.toThrow();
    expect(heard).toEqual([reading]);
    expect(errors).toEqual([new Error('listener broke')]);
  });

  it('does not fail the publishing call when the error report itself throws', () => {
    const feed = createRateLimitFeed({
      onListenerError: () => {
        throw new Error('logger broke');
      },
    });
    feed.subscribe(() => {
      throw new Error('listener broke');
    });
    expect(() => feed.publish(reading)).not.toThrow();
  });
});
