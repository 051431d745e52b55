/**
 * A playbook or corpus file that cannot be read or is not valid; the message names the file and
 * the field. In a module of its own so that the service's main thread can tell it apart (one
 * line at start-up) without loading the YAML parser and the schema.
 */
export class PlaybookError extends Error {
  override name = 'PlaybookError';
}
