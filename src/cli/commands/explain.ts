import { UsageError, type Command } from '../command.js';
import { loadTriage } from '../../triage/load-triage.js';
import { renderNote } from '../../note/render-note.js';

export const command: Command = {
  name: 'explain',
  summary: 'Diagnose one ticket given as text and show why (evidence, ranking, missing data, note)',
  usage: [
    'Usage: signin-triage explain [--subject S] [--requester EMAIL] [--attach TYPE]... [TEXT | -]',
    '',
    'TEXT is the customer message; "-" or no TEXT reads it from stdin.',
    '--attach adds an attachment of that content type (e.g. image/png). --json prints the diagnosis.',
  ].join('\n'),
  async run(args, io) {
    let subject = '';
    let requester = '';
    let asJson = false;
    const attachments: { file_name: string; content_type: string }[] = [];
    const words: string[] = [];
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
      else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
      else words.push(arg);
    }
    let text = words.join(' ');
    if (!text || text === '-') {
      const chunks: Buffer[] = [];
      for await (const chunk of io.stdin) chunks.push(Buffer.from(chunk as Buffer));
      text = Buffer.concat(chunks).toString('utf8');
    }
    if (!text.trim() && !subject.trim()) throw new UsageError('give the ticket text (argument or stdin)');
    const triage = loadTriage();
    const diagnosis = triage.classify({
      id: 'explain',
      subject,
      description: text,
      requester: { name: '', email: requester },
      attachments,
    });
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
