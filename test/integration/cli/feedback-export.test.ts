import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli } from '../../support/run-cli.js';
import { createFeedbackStore } from '../../../src/store/feedback-store.js';
import { ticketSchema } from '../../../src/triage/ticket.js';
import { useRedis } from '../../support/use-redis-server.js';

async function run(args: string[], env: NodeJS.ProcessEnv) {
  const { code, stdout: out, stderr: err } = await runCli(['feedback:export', ...args], { env });
  return { code, out, err };
}

describe('signin-triage feedback:export (real redis)', () => {
  const { server, client: redis } = useRedis();
  let env: NodeJS.ProcessEnv;
  const dir = mkdtempSync(join(tmpdir(), 'signin-triage-export-'));

  beforeAll(async () => {
    env = { REDIS_URL: server().url, QUEUE_PREFIX: 'export-test', LOG_LEVEL: 'silent' };
    let minute = 0;
    const store = createFeedbackStore({ redis: redis(), prefix: 'export-test', now: () => new Date(Date.UTC(2026, 10, 26, 9, minute++)) });
    await store.add({
      ticketId: '12',
      correctIssue: 'account-blocked',
      previousIssue: 'other',
      subject: 'Locked out (anna.schmidt@example.de)',
      text: 'Anna.Schmidt@example.de gets Login failed. Also ask ops@example.org. Again: anna.schmidt@example.de',
      language: 'de',
    });
    await store.add({
      ticketId: '13',
      correctIssue: 'verification-error',
      previousIssue: null,
      subject: 'Error',
      text: 'Error page after the link',
    });
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes one labelled line per correction in the sample-tickets format', async () => {
    const { code, out, err } = await run([], env);
    expect(code).toBe(0);
    expect(err).toBe('exported 2 correction(s)\n');
    const lines = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      {
        id: '12',
        subject: 'Locked out (anna.schmidt@example.de)',
        description: 'Anna.Schmidt@example.de gets Login failed. Also ask ops@example.org. Again: anna.schmidt@example.de',
        requester: { name: '', email: '' },
        attachments: [],
        label: { issue: 'account-blocked', lang: 'de' },
      },
      {
        id: '13',
        subject: 'Error',
        description: 'Error page after the link',
        requester: { name: '', email: '' },
        attachments: [],
        label: { issue: 'verification-error' },
      },
    ]);
    for (const line of lines) expect(ticketSchema.safeParse(line).success).toBe(true);
  });

  it('masks every address consistently with --mask-emails, into a private file with --out', async () => {
    const file = join(dir, 'feedback.jsonl');
    const { code, out } = await run(['--mask-emails', '--out', file], env);
    expect(code).toBe(0);
    expect(out).toBe('');
    const [first] = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(first.subject).toBe('Locked out (user1@example.com)');
    expect(first.description).toBe('user1@example.com gets Login failed. Also ask user2@example.com. Again: user1@example.com');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('says what is wrong with the arguments or the environment', async () => {
    expect((await run(['--nope'], env)).code).toBe(2);
    const missing = await run([], { LOG_LEVEL: 'silent' });
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('set REDIS_URL');
  });
});
