import { readJsonl } from '../read-jsonl.js';
import type { Readable } from 'node:stream';
import { UsageError, type Command, type CommandIo } from '../command.js';
import type { Triage } from '../../triage/create-triage.js';
import { loadTriage } from '../../triage/load-triage.js';
import { ticketSchema } from '../../triage/ticket.js';
import { assertInputFile, emptyTicketWarning } from '../ticket-input.js';

export const command: Command = {
  name: 'classify',
  summary: 'Classify JSONL tickets (FILE or stdin) and print one JSON result per line',
  usage: [
    'Usage: signin-triage classify [FILE] [--playbook PATH]',
    '',
    'Reads tickets as JSON Lines (the format of sample-tickets.jsonl; a "label" field is ignored)',
    'from FILE, or from stdin when FILE is absent or "-". Writes one JSON object per input line, in order:',
    '  {"id", "issue", "confidence", "missing", "language", "evidence"}',
    'A broken line is reported on stderr with its line number; the other lines are still classified,',
    'and the exit code is then 1.',
  ].join('\n'),
  async run(args, io) {
    const { file, playbookPath } = parseArgs(args);
    if (file) assertInputFile(file);
    const triage = loadTriage(playbookPath ? { playbookPath } : {});
    const source = !file || file === '-' ? io.stdin : file;
    const { failures } = await classifyJsonl(source, triage, io);
    return failures > 0 ? 1 : 0;
  },
};

/**
 * Classifies every ticket line of `source` (JSONL, see readJsonl for what a line is) and writes
 * one JSON result per valid line to `stdout`, in input order; each broken line gets one stderr
 * line `line N: <reason>` (a ticket with no text also gets `line N: warning: …`). Resolves with the counts.
 */
export async function classifyJsonl(
  source: string | Readable,
  triage: Pick<Triage, 'classify'>,
  io: Pick<CommandIo, 'stdout' | 'stderr'>,
): Promise<{ classified: number; failures: number }> {
  let failures = 0;
  let classified = 0;
  for await (const line of readJsonl(source, ticketSchema)) {
    if (!line.ok) {
      failures += 1;
      io.stderr.write(`line ${line.lineNumber}: ${line.error}\n`);
      continue;
    }
    const warning = emptyTicketWarning(line.value);
    if (warning) io.stderr.write(`line ${line.lineNumber}: ${warning}\n`);
    const diagnosis = triage.classify(line.value);
    const output = {
      id: line.value.id,
      issue: diagnosis.issue,
      confidence: diagnosis.confidence,
      missing: diagnosis.missing,
      language: diagnosis.language,
      evidence: diagnosis.evidence.map((item) => item.phrase),
    };
    classified += 1;
    if (!io.stdout.write(`${JSON.stringify(output)}\n`)) {
      await new Promise((resolve) => io.stdout.once('drain', resolve));
    }
  }
  return { classified, failures };
}

export function parseArgs(args: string[]): { file?: string; playbookPath?: string } {
  let file: string | undefined;
  let playbookPath: string | undefined;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg === '--playbook') {
      playbookPath = args[++index];
      if (!playbookPath) throw new UsageError('--playbook needs a path');
    } else if (arg.startsWith('--') && arg !== '-') {
      throw new UsageError(`unknown option ${arg}`);
    } else if (file) {
      throw new UsageError('give at most one FILE');
    } else {
      file = arg;
    }
  }
  return { file, playbookPath };
}
