import { describe, expect, it } from 'vitest';
import { keptNotesOf, withKeptNotes } from '../../../bench/support/kept-notes.js';

const OLD = [
  '# Benchmarks',
  '## 3. Burst',
  'old figures',
  '<!-- notes:start 3 -->',
  '### 3b. Mid-window bursts',
  'hand-written',
  '<!-- notes:end 3 -->',
  '## 4. Classification',
  'old table',
  '<!-- notes:start 4 -->',
  '### Before and after',
  '<!-- notes:end 4 -->',
  '<!-- notes:start 9 -->',
  'a note of a section no longer generated',
  '<!-- notes:end 9 -->',
].join('\n');

const GENERATED = [
  '# Benchmarks',
  '## 3. Burst',
  'new figures',
  '## 4. Classification',
  'new table',
  '<!-- soak:start -->',
  'soak',
  '<!-- soak:end -->',
].join('\n');

describe('hand-written notes kept by a full npm run bench', () => {
  it('puts each note back at the end of its section, before the next section or block', () => {
    const text = withKeptNotes(GENERATED, keptNotesOf(OLD));
    expect(text.indexOf('hand-written')).toBeGreaterThan(text.indexOf('new figures'));
    expect(text.indexOf('hand-written')).toBeLessThan(text.indexOf('## 4. Classification'));
    expect(text.indexOf('### Before and after')).toBeGreaterThan(text.indexOf('new table'));
    expect(text.indexOf('### Before and after')).toBeLessThan(text.indexOf('<!-- soak:start -->'));
    expect(text).not.toContain('old figures');
  });

  it('never drops a note whose section is gone', () => {
    const text = withKeptNotes(GENERATED, keptNotesOf(OLD));
    expect(text).toContain('## Notes whose section is no longer generated');
    expect(text).toContain('a note of a section no longer generated');
  });

  it('is stable: writing twice gives the same text', () => {
    const once = withKeptNotes(GENERATED, keptNotesOf(OLD));
    expect(withKeptNotes(GENERATED, keptNotesOf(once))).toBe(once);
  });
});
