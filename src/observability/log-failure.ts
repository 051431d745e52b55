import type { Logger } from './logger.js';
import { redactText } from './redact.js';

/** The stable, text-free fields of an error (name, status, endpoint, code…), for a one-line log. */
export function errorFields(error: Error): Record<string, string | number | boolean> {
  const fields: Record<string, string | number | boolean> = { name: error.name };
  for (const [key, value] of Object.entries(error)) {
    // Own primitive properties only: typed errors carry their data there (status, endpoint,
    // kind, errorCode; a system error's code, syscall, port), never the ticket or a secret.
    if (key === 'message' || key === 'stack') continue;
    if (typeof value === 'number' || typeof value === 'boolean') fields[key] = value;
    else if (typeof value === 'string' && value.length <= 200) fields[key] = redactText(value);
  }
  return fields;
}

/** errorFields plus the (redacted) message: an error's whole story in one log field, without its stack. */
export function errorSummary(error: unknown): Record<string, string | number | boolean> {
  if (!(error instanceof Error)) return { name: typeof error, message: redactText(String(error)).slice(0, 500) };
  return { ...errorFields(error), message: redactText(error.message) };
}

/**
 * Logs an expected failure whose typed error already says what is wrong and what to do
 * (a ZendeskError, a Redis connection error) as ONE line:
 * `<context>: <error message>[. <consequence>]`, with the error's fields under `error`. Its
 * stack, useless to an operator, goes to debug level only. Errors that may be bugs should be
 * logged with `{ err }` instead (stack included).
 */
export function logFailureLine(
  log: Logger,
  level: 'warn' | 'error' | 'fatal',
  error: Error,
  line: { context: string; consequence?: string; fields?: Record<string, unknown> },
): void {
  let message = redactText(error.message).trimEnd();
  // The context's sentence goes on after it: no double full stop.
  while (message.endsWith('.')) message = message.slice(0, -1);
  log[level](
    { ...line.fields, error: errorFields(error) },
    `${line.context}: ${message}${line.consequence ? `. ${line.consequence}` : ''}`,
  );
  log.debug({ ...line.fields, err: error }, `${line.context} (stack)`);
}
