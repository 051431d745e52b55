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

/** Every signal that fires on the folded text, once per signal, with the first matching words. */
export function matchSignals(foldedText: string, signals: CompiledSignal[]): SignalMatch[] {
  const matches: SignalMatch[] = [];
  for (const compiled of signals) {
    for (const pattern of compiled.patterns) {
      pattern.lastIndex = 0;
      const found = pattern.exec(foldedText);
      if (found) {
        matches.push({ issue: compiled.issue, signal: compiled.signal, matched: found[0].trim().slice(0, 80) });
        break;
      }
    }
  }
  return matches;
}
