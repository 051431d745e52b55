/** What every bench section shares: the figures it records, its notes and its clean-ups. */
import type { RedisServerHandle } from '../../test/support/redis-server.js';

/** The sections of `npm run bench`, in the order a full run takes them. */
export const SECTIONS = ['webhook', 'e2e', 'burst', 'classification', 'hostile', 'startup'] as const;
export type Section = (typeof SECTIONS)[number];

export interface Figure {
  section: Section;
  name: string;
  value: string;
  target: string;
  /** null: reported, no target. */
  met: boolean | null;
}

export interface Context {
  redis: RedisServerHandle;
  figures: Figure[];
  notes: Map<Section, string[]>;
  /** Stops whatever a section started, newest first; run even when the section throws. */
  cleanups: (() => Promise<unknown>)[];
}

export function record(ctx: Context, figure: Figure): void {
  ctx.figures.push(figure);
  const verdict = figure.met === null ? '' : figure.met ? '  ✓ met' : '  ✗ NOT met';
  process.stdout.write(`  ${figure.name}: ${figure.value}${figure.target ? ` (target: ${figure.target})` : ''}${verdict}\n`);
}

export function note(ctx: Context, section: Section, text: string): void {
  const list = ctx.notes.get(section) ?? [];
  list.push(text);
  ctx.notes.set(section, list);
  process.stdout.write(`  · ${text}\n`);
}

export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
export const sleep = (delay: number) => new Promise((resolve) => setTimeout(resolve, delay));
