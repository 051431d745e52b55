import { resolve } from 'node:path';

import { loadConfig } from '../../config.js';
import { createTriageQueue } from '../../queue/create-queue.js';
import { createRedisClient } from '../../queue/create-redis-client.js';
import { withDevSecrets } from '../../runtime/dev-secrets.js';
import { ensureLocalRedis } from '../../runtime/local-redis.js';
import { createDiagnosisStore } from '../../store/diagnosis-store.js';
import { createFeedbackStore } from '../../store/feedback-store.js';
import { forgetTicket, type ForgetResult } from '../../store/forget-ticket.js';
import { withTimeout } from '../../util/with-timeout.js';
import { UsageError, type Command } from '../command.js';

const REDIS_CONNECT_TIMEOUT_MS = 5_000;

export function parseArgs(args: string[]): { ticketId: string } {
  let ticketId: string | undefined;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    if (arg === '--ticket') {
      const value = args[++index] ?? '';
      if (!/^\d{1,20}$/.test(value)) throw new UsageError(`--ticket needs a Zendesk ticket id, digits only (got "${value.slice(0, 40)}")`);
      ticketId = value;
    } else {
      throw new UsageError(`unknown argument ${String(arg).slice(0, 40)}`);
    }
  }
  if (ticketId === undefined) throw new UsageError('give the ticket: signin-triage forget --ticket 4711');
  return { ticketId };
}

function describe(result: ForgetResult, prefix: string): string {
  const lines = [
    `Ticket ${result.ticketId} (${prefix}): diagnoses ${result.diagnosis ? 'deleted' : 'none stored'}; agent correction ${result.feedback ? 'deleted' : 'none stored'}; ${result.jobsRemoved} queue job(s) removed.`,
  ];
  if (result.jobsActive > 0) lines.push(`${result.jobsActive} job(s) of the ticket are running now: run forget again once they finish.`);
  return lines.join('\n');
}

export const command: Command = {
  name: 'forget',
  summary: 'Delete what signin-triage holds on a ticket in Redis (a data-deletion request)',
  usage: [
    'Usage: signin-triage forget --ticket <id>',
    '',
    "Deletes the ticket's stored diagnoses (latest and history), the agent's correction (with the",
    "customer's words) and its jobs in the triage queue. Tags and notes written on the ticket in",
    'Zendesk stay: delete or redact the ticket in Zendesk for those. Uses REDIS_URL and QUEUE_PREFIX',
    'of the server (unset REDIS_URL: the local redis-server of `npm start`, under .data/redis).',
  ].join('\n'),
  async run(args, io) {
    const { ticketId } = parseArgs(args);
    const config = loadConfig(withDevSecrets(io.env, resolve('.data')).env);
    const redisUrl = config.redisUrl ?? (await ensureLocalRedis({ dir: resolve('.data', 'redis') })).url;
    // Sandbox mode keeps its data under its own prefix (start-service.ts); forget both there.
    const prefixes = config.zendesk === null ? [config.queuePrefix, `${config.queuePrefix}-sandbox`] : [config.queuePrefix];
    const redis = createRedisClient(redisUrl, 'producer');
    try {
      await withTimeout(
        redis.status === 'ready' ? Promise.resolve() : new Promise((resolveReady) => redis.once('ready', resolveReady)),
        REDIS_CONNECT_TIMEOUT_MS,
        `Redis did not answer within ${REDIS_CONNECT_TIMEOUT_MS} ms`,
      );
      for (const prefix of prefixes) {
        const queue = createTriageQueue({ redisUrl, prefix });
        try {
          const result = await forgetTicket(ticketId, {
            diagnoses: createDiagnosisStore({ redis, prefix }),
            feedback: createFeedbackStore({ redis, prefix }),
            queue,
          });
          io.stdout.write(`${describe(result, prefix)}\n`);
        } finally {
          await queue.close();
        }
      }
      return 0;
    } finally {
      await redis.quit().catch(() => redis.disconnect());
    }
  },
};
