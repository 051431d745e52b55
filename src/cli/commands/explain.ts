import { UsageError, type Command } from '../command.js';
import { readJsonl } from '../read-jsonl.js';
import { assertInputFile, emptyTicketWarning } from '../ticket-input.js';
import { loadTriage } from '../../triage/load-triage.js';
import { ticketSchema, type Ticket } from '../../triage/ticket.js';
import { renderNote } from '../../note/render-note.js';

/** The ticket with `id` in a JSONL file (the classify format); broken lines are skipped and counted. */
async function findTicket(file: string, id: string): Promise<{ ticket: Ticket | null; broken: number }> {
  let broken = 0;
  for await (const line of readJsonl(file, ticketSchema)) {
    if (!line.ok) broken += 1;
    else if (line.value.id === id) return { ticket: line.value, broken };
  }
  return { ticket: null, broken };
}

export const command: Command = {
  name: 'explain',
  summary: 'Diagnose one ticket given as text and show why (evidence, ranking, missing data, note)',
  usage: [
    'Usage: signin-triage explain [--subject S] [--requester EMAIL] [--attach TYPE]... [TEXT | -]',
    '       signin-triage explain --file FILE.jsonl --id ID',
    '',
    'TEXT is the customer message; "-" or no TEXT reads it from stdin. --file and --id explain the',
    'ticket with that id in a JSONL file of tickets (the format classify reads).',
    '--attach adds an attachment of that content type (e.g. image/png). --json prints the diagnosis.',
  ].join('\n'),
  async run(args, io) {
    let subject = '';
    let requester = '';
    let asJson = false;
    const attachments: { file_name: string; content_type: string }[] = [];
    const words: string[] = [];
    let file: string | undefined;
    let id: string | undefined;
    for (let index = 0; index < args.length; index += 1) {
      const arg = args[index]!;
      const next = () => {
        const value = args[++index];
        if (value === undefined) throw new UsageError(`${arg} needs a value`);
        return value;
      };
      if (arg === '--subject') subject = next();
      else if (arg === '--requester') requester = next();
      else if (arg === '--attach') attachments.push({ file_name: `attachment-${attachments.length + 1}`, content_type: next() });
      else if (arg === '--json') asJson = true;
      else if (arg === '--file') file = next();
      else if (arg === '--id') id = next();
      else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
      else words.push(arg);
    }
    if ((file === undefined) !== (id === undefined)) throw new UsageError('--file and --id go together');
    let ticket: Ticket | null = null;
    if (file !== undefined && id !== undefined) {
      if (words.length || subject || requester || attachments.length)
        throw new UsageError('--file/--id take the ticket from the file: drop TEXT, --subject, --requester and --attach');
      assertInputFile(file);
      const found = await findTicket(file, id);
      if (!found.ticket) {
        io.stderr.write(
          `signin-triage explain: no ticket with id ${id.slice(0, 40)} in ${file}${found.broken ? ` (${found.broken} broken line(s) skipped; classify ${file} names them)` : ''}\n`,
        );
        return 1;
      }
      ticket = found.ticket;
      const warning = emptyTicketWarning(ticket);
      if (warning) io.stderr.write(`${warning}\n`);
    }
    let text = words.join(' ');
    if (!ticket && (!text || text === '-')) {
      const chunks: Buffer[] = [];
      for await (const chunk of io.stdin) chunks.push(Buffer.from(chunk as Buffer));
      text = Buffer.concat(chunks).toString('utf8');
    }
    if (!ticket && !text.trim() && !subject.trim()) throw new UsageError('give the ticket text (argument or stdin), or --file and --id');
    const triage = loadTriage();
    const diagnosis = triage.classify(
      ticket ?? {
        id: 'explain',
        subject,
        description: text,
        requester: { name: '', email: requester },
        attachments,
      },
    );
    if (asJson) {
      io.stdout.write(`${JSON.stringify(diagnosis, null, 2)}\n`);
      return 0;
    }
    const lines = [
      `Issue: ${diagnosis.issue}  confidence ${diagnosis.confidence} (${diagnosis.band}${diagnosis.abstained ? `, abstained from ${diagnosis.topIssue}` : ''})  language ${diagnosis.language}`,
      'Ranking:',
      ...diagnosis.ranking.slice(0, 4).map((r) => `  ${r.issue.padEnd(28)} ${r.probability.toFixed(3)}`),
      'Evidence:',
      ...diagnosis.evidence.map((e) => `  [${e.kind}] "${e.phrase}" → ${e.issue} (${e.weight > 0 ? '+' : ''}${e.weight})`),
      'Escalation data:',
      ...(['email', 'timestamp', 'screenshot'] as const).map(
        (field) =>
          `  ${field.padEnd(10)} ${diagnosis.escalation[field].present ? 'present' : 'MISSING'}  ${diagnosis.escalation[field].reason}`,
      ),
      '',
      '--- internal note (text) ---',
      renderNote(diagnosis, triage.playbook).text,
    ];
    io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
