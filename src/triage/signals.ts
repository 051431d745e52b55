import type { Playbook, Signal } from '../playbook/schema.js';

export interface CompiledSignal {
  issue: string;
  signal: Signal;
  patterns: RegExp[];
}

export interface SignalMatch {
  issue: string;
  signal: Signal;
  /** The words of the ticket that matched, for the agent to see. */
  matched: string;
}

/** Compiles every signal of the playbook once; patterns apply to folded (accent-free, lowercase) text. */
export function compileSignals(playbook: Playbook): CompiledSignal[] {
  return playbook.issues.flatMap((issue) =>
    issue.signals.map((signal) => ({
      issue: issue.id,
      signal,
      patterns: signal.patterns.map((source) => new RegExp(source, 'giu')),
    })),
  );
}

/**
 * Every signal that fires on the folded text, once per signal, with the first matching words.
 * `original` is the unfolded text: when folding kept every position, evidence quotes it as written.
 */
export function matchSignals(foldedText: string, signals: CompiledSignal[], original?: string): SignalMatch[] {
  const quoteFrom = original && original.length === foldedText.length ? original : foldedText;
  const matches: SignalMatch[] = [];
  for (const compiled of signals) {
    for (const pattern of compiled.patterns) {
      pattern.lastIndex = 0;
      const found = pattern.exec(foldedText);
      if (found) {
        const matched = quoteFrom.slice(found.index, found.index + found[0].length);
        matches.push({ issue: compiled.issue, signal: compiled.signal, matched: matched.trim().slice(0, 80) });
        break;
      }
    }
  }
  return matches;
}
