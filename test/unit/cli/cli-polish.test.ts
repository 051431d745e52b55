import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { runCli } from '../../support/run-cli.js';
import { emptyTicketWarning } from '../../../src/cli/ticket-input.js';

const run = (args: string[], input = '') => runCli(args, { stdin: input });

const line = (id: string, subject: string, description: string, issue = 'account-blocked') =>
  JSON.stringify({
    id,
    subject,
    description,
    requester: { name: 'Kim', email: 'kim@example.com' },
    label: { issue, missing: [], lang: 'en' },
  });

const BLOCKED = line('t-1', 'Account locked', 'After several tries I get Login failed and now my account is blocked.');
const EMPTY = line('t-2', '', '  ', 'other');

const folder = mkdtempSync(join(tmpdir(), 'cli-polish-'));
const file = join(folder, 'tickets.jsonl');
writeFileSync(file, `${BLOCKED}\n${EMPTY}\n`);

describe('explain --file F --id ID', () => {
  it('explains the ticket with that id, as explain TEXT would', async () => {
    const fromFile = await run(['explain', '--file', file, '--id', 't-1']);
    expect(fromFile.code).toBe(0);
    const fromText = await run([
      'explain',
      '--subject',
      'Account locked',
      'After several tries I get Login failed and now my account is blocked.',
    ]);
    const firstLine = (text: string) => text.split('\n')[0];
    expect(firstLine(fromFile.stdout)).toMatch(/^Issue: account-blocked /);
    expect(firstLine(fromFile.stdout)).toBe(firstLine(fromText.stdout));
  });

  it('says when the id is not in the file, and when the file does not exist', async () => {
    const absent = await run(['explain', '--file', file, '--id', 'nope']);
    expect(absent.code).toBe(1);
    expect(absent.stderr).toContain(`no ticket with id nope in ${file}`);
    const missing = await run(['explain', '--file', join(folder, 'missing.jsonl'), '--id', 't-1']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`signin-triage explain: file not found: ${join(folder, 'missing.jsonl')}\n`);
  });

  it('needs both options', async () => {
    const result = await run(['explain', '--file', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--file and --id go together');
  });
});

describe('missing files', () => {
  it('classify says "file not found: PATH"', async () => {
    const result = await run(['classify', join(folder, 'nothing.jsonl')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`signin-triage classify: file not found: ${join(folder, 'nothing.jsonl')}\n`);
  });

  it('eval says "file not found: PATH" for each absent file', async () => {
    const result = await run(['eval', join(folder, 'a.jsonl'), file, join(folder, 'b.jsonl')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`file not found: ${join(folder, 'a.jsonl')}\nfile not found: ${join(folder, 'b.jsonl')}\n`);
  });
});

describe('eval -', () => {
  it('reads a labelled set from stdin like classify -', async () => {
    const fromStdin = await run(['eval', '-', '--json'], `${BLOCKED}\n`);
    expect(fromStdin.code).toBe(0);
    const report = JSON.parse(fromStdin.stdout) as { sets: Array<{ name: string; report: { total?: number } }> };
    expect(report.sets.map((set) => set.name)).toEqual(['stdin']);
    const fromFile = await run(['eval', file, '--json']);
    const sets = (JSON.parse(fromFile.stdout) as { sets: unknown[] }).sets;
    expect(sets).toHaveLength(1);
  });
});

describe('eval --pool', () => {
  const other = join(folder, 'more.jsonl');
  writeFileSync(other, `${line('t-3', 'Never got the mail', 'The verification email never arrived.', 'verification-email-missing')}\n`);

  it('adds a column scoring the union of the named sets, whose misses are listed once', async () => {
    const result = await run(['eval', file, other, '--pool', 'both=tickets,more', '--json']);
    expect(result.code).toBe(0);
    const sets = (JSON.parse(result.stdout) as { sets: Array<{ name: string; report: { count: number; accuracy: number } }> }).sets;
    expect(sets.map((set) => [set.name, set.report.count])).toEqual([
      ['tickets', 2],
      ['more', 1],
      ['both', 3],
    ]);
    const [tickets, more, both] = sets.map((set) => set.report);
    expect(both!.accuracy).toBeCloseTo((tickets!.accuracy * 2 + more!.accuracy) / 3, 9);
    const errors = await run(['eval', file, other, '--pool=both=tickets,more', '--errors']);
    const listed = errors.stdout.split('\n').filter((row) => /^\S+ t-\d: expected/u.test(row));
    // The empty ticket's missing list is wrong (labelled []): one miss, under its own set only.
    expect(listed.length).toBeGreaterThan(0);
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed.every((row) => !row.startsWith('both '))).toBe(true);
  });

  it('names a pooled set that is not among the FILEs, and a malformed pool', async () => {
    const unknown = await run(['eval', file, '--pool', 'x=tickets,nope']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('--pool x: no FILE named nope (sets given: tickets)');
    const malformed = await run(['eval', file, '--pool', 'tickets']);
    expect(malformed.stderr).toContain('--pool needs NAME=SET,SET');
  });
});

// Review of 185fbb1: a pool column must be one unambiguous union of distinct sets.
describe('eval --pool, ambiguous pools', () => {
  const twin = join(mkdtempSync(join(tmpdir(), 'cli-polish-twin-')), 'tickets.jsonl');
  writeFileSync(twin, `${line('t-9', 'Locked', 'My account is locked after too many tries.')}\n`);
  const more = join(folder, 'more.jsonl');

  it.each([
    ['the same set twice', [file, more, '--pool', 'p=tickets,tickets'], '--pool p'],
    ['a pool named as a set', [file, more, '--pool', 'tickets=tickets,more'], '--pool tickets'],
    ['two pools of one name', [file, more, '--pool', 'p=tickets,more', '--pool', 'p=more,tickets'], '--pool p'],
    ['a blank pool name', [file, more, '--pool', ' =tickets,more'], '--pool'],
    ['two FILEs of one name in a pool', [file, twin, more, '--pool', 'p=tickets,more'], 'tickets'],
  ])('is a usage error: %s', async (_case, args, named) => {
    const result = await run(['eval', ...(args as string[])]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(named);
  });
});

describe('a line with no subject and no description', () => {
  it('gets a warning with its line number from classify and eval; the others are classified', async () => {
    const classified = await run(['classify', file]);
    expect(classified.code).toBe(0);
    expect(classified.stdout.trim().split('\n')).toHaveLength(2);
    expect(classified.stderr).toBe(
      'line 2: warning: no subject and no description (the fields are "subject" and "description"); classified from nothing\n',
    );
    const evaluated = await run(['eval', '-', '--json'], `${BLOCKED}\n${EMPTY}\n`);
    expect(evaluated.stderr).toContain('stdin line 2: warning: no subject and no description');
  });

  it('is not given when a follow-up carries the text', () => {
    expect(emptyTicketWarning({ subject: '', description: '', conversation: [{ body: 'Login failed' }] })).toBeNull();
    expect(emptyTicketWarning({ subject: ' ', description: '\n' })).not.toBeNull();
  });
});
