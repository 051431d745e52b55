import { RateLimitError, UnrecoverableError, Worker } from 'bullmq';
import { z } from 'zod';

import type { Config } from '../src/config.js';
import { withNoteFooter, hasNoteFor } from '../src/note/note-footer.js';
import { shouldPostNote } from '../src/note/note-policy.js';
import { askedInRequest, asksWhichIssue } from '../src/note/render-customer-request.js';
import { renderNote, renderReplyNote, type RenderedNote } from '../src/note/render-note.js';
import { adoptsReplyDiagnosis, mergedConfirmAsked, reevaluatesOnReply, replyOnlyTicket } from '../src/triage/reply-policy.js';
import type { Logger } from '../src/observability/logger.js';
import type { Metrics } from '../src/observability/metrics.js';
import { redactText } from '../src/observability/redact.js';
import { triageJobSchema } from '../src/queue/triage-job.js';
import type { DiagnosisStore } from '../src/store/diagnosis-store.js';
import { customerWords, type FeedbackStore } from '../src/store/feedback-store.js';
import { TRIAGE_TAG } from '../src/triage/compute-tags.js';
import type { TriageService } from '../src/triage/threads/isolated-triage.js';
import type { Diagnosis } from '../src/triage/diagnosis.js';
import type { ZendeskClient } from '../src/zendesk/client.js';
import { ZendeskConflictError, ZendeskError, ZendeskNotFoundError, ZendeskRateLimitError } from '../src/zendesk/errors.js';
import type { ZendeskComment, ZendeskTicket, ZendeskUser } from '../src/zendesk/schemas.js';
import { toTriageTicket } from '../src/adapters/zendesk-to-triage-ticket.js';
import type { ZendeskPause } from '../src/zendesk/zendesk-pause.js';
import { testTicketScope } from '../src/scope/triage-scope.js';
import { effectiveLastWrite, readAgentChoices, tagsToWrite, writtenTagsOf, type AgentChoices } from './agent-choices.js';

/** PUT attempts per job attempt when Zendesk answers 409 (someone edited the ticket meanwhile). */
export const MAX_UPDATE_ATTEMPTS = 5;
/** A running job waits out a Zendesk pause up to this long, in milliseconds, instead of starting over. */
export const MAX_INLINE_PAUSE_MS = 10_000;
/** 429s in a row one Zendesk call waits out in place before the job gives its slot back. */
export const MAX_INLINE_RATE_LIMITS = 3;

/** Job data as the worker reads it: the queue contract plus an optional shadow flag. */
export const processableJobSchema = triageJobSchema.extend({
  /** Classify and store, but write nothing to Zendesk (as TRIAGE_WRITE=off, for one job). */
  shadow: z.boolean().optional(),
});
export type ProcessableJob = z.infer<typeof processableJobSchema>;

export type TriageJobResult =
  | { outcome: 'triaged'; issue: string; band: Diagnosis['band']; conflicts: number; noted: boolean }
  | { outcome: 'shadow'; issue: string; band: Diagnosis['band']; wouldWriteTags: string[]; noteLength: number; noted: boolean }
  | { outcome: 'unchanged'; skipped: string }
  | { outcome: 'duplicate'; skipped: string }
  | { outcome: 'skipped'; skipped: string };

/** The ticket kept changing under us; retried with backoff like any transient failure. */
export class TicketUpdateConflictError extends Error {
  override name = 'TicketUpdateConflictError';
  readonly retryable = true;
}

/** What the processor needs from a BullMQ job (a `Job` fits). */
export interface TriageJobLike {
  id?: string | undefined;
  data: unknown;
  attemptsMade: number;
}

