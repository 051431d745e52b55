import type { AstNode, Features } from 'regjsparser';

type Parse = (typeof import('regjsparser'))['parse'];

/** The part of Node's `process` used here; declared locally because the sidebar app's type check (no Node types) reads this file. */
interface NodeProcess {
  getBuiltinModule(id: 'node:module'): { createRequire(path: string): (id: string) => unknown };
}

let parse: Parse | undefined;

/**
 * regjsparser's `parse`, loaded on first use: a start-up that takes the playbook and its
 * signals' literal sets from the model file parses no pattern and does not load the parser
 * (10–20 ms). regjsparser is CommonJS, so `require` gives the very module an import would.
 * `require` is reached through process.getBuiltinModule (Node ≥ 20.16) rather than an import of
 * node:module: the sidebar app's type check reaches this file through the playbook's schema.
 * Throws regjsparser's SyntaxError for a pattern it cannot parse.
 */
export function parseRegExp<F extends Features>(source: string, flags: string, features: F): AstNode<F> {
  parse ??= (
    (globalThis as unknown as { process: NodeProcess }).process.getBuiltinModule('node:module').createRequire(import.meta.url)(
      'regjsparser',
    ) as typeof import('regjsparser')
  ).parse;
  return parse(source, flags, features);
}
