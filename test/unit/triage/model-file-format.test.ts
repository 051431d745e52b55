import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPlaybook } from '../../../src/playbook/load-playbook.js';
import { readTrainingSources } from '../../../src/triage/load-triage.js';
import {
  DEFAULT_MODEL_PATH,
  MODEL_FORMAT,
  ModelFileError,
  readModelFile,
  serializeModel,
  writeModelFile,
} from '../../../src/triage/model-file.js';
import { featureTokensOf } from '../../../src/triage/features.js';
import { compileSignals, signalLiteralSets } from '../../../src/triage/signals.js';
import type { TrainedModel } from '../../../src/triage/train-model.js';

// Format 5 (4 plus the affected-user model's tokens; 4 was 3 plus the features' tokens; 3 was 2 plus the signals' literal sets): feature names one per line and the weights as base64 int32 (weight × 10^5), read
// with a base64 decode and a division per weight instead of a JSON array per feature.
describe('model file format', () => {
  const dir = mkdtempSync(join(tmpdir(), 'model-format-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const write = (text: string): string => {
    const path = join(dir, `model-${(n += 1)}.json`);
    writeFileSync(path, text);
    return path;
  };
  const playbook = loadPlaybook();
  const meta = { sourceHash: 'a'.repeat(64), playbook };
  const model: TrainedModel = {
    softmax: {
      classes: ['a', 'b'],
      bias: Float64Array.from([0.123456, -0]),
      weights: new Map([
        ['w:x', Float64Array.from([0.1, -0.3])],
        ['w:y', Float64Array.from([21474.83647, -0.00001])],
        ['w:z', Float64Array.from([2, 0.999994])],
        ['w:é ü', Float64Array.from([-21474.83648, 1 / 3])],
        ['w:pruned', Float64Array.from([0.0004, -0.0004])],
      ]),
    },
    affectedUser: {
      classes: ['not-requester', 'requester'],
      bias: Float64Array.from([0.5, -0.5]),
      weights: new Map([['c:own', Float64Array.from([-1.234567, 1.234567])]]),
    },
    thresholds: { abstain: 0.3, high: 0.9, temperature: 1 },
    trainingExamples: 3,
  };
  const rows = (weights: Map<string, Float64Array>) => [...weights].map(([feature, w]) => [feature, [...w]]);

  it('keeps every weight as the double of its 5-decimal rounding, and drops near-zero features', () => {
    const { file, model: read } = readModelFile(write(serializeModel(model, meta)));
    expect(file).toMatchObject({
      format: MODEL_FORMAT,
      sourceHash: meta.sourceHash,
      playbookVersion: playbook.version,
      classes: ['a', 'b'],
      trainingExamples: 3,
      bias: [0.12346, 0],
    });
    expect(rows(read.softmax.weights)).toEqual([
      ['w:x', [0.1, -0.3]],
      ['w:y', [21474.83647, -0.00001]],
      ['w:z', [2, 0.99999]],
      ['w:é ü', [-21474.83648, 0.33333]],
    ]);
    // The packed rows classifying reads hold the same doubles as the map.
    const { index, values } = read.softmax.rows!;
    expect(index.get('w:z')).toBe(2);
    expect([...values.subarray(4, 6)]).toEqual([2, 0.99999]);
    expect(rows(read.affectedUser!.weights)).toEqual([['c:own', [-1.23457, 1.23457]]]);
    expect([...read.affectedUser!.bias]).toEqual([0.5, -0.5]);
  });

  it('reads a model with no weights at all, and one without the affected-user model', () => {
    const empty = { ...model, softmax: { ...model.softmax, weights: new Map() }, affectedUser: null };
    const { model: read } = readModelFile(write(serializeModel(empty, meta)));
    expect(read.softmax.weights.size).toBe(0);
    expect(read.affectedUser).toBeNull();
  });

  it('refuses to write what it could not read back', () => {
    const withBreak = { ...model, softmax: { ...model.softmax, weights: new Map([['w:a\nb', Float64Array.from([1, 1])]]) } };
    expect(() => serializeModel(withBreak, meta)).toThrow(/holds a line break/);
    const tooLarge = { ...model, softmax: { ...model.softmax, weights: new Map([['w:a', Float64Array.from([21474.83648, 1])]]) } };
    expect(() => serializeModel(tooLarge, meta)).toThrow(/out of the model file's range/);
  });

  const good = serializeModel(model, meta);
  const field = (text: string, key: string) => (JSON.parse(text) as Record<string, unknown>)[key] as string;
  const withField = (key: string, value: unknown) => JSON.stringify({ ...JSON.parse(good), [key]: value });
  it.each([
    [
      'a weight block one byte short',
      () => withField('weights', Buffer.from(field(good, 'weights'), 'base64').subarray(1).toString('base64')),
      /weights: 31 bytes of weights for 4 features × 2 classes \(expected 32\)/,
    ],
    [
      'a damaged base64 character',
      () => withField('weights', `!${field(good, 'weights').slice(1)}`),
      /weights: \d+ bytes of weights for 4 features/,
    ],
    ['one feature name too many', () => withField('features', `${field(good, 'features')}\nw:extra`), /expected 40\)/],
    ['a feature listed twice', () => withField('features', 'w:x\nw:x\nw:y\nw:z'), /weights: a feature name is listed twice/],
    ['a bias of the wrong length', () => withField('bias', [1]), /bias has 1 values for 2 classes/],
    ['a head field of the wrong type', () => withField('trainingExamples', -1), /is not a model file: trainingExamples: /],
    [
      'a copy of the playbook edited by hand',
      () => withField('playbook', { ...playbook, version: 'edited' }),
      /its copy of the playbook was changed after training/,
    ],
    ['weights that are not a string', () => withField('weights', [1, 2]), /is not a model file: weights: /],
    ['a truncated file', () => good.slice(0, -5), /is not JSON/],
    [
      'a model file of format 1 (JSON arrays per feature)',
      () => JSON.stringify({ format: 1, weights: { 'w:x': [1, 2] } }),
      /is a model file of format 1, this version reads format 5/,
    ],
    [
      'a model file of format 2 (no signal literal sets)',
      () => JSON.stringify({ ...JSON.parse(good), format: 2, signalLiterals: undefined }),
      /is a model file of format 2, this version reads format 5/,
    ],
    [
      'a model file of format 3 (no tokens)',
      () => JSON.stringify({ ...JSON.parse(good), format: 3, tokens: undefined }),
      /is a model file of format 3, this version reads format 5/,
    ],
    [
      "a model file of format 4 (no affected-user model's tokens)",
      () => JSON.stringify({ ...JSON.parse(good), format: 4, affectedUser: { ...JSON.parse(good).affectedUser, tokens: undefined } }),
      /is a model file of format 4, this version reads format 5/,
    ],
    [
      "the affected-user model's tokens missing",
      () => withField('affectedUser', { ...JSON.parse(good).affectedUser, tokens: undefined }),
      /is not a model file: affectedUser\.tokens: /,
    ],
    [
      "the affected-user model's tokens too short",
      () => withField('affectedUser', { ...JSON.parse(good).affectedUser, tokens: { names: '', rows: '' } }),
      /affectedUser\.tokens: 0 bytes of token ids for 1 features \(expected 8\)/,
    ],
    ['tokens missing', () => withField('tokens', undefined), /is not a model file: tokens: /],
    [
      'token ids for too few features',
      () => withField('tokens', { names: 'x', rows: Buffer.alloc(8).toString('base64') }),
      /tokens: 8 bytes of token ids for 4 features \(expected 32\)/,
    ],
    [
      'a token id out of range',
      () => withField('tokens', { names: 'x', rows: Buffer.from(Int32Array.from([0, -1, 1, -1, 0, -1, 0, -1]).buffer).toString('base64') }),
      /tokens: id 1 of feature 1 is not one of the 1 tokens/,
    ],
    [
      'a token listed twice',
      () => withField('tokens', { names: 'x\nx', rows: Buffer.alloc(32, 0xff).toString('base64') }),
      /tokens: a token is listed twice/,
    ],
    ['signal literal sets missing', () => withField('signalLiterals', undefined), /is not a model file: signalLiterals: /],
    ['signal literal sets of another playbook', () => withField('signalLiterals', [null]), /signalLiterals has 1 entries for \d+ patterns/],
  ])('names what is wrong in %s, and the command that writes it again', (_name, text, message) => {
    const path = write(text());
    expect(() => readModelFile(path)).toThrow(ModelFileError);
    expect(() => readModelFile(path)).toThrow(message);
    expect(() => readModelFile(path)).toThrow(/run npm run train$/);
    expect(() => readModelFile(path, 'signin-triage train --playbook /p/playbook.yaml')).toThrow(
      /run signin-triage train --playbook \/p\/playbook\.yaml$/,
    );
  });

  it('writes the file whole (a temporary file renamed over it), leaving nothing else behind', () => {
    const target = join(dir, 'atomic', 'model.json');
    expect(() => writeModelFile(target, good)).toThrow(/ENOENT/);
    expect(existsSync(join(dir, 'atomic'))).toBe(false);
    const path = join(dir, 'model-atomic.json');
    writeModelFile(path, 'old');
    writeModelFile(path, good);
    expect(readFileSync(path, 'utf8')).toBe(good);
    expect(readdirSync(dir).filter((name) => name.startsWith('model-atomic'))).toEqual(['model-atomic.json']);
  });

  it('is the format of the shipped model, with its small fields first so that its head reads as text', () => {
    const shipped = readFileSync(DEFAULT_MODEL_PATH, 'utf8');
    expect(shipped.slice(0, 200)).toMatch(/^\{\n {2}"format": 5,\n {2}"sourceHash": "[0-9a-f]{64}",\n {2}"playbookVersion": /);
    expect(shipped.indexOf('"thresholds"')).toBeLessThan(shipped.indexOf('"features"'));
  });

  it("carries the tokens of the classifier's features, as deriving them from the names gives them", () => {
    const { model: shipped } = readModelFile();
    const { features, tokens } = shipped.softmax.rows!;
    expect(tokens).toEqual(featureTokensOf(features));
    const small = readModelFile(write(serializeModel(model, meta))).model.softmax.rows!;
    expect(small.tokens!.tokens).toEqual(['x', 'y', 'z', 'é ü']);
    expect([...small.tokens!.rows]).toEqual([0, -1, 1, -1, 2, -1, 3, -1]);
  });

  it("carries the tokens of the affected-user model's features (words named u:…), as deriving them gives them", () => {
    const { model: shipped } = readModelFile();
    const { features, tokens } = shipped.affectedUser!.rows!;
    expect(tokens).toEqual(featureTokensOf(features, 'u'));
    expect(tokens!.tokens.length).toBeGreaterThan(1_000);
    const small = readModelFile(write(serializeModel(model, meta))).model.affectedUser!.rows!;
    expect(small.tokens!.tokens).toEqual([]);
    expect([...small.tokens!.rows]).toEqual([-1, -1]);
  });

  it("carries the literal sets of the playbook's patterns, as deriving them gives them (start-up compiles the signals with them)", () => {
    const { playbook: carried, signalLiterals } = readModelFile();
    expect(signalLiterals).toEqual(signalLiteralSets(carried));
    expect(compileSignals(carried, signalLiterals)).toEqual(compileSignals(carried));
  });

  it("carries the playbook exactly as parsing the shipped playbook's text gives it (start-up takes it from here)", () => {
    const { playbook: carried } = readModelFile();
    expect(carried).toEqual(readTrainingSources().playbook);
  });
});