export interface TriageProcessorDeps {
  zendesk: Pick<ZendeskClient, 'getTicket' | 'listComments' | 'updateTicket'>;
  triage: TriageService;
  store: Pick<DiagnosisStore, 'save' | 'baseline' | 'planWrite' | 'confirmWrite' | 'lastWrite' | 'get' | 'recordConfirmAsked'>;
  /**
   * Agents' corrections: read so a re-run keeps the agent's diagnosis, written when an agent
   * changed our issue tag by hand. Without it, only hand-made tag changes are respected.
   */
  feedbackStore?: Pick<FeedbackStore, 'get' | 'add'>;
  /** Called after a hand-made tag change was recorded (retraining, when FEEDBACK_LEARNING=on); errors are logged. */
  onFeedback?: () => void;
  log: Logger;
  metrics?: Pick<Metrics, 'jobsTotal' | 'jobDurationSeconds' | 'classificationsTotal' | 'missingDataTotal'> &
    Partial<Pick<Metrics, 'zendeskPauseUntilSeconds' | 'outOfScopeTotal'>>;
  /** noteOnOther defaults to off (tickets diagnosed `other` get tags only); `triageScope` (TRIAGE_SCOPE) unset or null: every ticket is in scope. */
  config: Pick<Config, 'triageWrite'> & Partial<Pick<Config, 'noteOnOther' | 'triageScope'>>;
  /**
   * Stops every worker of the queue from fetching jobs for `ms` (`worker.rateLimit`). Without it
   * a 429 is retried through the job's backoff instead (which honours Retry-After).
   */
  rateLimit?: (ms: number) => Promise<void>;
  /** Cross-process "do not call Zendesk" window, checked before every call. */
  pause?: ZendeskPause;
  /** @defaultValue MAX_UPDATE_ATTEMPTS */
  maxUpdateAttempts?: number;
  /** @defaultValue MAX_INLINE_PAUSE_MS */
  maxInlinePauseMs?: number;
  now?: () => number;
}

interface TicketSnapshot {
  ticket: ZendeskTicket;
  comments: ZendeskComment[];
  users: ZendeskUser[];
}

/**
 * The BullMQ processor: read the ticket (2 calls), classify, write tags + internal note in one
 * safe update (1 call). The ticket is the idempotency record: our note carries the request key,
 * and tags and note land in the same write, so a re-run (stalled job, timed-out PUT that did
 * apply, duplicate delivery) finds the note and writes nothing.
 */
