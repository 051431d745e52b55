import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { appendFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';

import { runnerUpEntry } from '../../note/closest-issues.js';
import { reportTicketSchema, type ReportTicket } from '../../report/report-ticket.js';
import { truthFromTags, type TruthTagMap } from '../../report/truth-tags.js';
import type { Diagnosis } from '../../triage/diagnosis.js';
import type { TicketInput } from '../../triage/ticket.js';
import type { ZendeskClient } from '../../zendesk/client.js';
import {
  ZendeskNetworkError,
  ZendeskNotFoundError,
  ZendeskRateLimitError,
  ZendeskServerError,
  ZendeskTimeoutError,
} from '../../zendesk/errors.js';
import type { ZendeskTicket } from '../../zendesk/schemas.js';
import { toTriageTicket } from '../../adapters/zendesk-to-triage-ticket.js';

/**
 * Zendesk allows 10 incremental-export requests a minute
 * (https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/).
 */
export const EXPORT_REQUESTS_PER_MINUTE = 10;
/**
 * Our default share of the account-wide API budget (200/min on Suite Team, 700 on Enterprise:
 * https://developer.zendesk.com/api-reference/introduction/rate-limits/), leaving the rest to
 * the live service and to the agents' apps.
 */
export const DEFAULT_REQUESTS_PER_MINUTE = 100;
/** Tries of one request on 5xx, timeouts and network errors (a 429 waits as long as Zendesk says, up to RATE_LIMIT_TRIES). */
const TRANSIENT_TRIES = 5;
const RATE_LIMIT_TRIES = 20;

/** What lets an interrupted back-test continue: where the export stopped, and the run it belongs to. */
export const backtestStateSchema = z.object({
  version: z.literal(1),
  /** ISO 8601 bounds on the tickets' creation time. */
  since: z.string(),
  until: z.string().nullable(),
  limit: z.number().int().positive().nullable(),
  /** The export cursor after the last page whose tickets are all in the JSONL; null before the first. */
  cursor: z.string().nullable(),
  complete: z.boolean(),
});
export type BacktestState = z.infer<typeof backtestStateSchema>;

export interface BacktestProgress {
  done: number;
  /** Candidates seen so far: Zendesk's cursor export gives no count, so it grows as pages arrive. */
  total: number;
  skipped: number;
}

export interface BacktestRunOptions {
  /** Read-only: only these two calls are made. */
  zendesk: Pick<ZendeskClient, 'incrementalTicketsSince' | 'listComments'>;
  classify: (ticket: TicketInput) => Diagnosis | Promise<Diagnosis>;
  since: Date;
  until?: Date;
  limit?: number;
  truthTags: TruthTagMap;
  issues: readonly string[];
  /** Agents' recorded corrections (ticket id → issue): the strongest truth. */
  corrections?: ReadonlyMap<string, string>;
  jsonlPath: string;
  statePath: string;
  /** Start over even when the state file holds an unfinished run. */
  restart?: boolean;
  /** @defaultValue DEFAULT_REQUESTS_PER_MINUTE */
  requestsPerMinute?: number;
  /** @defaultValue EXPORT_REQUESTS_PER_MINUTE */
  exportRequestsPerMinute?: number;
  onProgress?: (progress: BacktestProgress) => void;
  /** One line about the run (resumed, waiting on a 429, a skipped ticket): never ticket text. */
  onNotice?: (message: string) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface BacktestRunResult {
  tickets: ReportTicket[];
  skipped: Array<{ id: string; reason: string }>;
  pages: number;
  resumedFrom: number;
  state: BacktestState;
}

/**
 * Reads the tickets created in [since, until] through the incremental export (cursor-based,
 * read-only), classifies each, and appends one line per ticket to the JSONL. The state file
 * keeps the cursor of the last page fully written, so an interrupted run continues there: the
 * page is read again and tickets already in the JSONL are not classified twice. Requests are
 * paced below Zendesk's limits, and a 429 waits its Retry-After.
 */
export async function runBacktest(options: BacktestRunOptions): Promise<BacktestRunResult> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const notice = options.onNotice ?? (() => {});
  const apiPacer = pacer(options.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE, now, sleep);
  const exportPacer = pacer(options.exportRequestsPerMinute ?? EXPORT_REQUESTS_PER_MINUTE, now, sleep);

  let state = readState(options.statePath);
  const tickets: ReportTicket[] = [];
  if (state && !state.complete && !options.restart) {
    tickets.push(...readDoneLines(options.jsonlPath, notice));
    notice(`resuming the back-test of tickets created since ${state.since} (${tickets.length} already classified)`);
  } else {
    state = {
      version: 1,
      since: options.since.toISOString(),
      until: options.until?.toISOString() ?? null,
      limit: options.limit ?? null,
      cursor: null,
      complete: false,
    };
    await writeFile(options.jsonlPath, '');
    await saveState(options.statePath, state);
  }
  const resumedFrom = tickets.length;
  const since = Date.parse(state.since);
  const until = state.until === null ? Infinity : Date.parse(state.until);
  const limit = state.limit ?? Infinity;
  const done = new Set(tickets.map((ticket) => ticket.id));
  const skipped: BacktestRunResult['skipped'] = [];
  const seen = new Set<string>(done);
  let total = tickets.length;
  let pages = 0;
  const report = () => options.onProgress?.({ done: tickets.length, total, skipped: skipped.length });
  report();

  let cursor = state.cursor ?? undefined;
  const startTimeSec = Math.floor(since / 1000);
  while (tickets.length < limit) {
    const page = await call(exportPacer, () => options.zendesk.incrementalTicketsSince(startTimeSec, cursor), notice, sleep);
    pages += 1;
    const candidates = page.tickets.filter((ticket) => {
      const id = String(ticket.id);
      if (seen.has(id) || !isCandidate(ticket, since, until)) return false;
      seen.add(id);
      return true;
    });
    total = Math.min(limit, total + candidates.length);
    report();
    for (const ticket of candidates) {
      if (tickets.length >= limit) break;
      const id = String(ticket.id);
      let parts: Awaited<ReturnType<BacktestRunOptions['zendesk']['listComments']>>;
      try {
        parts = await call(apiPacer, () => options.zendesk.listComments(id), notice, sleep);
      } catch (error) {
        if (!(error instanceof ZendeskNotFoundError)) throw error;
        skipped.push({ id, reason: 'deleted since the export listed it (404)' });
        notice(`ticket ${id} skipped: deleted since the export listed it (404)`);
        total -= 1;
        report();
        continue;
      }
      const diagnosis = await options.classify(toTriageTicket({ ticket, ...parts }));
      const line = toReportTicket(ticket, diagnosis, options);
      await appendFile(options.jsonlPath, `${JSON.stringify(line)}\n`);
      tickets.push(line);
      done.add(id);
      report();
    }
    const finished = page.endOfStream || !page.afterCursor || tickets.length >= limit;
    // The cursor moves only once every ticket of the page is in the JSONL.
    if (page.afterCursor && tickets.length < limit) cursor = page.afterCursor;
    state = { ...state, cursor: cursor ?? null, complete: finished };
    await saveState(options.statePath, state);
    if (finished) break;
  }
  return { tickets, skipped, pages, resumedFrom, state };
}

function isCandidate(ticket: ZendeskTicket, since: number, until: number): boolean {
  if (ticket.status === 'deleted') return false;
  const created = Date.parse(ticket.created_at);
  return created >= since && created <= until;
}

function toReportTicket(ticket: ZendeskTicket, diagnosis: Diagnosis, options: BacktestRunOptions): ReportTicket {
  const id = String(ticket.id);
  const corrected = options.corrections?.get(id);
  const truth = corrected
    ? { truth: corrected, source: 'correction' as const }
    : truthFromTags(ticket.tags, options.truthTags, options.issues);
  const runner = runnerUpEntry(diagnosis);
  return {
    id,
    issue: diagnosis.issue,
    confidence: diagnosis.confidence,
    band: diagnosis.band,
    abstained: diagnosis.abstained,
    ...(runner ? { runnerUp: runner.issue } : {}),
    missing: diagnosis.missing,
    language: diagnosis.language,
    at: ticket.created_at,
    ...(truth ? { truth: truth.truth, truthSource: truth.source } : {}),
  };
}

/** Waits so that calls are at least 60 s / perMinute apart. */
function pacer(perMinute: number, now: () => number, sleep: (ms: number) => Promise<void>) {
  const gapMs = 60_000 / perMinute;
  let next = 0;
  return async () => {
    const wait = next - now();
    if (wait > 0) await sleep(wait);
    next = Math.max(now(), next) + gapMs;
  };
}

async function call<T>(
  pace: () => Promise<void>,
  request: () => Promise<T>,
  notice: (message: string) => void,
  sleep: (ms: number) => Promise<void>,
): Promise<T> {
  let transient = 0;
  let limited = 0;
  for (;;) {
    await pace();
    try {
      return await request();
    } catch (error) {
      if (error instanceof ZendeskRateLimitError && ++limited < RATE_LIMIT_TRIES) {
        notice(`Zendesk asked us to wait (429): retrying in ${Math.ceil(error.retryAfterMs / 1000)} s`);
        await sleep(error.retryAfterMs);
        continue;
      }
      const retriable = error instanceof ZendeskServerError || error instanceof ZendeskTimeoutError || error instanceof ZendeskNetworkError;
      if (retriable && ++transient < TRANSIENT_TRIES) {
        const waitMs = (error instanceof ZendeskServerError && error.retryAfterMs) || 1000 * 2 ** transient;
        notice(`${(error as Error).message}: retrying in ${Math.ceil(waitMs / 1000)} s`);
        await sleep(waitMs);
        continue;
      }
      throw error;
    }
  }
}

function readState(path: string): BacktestState | null {
  if (!existsSync(path)) return null;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new Error(`${path} is not JSON: delete it, or pass --restart`);
  }
  const parsed = backtestStateSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${path} is not a back-test state file (at ${issue?.path.join('.') || '(root)'}: ${issue?.message}): delete it, or pass --restart`,
    );
  }
  return parsed.data;
}

async function saveState(path: string, state: BacktestState): Promise<void> {
  // Written aside and renamed: a kill mid-write leaves the previous state, never half a file.
  await writeFile(`${path}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}

/** Lines already written by the interrupted run; a torn last line (killed mid-write) is dropped and redone. */
function readDoneLines(path: string, notice: (message: string) => void): ReportTicket[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const tickets: ReportTicket[] = [];
  const kept: string[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let parsed: ReturnType<typeof reportTicketSchema.safeParse>;
    try {
      parsed = reportTicketSchema.safeParse(JSON.parse(line));
    } catch {
      notice(`${path} line ${index + 1}: not JSON, dropped (the ticket is classified again)`);
      return;
    }
    if (!parsed.success) {
      notice(`${path} line ${index + 1}: ${parsed.error.issues[0]?.message ?? 'invalid'}, dropped (the ticket is classified again)`);
      return;
    }
    tickets.push(parsed.data);
    kept.push(line);
  });
  if (kept.length !== lines.filter((line) => line.trim() !== '').length || (text !== '' && !text.endsWith('\n'))) {
    // Rewritten without the dropped lines, so the file ends on a whole line before we append.
    writeFileSync(path, kept.map((line) => `${line}\n`).join(''));
  }
  return tickets;
}
