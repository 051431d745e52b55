import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { readCorpusFiles } from '../../../src/playbook/corpus.js';
import { computeSourceHash, DEFAULT_MODEL_PATH, MODEL_FORMAT, ModelFileError, readModelFile } from '../../../src/triage/model-file.js';
import { currentSourceHash, loadTriage, readTrainingSources } from '../../../src/triage/load-triage.js';

describe('the model file start-up loads', () => {
  it('was trained from exactly this playbook, corpus and feature code (else: npm run train, and commit it)', () => {
    const { file } = readModelFile();
    expect(file.sourceHash, 'src/playbook/model.bin is stale: run npm run train and commit it').toBe(
      currentSourceHash(readTrainingSources()),
    );
  });

  it("hashes the corpus files' bytes as their decoded texts (start-up reads bytes, training reads texts)", () => {
    const sources = readTrainingSources();
    expect(computeSourceHash(sources.playbookText, { files: readCorpusFiles(sources.corpusDirs) })).toBe(currentSourceHash(sources));
  });

  it('is what loadTriage uses: no training at start', () => {
    const reasons: string[] = [];
    const triage = loadTriage({ onTrain: (reason) => reasons.push(reason) });
    expect(reasons).toEqual([]);
    expect(triage.trainingExamples).toBe(readModelFile().file.trainingExamples);
  });

  it('starts from it without parsing YAML or a regular expression: neither parser is even loaded', () => {
    // A fresh process, as a cold start is: what this test process loaded says nothing.
    const script = [
      "import { createRequire } from 'node:module';",
      `const { loadTriage } = await import(${JSON.stringify(new URL('../../../src/triage/load-triage.ts', import.meta.url).href)});`,
      'const triage = loadTriage({ onTrain: (reason) => { throw new Error(reason); } });',
      "triage.classify({ id: 1, subject: 'Login failed', description: 'I cannot sign in since 10:42 today.' });",
      'console.log(JSON.stringify(Object.keys(createRequire(import.meta.url).cache).filter((path) => /node_modules.(regjsparser|yaml)./.test(path))));',
    ].join('\n');
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout.trim())).toEqual([]);
  }, 60_000);

  it('trains instead, saying why, when the file is stale or broken', () => {
    const dir = mkdtempSync(join(tmpdir(), 'model-'));
    const stale = join(dir, 'stale.json');
    writeFileSync(
      stale,
      readFileSync(DEFAULT_MODEL_PATH, 'latin1').replace(/"sourceHash": "[0-9a-f]{64}"/u, `"sourceHash": "${'0'.repeat(64)}"`),
      'latin1',
    );
    const reasons: string[] = [];
    loadTriage({ modelPath: stale, onTrain: (reason) => reasons.push(reason) });
    expect(reasons).toEqual([expect.stringContaining('was trained from another playbook, corpus or feature code: run npm run train')]);
  }, 240_000);

  /** The shipped file's head (before its NUL byte) as text, with its \u escapes written as the characters they stand for, and the rest of the file. */
  const unescaped = (): { head: string; rest: Buffer } => {
    const bytes = readFileSync(DEFAULT_MODEL_PATH);
    const end = bytes.indexOf(0);
    const head = bytes
      .subarray(0, end)
      .toString('latin1')
      .replace(/\\u([0-9a-f]{4})/gu, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return { head, rest: bytes.subarray(end) };
  };

  it("has a head of ASCII (the playbook's accented words as \\u escapes), and a UTF-8 head of the same model reads the same", () => {
    const bytes = readFileSync(DEFAULT_MODEL_PATH);
    expect(bytes.subarray(0, bytes.indexOf(0)).every((byte) => byte < 0x80)).toBe(true);
    expect(bytes.subarray(0, bytes.indexOf(0)).toString('latin1')).toMatch(/\\u00e0/u);
    const dir = mkdtempSync(join(tmpdir(), 'model-'));
    const utf8 = join(dir, 'utf8.json');
    // The escapes written as the characters they stand for, as JSON.stringify alone writes them.
    const { head, rest: blocks } = unescaped();
    writeFileSync(utf8, Buffer.concat([Buffer.from(head, 'utf8'), blocks]));
    expect(
      readFileSync(utf8)
        .subarray(0, head.length)
        .some((byte) => byte >= 0x80),
    ).toBe(true);
    const { model, ...rest } = readModelFile(utf8);
    const { model: shipped, ...shippedRest } = readModelFile();
    expect(rest).toEqual(shippedRest);
    expect(model.softmax.weights).toEqual(shipped.softmax.weights);
    expect(JSON.stringify(rest.playbook)).toMatch(/à/u);
  });

  it('reads a UTF-8 file with a byte-order mark, and names a file whose head was saved as Latin-1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'model-'));
    const { head, rest } = unescaped();
    const withBom = join(dir, 'bom.json');
    writeFileSync(withBom, Buffer.concat([Buffer.from(`\ufeff${head}`, 'utf8'), rest]));
    expect(readModelFile(withBom).file.sourceHash).toBe(readModelFile().file.sourceHash);
    const latin1 = join(dir, 'latin1.json');
    writeFileSync(latin1, Buffer.concat([Buffer.from(head, 'latin1'), rest]));
    expect(() => readModelFile(latin1)).toThrow(/latin1\.json is not UTF-8 text .*npm run train/u);
  });

  it('names what is wrong in a broken file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'model-'));
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, `{"format": ${MODEL_FORMAT}}`);
    expect(() => readModelFile(broken)).toThrow(ModelFileError);
    expect(() => readModelFile(broken)).toThrow(/is not a model file: .*run npm run train/);
    writeFileSync(broken, 'not json');
    expect(() => readModelFile(broken)).toThrow(/is not JSON/);
    expect(() => readModelFile(join(dir, 'missing.json'))).toThrow(/no model file at .*: run npm run train/);
  });

  it("names an older release's model.json left where model.bin is looked for", () => {
    const dir = mkdtempSync(join(tmpdir(), 'model-'));
    writeFileSync(join(dir, 'model.json'), '{"format": 2}');
    expect(() => readModelFile(join(dir, 'model.bin'))).toThrow(
      `no model file at ${join(dir, 'model.bin')} (${join(dir, 'model.json')} is an older release's model file and is no longer read): run npm run train`,
    );
  });
});
