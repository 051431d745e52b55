// Prints the README's configuration table (between its config-table markers) from src/config.ts.
// Usage: npx tsx scripts/print-config-table.ts [--write]   (--write replaces the table in README.md)
import { readFileSync, writeFileSync } from 'node:fs';
import { CONFIG_TABLE_END, CONFIG_TABLE_START, renderConfigTable } from '../src/config-table.js';

const table = renderConfigTable();
if (process.argv.includes('--write')) {
  const path = new URL('../README.md', import.meta.url);
  const readme = readFileSync(path, 'utf8');
  const start = readme.indexOf(CONFIG_TABLE_START);
  const end = readme.lastIndexOf(CONFIG_TABLE_END);
  if (start === -1 || end < start) {
    process.stderr.write(`README.md has no ${CONFIG_TABLE_START} … ${CONFIG_TABLE_END} block to replace\n`);
    process.exit(1);
  }
  // From the first start marker to the last end marker: a merge that doubled the markers is repaired too.
  writeFileSync(path, `${readme.slice(0, start)}${table}${readme.slice(end + CONFIG_TABLE_END.length)}`);
  process.stdout.write('README.md configuration table updated\n');
} else {
  process.stdout.write(`${table}\n`);
}
