import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

import { loadPlaybook } from '../../src/playbook/load-playbook.js';

/** One regular expression of the code base or the playbook, with where it is written. */
export interface InventoriedRegex {
  source: string;
  flags: string;
  /** `src/triage/clean-text.ts:42` or `playbook issues[3].signals[1].patterns[0]`. */
  where: string;
}

function listTypeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listTypeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * Every regular expression literal in the given source folders, read with the TypeScript
 * parser (so a regex in a comment or string is not mistaken for one, and none is missed).
 * `new RegExp(…)` with a computed source is reported too, so a test can insist it is known.
 */
export function inventorySourceRegexes(root: string, folders: string[]): { literals: InventoriedRegex[]; dynamic: string[] } {
  const literals: InventoriedRegex[] = [];
  const dynamic: string[] = [];
  for (const folder of folders) {
    for (const file of listTypeScriptFiles(join(root, folder))) {
      const text = readFileSync(file, 'utf8');
      const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
      const where = (node: ts.Node): string =>
        `${relative(root, file)}:${sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
      const visit = (node: ts.Node): void => {
        if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
          const literal = node.getText(sourceFile);
          const end = literal.lastIndexOf('/');
          literals.push({ source: literal.slice(1, end), flags: literal.slice(end + 1), where: where(node) });
        } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
          const [sourceArg, flagsArg] = node.arguments ?? [];
          if (sourceArg && ts.isStringLiteralLike(sourceArg)) {
            literals.push({
              source: sourceArg.text,
              flags: flagsArg && ts.isStringLiteralLike(flagsArg) ? flagsArg.text : '',
              where: where(node),
            });
          } else {
            dynamic.push(where(node));
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(sourceFile);
    }
  }
  return { literals, dynamic };
}

/** Every signal pattern of the shipped playbook, with the flags the classifier compiles it with. */
export function inventoryPlaybookRegexes(): InventoriedRegex[] {
  return loadPlaybook().issues.flatMap((issue, i) =>
    issue.signals.flatMap((signal, s) =>
      signal.patterns.map((source, p) => ({
        source,
        flags: 'giu',
        where: `playbook issues[${i}] (${issue.id}).signals[${s}] (${signal.id}).patterns[${p}]`,
      })),
    ),
  );
}
