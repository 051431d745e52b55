/**
 * The model file's errors, in a module of their own: the service's main thread tells them
 * apart (one line at start-up, no stack) without loading the model file's reader.
 */

/** A model file that is missing, not JSON, of another format or damaged; the message ends with the command that writes it again. */
export class ModelFileError extends Error {
  override name = 'ModelFileError';
}

/**
 * The model file does not fit the playbook in use (missing, broken, or trained from another
 * playbook, corpus or feature code) and this process does not train at start (production).
 * The message says which file, why, and the command that trains it.
 */
export class StaleModelError extends Error {
  override name = 'StaleModelError';
}
