import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { main } from '../../../src/cli/main.js';
import { DEFAULT_PLAYBOOK_PATH } from '../../../src/playbook/load-playbook.js';
import { loadTriage } from '../../../src/triage/load-triage.js';
import { DEFAULT_MODEL_PATH } from '../../../src/triage/model-file.js';

function io() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdin: process.stdin,
      stdout: { write: (text: string) => ((out.stdout += text), true) },
      stderr: { write: (text: string) => ((out.stderr += text), true) },
      env: {},
    } as never,
  };
}

describe('signin-triage train --playbook PATH', () => {
  const dir = mkdtempSync(join(tmpdir(), 'train-playbook-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const playbookPath = join(dir, 'playbook.yaml');
  copyFileSync(DEFAULT_PLAYBOOK_PATH, playbookPath);

  it('writes model.bin beside the playbook, which then loads with no training', async () => {
    const before = io();
    expect(await main(['train', '--check', '--playbook', playbookPath], before.io)).toBe(1);
    expect(before.out.stderr).toBe(`no model file at ${join(dir, 'model.bin')}: run signin-triage train --playbook ${playbookPath}\n`);

    const trained = io();
    expect(await main(['train', '--playbook', playbookPath], trained.io)).toBe(0);
    expect(trained.out.stdout).toContain(`wrote ${join(dir, 'model.bin')}`);
    // Same playbook text and corpus as the shipped one: training is deterministic, so the very same file.
    expect(readFileSync(join(dir, 'model.bin')).equals(readFileSync(DEFAULT_MODEL_PATH))).toBe(true);

    const check = io();
    expect(await main(['train', '--check', '--playbook', playbookPath], check.io)).toBe(0);
    expect(check.out.stdout).toContain(`${join(dir, 'model.bin')} is up to date`);
    const reasons: string[] = [];
    loadTriage({ playbookPath, whenStale: 'refuse', onTrain: (reason) => reasons.push(reason) });
    expect(reasons).toEqual([]);
  }, 300_000);

  it('refuses an unknown option', async () => {
    const run = io();
    expect(await main(['train', '--playbok', playbookPath], run.io)).toBe(2);
    expect(run.out.stderr).toContain("Unknown option '--playbok'");
  });
});