export function createTriageProcessor(deps: TriageProcessorDeps) {
  const { zendesk, triage, store, config, metrics } = deps;
  const maxUpdateAttempts = deps.maxUpdateAttempts ?? MAX_UPDATE_ATTEMPTS;
  const maxInlinePauseMs = deps.maxInlinePauseMs ?? MAX_INLINE_PAUSE_MS;
  const now = deps.now ?? Date.now;

  return async function processTriageJob(job: TriageJobLike): Promise<TriageJobResult> {
    const parsed = processableJobSchema.safeParse(job.data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      metrics?.jobsTotal.inc({ outcome: 'failed' });
      throw new UnrecoverableError(`invalid job data at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'unknown'}`);
    }
    const data = parsed.data;
    const log = deps.log.child({
      ticketId: data.ticketId,
      jobId: job.id,
      invocationId: data.invocationId,
      event: data.event,
      attempt: job.attemptsMade + 1,
    });
    const started = now();
    const finish = (outcome: string) => {
      metrics?.jobsTotal.inc({ outcome });
      metrics?.jobDurationSeconds.observe((now() - started) / 1000);
    };

    try {
      const result = await triageTicket(data, log);
      finish(result.outcome);
      log.info(
        { outcome: result.outcome, ...('skipped' in result ? { reason: result.skipped } : { issue: result.issue }) },
        'triage job done',
      );
      return result;
    } catch (error) {
      if (error instanceof ZendeskNotFoundError) {
        finish('skipped');
        log.info({ outcome: 'skipped', reason: 'ticket not found' }, 'ticket not found (deleted?)');
        return { outcome: 'skipped', skipped: 'ticket not found' };
      }
      throw await toJobError(error, log, finish);
    }
  };

  async function triageTicket(data: ProcessableJob, log: Logger): Promise<TriageJobResult> {
    if (data.event === 'agent_reply') return recordAskedQuestions(data, log);
    const { ticketId, requestKey } = data;
    const reply = data.event === 'customer_reply';
    const forced = data.event === 'rerun' || data.event === 'manual' || reply;
    let snapshot = await readTicket(ticketId, log);

    const early = alreadyDone(snapshot, requestKey, forced);
    if (early) return early;
    // The webhook body carries the ticket id only, so scope is decided here, on the ticket just
    // read. An agent's re-run is an explicit request and is honoured whatever the scope.
    if (!forced) {
      const verdict = testTicketScope(config.triageScope ?? null, snapshot.ticket);
      if (!verdict.inScope) {
        metrics?.outOfScopeTotal?.inc({ source: 'worker', kind: verdict.kind });
        return { outcome: 'skipped', skipped: `out of scope (TRIAGE_SCOPE): ${verdict.reason}` };
      }
    }

    const baseline = forced ? await readBaseline(ticketId, requestKey, log) : null;
    const input = toTriageTicket(snapshot);
    const diagnosis = await triage.classify(input);
    metrics?.classificationsTotal.inc({ issue: diagnosis.issue, band: diagnosis.band });
    for (const field of diagnosis.missing) metrics?.missingDataTotal.inc({ field });
    let choices = await agentChoices(snapshot, baseline, diagnosis, log);

    // A customer's reply: the escalation data is re-checked, and the issue re-evaluated only when
    // the model was not highly confident, no agent set it and the reply settled something
    // (reply-policy.ts). Nothing changed, no write.
    let stored: Diagnosis = diagnosis;
    let rendered: RenderedNote;
    let noted: boolean;
    if (reply && baseline) {
      const agentChose = choices.agentIssue !== null;
      // What the reply alone says decides a move between two unsure issues (reply-policy.ts).
      const replyOnly = reevaluatesOnReply(baseline, { agentChose }) ? replyOnlyTicket(input) : null;
      const replyAlone = replyOnly ? await triage.classify(replyOnly) : null;
      const adopt = adoptsReplyDiagnosis(baseline, diagnosis, { agentChose, replyAlone });
      const confirmAsked = mergedConfirmAsked(baseline, diagnosis);
      const { confirmAsked: _asked, ...kept } = adopt
        ? diagnosis
        : { ...baseline, escalation: diagnosis.escalation, missing: diagnosis.missing };
      stored = { ...kept, ...(confirmAsked ? { confirmAsked } : {}) };
      // adopt implies the baseline was not high (reevaluatesOnReply): high now means the reply made it sure.
      const nowHigh = adopt && diagnosis.band === 'high';
      const replyNote = renderReplyNote(
        { before: baseline, after: stored, issueChange: adopt ? { from: baseline.issue, to: diagnosis.issue, nowHigh } : null },
        triage.playbook,
      );
      if (replyNote === null) {
        // Nothing for Zendesk, but the questions our team has now sent must not be offered again
        // (the sidebar reads the stored diagnosis).
        if ((stored.confirmAsked ?? []).length !== (baseline.confirmAsked ?? []).length) await store.save(stored, { requestKey });
        return { outcome: 'unchanged', skipped: 'the reply changed neither the escalation data nor the diagnosis' };
      }
      rendered = replyNote;
      noted = true;
    } else {
      const requesterName = firstName(input.requester?.name);
      rendered = renderNote(diagnosis, triage.playbook, {
        previous: baseline,
        agentIssue: choices.agentIssue,
        ...(requesterName ? { requesterName } : {}),
      });
      // Not a sign-in ticket: tags only (NOTE_ON_OTHER=off), unless an agent set a diagnosis.
      // Without a note the ticket has no request marker; a repeated re-run then writes the same
      // tags again, which changes nothing.
      noted = choices.agentIssue !== null || shouldPostNote(diagnosis, { noteOnOther: config.noteOnOther ?? false });
    }
    const note = withNoteFooter(rendered, requestKey);
    const tagsFor = (tags: readonly string[], agent: AgentChoices) =>
      tagsToWrite(
        tags,
        { issue: agent.agentIssue?.issue ?? stored.issue, missing: stored.missing, abstained: agent.agentIssue ? false : stored.abstained },
        agent.suppressed,
      );
    // Saved before the write and keyed by request, so a retry compares with the same baseline
    // and the sidebar has the diagnosis even if the write later fails for good.
    await store.save(stored, { requestKey });

    // What was decided, never the ticket's words: issue, band, tags and missing data.
    const outcomeLog = (tags: string[]) => ({
      issue: stored.issue,
      band: stored.band,
      tags,
      missing: stored.missing,
      ...(choices.agentIssue ? { agentIssue: choices.agentIssue.issue } : {}),
      note: noted ? 'posted' : 'none (diagnosed other; NOTE_ON_OTHER=off)',
    });

    if (!config.triageWrite || data.shadow === true) {
      const wouldWriteTags = tagsFor(snapshot.ticket.tags, choices);
      const noteLength = noted ? note.html.length : 0;
      log.info({ shadow: true, ...outcomeLog(wouldWriteTags), noteLength }, 'shadow mode: would update the ticket');
      return { outcome: 'shadow', issue: stored.issue, band: stored.band, wouldWriteTags, noteLength, noted };
    }

    for (let attempt = 1; ; attempt += 1) {
      const tags = tagsFor(snapshot.ticket.tags, choices);
      const written = writtenTagsOf(tags, choices.suppressed, requestKey, new Date(now()).toISOString());
      try {
        await checkPause();
        await store.planWrite(ticketId, written);
        await withinRateLimit(
          () =>
            zendesk.updateTicket(ticketId, {
              tags,
              ...(noted ? { comment: { html_body: note.html, public: false } } : {}),
              safeUpdate: { updatedStamp: snapshot.ticket.updated_at },
            }),
          log,
        );
        await store.confirmWrite(ticketId, written);
        log.info(outcomeLog(tags), 'ticket triaged');
        return { outcome: 'triaged', issue: stored.issue, band: stored.band, conflicts: attempt - 1, noted };
      } catch (error) {
        if (!(error instanceof ZendeskConflictError)) throw error;
        if (attempt >= maxUpdateAttempts) {
          throw new TicketUpdateConflictError(`ticket ${ticketId} changed during each of ${attempt} update attempts (409 UpdateConflict)`);
        }
        log.info({ conflict: attempt }, 'ticket changed meanwhile (409): re-reading before the next update');
        // Re-read: the agent's concurrent tags are merged into the next write, and a note that
        // another job (or our own timed-out PUT) already wrote stops us here.
        snapshot = await readTicket(ticketId, log);
        const done = alreadyDone(snapshot, requestKey, forced);
        if (done) return done;
        choices = await agentChoices(snapshot, baseline, diagnosis, log);
      }
    }
  }

  /**
   * What agents decided since our last write (issue #10): their correction in the sidebar, or
   * our issue tag changed by hand, which is recorded once as a correction; our tags they removed
   * by hand stay removed.
   */
  async function agentChoices(
    snapshot: TicketSnapshot,
    baseline: Diagnosis | null,
    diagnosis: Diagnosis,
    log: Logger,
  ): Promise<AgentChoices> {
    const ticketId = String(snapshot.ticket.id);
    const [ledger, correction] = await Promise.all([store.lastWrite(ticketId), deps.feedbackStore?.get(ticketId) ?? null]);
    const choices = readAgentChoices({
      tags: snapshot.ticket.tags,
      lastWrite: effectiveLastWrite(ledger, (key) => hasNoteFor(snapshot.comments, key)),
      correction: correction ? { issue: correction.correctIssue, source: correction.source } : null,
      knownIssues: triage.playbook.issues.map((issue) => issue.id),
    });
    if (choices.newTagCorrection !== null && deps.feedbackStore) {
      const input = toTriageTicket(snapshot);
      await deps.feedbackStore.add({
        ticketId,
        correctIssue: choices.newTagCorrection,
        previousIssue: baseline?.issue ?? null,
        source: 'zendesk_tag',
        subject: input.subject,
        text: customerWords(input),
        language: diagnosis.language,
      });
      log.info(
        { from: baseline?.issue ?? null, to: choices.newTagCorrection },
        'an agent changed our issue tag by hand: recorded as a correction',
      );
      try {
        deps.onFeedback?.();
      } catch (error) {
        log.error({ err: error }, 'feedback learning hook failed');
      }
    }
    return choices;
  }

  /**
   * An agent replied in public: the confirm questions that reply (or an earlier one) sent are
   * stored with the diagnosis, so the sidebar stops offering them before the customer answers
   * (before this, only the customer's reply recorded them). Nothing is written to Zendesk, and
   * Zendesk is not read when the stored diagnosis offers no question.
   */
  async function recordAskedQuestions(data: ProcessableJob, log: Logger): Promise<TriageJobResult> {
    const { ticketId } = data;
    const latest = await store.get(ticketId);
    if (!latest) return { outcome: 'skipped', skipped: 'no stored diagnosis' };
    // Only questions the sidebar offers (build-diagnosis-response.ts); the agent's correction is
    // read only when the ticket could ask one.
    const mayAsk = asksWhichIssue(latest, { agentChose: false }) && askedInRequest(latest, triage.playbook).length > 0;
    const agentChose = mayAsk && (await deps.feedbackStore?.get(ticketId)) != null;
    if (!mayAsk || agentChose) return { outcome: 'unchanged', skipped: 'no confirm question offered' };
    const snapshot = await readTicket(ticketId, log);
    const { confirmAsked = [] } = await triage.classify(toTriageTicket(snapshot));
    // In place, not saved as a new diagnosis: a customer's reply handled meanwhile keeps its result.
    if (!(await store.recordConfirmAsked(ticketId, confirmAsked))) {
      return { outcome: 'unchanged', skipped: 'the reply sent no confirm question' };
    }
    log.info({ confirmAsked: confirmAsked.length }, 'confirm questions sent by an agent recorded');
    return { outcome: 'unchanged', skipped: 'confirm questions recorded; nothing written to Zendesk' };
  }

  function alreadyDone(snapshot: TicketSnapshot, requestKey: string, forced: boolean): TriageJobResult | null {
    if (hasNoteFor(snapshot.comments, requestKey)) return { outcome: 'duplicate', skipped: 'note already written for this request' };
    if (!forced && snapshot.ticket.tags.includes(TRIAGE_TAG)) return { outcome: 'skipped', skipped: 'already triaged' };
    // Zendesk refuses any update to a closed ticket (422); nothing to help an agent with there.
    if (snapshot.ticket.status === 'closed') return { outcome: 'skipped', skipped: 'ticket closed' };
    return null;
  }

  async function readTicket(ticketId: string, log: Logger): Promise<TicketSnapshot> {
    const { ticket, users } = await withinRateLimit(() => zendesk.getTicket(ticketId), log);
    const listed = await withinRateLimit(() => zendesk.listComments(ticketId), log);
    return { ticket, comments: listed.comments, users: [...users, ...listed.users] };
  }

  /**
   * One Zendesk call that honours the shared pause. A 429 with a short Retry-After pauses every
   * job and is waited out here, keeping what this job already read: sending the job back to the
   * queue throws its reads away, and when Zendesk's budget is smaller than a batch's reads every
   * job re-reads and is refused again at its update, for ever (seen with 2 jobs × 3 calls
   * against 4 requests a window). A long Retry-After, or the MAX_INLINE_RATE_LIMITS-th 429 in a
   * row, ends in `toJobError`: the job goes back to waiting without spending an attempt.
   */
  async function withinRateLimit<T>(call: () => Promise<T>, log: Logger): Promise<T> {
    for (let refused = 0; ;) {
      await checkPause();
      try {
        return await call();
      } catch (error) {
        refused += 1;
        const short = error instanceof ZendeskRateLimitError && error.retryAfterMs <= maxInlinePauseMs;
        if (!short || !deps.pause || !deps.rateLimit || refused >= MAX_INLINE_RATE_LIMITS) throw error;
        await deps.pause.pause(error.retryAfterMs);
        metrics?.zendeskPauseUntilSeconds?.set((now() + error.retryAfterMs) / 1000);
        log.warn({ retryAfterMs: error.retryAfterMs }, 'Zendesk rate limit (429): every job pauses; this one waits and keeps its reads');
      }
    }
  }

  async function readBaseline(ticketId: string, requestKey: string, log: Logger): Promise<Diagnosis | null> {
    try {
      return await store.baseline(ticketId, requestKey);
    } catch (error) {
      // A stored value we cannot read must not block the re-run; the note just cannot compare.
      log.warn({ err: error }, 'previous diagnosis unreadable; the note will not say what changed');
      return null;
    }
  }

  /**
   * Zendesk asked every caller to wait (another job got a 429). A short pause is waited out
   * in place, so the job keeps what it already read: giving up the reads on every pause can
   * livelock a small budget (each job re-reads and is paused again before it can write). A
   * long pause gives the slot back without spending an attempt.
   */
  async function checkPause(): Promise<void> {
    if (!deps.pause || !deps.rateLimit) return;
    for (;;) {
      const remaining = await deps.pause.remainingMs();
      if (remaining <= 0) return;
      if (remaining > maxInlinePauseMs) {
        await deps.rateLimit(remaining);
        throw Worker.RateLimitError();
      }
      await sleep(remaining);
    }
  }

  async function toJobError(error: unknown, log: Logger, finish: (outcome: string) => void): Promise<Error> {
    if (error instanceof ZendeskRateLimitError && deps.rateLimit) {
      const waitMs = error.retryAfterMs;
      await deps.pause?.pause(waitMs);
      metrics?.zendeskPauseUntilSeconds?.set((now() + waitMs) / 1000);
      await deps.rateLimit(waitMs);
      finish('rate_limited');
      log.warn({ retryAfterMs: waitMs }, 'Zendesk rate limit (429): queue paused, job goes back to waiting');
      return Worker.RateLimitError();
    }
    if (error instanceof RateLimitError) {
      finish('rate_limited');
      return error as Error;
    }
    // 401/403, 400/422, malformed 2xx, redirects, other 4xx: repeating the request cannot help.
    if (error instanceof ZendeskError && !error.retryable) {
      const reason = redactText(`${error.name}: ${error.message}`);
      finish('failed');
      log.error({ err: error }, 'triage job failed for good');
      return new UnrecoverableError(reason);
    }
    if (error instanceof UnrecoverableError) {
      finish('failed');
      return error;
    }
    finish('retried');
    log.warn({ err: error }, 'triage job failed; BullMQ retries it with backoff');
    return error instanceof Error ? error : new Error(String(error));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function firstName(name: string | undefined): string | undefined {
  const first = name?.trim().split(/\s+/)[0];
  return first ? first : undefined;
}
