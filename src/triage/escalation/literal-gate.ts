import { LiteralIndex } from '../literal-index.js';
import { GATE_LITERAL_SETS } from './gate-literal-sets.js';

/**
 * The escalation checks run large word alternations ("can't|unable|n'arrive|…") over a ticket's
 * folded text and each of its clauses; most of them match nowhere in a given ticket, and a
 * regular expression that finds nothing still tries every position. A gate knows literals
 * every match of its pattern contains (signals.ts's requiredLiteralSets: sets, a match holds
 * one literal of each); a text that lacks every literal of one set cannot match, so the pattern
 * is not run. Only a shortcut: every test answers what pattern.test answers.
 *
 * The sets are read from gate-literal-sets.ts (written by scripts/gate-literal-sets.ts, checked
 * by a test): deriving them parses the pattern, and a start-up loads no regular-expression
 * parser. A pattern not found there (changed since) is always run.
 */
export class LiteralGate {
  /** Sets of literals (two characters or more), or null when none is known: then always run. */
  readonly sets: string[][] | null;
  /** Position of this gate's answers in a TextLiterals, and of its requirement in the gates' literal index. */
  readonly id: number;

  /** `sets`: by default those gate-literal-sets.ts gives for the pattern (the gate is then one of ALL_GATES). */
  constructor(
    readonly pattern: RegExp,
    sets?: string[][] | null,
  ) {
    this.id = GATES_BY_ID.length;
    GATES_BY_ID.push(this);
    if (sets === undefined) ALL_GATES.push(this);
    this.sets = sets === undefined ? (GATE_LITERAL_SETS[String(pattern)]?.map((set) => set.split('\t')) ?? null) : sets;
  }
}

/** Every gate made, by id, for the gates' literal index. */
const GATES_BY_ID: LiteralGate[] = [];
/** Every gate made, for the script that writes their literal sets and the test that checks them. */
export const ALL_GATES: LiteralGate[] = [];

/**
 * The literal sets of a pattern to be run on folded (lower-case) text, from signals.ts's
 * requiredLiteralSets (pass it in: it loads the regular-expression parser). The literals are
 * lower-cased, which a pattern without the i flag only allows when it has no upper-case letter
 * outside its escapes (\b, \p{Lu}…): otherwise, and without the u flag (the sets are derived
 * under u), the pattern gets no gate; null too when no set is left.
 */
export function gateSets(pattern: RegExp, requiredLiteralSets: (source: string) => string[][] | null): string[][] | null {
  if (!pattern.flags.includes('u')) return null;
  if (!pattern.flags.includes('i') && /[A-Z]/u.test(pattern.source.replace(/\\p\{[^}]*\}|\\./gu, ''))) return null;
  // A one-character literal filters nothing (the literal index does not look for it).
  const sets = (requiredLiteralSets(pattern.source) ?? []).filter((set) => set.every((literal) => literal.length >= 2));
  return sets.length > 0 ? sets : null;
}

/**
 * One folded text (lower case, as foldText gives it) and, per gate, the literals of each set
 * the text holds, found once through the gates' literal index (literal-index.ts).
 */
export class TextLiterals {
  // Per gate id: undefined until asked; null when a set has no literal in the text; else per set, its literals found.
  private readonly found: (string[][] | null | undefined)[] = [];

  constructor(readonly text: string) {}

  /**
   * gate.pattern.test(part), where `part` is this text or a substring of it (a clause): only
   * literals of the whole text can be in a part of it. A pattern with the g flag starts at 0.
   */
  test(gate: LiteralGate, part: string = this.text): boolean {
    if (!this.mayMatch(gate, part)) return false;
    gate.pattern.lastIndex = 0;
    return gate.pattern.test(part);
  }

  /** False only when `part` (this text or a substring of it) cannot hold a match of the gate's pattern. */
  mayMatch(gate: LiteralGate, part: string = this.text): boolean {
    if (!gate.sets) return true;
    // Not `??=`: null (a set with no literal in the text) is an answer too, kept like the others.
    let found = this.found[gate.id];
    if (found === undefined) found = this.found[gate.id] = this.literalsFound(gate);
    if (!found) return false;
    if (part === this.text) return true;
    for (const set of found) {
      let any = false;
      for (const literal of set) {
        if (part.includes(literal)) {
          any = true;
          break;
        }
      }
      if (!any) return false;
    }
    return true;
  }

  private literalsFound(gate: LiteralGate): string[][] | null {
    const index = gatesIndex(gate);
    // By text, not by reading: the no-affected-user check and the sentence rules often read the
    // same words (the index does not scan again the text it scanned last).
    index.scan(this.text);
    if (!index.meets(gate.id)) return null;
    return gate.sets!.map((_, set) => index.presentLiterals(gate.id, set));
  }
}

// The literal index of every gate made so far (remade when a gate comes after it), and how many gates it holds.
let gateIndex: LiteralIndex | undefined;
let indexedGates = 0;

function gatesIndex(gate: LiteralGate): LiteralIndex {
  if (!gateIndex || gate.id >= indexedGates) {
    gateIndex = new LiteralIndex(GATES_BY_ID.map((known) => known.sets));
    indexedGates = GATES_BY_ID.length;
  }
  return gateIndex;
}
