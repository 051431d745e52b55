import { existsSync } from 'node:fs';

import { UsageError, type Command } from '../command.js';
import { readJsonl } from '../read-jsonl.js';
import { percentRange } from '../../eval/accuracy-interval.js';
import { computeMetrics, toEvalCase, type EvalCase } from '../../eval/compute-metrics.js';
import { setName } from '../../eval/evaluation-sets.js';
import { labelledTicketSchema } from '../../eval/labelled-ticket.js';
import { REPLY_POLICIES, scoreReplyPolicies, toReplyCase, type ReplyCase } from '../../eval/reply-eval.js';
import { ESCALATION_FIELDS } from '../../triage/diagnosis.js';
import { loadTriage } from '../../triage/load-triage.js';

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

export const command: Command = {
  name: 'eval-replies',
  summary: "Score how the customer's reply changes the diagnosis, under each re-evaluation policy",
  usage: [
    'Usage: signin-triage eval-replies FILE... [--playbook PATH] [--errors]',
    '',
    'Each FILE holds labelled conversations: a ticket (sample-tickets.jsonl format) whose `conversation`',
    "holds our request to the customer (from_requester false) and the customer's reply (from_requester true);",
    'label.issue is the truth, label.missing what the whole conversation still lacks.',
    'Diagnoses the first message alone, then the whole conversation, and prints, per FILE and for all pooled, the issue accuracy after',
    'the reply when the worker keeps the first issue, re-evaluates as shipped (triage/reply-policy.ts), as',
    'issue #12 did (low band only) or always; and the missing-data F1 after the reply.',
    '--errors lists the conversations the shipped policy gets wrong.',
  ].join('\n'),
  async run(args, io) {
    const files: string[] = [];
    let playbookPath: string | undefined;
    let errors = false;
    for (let i = 0; i < args.length; i += 1) {
      const arg = args[i]!;
      if (arg === '--playbook') {
        playbookPath = args[++i];
        if (!playbookPath) throw new UsageError('--playbook needs a PATH');
      } else if (arg === '--errors') errors = true;
      else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
      else files.push(arg);
    }
    if (files.length === 0) throw new UsageError('give labelled conversation FILEs (e.g. eval/replies-1.jsonl)');
    const absent = files.filter((file) => !existsSync(file));
    if (absent.length > 0) {
      io.stderr.write(`${absent.map((file) => `file not found: ${file}`).join('\n')}\n`);
      return 1;
    }
    const triage = loadTriage(playbookPath ? { playbookPath } : {});
    const sets: Array<{ name: string; cases: ReplyCase[]; afterCases: EvalCase[] }> = [];
    let failures = 0;
    for (const file of files) {
      const set = { name: setName(file), cases: [] as ReplyCase[], afterCases: [] as EvalCase[] };
      sets.push(set);
      for await (const line of readJsonl(file, labelledTicketSchema)) {
        if (!line.ok) {
          failures += 1;
          io.stderr.write(`${file} line ${line.lineNumber}: ${line.error}\n`);
          continue;
        }
        const read = toReplyCase(line.value, (input) => triage.classify(input));
        if (!read) {
          io.stderr.write(`${file} line ${line.lineNumber}: skipped, its conversation has no reply from the requester\n`);
          continue;
        }
        set.cases.push(read.replyCase);
        set.afterCases.push(toEvalCase(line.value, read.afterReply));
      }
    }
    const cases = sets.flatMap((set) => set.cases);
    if (cases.length === 0) {
      // Rates of nothing (0–100%, F1 1.000) would read as a result.
      io.stderr.write(
        `no conversation to score: no line of ${files.join(', ')} holds a ticket whose conversation has a reply from the requester\n`,
      );
      return 1;
    }
    const bandOf = (c: ReplyCase) => (c.baseline.abstained ? 'abstained' : c.baseline.band);
    const report = (title: string, setCases: ReplyCase[], afterCases: EvalCase[]): string[] => {
      const lines = [`${title}: ${setCases.length} conversations (first message, our request, the customer's reply)`, ''];
      lines.push(
        `First message alone: ${(['high', 'medium', 'low', 'abstained'] as const)
          .map((band) => {
            const inBand = setCases.filter((c) => bandOf(c) === band);
            const right = inBand.filter((c) => c.baseline.issue === c.expectedIssue).length;
            return `${band} ${inBand.length} (${right} right)`;
          })
          .join(', ')}`,
        '',
        'Issue right after the reply, by re-evaluation policy:',
        `  ${'policy'.padEnd(44)} ${'right'.padStart(14)}  95% interval  re-evaluated  fixed  broken`,
      );
      for (const score of scoreReplyPolicies(setCases, triage.playbook)) {
        lines.push(
          `  ${score.policy.padEnd(44)} ${`${score.right} (${pct(score.total ? score.right / score.total : 0)})`.padStart(14)}  ${percentRange(score.interval).padStart(12)}  ${String(score.reevaluated).padStart(12)}  ${String(score.fixed).padStart(5)}  ${String(score.broken).padStart(6)}`,
        );
      }
      lines.push('  (fixed and broken: against keeping the first message’s issue)');
      const after = computeMetrics(
        afterCases,
        triage.playbook.issues.map((issue) => issue.id),
      );
      lines.push(
        '',
        `Missing-data F1 after the reply: ${ESCALATION_FIELDS.map((field) => `${field} ${after.missingF1[field].f1.toFixed(3)}`).join(', ')}; exact missing list ${pct(after.missingExactMatch)}`,
      );
      return lines;
    };
    // One block per set with conversations, then all of them pooled when there are several.
    const scored = sets.filter((set) => set.cases.length > 0);
    const blocks = scored.map((set) => report(set.name, set.cases, set.afterCases));
    if (scored.length > 1)
      blocks.push(
        report(
          'All sets',
          cases,
          scored.flatMap((set) => set.afterCases),
        ),
      );
    const lines = blocks.flatMap((block, index) => (index === 0 ? block : ['', ...block]));
    io.stdout.write(`${lines.join('\n')}\n`);
    if (errors) {
      for (const c of cases) {
        const redo = REPLY_POLICIES[0]!.reevaluates(c.baseline, c.afterReply, triage.playbook, c.replyAlone);
        const issue = redo ? c.afterReply.issue : c.baseline.issue;
        if (issue !== c.expectedIssue) {
          io.stdout.write(
            `${c.id}: expected ${c.expectedIssue}, first message ${c.baseline.issue} (${bandOf(c)}), after the reply ${c.afterReply.issue} (${c.afterReply.abstained ? 'abstained' : c.afterReply.band})${redo ? '' : ', kept'}\n`,
          );
        }
      }
    }
    return failures > 0 ? 1 : 0;
  },
};
