// Writes src/triage/escalation/gate-literal-sets.ts: the literal sets of every pattern the
// escalation checks gate (see literal-gate.ts), derived with signals.ts's requiredLiteralSets.
// Run it after changing one of those patterns (a test fails until then):
//
//   node --import tsx scripts/gate-literal-sets.ts
import { writeFileSync } from 'node:fs';

import { GATE_LITERAL_SETS_PATH, gateLiteralSetsModule } from './gate-literal-sets-module.js';

writeFileSync(GATE_LITERAL_SETS_PATH, await gateLiteralSetsModule());
console.log(`wrote ${GATE_LITERAL_SETS_PATH}`);
