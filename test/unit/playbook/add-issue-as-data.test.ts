import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { main } from '../../../src/cli/main.js';
import { DEFAULT_PLAYBOOK_PATH } from '../../../src/playbook/load-playbook.js';
import { loadTriage } from '../../../src/triage/load-triage.js';

/**
 * The shipped playbook plus one issue from a fixture, written to a temporary folder with the
 * issue's training tickets in its corpus/ (added to the shipped corpus).
 */
function playbookWithExtraIssue(): string {
  const playbook = parseYaml(readFileSync(DEFAULT_PLAYBOOK_PATH, 'utf8')) as { issues: unknown[] };
  const extra = parseYaml(readFileSync(new URL('../../fixtures/playbooks/extra-issue.yaml', import.meta.url), 'utf8'));
  playbook.issues.splice(playbook.issues.length - 1, 0, extra);
  const dir = mkdtempSync(join(tmpdir(), 'playbook-'));
  const path = join(dir, 'playbook.yaml');
  writeFileSync(path, stringifyYaml(playbook));
  mkdirSync(join(dir, 'corpus'));
  copyFileSync(
    new URL('../../fixtures/playbooks/corpus/mobile-app-login.yaml', import.meta.url),
    join(dir, 'corpus', 'mobile-app-login.yaml'),
  );
  return path;
}

const ticket = {
  id: '901',
  subject: 'App on my phone',
  description: 'Hello, the Akeneo mobile app on my android phone refuses my login since last week. The website is fine.',
  requester: { name: 'Ida', email: 'ida@example.com' },
  attachments: [],
};

describe('adding an issue is a data change only', () => {
  const path = playbookWithExtraIssue();

  it('classifies a ticket into the new issue', () => {
    const triage = loadTriage({ playbookPath: path });
    const diagnosis = triage.classify(ticket);
    expect(diagnosis.issue).toBe('mobile-app-login');
    expect(diagnosis.evidence.some((e) => e.issue === 'mobile-app-login')).toBe(true);
    // A playbook of one's own is trained on the whole corpus: 20–60 s on 2 busy cores.
  }, 240_000);

  it('is used by the CLI through --playbook', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    stdin.end(`${JSON.stringify(ticket)}\n`);
    const chunks: Buffer[] = [];
    stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    const code = await main(['classify', '--playbook', path], { stdin, stdout, stderr, env: {} });
    expect(code).toBe(0);
    expect(JSON.parse(Buffer.concat(chunks).toString('utf8'))).toMatchObject({ id: '901', issue: 'mobile-app-login' });
  }, 240_000);

  it('leaves the shipped playbook unaware of it', () => {
    expect(loadTriage().classify(ticket).issue).not.toBe('mobile-app-login');
  });
});
