import { readJsonl } from '../read-jsonl.js';
import { UsageError, type Command } from '../command.js';
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
    let failures = 0;
    const source = !file || file === '-' ? io.stdin : file;
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
      if (!io.stdout.write(`${JSON.stringify(output)}\n`)) {
        await new Promise((resolve) => io.stdout.once('drain', resolve));
      }
    }
    return failures > 0 ? 1 : 0;
  },
};

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
