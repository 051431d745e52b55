import { writeFile } from 'node:fs/promises';
import cliProgress from 'cli-progress';

import { loadConfig } from '../../config.js';
import { createRedisClient } from '../../queue/create-redis-client.js';
import { ADOPT_THRESHOLDS_HINT } from '../../report/adopt-thresholds.js';
import { computeQualityReport, type QualityReport } from '../../report/compute-quality-report.js';
import { loadChartLibrary } from '../../report/load-chart-library.js';
import { percent, renderQualityHtml } from '../../report/render-quality-html.js';
import { parseTruthTags, TruthTagsError, type TruthTagMap } from '../../report/truth-tags.js';
import { createFeedbackStore } from '../../store/feedback-store.js';
import { loadTriage } from '../../triage/load-triage.js';
import { withTimeout } from '../../util/with-timeout.js';
import { createZendeskClient } from '../../zendesk/client.js';
import { UsageError, type Command, type CommandIo } from '../command.js';
import { parseSince } from './sweep.js';
import { DEFAULT_REQUESTS_PER_MINUTE, runBacktest, type BacktestProgress } from './backtest-run.js';

const REDIS_CONNECT_TIMEOUT_MS = 5_000;

export interface BacktestArgs {
  since: Date;
  until?: Date;
  limit?: number;
  out: string;
  jsonl: string;
  state: string;
  truthTags: string;
  restart: boolean;
  requestsPerMinute: number;
}

export function parseArgs(args: string[], now: Date): BacktestArgs {
  const values: Partial<Record<string, string>> = {};
  let restart = false;
  const known = ['--since', '--until', '--limit', '--out', '--jsonl', '--state', '--truth-tags', '--requests-per-minute'];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg === '--restart') {
      restart = true;
    } else if (known.includes(arg)) {
      const value = args[++index];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      values[arg] = value;
    } else {
      throw new UsageError(`unknown argument ${arg}`);
    }
  }
  if (!values['--since']) throw new UsageError('--since is required (e.g. 90d, or 2026-09-01T00:00:00Z)');
  if (!values['--out']) throw new UsageError('--out FILE is required (the HTML report)');
  if (!values['--jsonl']) throw new UsageError('--jsonl FILE is required (one line per ticket)');
  const since = parseSince(values['--since'], now);
  const until = values['--until'] ? parseSince(values['--until'], now) : undefined;
  if (until && until <= since) throw new UsageError('--until must be after --since');
  const limit = values['--limit'] === undefined ? undefined : wholeNumber('--limit', values['--limit'], 1_000_000);
  const requestsPerMinute =
    values['--requests-per-minute'] === undefined
      ? DEFAULT_REQUESTS_PER_MINUTE
      : wholeNumber('--requests-per-minute', values['--requests-per-minute'], 100_000);
  return {
    since,
    ...(until ? { until } : {}),
    ...(limit ? { limit } : {}),
    out: values['--out'],
    jsonl: values['--jsonl'],
    state: values['--state'] ?? `${values['--jsonl']}.state.json`,
    truthTags: values['--truth-tags'] ?? '',
    restart,
    requestsPerMinute,
  };
}

function wholeNumber(option: string, value: string, max: number): number {
  if (!/^\d{1,7}$/.test(value) || Number(value) < 1 || Number(value) > max)
    throw new UsageError(`${option} needs a whole number from 1 to ${max} (got "${value.slice(0, 20)}")`);
  return Number(value);
}

