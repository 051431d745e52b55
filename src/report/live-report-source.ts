import type { Redis } from 'ioredis';

import { listLatestDiagnoses } from '../store/list-diagnoses.js';
import type { FeedbackStore } from '../store/feedback-store.js';
import type { QualityReport } from './compute-quality-report.js';

export interface LiveReportSourceOptions {
  redis: Pick<Redis, 'scan' | 'mget'>;
  prefix: string;
  feedbackStore: Pick<FeedbackStore, 'list'>;
  /** The running playbook's issue ids. */
  issues: () => readonly string[];
  /** The running model's thresholds. @defaultValue those of src/playbook/model.bin, read once (when first asked for) */
  currentThresholds?: () => { abstain: number; high: number } | null | Promise<{ abstain: number; high: number } | null>;
  now?: () => Date;
}

/** Reads the stores and builds the live quality report (the /admin/quality page's data). */
export function createLiveReportSource(options: LiveReportSourceOptions): () => Promise<QualityReport> {
  const now = options.now ?? (() => new Date());
  const thresholds = options.currentThresholds ?? shippedThresholds();
  return async () => {
    const [listed, records] = await Promise.all([listLatestDiagnoses(options.redis, options.prefix), options.feedbackStore.list()]);
    // The report's code is loaded by the first report, not at start-up.
    const { buildLiveReport } = await import('./live-report.js');
    return buildLiveReport({
      diagnoses: listed.diagnoses,
      corrections: records.map((r) => ({
        ticketId: r.ticketId,
        previousIssue: r.previousIssue,
        correctIssue: r.correctIssue,
        createdAt: r.createdAt,
      })),
      issues: options.issues(),
      currentThresholds: await thresholds(),
      now: now(),
      skipped: listed.skipped.length,
      truncated: listed.truncated,
    });
  };
}

/** The shipped model's thresholds, read once; its reader is loaded then, not with the service. */
function shippedThresholds(): () => Promise<{ abstain: number; high: number } | null> {
  let value: Promise<{ abstain: number; high: number } | null> | undefined;
  return () =>
    (value ??= import('../triage/model-file.js')
      .then(({ readModelFile }) => {
        const { abstain, high } = readModelFile().file.thresholds;
        return { abstain, high };
      })
      .catch(() => null));
}
