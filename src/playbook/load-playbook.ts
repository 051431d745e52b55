import { readFileSync } from 'node:fs';

import { parseYaml } from './parse-yaml.js';
import { PlaybookError } from './playbook-error.js';
import { DEFAULT_PLAYBOOK_PATH } from './playbook-paths.js';
import { playbookSchema, type Playbook } from './schema.js';

export { PlaybookError } from './playbook-error.js';

export { DEFAULT_PLAYBOOK_PATH } from './playbook-paths.js';

/** Validates an already-parsed playbook; the message names each bad field by its path. */
export function parsePlaybook(data: unknown, origin = 'playbook'): Playbook {
  const result = playbookSchema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues
      .slice(0, 20)
      .map((issue) => `  - ${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
      .join('\n');
    throw new PlaybookError(`${origin} is not a valid playbook:\n${problems}\nFix the file and start again.`);
  }
  return result.data;
}

export function loadPlaybook(path: string = DEFAULT_PLAYBOOK_PATH): Playbook {
  return readPlaybookFile(path).playbook;
}

/** The playbook at `path` and its raw text (the model file's hash covers the text). Throws PlaybookError naming the file. */
export function readPlaybookFile(path: string = DEFAULT_PLAYBOOK_PATH): { playbook: Playbook; text: string } {
  const text = readPlaybookText(path);
  return { playbook: parsePlaybookText(text, path), text };
}

/** The playbook file's text, unparsed. Throws PlaybookError when it cannot be read. */
export function readPlaybookText(path: string = DEFAULT_PLAYBOOK_PATH): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new PlaybookError(`cannot read the playbook at ${path}: ${(error as Error).message}`);
  }
}

/** Parses and validates a playbook's YAML text (read from `path`). Throws PlaybookError naming the file and the field. */
export function parsePlaybookText(text: string, path: string): Playbook {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new PlaybookError(`${path} is not valid YAML: ${(error as Error).message}`);
  }
  return parsePlaybook(data, path);
}