export const command: Command = {
  name: 'backtest',
  summary: "Classify the account's past tickets read-only; write a JSONL and an HTML quality report",
  usage: [
    'Usage: signin-triage backtest --since 90d [--until 30d|ISO-TIME] [--limit N] --out report.html --jsonl results.jsonl',
    '                              [--truth-tags tag=issue,…] [--state FILE] [--restart] [--requests-per-minute N]',
    '',
    "Reads the tickets created since --since (and before --until) through Zendesk's incremental export,",
    'classifies each with the current model and writes NO tag and NO note. Outputs:',
    '  --jsonl  one line per ticket: id, issue, confidence, band, abstained, missing, language, at (creation',
    '           time), truth and truthSource when known. Never ticket text.',
    '  --out    one self-contained HTML report (opens offline): agreement, per-issue precision/recall,',
    '           precision-at-coverage curve, proposed thresholds for 97% precision.',
    "Ground truth, strongest first: agents' corrections (read from REDIS_URL when set), our signin_issue_*",
    'tag on a corrected ticket, --truth-tags (a tag the team uses = a playbook issue, e.g.',
    'legacy_login=legacy-credentials,sso_broken=verification-error), our signin_issue_* tag as left.',
    'Interrupted? Run the same command again: it continues from the state file (default <jsonl>.state.json);',
    "--restart starts over. Requests are paced: export pages at 10/min (Zendesk's limit), other calls at",
    `--requests-per-minute (default ${DEFAULT_REQUESTS_PER_MINUTE}, a share of the account's API budget).`,
    'Needs the ZENDESK_* settings of the server.',
  ].join('\n'),
  async run(args, io) {
    const parsed = parseArgs(args, new Date());
    const config = loadConfig(io.env);
    if (config.zendesk === null)
      throw new UsageError('set ZENDESK_SUBDOMAIN (or ZENDESK_URL) and ZENDESK_EMAIL + ZENDESK_API_TOKEN (or ZENDESK_OAUTH_TOKEN)');
    const triage = loadTriage();
    const issues = triage.playbook.issues.map((issue) => issue.id);
    let truthTags: TruthTagMap;
    try {
      truthTags = parseTruthTags(parsed.truthTags, issues);
    } catch (error) {
      if (error instanceof TruthTagsError) throw new UsageError(error.message);
      throw error;
    }
    const corrections = await readCorrections(config, io);
    const zendesk = createZendeskClient({ ...config.zendesk, timeoutMs: config.zendeskTimeoutMs });

    const bar = progressBar(io);
    const result = await runBacktest({
      zendesk,
      classify: (ticket) => triage.classify(ticket),
      since: parsed.since,
      ...(parsed.until ? { until: parsed.until } : {}),
      ...(parsed.limit ? { limit: parsed.limit } : {}),
      truthTags,
      issues,
      corrections: new Map(corrections.map((c) => [c.ticketId, c.correctIssue])),
      jsonlPath: parsed.jsonl,
      statePath: parsed.state,
      restart: parsed.restart,
      requestsPerMinute: parsed.requestsPerMinute,
      onProgress: bar.update,
      onNotice: (message) => bar.log(message),
    }).finally(() => bar.stop());

    const { state } = result;
    const report = computeQualityReport({
      title: 'signin-triage back-test',
      subtitle: `${result.tickets.length} tickets created ${state.since.slice(0, 10)} – ${(state.until ?? new Date().toISOString()).slice(0, 10)}, classified with the current model (${triage.trainingExamples} training examples); nothing was written to Zendesk`,
      tickets: result.tickets,
      corrections: corrections.filter((c) => result.tickets.some((t) => t.id === c.ticketId)),
      issues,
      currentThresholds: { abstain: triage.thresholds.abstain, high: triage.thresholds.high },
      now: new Date(),
    });
    await writeFile(
      parsed.out,
      renderQualityHtml(report, { chartLibrary: loadChartLibrary(), zendeskBaseUrl: zendesk.baseUrl, adoptionHint: ADOPT_THRESHOLDS_HINT }),
    );
    io.stdout.write(summary(report, result.resumedFrom, result.skipped.length, parsed) + '\n');
    return 0;
  },
};

function summary(report: QualityReport, resumedFrom: number, skipped: number, args: BacktestArgs): string {
  const lines = [
    `Classified ${report.count} tickets${resumedFrom > 0 ? ` (${resumedFrom} of them in the interrupted run)` : ''}${skipped > 0 ? `, skipped ${skipped}` : ''}; nothing was written to Zendesk.`,
    `High confidence ${percent(report.highShare)}, abstained ${percent(report.abstainRate)}.`,
  ];
  if (report.labelled) {
    lines.push(`Agreement ${percent(report.labelled.agreement)} on ${report.labelled.count} tickets with a known truth.`);
    const { high, abstain } = report.thresholds;
    lines.push(
      `For ${percent(report.thresholds.target)} precision: high-confidence threshold ${high ? high.threshold.toFixed(3) : 'none found'}, abstain threshold ${abstain ? abstain.threshold.toFixed(3) : 'none found'}.`,
    );
  } else {
    lines.push('No ticket with a known truth: pass --truth-tags to measure agreement.');
  }
  lines.push(`Wrote ${args.jsonl} and ${args.out}.`);
  return lines.join('\n');
}

/** Agents' corrections from the service's Redis, when REDIS_URL is set (read-only use). */
async function readCorrections(config: ReturnType<typeof loadConfig>, io: CommandIo) {
  if (config.redisUrl === null) {
    io.stderr.write("REDIS_URL is not set: agents' recorded corrections are not used as ground truth.\n");
    return [];
  }
  const redis = createRedisClient(config.redisUrl, 'producer');
  try {
    await withTimeout(
      redis.status === 'ready' ? Promise.resolve() : new Promise((resolve) => redis.once('ready', resolve)),
      REDIS_CONNECT_TIMEOUT_MS,
      `Redis at REDIS_URL did not answer within ${REDIS_CONNECT_TIMEOUT_MS} ms`,
    );
    const store = createFeedbackStore({ redis, prefix: config.queuePrefix, retentionDays: config.feedbackRetentionDays });
    return (await store.list()).map((record) => ({
      ticketId: record.ticketId,
      previousIssue: record.previousIssue,
      correctIssue: record.correctIssue,
      createdAt: record.createdAt,
    }));
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

/** cli-progress on a terminal (done / total / ETA); silent otherwise, so piped output stays clean. */
function progressBar(io: CommandIo) {
  const stream = io.stderr as NodeJS.WriteStream;
  if (!stream.isTTY) {
    return { update: (_progress: BacktestProgress) => {}, log: (message: string) => void io.stderr.write(`${message}\n`), stop: () => {} };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: 'back-test [{bar}] {value}/{total} tickets | {percentage}% | ETA {eta_formatted} | skipped {skipped}',
      etaBuffer: 50,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(progress: BacktestProgress) {
      if (!started) {
        bar.start(progress.total, progress.done, { skipped: progress.skipped });
        started = true;
      }
      bar.setTotal(progress.total);
      bar.update(progress.done, { skipped: progress.skipped });
    },
    log(message: string) {
      stream.write(`\n${message}\n`);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
