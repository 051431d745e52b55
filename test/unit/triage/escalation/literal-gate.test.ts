import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

import { GATE_LITERAL_SETS_PATH, gateLiteralSetsModule } from '../../../../scripts/gate-literal-sets-module.js';
import { corpusExampleToTicket, loadCorpus } from '../../../../src/playbook/corpus.js';
import { loadPlaybook } from '../../../../src/playbook/load-playbook.js';
import '../../../../src/triage/escalation/check-email.js';
import '../../../../src/triage/escalation/check-timestamp.js';
import { ALL_GATES, LiteralGate, TextLiterals } from '../../../../src/triage/escalation/literal-gate.js';
import '../../../../src/triage/escalation/no-affected-user.js';
import { foldText } from '../../../../src/triage/fold-text.js';
import { LiteralIndex } from '../../../../src/triage/literal-index.js';

// The escalation checks skip a pattern when a text lacks the literals its matches need: a
// shortcut that must never change an answer.
describe('literal gates of the escalation checks', () => {
  it('read the literal sets their patterns give now (else: node --import tsx scripts/gate-literal-sets.ts)', async () => {
    expect(readFileSync(GATE_LITERAL_SETS_PATH, 'utf8')).toBe(await gateLiteralSetsModule());
  });

  it('gate most of their patterns', () => {
    const gated = ALL_GATES.filter((gate) => gate.sets !== null);
    expect(gated.length).toBeGreaterThan(ALL_GATES.length / 2);
  });

  it('skip a pattern only for a text or part that lacks every literal of one set', () => {
    const pattern = /\b(can't|unable) [^.\n]{0,20}(log ?in|sign in)\b/u;
    const known = new LiteralGate(pattern, [
      ["can't", 'unable'],
      ['login', 'log in', 'sign in'],
    ]);
    const text = new TextLiterals("hello.\ni can't log in today.\nunable to work");
    expect(text.mayMatch(known)).toBe(true);
    expect(text.mayMatch(known, "i can't log in today.")).toBe(true);
    expect(text.mayMatch(known, 'unable to work')).toBe(false);
    expect(text.mayMatch(known, 'hello.')).toBe(false);
  });

  it('look the literals of a gate up once per text, also when a set has none there', () => {
    const gate = new LiteralGate(/\b(colleague|intern) (can't|cannot)\b/u, [
      ['colleague', 'intern'],
      ["can't", 'cannot'],
    ]);
    const text = new TextLiterals("i can't log in.\nthe link expired.");
    const lookUps = vi.spyOn(LiteralIndex.prototype, 'meets');
    expect(text.mayMatch(gate)).toBe(false);
    const first = lookUps.mock.calls.length;
    expect(first).toBeGreaterThan(0);
    expect(text.mayMatch(gate, "i can't log in.")).toBe(false);
    expect(text.test(gate, 'the link expired.')).toBe(false);
    expect(lookUps.mock.calls.length).toBe(first);
    lookUps.mockRestore();
  });

  it('answer as their patterns do, on every corpus text and its clauses', () => {
    const playbook = loadPlaybook();
    const texts = loadCorpus(playbook).examples.map((example) => {
      const ticket = corpusExampleToTicket(example);
      return foldText(`${ticket.subject ?? ''}\n${ticket.description ?? ''}`);
    });
    let skipped = 0;
    // One expect for all: an expect per test of a pattern takes most of the time.
    const differing: string[] = [];
    for (const text of texts) {
      const literals = new TextLiterals(text);
      const parts = [text, ...text.split(/[.,;:!?\n]\s?/u).filter((part) => part.length > 0)];
      for (const gate of ALL_GATES) {
        for (const part of parts) {
          gate.pattern.lastIndex = 0;
          const expected = gate.pattern.test(part);
          if (!literals.mayMatch(gate, part)) skipped += 1;
          if (literals.test(gate, part) !== expected) differing.push(`${gate.pattern.source.slice(0, 60)} on "${part.slice(0, 60)}"`);
        }
      }
    }
    expect(differing).toEqual([]);
    // The shortcut does skip: most patterns match few clauses.
    expect(skipped).toBeGreaterThan(0);
  }, 120_000);

  // Last: the gate made here joins ALL_GATES, which the first test writes out.
  it('run a pattern gate-literal-sets.ts does not know', () => {
    expect(new LiteralGate(/\bnot (one|written)\b/u).sets).toBeNull();
  });
});
