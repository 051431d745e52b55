import { readFileSync } from 'node:fs';
import { loadTriage } from './src/triage/load-triage.ts';
const t = loadTriage();
const ids = process.argv.slice(2);
for (const line of readFileSync('../shared/data/dev-tickets.jsonl','utf8').trim().split('\n')) {
  const x = JSON.parse(line); if (!ids.includes(x.id)) continue;
  const d = t.classify(x);
  console.log(x.id, d.issue, d.confidence, JSON.stringify(d.ranking.slice(0,3)));
  console.log('  ', d.evidence.map(e => `${e.phrase}→${e.issue}:${e.weight}`).join(' | '));
}
