import { describe, expect, it } from 'vitest';

import { parsePlaybook } from '../../../src/playbook/load-playbook.js';
import { loadPlaybook } from '../../../src/playbook/load-playbook.js';
import { ownRequestPattern } from '../../../src/triage/own-request-text.js';
import { checkRedos } from '../../support/redos-check.js';
import { inventoryPlaybookRegexes, inventorySourceRegexes, type InventoriedRegex } from '../../support/regex-inventory.js';

const ROOT = new URL('../../../', import.meta.url).pathname;

/**
 * `new RegExp(…)` whose source is computed: each must be one whose pattern is checked
 * elsewhere or that never sees ticket text. A new one fails the test until it is listed here.
 */
const KNOWN_DYNAMIC: Record<string, string> = {
  'src/playbook/schema.ts': 'compiles a playbook pattern once to report a syntax error; never matched against text',
  'src/playbook/pattern-safety.ts': 'tests whether a playbook pattern matches the empty string; never matched against ticket text',
  'src/triage/clean-text.ts': 'DISCLAIMER.source with the g flag, and QUOTE_OPENERS as one anchored alternation: the literals are checked',
  'src/triage/signals.ts': 'the playbook signal patterns: checked below, one by one',
  'src/triage/own-request-text.ts': "the playbook's request texts as literals (bounded whitespace, quote classes): checked below",
  'src/zendesk-sandbox/sandbox-routes.ts': "the stand-in's own route templates, matched against request paths we build",
};

async function unsafeAmong(patterns: InventoriedRegex[]): Promise<string[]> {
  const problems: string[] = [];
  // Two at a time: the checker runs in one native process, and a loaded machine must not
  // turn a slow proof into a timeout.
  for (let index = 0; index < patterns.length; index += 2) {
    const batch = patterns.slice(index, index + 2);
    const verdicts = await Promise.all(batch.map((pattern) => checkRedos(pattern.source, pattern.flags)));
    verdicts.forEach((verdict, i) => {
      const pattern = batch[i]!;
      if (!verdict.safe)
        problems.push(
          `${pattern.where}: ${verdict.summary}${verdict.attack ? `, attack ${verdict.attack}` : ''}\n    /${pattern.source}/${pattern.flags}`,
        );
    });
  }
  return problems;
}

describe('every regular expression that can see ticket text is safe from ReDoS (recheck)', () => {
  const { literals, dynamic } = inventorySourceRegexes(ROOT, ['src', 'worker', 'app/src']);

  it('finds the patterns of the code and the playbook', () => {
    expect(literals.length).toBeGreaterThan(100);
    expect(inventoryPlaybookRegexes().length).toBe(
      loadPlaybook().issues.flatMap((issue) => issue.signals.flatMap((s) => s.patterns)).length,
    );
  });

  it('knows every RegExp built from a computed source', () => {
    const unknown = dynamic.filter((where) => !(where.split(':')[0]! in KNOWN_DYNAMIC));
    expect(unknown).toEqual([]);
  });

  it('proves every pattern of src/, worker/ and app/src safe', { timeout: 600_000 }, async () => {
    expect(await unsafeAmong(literals)).toEqual([]);
  });

  it("proves the pattern of our own request texts safe (the shipped playbook's)", { timeout: 600_000 }, async () => {
    const pattern = ownRequestPattern(loadPlaybook())!;
    expect(await unsafeAmong([{ where: 'src/triage/own-request-text.ts', source: pattern.source, flags: pattern.flags }])).toEqual([]);
  });

  it('proves every signal pattern of the playbook safe', { timeout: 600_000 }, async () => {
    expect(await unsafeAmong(inventoryPlaybookRegexes())).toEqual([]);
  });
});

describe('the checker and the playbook schema refuse unsafe patterns', () => {
  it('reports the forward-header pattern of the first release as vulnerable, with an attack', { timeout: 120_000 }, async () => {
    const verdict = await checkRedos(String.raw`^\s*(from|de|von|da)\s*:\s*.+(@|\[mailto:).*$`, 'iu');
    expect(verdict.safe).toBe(false);
    expect(verdict.attack).toMatch(/repeat/);
  });

  it('reports an unbounded \\w* after a keyword as vulnerable', { timeout: 120_000 }, async () => {
    expect((await checkRedos(String.raw`(notification|export)\w*[- ]?(e-?mails?|mails?)`, 'iu')).safe).toBe(false);
  });

  it('refuses a playbook signal with an unbounded or nested repetition, naming the field', () => {
    const playbook = structuredClone(loadPlaybook()) as unknown as { issues: Array<{ signals: Array<{ patterns: string[] }> }> };
    playbook.issues[1]!.signals[0]!.patterns[0] = String.raw`(never|not) (got|received) (the )?mail\w*`;
    expect(() => parsePlaybook(playbook)).toThrow(
      /issues\.1\.signals\.0\.patterns\.0: unsafe on hostile text \(ReDoS\): "\\w\*" at character \d+ repeats without bound/,
    );
    playbook.issues[1]!.signals[0]!.patterns[0] = String.raw`(mail\s{0,3}){1,5}`;
    expect(() => parsePlaybook(playbook)).toThrow(/issues\.1\.signals\.0\.patterns\.0: .*repetition inside a repeated group/);
    playbook.issues[1]!.signals[0]!.patterns[0] = String.raw`(mail)[^.]{0,500}(never)`;
    expect(() => parsePlaybook(playbook)).toThrow(/repeats up to 500 times; the limit is 200/);
    playbook.issues[1]!.signals[0]!.patterns[0] = String.raw`(x|x){0,25}y`;
    expect(() => parsePlaybook(playbook)).toThrow(/repeats a group with alternatives/);
    playbook.issues[1]!.signals[0]!.patterns[0] = String.raw`[^.]{0,60}[^,]{0,60}z`;
    expect(() => parsePlaybook(playbook)).toThrow(/repetitions side by side \(60 × 60 ways/);
    playbook.issues[1]!.signals[0]!.patterns[0] = '(mail)?';
    expect(() => parsePlaybook(playbook)).toThrow(/matches empty text/);
  });
});
