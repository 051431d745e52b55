import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
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

// Format 6: a JSON head, a NUL byte, then binary blocks read in place (5 was all JSON, the weights and token ids
// in base64; 5 was 4 plus the affected-user model's tokens; 4 was 3 plus the features' tokens; 3 was 2 plus the
// signals' literal sets): feature names one per line and the weights as int32 (weight × 10^5), read with a division
// per weight instead of a JSON array per feature.
describe('model file format', () => {
  const dir = mkdtempSync(join(tmpdir(), 'model-format-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const write = (text: string | Buffer): string => {
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
    // The packed rows classifying reads hold the same doubles as the map, decoded when first read.
    const { index, valuesWith } = read.softmax.rows!;
    expect(index.get('w:z')).toBe(2);
    expect([...valuesWith(2).subarray(4, 6)]).toEqual([2, 0.99999]);
    expect([...valuesWith(3).subarray(6, 8)]).toEqual([-21474.83648, 0.33333]);
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
  /** A model file's head, parsed, and its blocks by name. */
  const parts = (file: Buffer) => {
    const end = file.indexOf(0);
    const head = JSON.parse(file.subarray(0, end).toString('latin1')) as Record<string, unknown> & { blocks: Record<string, number> };
    const blocks: Record<string, Buffer> = {};
    let at = end + 1;
    for (const [name, size] of Object.entries(head.blocks)) blocks[name] = file.subarray(at, (at += size));
    return { head, blocks };
  };
  const { head: goodHead, blocks: goodBlocks } = parts(good);
  /**
   * `good` with head fields and blocks replaced, as a writer that got them wrong would write it:
   * the block sizes and the CRC-32 fit the blocks (unless `head` replaces them), the head is not
   * padded (the blocks then start anywhere: read with a copy).
   */
  const rebuilt = (head: Record<string, unknown>, blocks: Record<string, Buffer | string> = {}): Buffer => {
    const all: Record<string, Buffer> = { ...goodBlocks };
    for (const [name, block] of Object.entries(blocks)) all[name] = Buffer.from(block);
    const names = Object.keys(goodHead.blocks);
    const tail = Buffer.concat(names.map((name) => all[name]!));
    const sizes = Object.fromEntries(names.map((name) => [name, all[name]!.length]));
    return Buffer.concat([
      Buffer.from(JSON.stringify({ ...goodHead, blocks: sizes, blocksCrc32: crc32(tail), ...head })),
      Buffer.from([0]),
      tail,
    ]);
  };
  const sizesWithout = (name: string) => Object.fromEntries(Object.entries(goodHead.blocks).filter(([key]) => key !== name));
  const flipped = (file: Buffer, at: number) => {
    const copy = Buffer.from(file);
    copy[at] = copy[at]! ^ 0x01;
    return copy;
  };

  it('reads its blocks wherever they start (a head of another length), as they are written', () => {
    // The head's length follows the playbook's text: a field of 0–3 characters more makes sure
    // the blocks start off a multiple of 4, whatever the playbook is today.
    const unpadded = [0, 1, 2, 3].map((extra) => rebuilt({ unused: 'x'.repeat(extra) })).find((file) => (file.indexOf(0) + 1) % 4 !== 0)!;
    expect((unpadded.indexOf(0) + 1) % 4).not.toBe((good.indexOf(0) + 1) % 4);
    expect((good.indexOf(0) + 1) % 4).toBe(0);
    const read = readModelFile(write(unpadded)).model;
    expect(rows(read.softmax.weights)).toEqual(rows(readModelFile(write(good)).model.softmax.weights));
    expect([...read.softmax.rows!.tokens!.rows]).toEqual([0, -1, 1, -1, 2, -1, 3, -1]);
  });

  it('reads the names one at a time as they are, and names out of order when none is listed twice', () => {
    const { names, features } = readModelFile(write(good)).model.softmax.rows!;
    expect(Array.from({ length: names.length }, (_, row) => names.at(row))).toEqual(features);
    expect(features).toEqual(['w:x', 'w:y', 'w:z', 'w:é ü']);
    expect(names.at(4)).toBeUndefined();
    const unsorted = readModelFile(write(rebuilt({}, { features: 'w:z\nw:y\nw:x\nw:é ü' }))).model.softmax.rows!;
    expect(unsorted.names.at(0)).toBe('w:z');
    expect(unsorted.features).toEqual(['w:z', 'w:y', 'w:x', 'w:é ü']);
  });

  it.each([
    [
      'a weight block one byte short',
      () => rebuilt({}, { weights: goodBlocks.weights!.subarray(1) }),
      /weights: 31 bytes of weights for 4 features × 2 classes \(expected 32\)/,
    ],
    [
      'a changed byte of a weight',
      () => flipped(good, good.indexOf(0) + 1),
      /its blocks were changed after training \(their CRC-32 differs\)/,
    ],
    ['a changed byte of a name', () => flipped(good, good.length - 1), /its blocks were changed after training/],
    ['one feature name too many', () => rebuilt({}, { features: `${goodBlocks.features!.toString()}\nw:extra` }), /expected 40\)/],
    ['a feature listed twice', () => rebuilt({}, { features: 'w:x\nw:x\nw:y\nw:z' }), /weights: a feature name is listed twice/],
    ['a bias of the wrong length', () => rebuilt({ bias: [1] }), /bias has 1 values for 2 classes/],
    ['a head field of the wrong type', () => rebuilt({ trainingExamples: -1 }), /is not a model file: trainingExamples: /],
    [
      'a copy of the playbook edited by hand',
      () => rebuilt({ playbook: { ...playbook, version: 'edited' } }),
      /its copy of the playbook was changed after training/,
    ],
    [
      'a block size that is not a number',
      () => rebuilt({ blocks: { ...goodHead.blocks, weights: '32' } }),
      /is not a model file: blocks\.weights: /,
    ],
    [
      'a truncated file',
      () => good.subarray(0, -5),
      /its blocks hold \d+ bytes after the head, which names \d+ \(a truncated or damaged file\)/,
    ],
    ['a file cut after its head', () => good.subarray(0, good.indexOf(0)), /its blocks hold 0 bytes after the head/],
    ['a file cut in its head', () => good.subarray(0, 200), /is not JSON/],
    ['a block of more bytes than the head names', () => Buffer.concat([good, Buffer.from([0])]), /a truncated or damaged file/],
    [
      'a model file of format 1 (JSON arrays per feature)',
      () => JSON.stringify({ format: 1, weights: { 'w:x': [1, 2] } }),
      /is a model file of format 1, this version reads format 6/,
    ],
    [
      'a model file of format 2 (no signal literal sets)',
      () => JSON.stringify({ ...goodHead, format: 2, signalLiterals: undefined }),
      /is a model file of format 2, this version reads format 6/,
    ],
    [
      'a model file of format 5 (all JSON, the weights in base64)',
      () => JSON.stringify({ ...goodHead, format: 5, blocks: undefined, weights: goodBlocks.weights!.toString('base64') }),
      /is a model file of format 5, this version reads format 6/,
    ],
    [
      "the affected-user model's tokens missing",
      () => rebuilt({ blocks: sizesWithout('affectedUserTokens') }),
      /is not a model file: blocks\.affectedUserTokens: /,
    ],
    [
      "the affected-user model's tokens too short",
      () => rebuilt({}, { affectedUserTokens: '', affectedUserTokenIds: '' }),
      /affectedUser\.tokens: 0 bytes of token ids for 1 features \(expected 8\)/,
    ],
    ['tokens missing', () => rebuilt({ blocks: sizesWithout('tokenIds') }), /is not a model file: blocks\.tokenIds: /],
    [
      'token ids for too few features',
      () => rebuilt({}, { tokens: 'x', tokenIds: Buffer.alloc(8) }),
      /tokens: 8 bytes of token ids for 4 features \(expected 32\)/,
    ],
    [
      'a token id out of range',
      () => rebuilt({}, { tokens: 'x', tokenIds: Buffer.from(Int32Array.from([0, -1, 1, -1, 0, -1, 0, -1]).buffer) }),
      /tokens: id 1 of feature 1 is not one of the 1 tokens/,
    ],
    ['a token listed twice', () => rebuilt({}, { tokens: 'x\nx', tokenIds: Buffer.alloc(32, 0xff) }), /tokens: a token is listed twice/],
    ['signal literal sets missing', () => rebuilt({ signalLiterals: undefined }), /is not a model file: signalLiterals: /],
    [
      'a signal literal that is not a string',
      () => rebuilt({ signalLiterals: [[['login', 1]]] }),
      /is not a model file: signalLiterals: expected an array of null or arrays of arrays of strings/,
    ],
    ['signal literal sets of another playbook', () => rebuilt({ signalLiterals: [null] }), /signalLiterals has 1 entries for \d+ patterns/],
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
    const target = join(dir, 'atomic', 'model.bin');
    expect(() => writeModelFile(target, good)).toThrow(/ENOENT/);
    expect(existsSync(join(dir, 'atomic'))).toBe(false);
    const path = join(dir, 'model-atomic.json');
    writeModelFile(path, 'old');
    writeModelFile(path, good);
    expect(readFileSync(path).equals(good)).toBe(true);
    expect(readdirSync(dir).filter((name) => name.startsWith('model-atomic'))).toEqual(['model-atomic.json']);
  });

  it('is the format of the shipped model, with its small fields first so that its head reads as text', () => {
    const shipped = readFileSync(DEFAULT_MODEL_PATH);
    const head = shipped.subarray(0, shipped.indexOf(0)).toString('latin1');
    expect(head.slice(0, 200)).toMatch(/^\{\n {2}"format": 6,\n {2}"sourceHash": "[0-9a-f]{64}",\n {2}"playbookVersion": /);
    expect(head.indexOf('"thresholds"')).toBeLessThan(head.indexOf('"playbook"'));
    expect(Object.keys(parts(shipped).head.blocks)).toEqual(Object.keys(goodHead.blocks));
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
