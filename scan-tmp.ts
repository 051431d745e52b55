import { check } from 'recheck';
import { inventorySourceRegexes, inventoryPlaybookRegexes } from './test/support/regex-inventory.ts';
const { literals } = inventorySourceRegexes('/work/main', ['src', 'worker', 'app/src']);
const all = [...literals, ...inventoryPlaybookRegexes()];
const t0 = Date.now();
const results = await Promise.all(all.map(async (r) => {
  const t = Date.now();
  const a = await check(r.source, r.flags.replace(/[gy]/g, ''), { checker: 'automaton', maxRepeatCount: 100000, maxNFASize: 2000000, maxPatternSize: 100000, timeout: 3000 });
  let f;
  if (a.status !== 'safe') f = await check(r.source, r.flags.replace(/[gy]/g, ''), { checker: 'fuzz', timeout: 10000, randomSeed: 1 });
  return { r, a, f, ms: Date.now() - t };
}));
for (const { r, a, f, ms } of results) if (a.status !== 'safe') console.log(a.status, a.error?.kind ?? a.complexity?.summary, '| fuzz:', f?.status, f?.complexity?.summary, (f?.attack?.pattern ?? '').slice(0, 60), ms, r.where, r.source.slice(0, 60));
console.log('total', all.length, 'ms', Date.now() - t0);
process.exit(0);
