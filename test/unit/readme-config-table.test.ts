import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, loadConfig } from '../../src/config.js';
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

  it('shows the minimum lengths and ranges the schema enforces, read from the schema', () => {
    const limits = new Map(configTableRows().map((row) => [row[0], row[2]]));
    expect(limits.get('`ADMIN_PASSWORD`')).toBe('≥ 12 characters');
    expect(limits.get('`ZENDESK_WEBHOOK_SECRET`')).toBe('each ≥ 16 characters');
    expect(limits.get('`SIDEBAR_SESSION_SECRET`')).toBe('≥ 32 characters');
    expect(limits.get('`SIDEBAR_SHARED_SECRET`')).toBe('≥ 32 characters');
    expect(limits.get('`ZENDESK_API_TOKEN`')).toBe('≥ 8 characters');
    expect(limits.get('`ZENDESK_OAUTH_TOKEN`')).toBe('≥ 8 characters');
    expect(limits.get('`PORT`')).toBe('0–65535');
    expect(limits.get('`ZENDESK_APP_ID`')).toBe('≥ 1');
    expect(limits.get('`ABSTAIN_THRESHOLD`')).toBe('> 0 and < 1');
    expect(limits.get('`LOG_LEVEL`')).toBe('—');
  });

  it('every limit the schema enforces is what loadConfig enforces, and what the error message promises', () => {
    for (const variable of CONFIG_VARIABLES) {
      const { minLength, each, min, max } = variable.limits;
      if (minLength !== undefined) {
        const short = 'x'.repeat(minLength - 1);
        const value = each ? `${'y'.repeat(minLength)},${short}` : short;
        expect(() => loadConfig({ NODE_ENV: 'development', [variable.name]: value }), variable.name).toThrow(
          new RegExp(`${variable.name}: [^\\n]*at least ${minLength} characters`),
        );
      }
      // The hand-written "allowed" text of error messages names the same numbers.
      for (const bound of [minLength, min?.value, max?.value]) {
        if (bound !== undefined) expect(variable.allowed, variable.name).toContain(String(bound));
      }
    }
  });

  it('round-trips through the generator', () => {
    expect(parseConfigTable(renderConfigTable())).toEqual(configTableRows());
  });
});
