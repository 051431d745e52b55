import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the playbook and its model file are, in a module of its own (no YAML parser, no
 * schema) so that the service's main thread can name them in its messages cheaply.
 */

/** The shipped playbook. */
export const DEFAULT_PLAYBOOK_PATH = fileURLToPath(new URL('./playbook.yaml', import.meta.url));

/** Where `npm run train` writes the shipped playbook's model, which start-up loads. */
export const DEFAULT_MODEL_PATH = fileURLToPath(new URL('./model.bin', import.meta.url));

/** Whether `playbookPath` is a playbook of one's own (PLAYBOOK_PATH), not the shipped one. */
export function isCustomPlaybook(playbookPath: string | undefined): playbookPath is string {
  return playbookPath !== undefined && resolve(playbookPath) !== resolve(DEFAULT_PLAYBOOK_PATH);
}

/**
 * The model file that goes with a playbook: the shipped one's (src/playbook/model.bin), or
 * `model.bin` in the custom playbook's folder, where `signin-triage train --playbook PATH`
 * writes it (one playbook per folder, like its `corpus/`).
 */
export function modelPathFor(playbookPath?: string): string {
  return isCustomPlaybook(playbookPath) ? join(dirname(resolve(playbookPath)), 'model.bin') : DEFAULT_MODEL_PATH;
}

/** The command that writes the model file of a playbook. */
export function trainCommandFor(playbookPath?: string): string {
  return isCustomPlaybook(playbookPath) ? `signin-triage train --playbook ${playbookPath}` : 'npm run train';
}
