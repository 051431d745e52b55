import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { DEFAULT_PLAYBOOK_PATH } from '../../../src/playbook/load-playbook.js';
import { StaleModelError } from '../../../src/triage/model-errors.js';
import { DEFAULT_MODEL_PATH, readModelFile } from '../../../src/triage/model-file.js';
import { modelPathFor, trainCommandFor } from '../../../src/playbook/playbook-paths.js';
import { loadTriage } from '../../../src/triage/load-triage.js';

// A copy of the shipped playbook in a folder of its own (no corpus/ beside it) has the shipped
// playbook's text and corpus, so the shipped model file is exactly the model for it: these
// tests need no training.
describe('the model file of a custom playbook (PLAYBOOK_PATH)', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const folder = (withModel: 'fitting' | 'stale' | 'none'): string => {
    const dir = mkdtempSync(join(tmpdir(), 'own-playbook-'));
    dirs.push(dir);
    copyFileSync(DEFAULT_PLAYBOOK_PATH, join(dir, 'playbook.yaml'));
    // Latin-1: every byte a character, the binary blocks kept as they are.
    const model = readFileSync(DEFAULT_MODEL_PATH, 'latin1');
    if (withModel === 'fitting') writeFileSync(join(dir, 'model.bin'), model, 'latin1');
    if (withModel === 'stale')
      writeFileSync(join(dir, 'model.bin'), model.replace(/"sourceHash": "[0-9a-f]{64}"/u, `"sourceHash": "${'0'.repeat(64)}"`), 'latin1');
    return join(dir, 'playbook.yaml');
  };

  it('is model.bin beside the playbook, written by `signin-triage train --playbook PATH`', () => {
    expect(modelPathFor('/playbook/playbook.yaml')).toBe('/playbook/model.bin');
    expect(trainCommandFor('/playbook/playbook.yaml')).toBe('signin-triage train --playbook /playbook/playbook.yaml');
    expect(modelPathFor()).toBe(DEFAULT_MODEL_PATH);
    expect(modelPathFor(DEFAULT_PLAYBOOK_PATH)).toBe(DEFAULT_MODEL_PATH);
    expect(trainCommandFor()).toBe('npm run train');
  });

  it('is loaded with no training when its hashes match the playbook, the corpus and the feature code', () => {
    const playbookPath = folder('fitting');
    const reasons: string[] = [];
    const triage = loadTriage({ playbookPath, whenStale: 'refuse', onTrain: (reason) => reasons.push(reason) });
    expect(reasons).toEqual([]);
    expect(triage.trainingExamples).toBe(readModelFile().file.trainingExamples);
    expect(triage.classify({ id: 1, subject: 'Compte bloqué', description: 'Mon compte est bloqué après plusieurs essais.' }).issue).toBe(
      'account-blocked',
    );
  });

  it('is refused when stale, in production, naming the file, why, and the command to run', () => {
    const playbookPath = folder('stale');
    const load = () => loadTriage({ playbookPath, whenStale: 'refuse' });
    expect(load).toThrow(StaleModelError);
    expect(load).toThrow(
      `${join(playbookPath, '..', 'model.bin')} was trained from another playbook, corpus or feature code: run signin-triage train --playbook ${playbookPath}, then start again (a production service does not train at start)`,
    );
  });

  it('is refused when missing, in production, with the same command', () => {
    const playbookPath = folder('none');
    expect(() => loadTriage({ playbookPath, whenStale: 'refuse' })).toThrow(
      new StaleModelError(
        `no model file at ${join(playbookPath, '..', 'model.bin')}: run signin-triage train --playbook ${playbookPath}, then start again (a production service does not train at start)`,
      ),
    );
  });

  it('refuses a stale shipped model too, with `npm run train`', () => {
    const dir = mkdtempSync(join(tmpdir(), 'model-'));
    dirs.push(dir);
    const stale = join(dir, 'model.bin');
    writeFileSync(
      stale,
      readFileSync(DEFAULT_MODEL_PATH, 'latin1').replace(/"sourceHash": "[0-9a-f]{64}"/u, `"sourceHash": "${'1'.repeat(64)}"`),
      'latin1',
    );
    expect(() => loadTriage({ modelPath: stale, whenStale: 'refuse' })).toThrow(
      `${stale} was trained from another playbook, corpus or feature code: run npm run train, then start again`,
    );
  });
});
