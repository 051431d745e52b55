import type { AstNode, Features } from 'regjsparser';
import { parseRegExp } from '../playbook/regexp-parser.js';
import type { Playbook, Signal } from '../playbook/schema.js';
import { LiteralIndex } from './literal-index.js';

export interface CompiledSignal {
  issue: string;
  signal: Signal;
  patterns: RegExp[];
  /**
   * Per pattern: sets of literals such that every match contains one literal of each set (the
   * first is the pattern's requiredLiterals, then one per part of a top-level sequence:
   * "(not|no)[^.]{0,20}(see|find)" needs a negation and a verb), or null. A text that lacks every
   * literal of one set cannot match: the pattern is not run on it (literal-index.ts).
   */
  literalSets: (string[][] | null)[];
}

export interface SignalMatch {
  issue: string;
  signal: Signal;
  /** The words of the ticket that matched, for the agent to see. */
  matched: string;
}

/**
 * requiredLiteralSets of every pattern of the playbook, in playbook order (issues, their
 * signals, their patterns): what the model file carries, so that a start-up that reads it does
 * not parse the 70 patterns again (about 60 ms of a cold start, with regjsparser's loading).
 */
export type SignalLiteralSets = (string[][] | null)[];

/** The literal sets of the playbook's patterns (see SignalLiteralSets). */
export function signalLiteralSets(playbook: Playbook): SignalLiteralSets {
  return playbook.issues.flatMap((issue) => issue.signals.flatMap((signal) => signal.patterns.map(requiredLiteralSets)));
}

/**
 * Compiles every signal of the playbook once; patterns apply to folded (accent-free, lowercase)
 * text. `known`: the playbook's literal sets as signalLiteralSets gave them (from the model
 * file), else they are derived now.
 */
export function compileSignals(playbook: Playbook, known?: SignalLiteralSets): CompiledSignal[] {
  let at = 0;
  return playbook.issues.flatMap((issue) =>
    issue.signals.map((signal) => {
      const literalSets = signal.patterns.map((source) => (known ? known[at++]! : requiredLiteralSets(source)));
      return {
        issue: issue.id,
        signal,
        patterns: signal.patterns.map((source) => new RegExp(source, 'giu')),
        literalSets,
      };
    }),
  );
}

/**
 * Every signal that fires on the folded text, once per signal, with the first matching words.
 * `original` is the unfolded text: when folding kept every position, evidence quotes it as written.
 */
