import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/run-cli.js';

const run = (args: string[], input: string) => runCli(args, { stdin: input });

const ticket = (id: string, description: string, extra: object = {}) =>
  JSON.stringify({
    id,
    subject: 'sign-in',
    description,
    requester: { name: 'Kim', email: 'kim@example.com' },
    attachments: [],
    created_at: '2026-11-16T10:00:00Z',
    label: { issue: 'ignored', missing: [], lang: 'en' },
    ...extra,
  });

describe('signin-triage classify', () => {
  it('writes one result per input line, in order, with the contract fields', async () => {
    const input = [
      ticket('a-1', 'I clicked the verification link and got Authentication failed at 10:42.'),
      ticket('a-2', 'Mon compte est bloqué après plusieurs essais, Login failed.', {
        attachments: [{ file_name: 'x.png', content_type: 'image/png' }],
      }),
    ].join('\n');
    const { code, stdout } = await run(['classify'], input);
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.id)).toEqual(['a-1', 'a-2']);
    expect(Object.keys(lines[0]).sort()).toEqual(['confidence', 'evidence', 'id', 'issue', 'language', 'missing']);
    expect(lines[0]).toMatchObject({ issue: 'verification-error', missing: ['screenshot'], language: 'en' });
    expect(lines[1]).toMatchObject({ issue: 'account-blocked', missing: ['timestamp'], language: 'fr' });
    expect(lines[0].confidence).toBeGreaterThan(0);
    expect(lines[0].confidence).toBeLessThanOrEqual(1);
  });

  it('reports a broken line with its number and still classifies the others', async () => {
    const input = [
      ticket('b-1', 'I never received the verification email.'),
      '{not json',
      '{"id": 5, "attachments": "nope"}',
      ticket('b-4', 'Login failed, I am locked out.'),
    ].join('\n');
    const { code, stdout, stderr } = await run(['classify'], input);
    expect(code).toBe(1);
    expect(
      stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).id),
    ).toEqual(['b-1', 'b-4']);
    expect(stderr).toMatch(/line 2: not valid JSON/);
    expect(stderr).toMatch(/line 3: attachments/);
  });

  it('refuses unknown options with the usage', async () => {
    const { code, stderr } = await run(['classify', '--bogus'], '');
    expect(code).toBe(2);
    expect(stderr).toContain('Usage: signin-triage classify');
  });
});
