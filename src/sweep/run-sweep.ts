import type { Redis } from 'ioredis';

import type { Logger } from '../observability/logger.js';
import type { TriageQueue } from '../queue/create-queue.js';
import { enqueueTriageJob } from '../queue/enqueue-triage-job.js';
import type { DiagnosisStore } from '../store/diagnosis-store.js';
import type { QuarantineStore } from '../store/quarantine-store.js';
import { TRIAGE_TAG } from '../triage/compute-tags.js';
import type { ZendeskClient } from '../zendesk/client.js';
import type { ZendeskTicket } from '../zendesk/schemas.js';
import { TRIAGE_JOB_RETRY_OPTIONS } from '../queue/triage-job-retry.js';
import type { ZendeskPause } from '../zendesk/zendesk-pause.js';
import { ZendeskRateLimitError } from '../zendesk/errors.js';
import { testTicketScope, type TriageScope } from '../scope/triage-scope.js';

/** The incremental export allows 10 requests a minute; a sweep uses at most half of that. */
export const SWEEP_MAX_PAGES = 5;
/** First sweep without a saved cursor: look back this far, in milliseconds. */
export const SWEEP_FIRST_LOOKBACK_MS = 60 * 60 * 1000;
/** The export refuses start times in the future and leaves out the last minute anyway. */
const EXPORT_LAG_MS = 60 * 1000;
/** Tickets Zendesk can no longer update (or that are gone). */
const SKIPPED_STATUSES = new Set(['closed', 'deleted']);

export interface SweepOptions {
  zendesk: Pick<ZendeskClient, 'incrementalTicketsSince'>;
  queue: TriageQueue;
  /** Holds the sweep's cursor and horizon under `<prefix>:sweep:v1`. */
  redis: Pick<Redis, 'hgetall' | 'hset'>;
  prefix: string;
  /** Tickets with a stored diagnosis (e.g. from shadow mode) are not queued again. */
  store?: Pick<DiagnosisStore, 'get'>;
  /**
   * Scan tickets changed since this time instead of continuing from the saved cursor; also
   * widens the horizon (oldest creation time that counts) to it.
   */
  since?: Date;
  log?: Logger;
  now?: () => Date;
  /** @defaultValue SWEEP_MAX_PAGES */
  maxPages?: number;
  /** The workers' shared "Zendesk said wait": a paused sweep skips its run, and a 429 extends the pause. */
  pause?: ZendeskPause;
  /** TRIAGE_SCOPE: only tickets in it are queued. @defaultValue null (every ticket) */
  scope?: TriageScope | null;
  /** Called per untagged new ticket outside the scope, with the kind it failed (metrics). */
  onOutOfScope?: (kind: string) => void;
  /** Called per export record that did not parse (metrics); it is skipped either way. */
  onMalformed?: (record: { id: number | null; path: string }) => void;
  /** Poison tickets (their triage killed the worker on every start) are not queued again. */
  quarantine?: Pick<QuarantineStore, 'get'>;
}

export interface SweepResult {
  pages: number;
  scanned: number;
  /** New triage jobs. */
  queued: number;
  /** Failed jobs whose retries were exhausted (e.g. a Zendesk outage), retried now. */
  retried: number;
  /** Untagged tickets whose job already exists (queued, running, or finished recently). */
  alreadyQueued: number;
  /** Changed tickets that carry the triage tag, have a stored diagnosis, were created before the horizon, or are closed. */
  ignored: number;
  /** Untagged new tickets outside TRIAGE_SCOPE. */
  outOfScope: number;
  /** Export records that did not parse as a ticket: logged by id and skipped. */
  malformed: number;
  /** Untagged tickets left alone because they are quarantined as poison tickets. */
  quarantined: number;
  /** False when the export has more pages; the next sweep continues from the saved cursor. */
  endOfStream: boolean;
  /** True when Zendesk asked us to wait: nothing was read, the next run tries again. */
  paused: boolean;
  horizon: string;
}

/**
 * Catch-up for lost webhooks (Zendesk delivery is best effort, and a breaker can drop events):
 * reads the incremental ticket export from the saved cursor and queues every ticket created
 * after the horizon that still lacks the triage tag. The job id is the one the "created"
 * webhook uses, so a ticket whose webhook did arrive is not queued twice.
 */
