import regjsparser, { type AstNode, type Features } from 'regjsparser';

const { parse } = regjsparser;

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
 * MAX_SIGNAL_REPEAT, and no repeated group contains another repetition. With both, the work
 * per starting position is bounded by the pattern alone, so matching is linear in the text.
 * Backreferences are refused too: they make matching NP-hard in general.
 */
export function findUnsafeConstruct(source: string): string | null {
  let root: Node;
  try {
    root = parse(source, 'u', FEATURES) as Node;
  } catch (error) {
    return `cannot be parsed: ${(error as Error).message}`;
  }
  return visit(root, false);
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
