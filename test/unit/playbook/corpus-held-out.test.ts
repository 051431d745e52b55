import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import { EVALUATION_SET_FILES, EVALUATION_TICKET_ID } from '../../../src/eval/evaluation-sets.js';
import { loadCorpus } from '../../../src/playbook/corpus.js';
import { loadPlaybook } from '../../../src/playbook/load-playbook.js';
import { cleanText } from '../../../src/triage/clean-text.js';

// Sets that measure quality and must never feed training (DEVELOPERS.md, "Measure honestly").
const ROOT = new URL('../../../', import.meta.url);
const HELD_OUT = EVALUATION_SET_FILES.map((relative) => fileURLToPath(new URL(relative, ROOT)))
  // The sample and the dev set live beside the repository (../shared) and may be absent from a
  // clone; our own sets ship in eval/ and must be there (a missing one fails, not passes).
  .filter((path) => path.includes('/eval/') || existsSync(path));

/**
 * Twenty words in a row shared with a held-out ticket, outside signatures and disclaimers: a
 * copy. Writers who never saw each other's tickets share runs of up to 17 words ("Thank you for
 * your email, I am out of the office until…"); seven corpus tickets that shared 13 to 19 words
 * with the sample and the dev set were removed on 2026-11-30 all the same.
 */
const SHINGLE_WORDS = 20;

function shingles(text: string): Set<string> {
  const { main, quoted } = cleanText(text);
  const words = `${main}\n${quoted}`.toLowerCase().match(/[\p{L}\p{N}]{1,40}/gu) ?? [];
  const out = new Set<string>();
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i += 1) out.add(words.slice(i, i + SHINGLE_WORDS).join(' '));
  return out;
}

describe('the training corpus holds nothing from an evaluation set', () => {
  const corpus = loadCorpus(loadPlaybook());
  const examples = corpus.examples;

  it('finds the held-out sets it guards', () => {
    expect(HELD_OUT.filter((path) => path.includes('/eval/own-set-'))).toHaveLength(12);
  });

  it('guards every labelled set in eval/, and their ids are ones corpus-import refuses', () => {
    const inEval = readdirSync(fileURLToPath(new URL('eval/', ROOT))).filter((name) => name.endsWith('.jsonl'));
    expect(inEval.map((name) => `eval/${name}`).sort()).toEqual(EVALUATION_SET_FILES.filter((file) => file.startsWith('eval/')).sort());
    for (const path of HELD_OUT) for (const id of idsOf(path)) expect(id).toMatch(EVALUATION_TICKET_ID);
    expect(examples.filter((example) => EVALUATION_TICKET_ID.test(example.id))).toEqual([]);
  });

  it.each(HELD_OUT)('shares no ticket and no run of 20 words with %s', (path) => {
    expect(copiedExamples(examples, descriptionsOf(path))).toEqual([]);
  });

  it('would catch a held-out ticket pasted into the corpus under a greeting and a signature', () => {
    const [description] = descriptionsOf(HELD_OUT[0]!).filter((text) => shingles(text).size > 0);
    const pasted = { id: 'pasted', text: `Hello,\n\n${description}\n\nBest regards,\nSam` };
    expect(copiedExamples([...examples.slice(0, 50), pasted], [description!])).toEqual(['pasted']);
  });
});

function idsOf(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => (JSON.parse(line) as { id: string }).id);
}

function descriptionsOf(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => (JSON.parse(line) as { description: string }).description);
}

function copiedExamples(examples: ReadonlyArray<{ id: string; text: string }>, heldOutTexts: string[]): string[] {
  const heldOut = new Set(heldOutTexts.flatMap((text) => [...shingles(text)]));
  return examples.filter((example) => [...shingles(example.text)].some((shingle) => heldOut.has(shingle))).map((example) => example.id);
}
