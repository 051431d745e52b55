/**
 * Adds labelled tickets (one JSON object per line, the format of ../shared/data/README.md) to
 * the training corpus: `npm run corpus:import -- FILE.jsonl`.
 *
 * Only tickets the team wrote belong here. Evaluation sets (the sample, the dev set, our
 * held-out sets) must never be imported: the script refuses their id prefixes and any ticket
 * whose text equals one of theirs.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';

import { corpusExampleSchema, corpusFileSchema, DEFAULT_CORPUS_DIR } from '../src/playbook/corpus.js';
import { EVALUATION_SET_FILES, EVALUATION_TICKET_ID } from '../src/eval/evaluation-sets.js';
import { labelledTicketSchema } from '../src/eval/labelled-ticket.js';

function heldOutTexts(): Set<string> {
  const texts = new Set<string>();
  for (const file of EVALUATION_SET_FILES) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.trim()) texts.add((JSON.parse(line) as { description: string }).description.trim());
    }
  }
  return texts;
}

export function writeCorpusFile(dir: string, issue: string, examples: unknown[]): void {
  const file = corpusFileSchema.parse({ issue, examples });
  const header = `# Training tickets for "${issue}", written by the team for training only (never copied from an evaluation set).\n`;
  writeFileSync(join(dir, `${issue}.yaml`), header + stringify(file, { lineWidth: 0, blockQuote: 'literal' }));
}

function main(): void {
  const [path] = process.argv.slice(2);
  if (!path) throw new Error('usage: npm run corpus:import -- FILE.jsonl');
  const dir = DEFAULT_CORPUS_DIR;
  const held = heldOutTexts();
  const byIssue = new Map<string, unknown[]>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
    const file = corpusFileSchema.parse(parseYaml(readFileSync(join(dir, name), 'utf8')));
    byIssue.set(file.issue, file.examples);
  }
  let added = 0;
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (!line.trim()) return;
      const ticket = labelledTicketSchema.parse(JSON.parse(line));
      if (EVALUATION_TICKET_ID.test(ticket.id))
        throw new Error(`${path}:${index + 1}: id ${ticket.id} is an evaluation ticket's; refusing`);
      if (held.has(ticket.description.trim())) throw new Error(`${path}:${index + 1}: text equals an evaluation ticket's; refusing`);
      const parsed = corpusExampleSchema.safeParse({
        id: ticket.id,
        lang: ticket.label.lang,
        subject: ticket.subject,
        text: ticket.description,
        requester: ticket.requester,
        attachments: ticket.attachments,
        ...(ticket.created_at ? { created_at: ticket.created_at } : {}),
        missing: ticket.label.missing,
      });
      if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(ticket)'}: ${issue.message}`).join('; ');
        throw new Error(`${path}:${index + 1}: id ${ticket.id} cannot be a training example (${problems}); fix or remove that line`);
      }
      const example = parsed.data;
      const list = byIssue.get(ticket.label.issue) ?? [];
      if (list.some((existing) => (existing as { id: string }).id === example.id))
        throw new Error(`${path}:${index + 1}: id ${example.id} is already in the corpus`);
      list.push(example);
      byIssue.set(ticket.label.issue, list);
      added += 1;
    });
  for (const [issue, examples] of byIssue) writeCorpusFile(dir, issue, examples);
  console.log(`added ${added} tickets from ${path}`);
}

if (process.argv[1]?.endsWith('corpus-import.ts')) main();
