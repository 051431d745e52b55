import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { runCli } from '../../support/run-cli.js';

// Invented conversations: a vague first message, our request, the customer's answer.
const conversation = (id: string, reply: string | null) =>
  JSON.stringify({
    id,
    subject: 'Login problem',
    description: 'Hello, I can not access PIM. I tried again this morning and it still fails, can you help?',
    requester: { name: 'Noor Haddad', email: 'noor.haddad@example.com' },
    conversation: [
      { body: 'Could you tell us what the sign-in page shows?', from_requester: false },
      ...(reply === null ? [] : [{ body: reply, from_requester: true }]),
    ],
    label: { issue: 'account-blocked', missing: [], lang: 'en' },
  });

const folder = mkdtempSync(join(tmpdir(), 'eval-replies-'));
const write = (name: string, lines: string[]) => {
  const path = join(folder, name);
  writeFileSync(path, lines.map((line) => `${line}\n`).join(''));
  return path;
};

describe('signin-triage eval-replies', () => {
  it('scores the conversations and lists the shipped policy misses with --errors', async () => {
    const file = write('two.jsonl', [
      conversation('c-1', 'It says Login failed and then that my account is blocked after several attempts.'),
      conversation('c-2', 'Any news?'),
    ]);
    const run = await runCli(['eval-replies', file, '--errors']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('two: 2 conversations');
    expect(run.stdout).toMatch(/^ {2}shipped/mu);
    expect(run.stdout).not.toContain('All sets');
  });

  it('prints one block per set, then all of them pooled', async () => {
    const first = write('first.jsonl', [conversation('c-4', 'Yes, it says my account is blocked.')]);
    const second = write('second.jsonl', [conversation('c-5', 'Any news?'), conversation('c-6', 'No.')]);
    const run = await runCli(['eval-replies', first, second]);
    expect(run.code).toBe(0);
    const titles = [...run.stdout.matchAll(/^(\S[^:\n]{0,40}): (\d+) conversations/gmu)].map((match) => `${match[1]} ${match[2]}`);
    expect(titles).toEqual(['first 1', 'second 2', 'All sets 3']);
  });

  it('fails, saying why, when no line holds a reply to score (instead of printing 0–100% and exiting 0)', async () => {
    const file = write('none.jsonl', [conversation('c-3', null)]);
    const run = await runCli(['eval-replies', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('line 1: skipped');
    expect(run.stderr).toContain('no conversation to score');
    expect(run.stdout).toBe('');
  });

  it('fails on an empty file too', async () => {
    const run = await runCli(['eval-replies', write('empty.jsonl', [])]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no conversation to score');
  });
});
