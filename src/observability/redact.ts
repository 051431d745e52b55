import { replaceEmails } from '../triage/fold-text.js';

/** Masks email addresses in free text (error messages, stack traces) before it is logged. */
export function redactText(text: string): string {
  return replaceEmails(text, '[email]');
}
