import type { AstNode, Features } from 'regjsparser';
import { parseRegExp } from './regexp-parser.js';

/**
 * The longest repetition a playbook signal may write, in characters. A gap such as
 * `[^.\n]{0,60}` between two phrases is what signals need; longer ones are not phrases any more.
 */
export const MAX_SIGNAL_REPEAT = 200;

const FEATURES = { lookbehind: true, namedGroups: true, unicodePropertyEscape: true } satisfies Features;
type Node = AstNode<typeof FEATURES>;

/**
 * Why a signal pattern could backtrack without bound on a hostile ticket, or null when its
 * shape rules that out. Playbook patterns run on every ticket an outsider can write, so they
 * follow a stricter rule than the code's own expressions (which the ReDoS test checks with
 * recheck): every repetition is bounded (`{0,20}`, never `*`, `+` or `{n,}`), at most
 * MAX_SIGNAL_REPEAT; no repeated group contains another repetition or alternatives; two
 * repetitions side by side have at most MAX_ADJACENT_REPEAT_PRODUCT splits; and the pattern
 * does not match empty text. The work per starting position is then bounded by the pattern
 * alone, so matching is linear in the text.
 * Backreferences are refused too: they make matching NP-hard in general.
 */
export function findUnsafeConstruct(source: string): string | null {
  let root: Node;
  try {
    root = parseRegExp(source, 'u', FEATURES) as Node;
  } catch (error) {
    return `cannot be parsed: ${(error as Error).message}`;
  }
  // A pattern that matches empty text fires on every ticket: it is no phrase.
  if (new RegExp(source, 'u').test('')) return 'matches empty text, so it would fire on every ticket';
  return visit(root, false) ?? adjacentRepetitions(root);
}

/** Largest product of the bounds of two repetitions side by side (e.g. `[^.]{0,40}\\w{0,40}`). */
export const MAX_ADJACENT_REPEAT_PRODUCT = 2_500;

/**
 * Two repetitions side by side can split the same run of text between them in as many ways as
 * the product of their bounds, at every position: `[^.]{0,60}[^,]{0,60}z` tries 3,600 splits
 * per start. Merge them into one repetition instead (`[^.\\n]{0,60}` for `\\w{0,20}[^.\\n]{0,40}`).
 */
function adjacentRepetitions(node: Node): string | null {
  if (node.type === 'alternative') {
    let previous: { max: number; raw: string; at: number } | null = null;
    for (const child of node.body as Node[]) {
      if (child.type === 'anchor') continue;
      if (child.type === 'quantifier' && child.max !== undefined && child.max > 1) {
        if (previous && previous.max * child.max > MAX_ADJACENT_REPEAT_PRODUCT) {
          return `"${previous.raw.slice(0, 30)}" and "${child.raw.slice(0, 30)}" at character ${previous.at} are repetitions side by side (${previous.max} × ${child.max} ways to split a run of text): merge them into one`;
        }
        previous = { max: child.max, raw: child.raw, at: child.range[0] };
        continue;
      }
      previous = null;
    }
  }
  if ('body' in node && Array.isArray(node.body)) {
    for (const child of node.body as Node[]) {
      const problem = adjacentRepetitions(child);
      if (problem) return problem;
    }
  }
  return null;
}

function containsAlternation(nodes: Node[]): boolean {
  return nodes.some(
    (node) =>
      (node.type === 'disjunction' && node.body.length > 1) ||
      ((node.type === 'group' || node.type === 'alternative' || node.type === 'quantifier') && containsAlternation(node.body as Node[])),
  );
}

function visit(node: Node, insideRepetition: boolean): string | null {
  switch (node.type) {
    case 'quantifier': {
      const shown = `"${node.raw.slice(0, 40)}" at character ${node.range[0]}`;
      if (node.max === undefined) {
        return `${shown} repeats without bound (${node.raw.slice(-1) === '}' ? '{n,}' : node.raw.slice(-1)}): write a bounded repetition such as {0,20}`;
      }
      if (node.max > MAX_SIGNAL_REPEAT) return `${shown} repeats up to ${node.max} times; the limit is ${MAX_SIGNAL_REPEAT}`;
      const repeats = node.max > 1;
      if (repeats && insideRepetition)
        return `${shown} is a repetition inside a repeated group: nested repetition can backtrack exponentially`;
      // (x|x){0,25}: alternatives under a repetition can match the same text in 2^25 ways.
      if (repeats && containsAlternation(node.body as Node[])) {
        return `${shown} repeats a group with alternatives, which can match the same text in exponentially many ways: repeat a character class instead`;
      }
      for (const child of node.body) {
        const problem = visit(child as Node, insideRepetition || repeats);
        if (problem) return problem;
      }
      return null;
    }
    case 'reference':
      return `"${node.raw}" at character ${node.range[0]} is a backreference: refer to the text again with an alternative instead`;
    case 'alternative':
    case 'disjunction':
    case 'group':
      for (const child of node.body) {
        const problem = visit(child as Node, insideRepetition);
        if (problem) return problem;
      }
      return null;
    default:
      return null;
  }
}
