import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let parse: (typeof import('yaml'))['parse'] | undefined;

/**
 * yaml's `parse`, loaded on first use (its Node entry is CommonJS, so `require` gives the very
 * module an import would): a start-up that takes the playbook from the model file never parses
 * YAML, and does not pay the 40 ms of loading the parser. Throws yaml's errors.
 */
export function parseYaml(text: string): unknown {
  parse ??= (require('yaml') as typeof import('yaml')).parse;
  return parse(text);
}
