import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { withTimeout } from '../util/with-timeout.js';

/** Every series we export starts with this, e.g. `signin_triage_webhooks_total`. */
export const METRIC_PREFIX = 'signin_triage_';

export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'paused', 'completed', 'failed'] as const;

/** What the queue gauge needs from a BullMQ Queue. */
export interface QueueCountSource {
  getJobCounts(...states: string[]): Promise<Record<string, number>>;
}

/** How long `/metrics` waits for queue counts before serving the last known values. */
const QUEUE_COUNT_TIMEOUT_MS = 1_000;

/**
 * One registry per process. Label values are bounded sets (outcomes, issue ids, route
 * templates, HTTP statuses), never ticket ids or text, so cardinality stays small.
 */
export function createMetrics(
  options: {
    queue?: QueueCountSource;
    /** Enqueue time (epoch ms) of the oldest job waiting to run, or null when none waits; read at scrape time. */
    oldestWaitingJobAt?: () => Promise<number | null>;
    defaultMetrics?: boolean;
    now?: () => number;
  } = {},
) {
  const now = options.now ?? Date.now;
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  const registers = [registry];

  const webhooksTotal = new Counter({
    name: `${METRIC_PREFIX}webhooks_total`,
    help: 'Webhook requests by outcome (queued, duplicate, ignored, unauthorized, bad_request, invalid, too_large, unsupported_media_type, unavailable, error).',
    labelNames: ['outcome'] as const,
    registers,
  });
  const jobsTotal = new Counter({
    name: `${METRIC_PREFIX}jobs_total`,
    help: 'Triage jobs finished by outcome (e.g. triaged, skipped, retried, failed).',
    labelNames: ['outcome'] as const,
    registers,
  });
  const jobDurationSeconds = new Histogram({
    name: `${METRIC_PREFIX}job_duration_seconds`,
    help: 'Time to process one triage job, in seconds.',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers,
  });
  const classificationsTotal = new Counter({
    name: `${METRIC_PREFIX}classifications_total`,
    help: 'Diagnoses by issue id and confidence band.',
    labelNames: ['issue', 'band'] as const,
    registers,
  });
  const classificationCutoffsTotal = new Counter({
    name: `${METRIC_PREFIX}classification_cutoffs_total`,
    help: 'Tickets triaged `other` without analysis: over the per-ticket time limit (time-limit) or the classifier thread ended (thread-died).',
    labelNames: ['reason'] as const,
    registers,
  });
  const feedbackRetrainsTotal = new Counter({
    name: `${METRIC_PREFIX}feedback_retrains_total`,
    help: "Retrainings of the model with agents' corrections, by outcome (done, failed).",
    labelNames: ['outcome'] as const,
    registers,
  });
  const missingDataTotal = new Counter({
    name: `${METRIC_PREFIX}missing_data_total`,
    help: 'Escalation fields found missing in tickets, by field.',
    labelNames: ['field'] as const,
    registers,
  });
  const zendeskCallsTotal = new Counter({
    name: `${METRIC_PREFIX}zendesk_calls_total`,
    help: 'Zendesk API calls by endpoint template and status (HTTP status, timeout or network).',
    labelNames: ['endpoint', 'status'] as const,
    registers,
  });
  const zendeskRateLimitedTotal = new Counter({
    name: `${METRIC_PREFIX}zendesk_rate_limited_total`,
    help: 'Zendesk answers with status 429.',
    registers,
  });
  const refusalsTotal = new Counter({
    name: `${METRIC_PREFIX}refusals_total`,
    help: 'Refused requests by kind (webhook_signature, sidebar_token, basic_auth), counted whether or not their log line was suppressed.',
    labelNames: ['kind'] as const,
    registers,
  });
  const refusalLogsSuppressedTotal = new Counter({
    name: `${METRIC_PREFIX}refusal_logs_suppressed_total`,
    help: 'Refusals not logged one by one because their source (or all sources) exceeded the log budget; summarized per source instead.',
    labelNames: ['kind'] as const,
    registers,
  });
  const sweepEnabled = new Gauge({
    name: `${METRIC_PREFIX}sweep_enabled`,
    help: 'Whether the catch-up sweep runs (1) or not (0), with the reason (admin, interval-zero, not-admin, role-unchecked); set at start-up.',
    labelNames: ['reason'] as const,
    registers,
  });
  const sweepMalformedRecordsTotal = new Counter({
    name: `${METRIC_PREFIX}sweep_malformed_records_total`,
    help: 'Incremental export records that did not parse as a ticket: logged by id and skipped by the catch-up sweep.',
    registers,
  });
  const outOfScopeTotal = new Counter({
    name: `${METRIC_PREFIX}out_of_scope_total`,
    help: 'New tickets not triaged because they are outside TRIAGE_SCOPE, by where they were seen (worker, sweep) and the kind they failed (brand, group, form, tag).',
    labelNames: ['source', 'kind'] as const,
    registers,
  });
  const queue = options.queue;
  const queueJobs = new Gauge({
    name: `${METRIC_PREFIX}queue_jobs`,
    help: 'Jobs in the triage queue by state (read from Redis at scrape time).',
    labelNames: ['state'] as const,
    registers,
    async collect() {
      if (!queue) return;
      try {
        const counts = await withTimeout(queue.getJobCounts(...QUEUE_STATES), QUEUE_COUNT_TIMEOUT_MS);
        for (const state of QUEUE_STATES) this.set({ state }, counts[state] ?? 0);
      } catch {
        // Redis unreachable: keep the last values; /readyz reports the outage.
      }
    },
  });

  const oldestWaitingJobAt = options.oldestWaitingJobAt;
  const queueOldestWaitingAgeSeconds = new Gauge({
    name: `${METRIC_PREFIX}queue_oldest_waiting_age_seconds`,
    help: 'Age of the oldest job waiting to run in the triage queue, in seconds (0 when none waits; read from Redis at scrape time).',
    registers,
    async collect() {
      if (!oldestWaitingJobAt) return;
      try {
        const at = await withTimeout(oldestWaitingJobAt(), QUEUE_COUNT_TIMEOUT_MS);
        this.set(at === null ? 0 : Math.max(0, (now() - at) / 1000));
      } catch {
        // Redis unreachable: keep the last value; /readyz reports the outage.
      }
    },
  });
  const zendeskPauseUntilSeconds = new Gauge({
    name: `${METRIC_PREFIX}zendesk_pause_until_seconds`,
    help: 'End of the latest Zendesk pause this process applied after a 429 (Retry-After), as a Unix time in seconds; `max(...) - time()` is the pause still ahead.',
    registers,
  });
  const sweepsTotal = new Counter({
    name: `${METRIC_PREFIX}sweeps_total`,
    help: 'Catch-up sweep runs by outcome (done, failed).',
    labelNames: ['outcome'] as const,
    registers,
  });

  return {
    registry,
    queueOldestWaitingAgeSeconds,
    zendeskPauseUntilSeconds,
    sweepsTotal,
    webhooksTotal,
    jobsTotal,
    jobDurationSeconds,
    classificationsTotal,
    classificationCutoffsTotal,
    feedbackRetrainsTotal,
    missingDataTotal,
    zendeskCallsTotal,
    zendeskRateLimitedTotal,
    refusalsTotal,
    refusalLogsSuppressedTotal,
    sweepEnabled,
    sweepMalformedRecordsTotal,
    outOfScopeTotal,
    queueJobs,
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** The Zendesk client's `onCall` hook, counting calls and 429s. */
export function observeZendeskCall(metrics: Metrics) {
  return (call: { endpoint: string; status: number | 'timeout' | 'network' }): void => {
    metrics.zendeskCallsTotal.inc({ endpoint: call.endpoint, status: String(call.status) });
    if (call.status === 429) metrics.zendeskRateLimitedTotal.inc();
  };
}
