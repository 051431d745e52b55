import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_PATH, ModelFileError, readModelFile, readSerializedLayout, serializeModel } from '../../../src/triage/model-file.js';
import type { TrainedModel } from '../../../src/triage/train-model.js';

// readModelFile reads the serializer's own layout line by line and leaves every other text to
// JSON.parse: both must give the same model, and a broken file the same error.
describe('model file: line-by-line read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'model-layout-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const shipped = readFileSync(DEFAULT_MODEL_PATH, 'utf8');
  let n = 0;
  const write = (text: string): string => {
    const path = join(dir, `model-${(n += 1)}.json`);
    writeFileSync(path, text);
    return path;
  };
  /** The same text, pretty-printed differently: only JSON.parse reads it. */
  const viaJson = (text: string): string => JSON.stringify(JSON.parse(text));

  const plain = (result: ReturnType<typeof readModelFile>) => ({
    file: result.file,
    softmax: {
      classes: result.model.softmax.classes,
      bias: [...result.model.softmax.bias],
      weights: [...result.model.softmax.weights].map(([f, w]) => [f, [...w]]),
    },
    affected: result.model.affectedUser && [...result.model.affectedUser.weights].map(([f, w]) => [f, [...w]]),
  });

  it('reads the shipped model in its layout, to the same doubles as JSON.parse', () => {
    expect(readSerializedLayout(shipped)).not.toBeNull();
    expect(readSerializedLayout(viaJson(shipped))).toBeNull();
    const fast = readModelFile(write(shipped));
    const slow = readModelFile(write(viaJson(shipped)));
    expect(Object.is(fast.model.softmax.rows!.values[0], slow.model.softmax.rows!.values[0])).toBe(true);
    expect(plain(fast)).toEqual(plain(slow));
    expect([...fast.model.softmax.rows!.values]).toEqual([...slow.model.softmax.rows!.values]);
    expect([...fast.model.affectedUser!.rows!.values]).toEqual([...slow.model.affectedUser!.rows!.values]);
  });

  it('reads numbers as JSON.parse does', () => {
    const model: TrainedModel = {
      softmax: {
        classes: ['a', 'b'],
        bias: Float64Array.from([0, -0]),
        weights: new Map([
          ['w:x', Float64Array.from([0.1, -0.3])],
          ['w:y', Float64Array.from([123456.78901, -0.00001])],
          ['w:z', Float64Array.from([2, 0.99999])],
        ]),
      },
      affectedUser: null,
      thresholds: { abstain: 0.3, high: 0.9, temperature: 1 },
      trainingExamples: 3,
    };
    const text = serializeModel(model, { sourceHash: 'a'.repeat(64), playbookVersion: 'v' });
    expect(readSerializedLayout(text)).not.toBeNull();
    expect(plain(readModelFile(write(text)))).toEqual(plain(readModelFile(write(viaJson(text)))));
    const empty = serializeModel(
      { ...model, softmax: { ...model.softmax, weights: new Map() } },
      { sourceHash: 'a'.repeat(64), playbookVersion: 'v' },
    );
    expect(readSerializedLayout(empty)).not.toBeNull();
    expect(readModelFile(write(empty)).model.softmax.weights.size).toBe(0);
  });

  it.each([
    ['a truncated file', (text: string) => text.slice(0, text.length - 5)],
    ['a weight that is a string', (text: string) => text.replace(/("w:[^"]+": \[)-?[0-9.]+/u, '$1"x"')],
    ['a row of the wrong length', (text: string) => text.replace(/("w:[^"]+": \[)(-?[0-9.]+,)/u, '$1')],
    ['a head field of the wrong type', (text: string) => text.replace('"trainingExamples": ', '"trainingExamples": -')],
    ['a number in exponent form', (text: string) => text.replace(/("w:[^"]+": \[)-?[0-9.]+/u, '$11e-5')],
    ['a duplicate feature', (text: string) => text.replace(/\n(    "w:[^\n]+),\n/u, '\n$1,\n$1,\n')],
  ])('gives %s the same verdict either way', (_name, mutate) => {
    const text = mutate(shipped);
    const outcome = (path: string): unknown => {
      try {
        return { ok: plain(readModelFile(path)) };
      } catch (error) {
        expect(error).toBeInstanceOf(ModelFileError);
        return { error: (error as Error).message.replace(path, 'PATH') };
      }
    };
    let json: string;
    try {
      json = viaJson(text);
    } catch {
      // Not JSON at all: only the JSON.parse path can read it, and it must refuse.
      expect(outcome(write(text))).toHaveProperty('error');
      return;
    }
    expect(outcome(write(text))).toEqual(outcome(write(json)));
  });
});
