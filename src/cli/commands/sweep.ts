import { loadConfig } from '../../config.js';
import { createTriageQueue } from '../../queue/create-queue.js';
import { createRedisClient } from '../../queue/create-redis-client.js';
import { createDiagnosisStore } from '../../store/diagnosis-store.js';
import { createQuarantineStore } from '../../store/quarantine-store.js';
import { runSweep, SWEEP_MAX_PAGES } from '../../sweep/run-sweep.js';
import { createZendeskClient } from '../../zendesk/client.js';
import { createZendeskPause } from '../../zendesk/zendesk-pause.js';
import { withTimeout } from '../../util/with-timeout.js';
import { UsageError, type Command } from '../command.js';

/** How long the CLI waits for Redis before giving up, in milliseconds. */
const REDIS_CONNECT_TIMEOUT_MS = 5_000;

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `2h`, `30m`, `1d`, `90s` (before `now`) or an ISO 8601 time with a zone. */
export function parseSince(value: string, now: Date): Date {
  const duration = /^(\d{1,6})([smhd])$/.exec(value.trim());
  if (duration) return new Date(now.getTime() - Number(duration[1]) * UNIT_MS[duration[2] as keyof typeof UNIT_MS]);
  if (/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value.trim())) {
    const date = new Date(value.trim());
    if (!Number.isNaN(date.getTime())) {
      if (date > now) throw new UsageError(`--since ${value} is in the future`);
      return date;
    }
  }
  throw new UsageError(`--since must be a duration like 2h, 30m, 1d or an ISO time like 2026-11-20T10:00:00Z (got "${value}")`);
}

export function parseArgs(args: string[], now: Date): { since?: Date; maxPages: number } {
  let since: Date | undefined;
  let maxPages = SWEEP_MAX_PAGES;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    if (arg === '--since') {
      const value = args[++index];
      if (!value) throw new UsageError('--since needs a value');
      since = parseSince(value, now);
    } else if (arg === '--max-pages') {
      const value = args[++index] ?? '';
      if (!/^\d{1,3}$/.test(value) || Number(value) < 1)
        throw new UsageError(`--max-pages needs a whole number from 1 to 999 (got "${value}")`);
      maxPages = Number(value);
    } else {
      throw new UsageError(`unknown argument ${arg}`);
    }
  }
  return since ? { since, maxPages } : { maxPages };
}

export const command: Command = {
  name: 'sweep',
  summary: 'Queue tickets whose webhook never arrived (catch-up from the incremental export)',
  usage: [
    'Usage: signin-triage sweep [--since 2h|ISO-TIME] [--max-pages N]',
    '',
    'Reads the Zendesk incremental ticket export and queues every ticket created since the',
    'sweep horizon that has no signin_triage tag (job id ticket-<id>-created, so a ticket whose',
    'webhook arrived is not queued twice). Without --since it continues from the cursor saved',
    'in Redis by the last sweep (the worker also sweeps every SWEEP_INTERVAL_MINUTES).',
    '  --since      rescan tickets changed since then: 2h, 30m, 1d, or 2026-11-20T10:00:00Z',
    `  --max-pages  export pages to read (default ${SWEEP_MAX_PAGES}; Zendesk allows 10 requests/min)`,
    'Needs REDIS_URL, QUEUE_PREFIX and the ZENDESK_* settings of the server.',
  ].join('\n'),
  async run(args, io) {
    const { since, maxPages } = parseArgs(args, new Date());
    const config = loadConfig(io.env);
    if (config.redisUrl === null)
      throw new UsageError('set REDIS_URL to the Redis the worker uses (the queue and the sweep cursor live there)');
    if (config.zendesk === null)
      throw new UsageError('set ZENDESK_SUBDOMAIN (or ZENDESK_URL) and ZENDESK_EMAIL + ZENDESK_API_TOKEN (or ZENDESK_OAUTH_TOKEN)');

    const redis = createRedisClient(config.redisUrl, 'producer');
    const queue = createTriageQueue({ redisUrl: config.redisUrl, prefix: config.queuePrefix });
    try {
      // Fail-fast clients refuse commands until connected: wait for both, briefly.
      await withTimeout(
        Promise.all([
          queue.waitUntilReady(),
          redis.status === 'ready' ? undefined : new Promise((resolve) => redis.once('ready', resolve)),
        ]),
        REDIS_CONNECT_TIMEOUT_MS,
        `Redis at REDIS_URL did not answer within ${REDIS_CONNECT_TIMEOUT_MS} ms`,
      );
      const zendesk = createZendeskClient({ ...config.zendesk, timeoutMs: config.zendeskTimeoutMs });
      const result = await runSweep({
        zendesk,
        queue,
        redis,
        prefix: config.queuePrefix,
        store: createDiagnosisStore({ redis, prefix: config.queuePrefix }),
        quarantine: createQuarantineStore({ redis, prefix: config.queuePrefix }),
        maxPages,
        scope: config.triageScope,
        // Shares the workers' "Zendesk said wait" window, in both directions.
        pause: createZendeskPause({ redis, prefix: config.queuePrefix }),
        ...(since ? { since } : {}),
      });
      if (result.paused) {
        io.stderr.write('Zendesk asked us to wait (rate limit, 429): nothing was read; try again in a minute.\n');
        return 1;
      }
      io.stdout.write(
        [
          `Scanned ${result.scanned} changed tickets in ${result.pages} export page(s) (horizon ${result.horizon}).`,
          `Queued ${result.queued}, retried ${result.retried} failed job(s), ${result.alreadyQueued} already queued, ${result.ignored} not needing triage, ${result.outOfScope} out of TRIAGE_SCOPE${result.quarantined > 0 ? `, ${result.quarantined} quarantined as poison tickets (see the log of the worker)` : ''}.`,
          ...(result.malformed > 0
            ? [`Skipped ${result.malformed} export record(s) that are not valid tickets (their ids are in the log).`]
            : []),
          result.endOfStream ? 'Reached the end of the export.' : 'More changes remain: the next sweep continues from the saved cursor.',
        ].join('\n') + '\n',
      );
      return 0;
    } finally {
      await queue.close();
      await redis.quit().catch(() => redis.disconnect());
    }
  },
};
