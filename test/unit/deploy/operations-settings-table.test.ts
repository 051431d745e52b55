import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { CONFIG_VARIABLES } from '../../../src/config.js';

const doc = readFileSync(new URL('../../../docs/operations.md', import.meta.url), 'utf8');

/** Rows of the "## All settings" table: variable name → default cell. */
function settingsTable(markdown: string): Map<string, string> {
  const start = markdown.indexOf('\n## All settings');
  expect(start, 'docs/operations.md needs its "## All settings" section').toBeGreaterThan(-1);
  const next = markdown.indexOf('\n## ', start + 1);
  const section = markdown.slice(start, next === -1 ? undefined : next);
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = line
      .trim()
      .replace(/^\||\|$/g, '')
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim());
    const name = /^`([A-Z0-9_]{1,60})`$/.exec(cells[0] ?? '');
    if (name && cells.length >= 2) rows.set(name[1]!, cells[1]!);
  }
  return rows;
}

// Variables without a single default value whose cell explains what unset means instead.
const PROSE_DEFAULTS = new Set(['NODE_ENV']);

describe('docs/operations.md settings table', () => {
  const rows = settingsTable(doc);

  it('lists every variable of the config schema, once, and nothing else', () => {
    expect([...rows.keys()].sort()).toEqual(CONFIG_VARIABLES.map((variable) => variable.name).sort());
  });

  it.each(CONFIG_VARIABLES.map((variable) => [variable.name, variable] as const))('%s has the schema’s default', (name, variable) => {
    const cell = rows.get(name);
    if (variable.default !== null) expect(cell).toBe(`\`${variable.default}\``);
    else if (!PROSE_DEFAULTS.has(name)) expect(cell).toBe('—');
  });
});
