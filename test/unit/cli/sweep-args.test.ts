import { describe, expect, it } from 'vitest';

import { UsageError } from '../../../src/cli/command.js';
import { parseArgs, parseSince } from '../../../src/cli/commands/sweep.js';

const NOW = new Date('2026-11-20T12:00:00Z');

describe('sweep --since', () => {
  it('reads durations back from now', () => {
    expect(parseSince('2h', NOW).toISOString()).toBe('2026-11-20T10:00:00.000Z');
    expect(parseSince('30m', NOW).toISOString()).toBe('2026-11-20T11:30:00.000Z');
    expect(parseSince('1d', NOW).toISOString()).toBe('2026-11-19T12:00:00.000Z');
    expect(parseSince('90s', NOW).toISOString()).toBe('2026-11-20T11:58:30.000Z');
  });

  it('reads ISO times', () => {
    expect(parseSince('2026-11-20T09:15:00Z', NOW).toISOString()).toBe('2026-11-20T09:15:00.000Z');
    expect(parseSince('2026-11-20T10:15:00+01:00', NOW).toISOString()).toBe('2026-11-20T09:15:00.000Z');
  });

  it('refuses anything else, saying what is allowed', () => {
    expect(() => parseSince('yesterday', NOW)).toThrow(/duration like 2h.*got "yesterday"/);
    expect(() => parseSince('2h30', NOW)).toThrow(UsageError);
    expect(() => parseSince('2026-11-21T00:00:00Z', NOW)).toThrow(/in the future/);
    expect(() => parseSince('2026-13-45T00:00:00Z', NOW)).toThrow(UsageError);
  });

  it('parses the options', () => {
    expect(parseArgs(['--since', '2h', '--max-pages', '3'], NOW)).toEqual({ since: new Date('2026-11-20T10:00:00Z'), maxPages: 3 });
    expect(parseArgs([], NOW)).toEqual({ maxPages: 5 });
    expect(() => parseArgs(['--since'], NOW)).toThrow(/needs a value/);
    expect(() => parseArgs(['--max-pages', '0'], NOW)).toThrow(/1 to 999/);
    expect(() => parseArgs(['--force'], NOW)).toThrow(/unknown argument --force/);
  });
});
