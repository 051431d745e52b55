// Prints the README's configuration table (between its config-table markers) from src/config.ts.
// Usage: npx tsx scripts/print-config-table.ts
import { renderConfigTable } from '../src/config-table.js';

process.stdout.write(`${renderConfigTable()}\n`);
