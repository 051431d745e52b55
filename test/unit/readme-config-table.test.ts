import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../src/config.js';
import { configTableRows, parseConfigTable, renderConfigTable } from '../../src/config-table.js';

const README = new URL('../../README.md', import.meta.url);

describe('README configuration table', () => {
  it('lists exactly the variables loadConfig reads, with their defaults and descriptions', () => {
    const markdown = existsSync(README) ? readFileSync(README, 'utf8') : '';
    const rows = parseConfigTable(markdown);
    expect(
      rows,
      'README.md needs the table between <!-- config-table --> markers: run `npx tsx scripts/print-config-table.ts` and paste it',
    ).not.toBeNull();
    expect(rows!.map((row) => row[0])).toEqual(CONFIG_VARIABLES.map((variable) => `\`${variable.name}\``));
    expect(rows).toEqual(configTableRows());
  });

  it('round-trips through the generator', () => {
    expect(parseConfigTable(renderConfigTable())).toEqual(configTableRows());
  });
});
