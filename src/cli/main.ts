import type { Command, CommandIo } from './command.js';
import { UsageError } from './command.js';

// Each command lives in its own module and is loaded only when asked for, so that
// `classify` does not pay for BullMQ and `sweep` does not train the model twice.
const COMMANDS: Record<string, () => Promise<{ command: Command }>> = {
  backtest: () => import('./commands/backtest.js'),
  classify: () => import('./commands/classify.js'),
  eval: () => import('./commands/eval.js'),
  'eval-replies': () => import('./commands/eval-replies.js'),
  explain: () => import('./commands/explain.js'),
  'feedback:export': () => import('./commands/feedback-export.js'),
  forget: () => import('./commands/forget.js'),
  'sandbox:show': () => import('./commands/sandbox-show.js'),
  sweep: () => import('./commands/sweep.js'),
  train: () => import('./commands/train.js'),
  'zendesk:install': () => import('./commands/zendesk-install.js'),
  'zendesk:uninstall': () => import('./commands/zendesk-uninstall.js'),
};

function defaultIo(): CommandIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
}

async function printHelp(io: CommandIo): Promise<void> {
  const lines = ['Usage: signin-triage <command> [options]', '', 'Commands:'];
  for (const load of Object.values(COMMANDS)) {
    const { command } = await load();
    lines.push(`  ${command.name.padEnd(18)} ${command.summary}`);
  }
  lines.push('', 'Run `signin-triage <command> --help` for its options.');
  io.stdout.write(lines.join('\n') + '\n');
}

export async function main(argv: string[], io: CommandIo = defaultIo()): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    await printHelp(io);
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr.write(`signin-triage: unknown command "${name}". Known: ${Object.keys(COMMANDS).join(', ')}\n`);
    return 2;
  }
  const { command } = await load();
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`signin-triage ${name}: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    io.stderr.write(`signin-triage ${name}: ${(error as Error).message}\n`);
    return 1;
  }
}
