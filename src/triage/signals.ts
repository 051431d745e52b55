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
  /** Per pattern: the literals as text-index keys (see literalKeys), or null to always run it. */
  literalKeys: (Int32Array | null)[];
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
    issue.signals.map((signal) => {
      const literals = signal.patterns.map(requiredLiterals);
      return {
        issue: issue.id,
        signal,
        patterns: signal.patterns.map((source) => new RegExp(source, 'giu')),
        literals,
        literalKeys: literals.map((set) => set && literalKeys(set)),
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
  const indexed = !CASE_VARIANTS.test(foldedText);
  if (indexed) indexText(foldedText);
  const matches: SignalMatch[] = [];
  for (const compiled of signals) {
    for (let p = 0; p < compiled.patterns.length; p += 1) {
      const keys = compiled.literalKeys[p];
      if (indexed && keys && !mayMatch(keys)) continue;
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
// The literal shortcut: a bit set of the character pairs and (hashed) triples of the text. A
// literal the text contains has all of its pairs and triples in it; a pattern whose literals
// each miss one cannot match.

const CASE_VARIANTS = /[A-Z\u017f\u212a]/u;

const PAIR_KEYS = 128 * 128;
const TRIPLE_BITS = 16;
const bits = new Uint32Array((PAIR_KEYS + (1 << TRIPLE_BITS)) / 32);
/** Words of `bits` set by the last indexText, cleared by the next one. */
const touched: number[] = [];

/** Every code unit above ASCII counts as 127, which no literal contains. */
const unit = (code: number): number => (code < 128 ? code : 127);
const pairKey = (a: number, b: number): number => (a << 7) | b;
const tripleKey = (a: number, b: number, c: number): number =>
  PAIR_KEYS + (Math.imul((a << 14) | (b << 7) | c, 0x9e3779b1) >>> (32 - TRIPLE_BITS));
const hasKey = (key: number): boolean => (bits[key >>> 5]! & (1 << (key & 31))) !== 0;

function setKey(key: number): void {
  const word = key >>> 5;
  const old = bits[word]!;
  if (old === 0) touched.push(word);
  bits[word] = old | (1 << (key & 31));
}

function indexText(text: string): void {
  for (const word of touched) bits[word] = 0;
  touched.length = 0;
  let a = -1;
  let b = -1;
  for (let at = 0; at < text.length; at += 1) {
    const c = unit(text.charCodeAt(at));
    if (b >= 0) setKey(pairKey(b, c));
    if (a >= 0) setKey(tripleKey(a, b, c));
    a = b;
    b = c;
  }
}

/**
 * The keys a text has when it contains each literal: per literal, its count, then its pairs (a
 * two-character literal) or its triples. Null when a literal is one character: always run.
 */
export function literalKeys(literals: string[]): Int32Array | null {
  const keys: number[] = [];
  for (const literal of literals) {
    const codes = [...literal].map((char) => char.charCodeAt(0));
    if (codes.length < 2) return null;
    const own = codes.length === 2 ? [pairKey(codes[0]!, codes[1]!)] : codes.slice(2).map((c, i) => tripleKey(codes[i]!, codes[i + 1]!, c));
    keys.push(own.length, ...own);
  }
  return Int32Array.from(keys);
}

/** False only when the indexed text lacks a key of each literal. */
function mayMatch(keys: Int32Array): boolean {
  for (let i = 0; i < keys.length;) {
    const end = i + 1 + keys[i]!;
    let all = true;
    for (let k = i + 1; k < end; k += 1) {
      if (!hasKey(keys[k]!)) {
        all = false;
        break;
      }
    }
    if (all) return true;
    i = end;
  }
  return false;
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
