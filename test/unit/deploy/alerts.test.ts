import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';

import { createMetrics, METRIC_PREFIX } from '../../../src/observability/metrics.js';

const ALERTS = new URL('../../../docs/alerts.yml', import.meta.url);

// The shape of a Prometheus rule file (https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/).
const ruleFileSchema = z.strictObject({
  groups: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        rules: z
          .array(
            z.strictObject({
              alert: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/),
              expr: z.string().min(1),
              for: z.string().regex(/^\d+[smhd]$/),
              labels: z.strictObject({ severity: z.enum(['page', 'warning']) }),
              annotations: z.strictObject({ summary: z.string().min(1), description: z.string().min(1) }),
            }),
          )
          .min(1),
      }),
    )
    .min(1),
});

const rules = ruleFileSchema.parse(parse(readFileSync(ALERTS, 'utf8'))).groups.flatMap((group) => group.rules);

// Every series the service exports, with its label names, from the real registry.
const registry = createMetrics({ defaultMetrics: false }).registry;
const exported = new Map(
  registry.getMetricsAsArray().map((metric) => [metric.name, (metric as unknown as { labelNames: string[] }).labelNames ?? []]),
);
const HISTOGRAM_SUFFIX = /_(bucket|sum|count)$/;

function known(series: string): string[] | undefined {
  return exported.get(series) ?? exported.get(series.replace(HISTOGRAM_SUFFIX, ''));
}

describe('docs/alerts.yml', () => {
  it('covers failed jobs, a long 429 pause, sweep errors and queue age', () => {
    const exprs = rules.map((rule) => rule.expr).join('\n');
    expect(exprs).toContain('signin_triage_jobs_total{outcome="failed"}');
    expect(exprs).toContain('signin_triage_zendesk_pause_until_seconds');
    expect(exprs).toContain('signin_triage_sweeps_total{outcome="failed"}');
    expect(exprs).toContain('signin_triage_queue_oldest_waiting_age_seconds');
    expect(new Set(rules.map((rule) => rule.alert)).size).toBe(rules.length);
  });

  it.each(rules.map((rule) => [rule.alert, rule] as const))('%s uses only metrics and labels the service exports', (_name, rule) => {
    const series = [...rule.expr.matchAll(new RegExp(`\\b${METRIC_PREFIX}[a-z_]{1,80}\\b`, 'g'))].map((match) => match[0]);
    expect(series.length).toBeGreaterThan(0);
    for (const name of series) expect(known(name), `${name} is not defined in src/observability/metrics.ts`).toBeDefined();
    for (const match of rule.expr.matchAll(/\b(signin_triage_[a-z_]{1,80})\{([^}]{0,200})\}/g)) {
      const labels = [...match[2]!.matchAll(/([a-z_]{1,40})\s{0,3}=~?/g)].map((label) => label[1]!);
      for (const label of labels) expect(known(match[1]!), `${match[1]} has no label ${label}`).toContain(label);
    }
    // The descriptions' PromQL mentions are real series too.
    for (const mention of rule.annotations.description.matchAll(/\bsignin_triage_[a-z_]{1,80}/g)) expect(known(mention[0])).toBeDefined();
  });

  it('refers to outcomes the code really counts', () => {
    const sources = ['worker/process-triage-job.ts', 'worker/start-worker.ts'].map((path) =>
      readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8'),
    );
    expect(sources[0]).toMatch(/finish\('failed'\)/);
    expect(sources[1]).toContain("sweepsTotal.inc({ outcome: 'failed' })");
  });
});

describe('signin_triage_queue_oldest_waiting_age_seconds', () => {
  it('is the age of the oldest waiting job at scrape time, 0 when none waits', async () => {
    let oldest: number | null = 1_000_000;
    const metrics = createMetrics({ defaultMetrics: false, oldestWaitingJobAt: async () => oldest, now: () => 1_090_000 });
    expect((await metrics.queueOldestWaitingAgeSeconds.get()).values[0]?.value).toBe(90);
    oldest = null;
    expect((await metrics.queueOldestWaitingAgeSeconds.get()).values[0]?.value).toBe(0);
  });
});
