import { resolve } from 'node:path';

import { findRunningSandbox } from '../../runtime/sandbox-state.js';
import { createZendeskClient } from '../../zendesk/client.js';
import { ZendeskNotFoundError } from '../../zendesk/errors.js';
import { UsageError, type Command } from '../command.js';

/** Marker every note of ours carries (note-footer.ts). */
const OUR_NOTE = 'signin-triage request ';

export function parseArgs(args: string[]): { ticketId: string; dataDir: string } {
  let ticketId: string | undefined;
  let dataDir = '.data';
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg === '--data-dir') {
      const value = args[++index];
      if (!value) throw new UsageError('--data-dir needs a folder');
      dataDir = value;
    } else if (/^\d{1,20}$/.test(arg) && ticketId === undefined) {
      ticketId = arg;
    } else {
      throw new UsageError(`unexpected argument "${arg.slice(0, 40)}" (give one ticket id, digits only)`);
    }
  }
  if (ticketId === undefined) throw new UsageError('give the ticket id, e.g. signin-triage sandbox:show 1001');
  return { ticketId, dataDir: resolve(dataDir) };
}

export const command: Command = {
  name: 'sandbox:show',
  summary: "Print a sandbox ticket's tags and our internal note (the local Zendesk stand-in of `npm start`)",
  usage: [
    'Usage: signin-triage sandbox:show <ticketId> [--data-dir .data]',
    '',
    'Reads the ticket from the Zendesk stand-in that `npm start` runs in sandbox mode (no Zendesk',
    'settings) from this folder, through its Zendesk API, and prints its status, its tags and the',
    'internal notes signin-triage wrote. The customer’s messages are not printed.',
  ].join('\n'),
  async run(args, io) {
    const { ticketId, dataDir } = parseArgs(args);
    const running = findRunningSandbox(dataDir);
    if (running.state === null) {
      io.stderr.write(`signin-triage sandbox:show: no running sandbox found: ${running.problem}\n`);
      return 1;
    }
    const zendesk = createZendeskClient({ baseUrl: running.state.zendeskUrl, auth: running.state.auth, timeoutMs: 5_000 });
    let ticket;
    let comments;
    try {
      ({ ticket } = await zendesk.getTicket(ticketId));
      ({ comments } = await zendesk.listComments(ticketId));
    } catch (error) {
      if (error instanceof ZendeskNotFoundError) {
        io.stderr.write(`signin-triage sandbox:show: the stand-in at ${running.state.zendeskUrl} has no ticket ${ticketId}\n`);
        return 1;
      }
      throw error;
    }
    const notes = comments.filter((comment) => !comment.public && (comment.plain_body ?? comment.body).includes(OUR_NOTE));
    const lines = [
      `Ticket ${ticket.id} (${ticket.status}) in the stand-in at ${running.state.zendeskUrl}`,
      `Tags: ${ticket.tags.length ? ticket.tags.join(' ') : '(none)'}`,
      '',
    ];
    if (notes.length === 0) {
      const triaged = ticket.tags.includes('signin_triage');
      lines.push(
        triaged
          ? 'No internal note of ours: the ticket was diagnosed `other` (tags only; NOTE_ON_OTHER=on adds the note).'
          : 'Not triaged yet (no signin_triage tag): watch the `npm start` log.',
      );
    }
    notes.forEach((note, index) => {
      lines.push(`--- our note ${index + 1} of ${notes.length}, ${note.created_at} ---`, note.plain_body ?? note.body, '');
    });
    io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
