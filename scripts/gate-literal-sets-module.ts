import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';

import { ALL_GATES, gateSets } from '../src/triage/escalation/literal-gate.js';
import { requiredLiteralSets } from '../src/triage/signals.js';

/** Where the escalation checks read their gates' literal sets. */
export const GATE_LITERAL_SETS_PATH = fileURLToPath(new URL('../src/triage/escalation/gate-literal-sets.ts', import.meta.url));

/**
 * The text of gate-literal-sets.ts as the gates' patterns give it now: every gate of the
 * escalation checks (their modules are imported here so that all of them exist), by pattern.
 */
export async function gateLiteralSetsModule(): Promise<string> {
  await Promise.all([
    import('../src/triage/escalation/check-email.js'),
    import('../src/triage/escalation/no-affected-user.js'),
    import('../src/triage/escalation/check-timestamp.js'),
  ]);
  const entries = new Map<string, string[]>();
  for (const gate of ALL_GATES) {
    const sets = gateSets(gate.pattern, requiredLiteralSets);
    // One string per set, its literals apart by tabs (no literal holds one): a line per set.
    if (sets)
      entries.set(
        String(gate.pattern),
        sets.map((set) => set.join('\t')),
      );
  }
  const source = [
    '// Written by scripts/gate-literal-sets.ts: do not edit. The literal sets of the patterns the',
    '// escalation checks gate (literal-gate.ts), by pattern, derived once so that a start-up loads',
    '// no regular-expression parser. Per pattern, its sets, each one string of literals apart by tabs.',
    `export const GATE_LITERAL_SETS: Record<string, string[] | undefined> = ${JSON.stringify(Object.fromEntries(entries))};`,
    '',
  ].join('\n');
  return format(source, { ...(await resolveConfig(GATE_LITERAL_SETS_PATH)), filepath: GATE_LITERAL_SETS_PATH });
}
