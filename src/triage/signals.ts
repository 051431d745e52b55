import regjsparser, { type AstNode, type Features } from 'regjsparser';
import type { Playbook, Signal } from '../playbook/schema.js';

export interface CompiledSignal {
  issue: string;
  signal: Signal;
  patterns: RegExp[];
  /**
   * Per pattern: literals one of which every match contains (lower-case ASCII), or null when
   * the pattern gives none. A text that contains none of them cannot match: the pattern is
   * not run on it. Only a shortcut: which patterns match, and where, stays the same.
   */
  literals: (string[] | null)[];
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
      literals: signal.patterns.map(requiredLiterals),
    })),
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
  const index = CASE_VARIANTS.test(foldedText) ? null : indexText(foldedText);
  const matches: SignalMatch[] = [];
  for (const compiled of signals) {
    for (let p = 0; p < compiled.patterns.length; p += 1) {
      const literals = compiled.literals[p];
      if (index && literals && !literals.some((literal) => mayContain(index, literal))) continue;
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
// The literal shortcut.

const CASE_VARIANTS = /[A-Z\u017f\u212a]/u;

/** Which characters, pairs and (hashed) triples of characters a text has: "may contain" in O(literal length). */
interface TextIndex {
  singles: Uint32Array;
  pairs: Uint32Array;
  triples: Uint32Array;
}

const TRIPLE_BITS = 16;
const scratch: TextIndex = {
  singles: new Uint32Array(128 / 32),
  pairs: new Uint32Array((128 * 128) / 32),
  triples: new Uint32Array((1 << TRIPLE_BITS) / 32),
};

/** Every code unit above ASCII counts as 127, which no literal contains. */
const unit = (text: string, at: number): number => {
  const code = text.charCodeAt(at);
  return code < 128 ? code : 127;
};
const tripleHash = (a: number, b: number, c: number): number => Math.imul((a << 14) | (b << 7) | c, 0x9e3779b1) >>> (32 - TRIPLE_BITS);
const setBit = (bits: Uint32Array, bit: number): void => {
  bits[bit >>> 5] = bits[bit >>> 5]! | (1 << (bit & 31));
};
const hasBit = (bits: Uint32Array, bit: number): boolean => (bits[bit >>> 5]! & (1 << (bit & 31))) !== 0;

function indexText(text: string): TextIndex {
  const { singles, pairs, triples } = scratch;
  singles.fill(0);
  pairs.fill(0);
  triples.fill(0);
  let a = -1;
  let b = -1;
  for (let at = 0; at < text.length; at += 1) {
    const c = unit(text, at);
    setBit(singles, c);
    if (b >= 0) setBit(pairs, (b << 7) | c);
    if (a >= 0) setBit(triples, tripleHash(a, b, c));
    a = b;
    b = c;
  }
  return scratch;
}

/** False only when the text cannot contain the literal: one of its characters, pairs or triples is missing. */
function mayContain(index: TextIndex, literal: string): boolean {
  for (let at = 0; at < literal.length; at += 1) {
    const c = literal.charCodeAt(at);
    if (!hasBit(index.singles, c)) return false;
    if (at >= 1 && !hasBit(index.pairs, (literal.charCodeAt(at - 1) << 7) | c)) return false;
    if (at >= 2 && !hasBit(index.triples, tripleHash(literal.charCodeAt(at - 2), literal.charCodeAt(at - 1), c))) return false;
  }
  return true;
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
  let root: Node;
  try {
    root = regjsparser.parse(source, 'u', FEATURES) as Node;
  } catch {
    return null;
  }
  const info = infoOf(root);
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
