import { describe, expect, it } from 'vitest';

import { failureOf, normalizeServerUrl } from '../../../app/src/api-client.js';

describe('failureOf', () => {
  it('reads our JSON refusals', () => {
    expect(failureOf({ status: 401, responseJSON: { error: 'unauthorized' } })).toEqual({ kind: 'unauthorized', code: 'unauthorized' });
    expect(failureOf({ status: 401, responseJSON: { error: 'unauthorized (clock-skew)', code: 'clock-skew' } })).toEqual({
      kind: 'unauthorized',
      code: 'clock-skew',
    });
    expect(failureOf({ status: 401, responseText: '{"error":"x","code":"expired"}' })).toEqual({ kind: 'unauthorized', code: 'expired' });
    // A code the app does not know reads as a plain refusal, never as text to show.
    expect(failureOf({ status: 401, responseJSON: { error: 'x', code: '<b>new</b>' } })).toEqual({
      kind: 'unauthorized',
      code: 'unauthorized',
    });
    expect(failureOf({ status: 403, responseText: '{"error":"forbidden"}' })).toEqual({ kind: 'forbidden' });
    expect(failureOf({ status: 503, responseJSON: { error: 'the queue is unavailable' } })).toEqual({
      kind: 'server',
      status: 503,
      message: 'the queue is unavailable',
    });
  });

  it('treats anything that is not our JSON as "server unreachable"', () => {
    expect(failureOf({ status: 0 })).toEqual({ kind: 'unreachable', status: 0 });
    expect(failureOf({ status: 502, responseText: '<html>Bad gateway</html>' })).toEqual({ kind: 'unreachable', status: 502 });
    expect(failureOf({ status: 404, responseText: 'Not Found' })).toEqual({ kind: 'unreachable', status: 404 });
    expect(failureOf(undefined)).toEqual({ kind: 'unreachable', status: 0 });
    expect(failureOf({ status: 401, responseText: '' })).toEqual({ kind: 'unreachable', status: 401 });
  });
});

describe('normalizeServerUrl', () => {
  it.each([
    ['https://triage.example.org', 'https://triage.example.org'],
    ['https://triage.example.org/', 'https://triage.example.org'],
    ['  https://example.org/base/ ', 'https://example.org/base'],
    ['http://localhost:3000', 'http://localhost:3000'],
    ['http://triage.example.org', null],
    ['https://user:pw@example.org', null],
    ['https://example.org/?x=1', null],
    ['triage.example.org', null],
    ['', null],
  ])('%j → %j', (input, expected) => {
    expect(normalizeServerUrl(input)).toBe(expected);
  });
});
