import { existsSync, statSync } from 'node:fs';

/** A FILE argument that does not exist (or is a folder): the message is "file not found: PATH". */
export class FileNotFoundError extends Error {
  override name = 'FileNotFoundError';
  constructor(readonly path: string) {
    super(`file not found: ${path}`);
  }
}

/** Throws FileNotFoundError unless `path` is "-" (stdin) or a readable regular file. */
export function assertInputFile(path: string): void {
  if (path === '-') return;
  if (!existsSync(path) || !statSync(path).isFile()) throw new FileNotFoundError(path);
}

/**
 * The warning for a ticket with neither subject nor description (nor a follow-up): it can only
 * be classified `other`, which is most likely a mistake in the input (wrong field names).
 */
export function emptyTicketWarning(ticket: {
  subject: string;
  description: string;
  conversation?: readonly { body?: string }[];
}): string | null {
  const followUps = (ticket.conversation ?? []).some((message) => (message.body ?? '').trim() !== '');
  if (ticket.subject.trim() !== '' || ticket.description.trim() !== '' || followUps) return null;
  return 'warning: no subject and no description (the fields are "subject" and "description"); classified from nothing';
}
