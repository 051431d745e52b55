import { check } from 'recheck';

/** What the ReDoS checker concluded about one pattern. */
export interface RedosVerdict {
  safe: boolean;
  /** e.g. "safe", "safe (fuzz)", "2nd degree polynomial", "timeout". */
  summary: string;
  /** recheck's attack string, as a readable expression, when it found one. */
  attack?: string;
}

// Bounded repetitions ({0,120}) are unrolled by the automaton checker; recheck's defaults
// hand such patterns to the fuzzer, which reports bounded gaps as polynomial growth.
const AUTOMATON = {
  checker: 'automaton',
  maxRepeatCount: 100_000,
  maxNFASize: 2_000_000,
  maxPatternSize: 100_000,
  timeout: 20_000,
} as const;
const FUZZ = { checker: 'fuzz', timeout: 30_000, randomSeed: 20261130 } as const;

/**
 * Runs recheck (makenowjust-labs/recheck) on a pattern: first its automaton checker, which
 * proves safety when it finishes; when the automaton is too large, its fuzzer, which searches
 * for an attack string. A pattern is safe only when one of them says so.
 */
export async function checkRedos(source: string, flags: string): Promise<RedosVerdict> {
  const effectiveFlags = flags.replace(/[gy]/gu, '');
  const exact = await check(source, effectiveFlags, AUTOMATON);
  if (exact.status === 'safe') return { safe: true, summary: exact.complexity.summary };
  if (exact.status === 'vulnerable') return { safe: false, summary: exact.complexity.summary, attack: exact.attack.pattern };
  const fuzzed = await check(source, effectiveFlags, FUZZ);
  if (fuzzed.status === 'safe') return { safe: true, summary: fuzzed.complexity.summary };
  if (fuzzed.status === 'vulnerable') return { safe: false, summary: fuzzed.complexity.summary, attack: fuzzed.attack.pattern };
  return { safe: false, summary: `undecided (${exact.error.kind}, then ${fuzzed.error.kind}): split or simplify the pattern` };
}
