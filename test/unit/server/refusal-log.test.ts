import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../../src/observability/metrics.js';
import { createRefusalLog, type RefusalLogOptions } from '../../../src/server/refusal-log.js';
import { capturedLogger } from '../../support/captured-log.js';

function setup(options: Partial<RefusalLogOptions> = {}) {
  const captured = capturedLogger('info');
  const metrics = createMetrics({ defaultMetrics: false });
  let clock = 1_000_000;
  const refusals = createRefusalLog({ log: captured.log, metrics, timer: false, now: () => clock, ...options });
  const refuse = (source: string) => refusals.refuse(source, 'webhook_signature', () => captured.log.warn({ source }, 'refused'));
  const total = async () => (await metrics.refusalsTotal.get()).values.reduce((sum, value) => sum + value.value, 0);
  return {
    captured,
    refusals,
    refuse,
    total,
    advance: (ms: number) => (clock += ms),
    messages: () => captured.lines().map((line) => String(line.msg)),
  };
}

describe('createRefusalLog', () => {
  it('logs a burst per source, then one summary per interval, and counts everything', async () => {
    const t = setup({ burst: 3, perSourcePerMinute: 0, summaryIntervalMs: 60_000 });
    for (let i = 0; i < 100; i++) t.refuse('10.0.0.1');
    expect(t.messages()).toEqual(['refused', 'refused', 'refused']);
    t.advance(59_000);
    t.refuse('10.0.0.1');
    expect(t.messages()).toHaveLength(3);
    t.advance(1_000);
    t.refuse('10.0.0.1'); // the interval has passed: this refusal brings the summary
    expect(t.messages().at(-1)).toBe('suppressed 99 similar refusals from 10.0.0.1');
    t.refusals.flush(); // nothing new within the interval
    expect(t.messages()).toHaveLength(4);
    expect(await t.total()).toBe(102);
  });

  it('refills a source budget over time', () => {
    const t = setup({ burst: 1, perSourcePerMinute: 6 });
    t.refuse('a');
    t.refuse('a');
    expect(t.messages()).toEqual(['refused']);
    t.advance(10_000);
    t.refuse('a');
    expect(t.messages()).toEqual(['refused', 'refused']);
  });

  it('bounds the log when the flood comes from many addresses (shared budget, bounded LRU, folded summaries)', async () => {
    const t = setup({ burst: 5, globalBurst: 20, globalPerMinute: 0, maxSources: 100, maxSummariesPerFlush: 3 });
    for (let i = 0; i < 5_000; i++) t.refuse(`2001:db8::${i.toString(16)}`);
    expect(t.messages().filter((message) => message === 'refused')).toHaveLength(20);
    t.refusals.flush(true);
    const summaries = t.messages().filter((message) => message.startsWith('suppressed'));
    expect(summaries).toHaveLength(4);
    const folded = t.captured.lines().find((line) => String(line.msg).includes('other sources'))!;
    const perSource = t.captured.lines().filter((line) => /^suppressed \d+ similar refusals from 2001/.test(String(line.msg)));
    expect(perSource.reduce((sum, line) => sum + Number(line.suppressed), 0) + Number(folded.suppressed)).toBe(5_000 - 20);
    expect(await t.total()).toBe(5_000);
  });

  it('record(): counts refusals another component logged, and summarizes the quiet ones', async () => {
    const t = setup({ burst: 2 });
    expect(t.refusals.wouldLog('s')).toBe(true);
    t.refusals.record('s', 'sidebar_token', true);
    t.refusals.record('s', 'sidebar_token', true);
    expect(t.refusals.wouldLog('s')).toBe(false);
    t.refusals.record('s', 'sidebar_token', false);
    t.refusals.close();
    expect(t.messages()).toEqual(['suppressed 1 similar refusals from s']);
    expect(await t.total()).toBe(3);
  });
});
