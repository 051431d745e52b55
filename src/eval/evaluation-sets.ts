import { basename } from 'node:path';

/**
 * The labelled sets that measure quality and must never feed training (eval/README.md,
 * DEVELOPERS.md "Measure honestly"): one list for every guard that keeps them out of the corpus
 * (scripts/corpus-import.ts, test/unit/playbook/corpus-held-out.test.ts), so a new set is
 * guarded everywhere once it is added here.
 */

/**
 * Paths from the repository root. The sample and the dev set live beside the repository
 * (../shared) and may be absent from a clone; our own sets ship in eval/.
 */
export const EVALUATION_SET_FILES = [
  '../shared/data/sample-tickets.jsonl',
  '../shared/data/dev-tickets.jsonl',
  'eval/own-set-1.jsonl',
  'eval/own-set-2.jsonl',
  'eval/own-set-3.jsonl',
  'eval/own-set-4.jsonl',
  'eval/own-set-5.jsonl',
  'eval/own-set-6.jsonl',
  'eval/own-set-7.jsonl',
  'eval/own-set-8.jsonl',
  'eval/own-set-9.jsonl',
  'eval/own-set-10.jsonl',
  'eval/own-set-11.jsonl',
  'eval/own-set-12.jsonl',
  'eval/real-reports.jsonl',
  'eval/real-reports-2.jsonl',
  'eval/real-dev.jsonl',
  'eval/real-dev-2.jsonl',
  'eval/real-reports-3.jsonl',
  'eval/real-dev-3.jsonl',
  'eval/real-reports-4.jsonl',
  'eval/replies-1.jsonl',
  'eval/replies-2.jsonl',
] as const;

/** Ticket ids of those sets (`s-001`, `u-017`, `q-004`, `cv-012`, `ka-031`, `ob-007`, `bc-012`…): corpus examples never use these prefixes. */
export const EVALUATION_TICKET_ID = /^(s|d|u|v|w|x|y|z|r|n|m|p|q|g|h|i|j|cv|k[abc]|l[abc]|m[abc]|o[abc]|e[abc]|f[abc]|b[abc])-\d+$/u;

/** A set's name in the eval tables: its file name without `.jsonl` ("own-set-3"), or "stdin" for "-". */
export function setName(file: string): string {
  return file === '-' ? 'stdin' : basename(file).replace(/\.jsonl$/u, '');
}