export function matchSignals(foldedText: string, signals: CompiledSignal[], original?: string): SignalMatch[] {
  const quoteFrom = original && original.length === foldedText.length ? original : foldedText;
  // Under the i flag an ASCII letter also matches its upper case, and k and s match U+212A and
  // U+017F: the literal shortcut only holds on text without these (folded text has none).
  const index = CASE_VARIANTS.test(foldedText) ? null : literalIndexOf(signals);
  index?.scan(foldedText);
  const matches: SignalMatch[] = [];
  let requirement = 0;
  for (const compiled of signals) {
    const first = requirement;
    requirement += compiled.patterns.length;
    for (let p = 0; p < compiled.patterns.length; p += 1) {
      if (index && !index.meets(first + p)) continue;
      const pattern = compiled.patterns[p]!;
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

// ---------------------------------------------------------------------------------------------
// The literal shortcut (literal-index.ts): a pattern one of whose literal sets the text holds no
// literal of cannot match.

const CASE_VARIANTS = /[A-Z\u017f\u212a]/u;

/** Per compiled playbook: the index of its patterns' literal sets, one requirement per pattern in order. */
const LITERAL_INDEXES = new WeakMap<CompiledSignal[], LiteralIndex>();

function literalIndexOf(signals: CompiledSignal[]): LiteralIndex {
  let index = LITERAL_INDEXES.get(signals);
  if (!index) {
    index = new LiteralIndex(signals.flatMap((compiled) => compiled.literalSets));
    LITERAL_INDEXES.set(signals, index);
  }
  return index;
}

const FEATURES = { lookbehind: true, namedGroups: true, unicodePropertyEscape: true } satisfies Features;
type Node = AstNode<typeof FEATURES>;

/** Most strings an exact set may hold before it is given up. */
const MAX_EXACT = 64;

/**
 * What a part of a pattern can match: `exact`, every string it can match (null: too many, or
 * not only lower-case-able ASCII); `some`, literals one of which each of its matches contains
 * (null: none known, e.g. it can match the empty string).
 */
interface LiteralInfo {
  exact: string[] | null;
  some: string[] | null;
}

const UNKNOWN: LiteralInfo = { exact: null, some: null };
const EMPTY: LiteralInfo = { exact: [''], some: null };

/** Literals one of which every match of the pattern (flags iu, on folded text) contains, or null. */
export function requiredLiterals(source: string): string[] | null {
  const root = parsePattern(source);
  return root && literalsOf(root);
}

/**
 * requiredLiterals, then, when the pattern is a sequence, the literals each of its parts
 * requires (a match of the sequence holds a match of every part); sets that add nothing (the
 * same as one before, or a one-character literal) are left out. Null when none is known.
 */
export function requiredLiteralSets(source: string): string[][] | null {
  const root = parsePattern(source);
  const first = root && literalsOf(root);
  if (!root || !first) return null;
  const sets = [first];
  if (root.type === 'alternative') {
    for (const part of root.body as Node[]) {
      const set = literalsOf(part);
      // One-character literals filter nothing (literal-index.ts does not look for them).
      if (!set || set.some((literal) => literal.length < 2)) continue;
      if (!sets.some((known) => known.length === set.length && known.every((literal) => set.includes(literal)))) sets.push(set);
    }
  }
  return sets;
}

function parsePattern(source: string): Node | null {
  try {
    return parseRegExp(source, 'u', FEATURES) as Node;
  } catch {
    return null;
  }
}

/** Literals one of which every match of the node contains, or null. */
function literalsOf(node: Node): string[] | null {
  const info = infoOf(node);
  const literals = info.some ?? usable(info.exact);
  // A literal that contains another of the set adds nothing: the shorter one is in the text too.
  return literals && literals.filter((literal) => !literals.some((other) => other !== literal && literal.includes(other)));
}

/** A set of literals fit to require: known, and no empty string in it. */
function usable(strings: string[] | null): string[] | null {
  return strings && strings.length > 0 && !strings.includes('') ? strings : null;
}

function product(left: string[], right: string[]): string[] | null {
  if (left.length * right.length > MAX_EXACT) return null;
  const out = new Set<string>();
  for (const a of left) for (const b of right) out.add(a + b);
  return [...out];
}

/** The better of two literal sets: longer shortest literal (fewer false hits), then fewer literals. */
function better(a: string[] | null, b: string[] | null): string[] | null {
  if (!a) return b;
  if (!b) return a;
  const shortest = (set: string[]): number => Math.min(...set.map((s) => s.length));
  if (shortest(a) !== shortest(b)) return shortest(a) > shortest(b) ? a : b;
  return a.length <= b.length ? a : b;
}

function sequenceInfo(nodes: Node[]): LiteralInfo {
  let all: string[] | null = [''];
  let run: string[] = [''];
  let best: string[] | null = null;
  for (const node of nodes) {
    const info = infoOf(node);
    all = all && info.exact ? product(all, info.exact) : null;
    if (info.exact) {
      const longer = product(run, info.exact);
      if (longer) {
        run = longer;
        continue;
      }
      best = better(best, usable(run));
      run = info.exact;
      continue;
    }
    best = better(better(best, usable(run)), info.some);
    run = [''];
  }
  return { exact: all, some: better(best, usable(run)) };
}

/** A printable ASCII character (or a line break) as lower case, or null. */
function literalChar(codePoint: number): string | null {
  if (codePoint === 10 || (codePoint >= 0x20 && codePoint < 0x7f)) return String.fromCharCode(codePoint).toLowerCase();
  return null;
}

function infoOf(node: Node): LiteralInfo {
  switch (node.type) {
    case 'value': {
      const char = literalChar(node.codePoint);
      return char === null ? UNKNOWN : { exact: [char], some: [char] };
    }
    case 'characterClass': {
      if (node.negative || node.body.length === 0 || node.body.length > 16) return UNKNOWN;
      const chars = new Set<string>();
      for (const item of node.body as Node[]) {
        const char = item.type === 'value' ? literalChar(item.codePoint) : null;
        if (char === null) return UNKNOWN;
        chars.add(char);
      }
      return { exact: [...chars], some: [...chars] };
    }
    case 'anchor':
      return EMPTY;
    case 'alternative':
      return sequenceInfo(node.body as Node[]);
    case 'disjunction': {
      const alternatives = (node.body as Node[]).map(infoOf);
      const exact = new Set<string>();
      const some = new Set<string>();
      let exactKnown = true;
      let someKnown = true;
      for (const info of alternatives) {
        if (info.exact) info.exact.forEach((s) => exact.add(s));
        else exactKnown = false;
        const required = info.some ?? usable(info.exact);
        if (required) required.forEach((s) => some.add(s));
        else someKnown = false;
      }
      return {
        exact: exactKnown && exact.size <= MAX_EXACT ? [...exact] : null,
        some: someKnown ? [...some] : null,
      };
    }
    case 'group':
      if (node.behavior !== 'normal' && node.behavior !== 'ignore') return EMPTY;
      return sequenceInfo(node.body as Node[]);
    case 'quantifier': {
      const body = sequenceInfo(node.body as Node[]);
      if (node.min === 0) {
        return { exact: node.max === 1 && body.exact ? [...new Set(['', ...body.exact])] : null, some: null };
      }
      return { exact: node.min === 1 && node.max === 1 ? body.exact : null, some: body.some ?? usable(body.exact) };
    }
    default:
      return UNKNOWN;
  }
}
