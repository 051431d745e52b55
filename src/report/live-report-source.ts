import type { Redis } from 'ioredis';

import { listLatestDiagnoses } from '../store/list-diagnoses.js';
import type { FeedbackStore } from '../store/feedback-store.js';
import { readModelFile } from '../triage/model-file.js';
import type { QualityReport } from './compute-quality-report.js';
import { buildLiveReport } from './live-report.js';

export interface LiveReportSourceOptions {
  redis: Pick<Redis, 'scan' | 'mget'>;
  prefix: string;
  feedbackStore: Pick<FeedbackStore, 'list'>;
  /** The running playbook's issue ids. */
  issues: () => readonly string[];
  /** The running model's thresholds. @defaultValue those of src/playbook/model.json, read once */
  currentThresholds?: () => { abstain: number; high: number } | null;
  now?: () => Date;
}

/** Reads the stores and builds the live quality report (the /admin/quality page's data). */
export function createLiveReportSource(options: LiveReportSourceOptions): () => Promise<QualityReport> {
  const now = options.now ?? (() => new Date());
  const thresholds = options.currentThresholds ?? shippedThresholds();
  return async () => {
    const [listed, records] = await Promise.all([listLatestDiagnoses(options.redis, options.prefix), options.feedbackStore.list()]);
    return buildLiveReport({
      diagnoses: listed.diagnoses,
      corrections: records.map((r) => ({
        ticketId: r.ticketId,
        previousIssue: r.previousIssue,
        correctIssue: r.correctIssue,
        createdAt: r.createdAt,
      })),
      issues: options.issues(),
      currentThresholds: thresholds(),
      now: now(),
      skipped: listed.skipped.length,
      truncated: listed.truncated,
    });
  };
}

/** The shipped model's thresholds (a custom playbook or feedback learning may run others). */
function shippedThresholds(): () => { abstain: number; high: number } | null {
  let value: { abstain: number; high: number } | null | undefined;
  return () => {
    if (value === undefined) {
      try {
        const { abstain, high } = readModelFile().file.thresholds;
        value = { abstain, high };
      } catch {
        value = null;
      }
    }
    return value;
  };
}

/** The shipped model's thresholds with an admin's settings (ABSTAIN_THRESHOLD, HIGH_CONFIDENCE_THRESHOLD) over them. */
export function effectiveThresholds(overrides: { abstain?: number; high?: number }): () => { abstain: number; high: number } | null {
  const shipped = shippedThresholds();
  return () => {
    const base = shipped();
    return base ? { ...base, ...overrides } : null;
  };
}
