import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';

import { Redis } from 'ioredis';

import { loadConfig } from '../../config.js';
import { redisOptionsFromUrl } from '../../queue/redis-connection-options.js';
import { createFeedbackStore, type FeedbackRecord } from '../../store/feedback-store.js';
import { replaceEmails } from '../../triage/fold-text.js';
import { UsageError, type Command } from '../command.js';

/**
 * Replaces each distinct address with `userN@example.com`, the same N for the same address
 * across the whole export, so a masked file still shows "an email is present" (what the
 * escalation check looks for) and which tickets share a person, without the address.
 */
export function createEmailMasker(): (text: string) => string {
  const seen = new Map<string, string>();
  return (text) =>
    replaceEmails(text, (address) => {
      const key = address.toLowerCase();
      let masked = seen.get(key);
      if (!masked) {
        masked = `user${seen.size + 1}@example.com`;
        seen.set(key, masked);
      }
      return masked;
    });
}

/** One line in the sample-tickets.jsonl format, labelled with the agent's issue. */
export function toLabelledLine(record: FeedbackRecord, mask: ((text: string) => string) | null) {
  const clean = mask ?? ((text: string) => text);
  return {
    id: record.ticketId,
    subject: clean(record.subject),
    description: clean(record.text),
    // Not stored (data minimisation): the feedback store keeps only the customer's words.
    requester: { name: '', email: '' },
    attachments: [],
    label: record.language ? { issue: record.correctIssue, lang: record.language } : { issue: record.correctIssue },
  };
}

function parseArgs(args: string[]): { out?: string; maskEmails: boolean } {
  let out: string | undefined;
  let maskEmails = false;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    if (arg === '--mask-emails') maskEmails = true;
    else if (arg === '--out') {
      out = args[++index];
      if (!out) throw new UsageError('--out needs a file path');
    } else throw new UsageError(`unknown argument ${arg}`);
  }
  return out === undefined ? { maskEmails } : { out, maskEmails };
}

export const command: Command = {
  name: 'feedback:export',
  summary: "Export agents' corrections as labelled JSONL (sample-tickets format)",
  usage: [
    'Usage: signin-triage feedback:export [--out FILE] [--mask-emails]',
    '',
    'Reads the corrections agents made in the sidebar ("Wrong diagnosis?") from Redis (REDIS_URL,',
    'QUEUE_PREFIX) and writes one JSON object per line to FILE or stdout:',
    '  {"id", "subject", "description", "requester", "attachments", "label": {"issue", "lang"?}}',
    'Oldest correction first; one line per ticket (its latest correction).',
    '  --mask-emails   replace every email address with userN@example.com (same N for the same address)',
    'The output holds customer text: treat the file as personal data.',
  ].join('\n'),
  async run(args, io) {
    const { out, maskEmails } = parseArgs(args);
    const config = loadConfig(io.env);
    if (config.redisUrl === null) throw new UsageError('set REDIS_URL to the Redis the server uses (the corrections live there)');
    // One attempt, no reconnect loop: a one-shot command should fail fast and say why.
    const options = redisOptionsFromUrl(config.redisUrl);
    const redis = new Redis({ ...options, lazyConnect: true, connectTimeout: 5000, maxRetriesPerRequest: 1, retryStrategy: () => null });
    redis.on('error', () => undefined);
    let records: FeedbackRecord[];
    try {
      await redis.connect().catch((error: unknown) => {
        throw new Error(`cannot connect to Redis at ${options.host}:${options.port} (REDIS_URL): ${(error as Error).message}`);
      });
      records = await createFeedbackStore({ redis, prefix: config.queuePrefix }).list();
    } finally {
      redis.disconnect();
    }
    const mask = maskEmails ? createEmailMasker() : null;
    const target: Writable = out ? createWriteStream(out, { encoding: 'utf8', mode: 0o600 }) : io.stdout;
    for (const record of records) {
      if (!target.write(`${JSON.stringify(toLabelledLine(record, mask))}\n`)) {
        await new Promise((resolve) => target.once('drain', resolve));
      }
    }
    if (out) {
      target.end();
      await finished(target);
    }
    io.stderr.write(`exported ${records.length} correction(s)${out ? ` to ${out}` : ''}\n`);
    return 0;
  },
};
