import { CONFIG_VARIABLES, type ConfigVariable } from './config.js';
import { describeLimits } from './config-limits.js';

export const CONFIG_TABLE_START = '<!-- config-table -->';
export const CONFIG_TABLE_END = '<!-- /config-table -->';

const HEADER = ['Variable', 'Default', 'Limits', 'Description'] as const;

/**
 * One README row per variable; the README test compares these cells. Limits (minimum lengths,
 * numeric ranges) come from the zod schema itself (config-limits.ts), never from prose.
 */
export function configTableRows(variables: readonly ConfigVariable[] = CONFIG_VARIABLES): string[][] {
  return variables.map((variable) => [
    `\`${variable.name}\``,
    variable.default === null ? '—' : `\`${variable.default}\``,
    describeLimits(variable.limits) || '—',
    `${variable.description}${variable.secret ? ' Secret.' : ''}`.replace(/\|/g, '\\|'),
  ]);
}

/** The Markdown table between the README's config-table markers. */
export function renderConfigTable(variables: readonly ConfigVariable[] = CONFIG_VARIABLES): string {
  const lines = [`| ${HEADER.join(' | ')} |`, `|${HEADER.map(() => '---').join('|')}|`];
  for (const row of configTableRows(variables)) lines.push(`| ${row.join(' | ')} |`);
  return [CONFIG_TABLE_START, ...lines, CONFIG_TABLE_END].join('\n');
}

/** Cells of the table between the markers in `markdown`, or null when the markers are absent. */
export function parseConfigTable(markdown: string): string[][] | null {
  const start = markdown.indexOf(CONFIG_TABLE_START);
  const end = markdown.indexOf(CONFIG_TABLE_END);
  if (start === -1 || end === -1 || end < start) return null;
  return markdown
    .slice(start + CONFIG_TABLE_START.length, end)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('|'))
    .slice(2) // header and separator
    .map((line) =>
      line
        .replace(/^\|/, '')
        .replace(/\|$/, '')
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
}
