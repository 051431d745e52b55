import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

import { escalationFieldSchema, languageSchema } from '../triage/diagnosis.js';
import { attachmentSchema, personSchema, type TicketInput } from '../triage/ticket.js';
import { PlaybookError } from './load-playbook.js';
import { parseYaml } from './parse-yaml.js';
import type { Playbook } from './schema.js';

export const DEFAULT_CORPUS_DIR = fileURLToPath(new URL('./corpus/', import.meta.url));

/**
 * One training ticket we wrote ourselves (never taken from an evaluation set). Shaped like a
 * ticket so that the same pipeline reads it, and labelled with what it is missing so that the
 * escalation checks can be cross-validated on it too.
 */
export const corpusExampleSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'example ids are lower-case words and digits, e.g. "t4-012"'),
  lang: languageSchema,
  subject: z.string().default(''),
  text: z.string().min(10, 'an example needs at least 10 characters of text'),
  requester: personSchema.optional(),
  attachments: z.array(attachmentSchema).optional(),
  created_at: z.string().optional(),
  /** The escalation data the ticket does not give (labelling rules of the data README). */
  missing: z.array(escalationFieldSchema).optional(),
});
export type CorpusExample = z.infer<typeof corpusExampleSchema>;

/** `corpus/<issue id>.yaml`: the training tickets of one issue of the playbook. */
export const corpusFileSchema = z.object({
  issue: z.string().min(1),
  examples: z.array(corpusExampleSchema),
});

/** Training tickets by issue id, every issue of the playbook present. */
export interface Corpus {
  examples: Array<CorpusExample & { issue: string }>;
  /** File name → raw bytes, in name order: what the model file's source hash covers. */
  files: Array<{ name: string; path: string; text: string }>;
}

/** Fewest examples an issue can be trained with. */
export const MIN_EXAMPLES_PER_ISSUE = 3;

/**
 * Reads `<dir>/*.yaml` of each folder (see readCorpusFiles), one file per issue. Errors name the file and the field:
 * `corpus/account-blocked.yaml: examples.12.lang: …`. Every issue of the playbook needs a
 * file with at least MIN_EXAMPLES_PER_ISSUE examples, and no file may name an unknown issue,
 * so adding an issue is one playbook entry plus one corpus file.
 */
export function loadCorpus(playbook: Playbook, dirs: string[] = [DEFAULT_CORPUS_DIR]): Corpus {
  const files = readCorpusFiles(dirs);
  const known = new Set(playbook.issues.map((issue) => issue.id));
  const examples: Corpus['examples'] = [];
  const ids = new Map<string, string>();
  for (const { name, path, text } of files) {
    let data: unknown;
    try {
      data = parseYaml(text);
    } catch (error) {
      throw new PlaybookError(`${path} is not valid YAML: ${(error as Error).message}`);
    }
    const result = corpusFileSchema.safeParse(data);
    if (!result.success) {
      const problems = result.error.issues
        .slice(0, 10)
        .map((issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`)
        .join('\n');
      throw new PlaybookError(`${path} is not a valid corpus file:\n${problems}`);
    }
    const { issue } = result.data;
    if (`${issue}.yaml` !== name) throw new PlaybookError(`${path}: issue "${issue}" belongs in ${issue}.yaml`);
    if (!known.has(issue)) throw new PlaybookError(`${path}: issue "${issue}" is not in the playbook; known: ${[...known].join(', ')}`);
    for (const example of result.data.examples) {
      const previous = ids.get(example.id);
      if (previous) throw new PlaybookError(`${path}: example id "${example.id}" is used twice (also in ${previous})`);
      ids.set(example.id, name);
      examples.push({ ...example, issue });
    }
  }
  for (const issue of known) {
    const count = examples.filter((example) => example.issue === issue).length;
    if (count < MIN_EXAMPLES_PER_ISSUE) {
      throw new PlaybookError(
        `the training corpus has ${count} example(s) for "${issue}"; write at least ${MIN_EXAMPLES_PER_ISSUE} in ${issue}.yaml of ${dirs.join(' or ')}`,
      );
    }
  }
  return { examples, files };
}

/**
 * The corpus files of the folders, raw, in name order. A later folder's file replaces an
 * earlier one of the same name: a custom playbook's corpus/ adds its own issues to the
 * shipped corpus, or rewrites one issue's examples.
 */
export function readCorpusFiles(dirs: string[] = [DEFAULT_CORPUS_DIR]): Array<{ name: string; path: string; text: string }> {
  return corpusFilePaths(dirs).map(({ name, path }) => ({ name, path, text: readFileSync(path, 'utf8') }));
}

/** The files readCorpusFiles reads, unread: the source hash at start-up hashes their bytes. */
export function corpusFilePaths(dirs: string[] = [DEFAULT_CORPUS_DIR]): Array<{ name: string; path: string }> {
  const pathByName = new Map<string, string>();
  for (const dir of dirs) {
    let found: string[];
    try {
      found = readdirSync(dir).filter((name) => name.endsWith('.yaml'));
    } catch (error) {
      throw new PlaybookError(`cannot read the training corpus folder ${dir}: ${(error as Error).message}`);
    }
    for (const name of found) pathByName.set(name, join(dir, name));
  }
  return [...pathByName.keys()].sort().map((name) => ({ name, path: pathByName.get(name)! }));
}

/** A corpus example as a ticket, for the same pipeline that reads real tickets. */
export function corpusExampleToTicket(example: CorpusExample): TicketInput {
  return {
    id: example.id,
    subject: example.subject,
    description: example.text,
    requester: example.requester ?? { name: '', email: '' },
    attachments: example.attachments ?? [],
    ...(example.created_at ? { created_at: example.created_at } : {}),
  };
}