export async function runSweep(options: SweepOptions): Promise<SweepResult> {
  const { zendesk, queue, redis } = options;
  const now = options.now ?? (() => new Date());
  const stateKey = `${options.prefix}:sweep:v1`;
  const state = await redis.hgetall(stateKey);
  const started = now();

  const savedHorizon = parseDate(state.horizon);
  const horizon = options.since
    ? new Date(Math.min(options.since.getTime(), savedHorizon?.getTime() ?? Infinity))
    : (savedHorizon ?? new Date(started.getTime() - SWEEP_FIRST_LOOKBACK_MS));
  if (savedHorizon?.getTime() !== horizon.getTime()) await redis.hset(stateKey, 'horizon', horizon.toISOString());

  const latestStartSec = Math.floor((started.getTime() - EXPORT_LAG_MS) / 1000);
  const startFrom = options.since ?? (state.cursor ? undefined : horizon);
  const startTimeSec = Math.min(latestStartSec, Math.floor((startFrom ?? horizon).getTime() / 1000));
  let cursor: string | undefined = startFrom ? undefined : state.cursor;

  const result: SweepResult = {
    pages: 0,
    scanned: 0,
    queued: 0,
    retried: 0,
    alreadyQueued: 0,
    ignored: 0,
    outOfScope: 0,
    malformed: 0,
    quarantined: 0,
    endOfStream: false,
    paused: false,
    horizon: horizon.toISOString(),
  };
  if (options.pause && (await options.pause.remainingMs()) > 0) {
    options.log?.info('catch-up sweep skipped: Zendesk asked us to wait (429)');
    return { ...result, paused: true };
  }
  const maxPages = options.maxPages ?? SWEEP_MAX_PAGES;
  while (result.pages < maxPages) {
    let page: Awaited<ReturnType<SweepOptions['zendesk']['incrementalTicketsSince']>>;
    try {
      page = await zendesk.incrementalTicketsSince(startTimeSec, cursor);
    } catch (error) {
      if (error instanceof ZendeskRateLimitError) await options.pause?.pause(error.retryAfterMs);
      throw error;
    }
    result.pages += 1;
    // A record that does not parse must not stall the sweep: it is skipped and the cursor moves
    // past it with the rest of the page. Its id (never its text) says which ticket to look at.
    for (const record of page.malformed ?? []) {
      result.scanned += 1;
      result.malformed += 1;
      options.onMalformed?.(record);
      options.log?.warn(
        { ticketId: record.id, path: record.path },
        'catch-up sweep: skipped an export record that is not a valid ticket; if that ticket needs triage, apply the re-run macro to it',
      );
    }
    for (const ticket of page.tickets) {
      result.scanned += 1;
      if (!(await needsTriage(ticket, horizon, options.store))) {
        result.ignored += 1;
        continue;
      }
      const verdict = testTicketScope(options.scope ?? null, ticket);
      if (!verdict.inScope) {
        result.outOfScope += 1;
        options.onOutOfScope?.(verdict.kind);
        continue;
      }
      if (await isQuarantined(String(ticket.id), options.quarantine)) {
        result.quarantined += 1;
        continue;
      }
      const outcome = await enqueue(queue, String(ticket.id), now());
      result[outcome] += 1;
    }
    const next: string | null = page.afterCursor;
    if (next) {
      cursor = next;
      await redis.hset(stateKey, 'cursor', next);
    }
    if (page.endOfStream || !next) {
      result.endOfStream = true;
      break;
    }
  }
  await redis.hset(stateKey, 'lastRunAt', started.toISOString());
  options.log?.info({ sweep: result }, 'catch-up sweep done');
  return result;
}

async function needsTriage(ticket: ZendeskTicket, horizon: Date, store: SweepOptions['store']): Promise<boolean> {
  if (ticket.tags.includes(TRIAGE_TAG)) return false;
  if (ticket.status && SKIPPED_STATUSES.has(ticket.status)) return false;
  const created = parseDate(ticket.created_at);
  if (!created || created < horizon) return false;
  if (store) {
    try {
      if ((await store.get(String(ticket.id))) !== null) return false;
    } catch {
      // An unreadable stored diagnosis is no reason to leave the ticket untriaged.
    }
  }
  return true;
}

async function isQuarantined(ticketId: string, quarantine: SweepOptions['quarantine']): Promise<boolean> {
  if (!quarantine) return false;
  try {
    return (await quarantine.get(ticketId)) !== null;
  } catch {
    // Redis trouble fails the enqueue right after anyway; do not hide the ticket for it.
    return false;
  }
}

async function enqueue(queue: TriageQueue, ticketId: string, at: Date): Promise<'queued' | 'retried' | 'alreadyQueued'> {
  const requestKey = `ticket-${ticketId}-created`;
  const { status } = await enqueueTriageJob(
    queue,
    { ticketId, event: 'sweep', requestKey, receivedAt: at.toISOString() },
    { jobOptions: TRIAGE_JOB_RETRY_OPTIONS },
  );
  if (status === 'queued') return 'queued';
  // A job that ran out of retries (long Zendesk outage) gets another chance; one that failed
  // for good (UnrecoverableError: bad credentials, invalid response) stays for inspection.
  const job = await queue.getJob(requestKey);
  if (job && (await job.getState()) === 'failed' && job.attemptsMade >= (job.opts.attempts ?? 1)) {
    await job.retry('failed');
    return 'retried';
  }
  return 'alreadyQueued';
}

function parseDate(value: string | undefined | null): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
