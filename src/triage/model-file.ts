import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

import type { Corpus } from '../playbook/corpus.js';
import { AFFECTED_USER_CLASSES } from './escalation/affected-user-model.js';
import type { SoftmaxModel, WeightRows } from './softmax-model.js';
import type { TrainedModel } from './train-model.js';

/** Where `npm run train` writes the model that start-up loads. */
export const DEFAULT_MODEL_PATH = fileURLToPath(new URL('../playbook/model.json', import.meta.url));

/**
 * Code whose change changes the features or the training: the model file records a hash of
 * these with the playbook and the corpus, so a stale model is detected, not silently used.
 */
const PIPELINE_FILES = [
  'clean-text.ts',
  'escalation/affected-user-model.ts',
  'escalation/check-email.ts',
  'features.ts',
  'fold-text.ts',
  'language.ts',
  'prepare-text.ts',
  'signals.ts',
  'softmax-model.ts',
  'tokenize.ts',
  'train-model.ts',
].map((name) => fileURLToPath(new URL(`./${name}`, import.meta.url)));

/** Weights smaller than this on every class change no answer; they are left out of the file. */
const PRUNE_BELOW = 5e-4;

/** Everything of the model file but its weights. */
const modelFileHeadSchema = z.object({
  format: z.literal(1),
  /** sha256 of the playbook, the corpus files and the feature code the model was trained from. */
  sourceHash: z.string().regex(/^[0-9a-f]{64}$/),
  playbookVersion: z.string(),
  classes: z.array(z.string()).min(2),
  thresholds: z.object({ abstain: z.number(), high: z.number(), temperature: z.number().positive() }),
  trainingExamples: z.number().int().nonnegative(),
  bias: z.array(z.number()),
  /** The affected-user model of the email check (two classes: not-requester, requester); its weights are checked by hand. */
  affectedUser: z.object({ bias: z.array(z.number()).length(2) }).nullable(),
});

export const modelFileSchema = modelFileHeadSchema.extend({
  affectedUser: z.object({ bias: z.array(z.number()).length(2), weights: z.record(z.string(), z.array(z.number()).length(2)) }).nullable(),
  weights: z.record(z.string(), z.array(z.number())),
});
export type ModelFile = z.infer<typeof modelFileSchema>;
/** What a read model file says besides its weights. */
export type ModelFileHead = z.infer<typeof modelFileHeadSchema>;

export class ModelFileError extends Error {
  override name = 'ModelFileError';
}

/** The hash a model file must carry to match this playbook text, corpus and code. */
export function computeSourceHash(playbookText: string, corpus: Pick<Corpus, 'files'>): string {
  const hash = createHash('sha256');
  const part = (label: string, text: string): void => {
    hash.update(`${label}\0${Buffer.byteLength(text)}\0`);
    hash.update(text);
  };
  part('playbook', playbookText);
  for (const file of corpus.files) part(`corpus/${file.name}`, file.text);
  for (const path of PIPELINE_FILES) part(`code/${path.slice(path.lastIndexOf('/') + 1)}`, readFileSync(path, 'utf8'));
  return hash.digest('hex');
}

/** The model as JSON: weights rounded to 5 decimals, near-zero features dropped. */
export function serializeModel(model: TrainedModel, meta: { sourceHash: string; playbookVersion: string }): string {
  const weights = compactWeights(model.softmax);
  const file: ModelFile = {
    format: 1,
    sourceHash: meta.sourceHash,
    playbookVersion: meta.playbookVersion,
    classes: model.softmax.classes,
    thresholds: model.thresholds,
    trainingExamples: model.trainingExamples,
    bias: Array.from(model.softmax.bias, roundWeight),
    affectedUser: model.affectedUser
      ? { bias: Array.from(model.affectedUser.bias, roundWeight), weights: compactWeights(model.affectedUser) }
      : null,
    weights,
  };
  // One feature a line: diffs of a retrained model stay readable.
  const block = (entries: Record<string, number[]>, indent: string): string =>
    Object.entries(entries)
      .map(([feature, values]) => `${indent}${JSON.stringify(feature)}: ${JSON.stringify(values)}`)
      .join(',\n');
  const { weights: _weights, affectedUser, ...head } = file;
  void _weights;
  const headText = JSON.stringify(head, null, 2);
  const affectedText = affectedUser
    ? `{\n    "bias": ${JSON.stringify(affectedUser.bias)},\n    "weights": {\n${block(affectedUser.weights, '      ')}\n    }\n  }`
    : 'null';
  return `${headText.slice(0, -2)},\n  "affectedUser": ${affectedText},\n  "weights": {\n${block(weights, '    ')}\n  }\n}\n`;
}

function roundWeight(value: number): number {
  return Math.round(value * 1e5) / 1e5;
}

function compactWeights(model: SoftmaxModel): Record<string, number[]> {
  const weights: Record<string, number[]> = {};
  for (const feature of [...model.weights.keys()].sort()) {
    const values = model.weights.get(feature)!;
    if (values.every((value) => Math.abs(value) < PRUNE_BELOW)) continue;
    weights[feature] = Array.from(values, roundWeight);
  }
  return weights;
}

/**
 * Feature → weights, checked by hand: zod's record check of tens of thousands of features cost
 * more than reading and parsing the whole file. Same rules as modelFileSchema. The rows go
 * into one array (SoftmaxModel.rows); the map's arrays are views of it, not copies.
 */
function expandWeights(raw: unknown, k: number, path: string, field: string): { weights: Map<string, Float64Array>; rows: WeightRows } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ModelFileError(`${path} is not a model file: ${field}: expected an object of feature → numbers; run npm run train`);
  }
  const entries = Object.entries(raw as Record<string, unknown>);
  const values = new Float64Array(entries.length * k);
  const index = new Map<string, number>();
  const weights = new Map<string, Float64Array>();
  for (let row = 0; row < entries.length; row += 1) {
    const [feature, numbers] = entries[row]!;
    if (!Array.isArray(numbers)) {
      throw new ModelFileError(`${path} is not a model file: ${field}.${feature}: expected an array of numbers; run npm run train`);
    }
    if (numbers.length !== k) throw new ModelFileError(`${path}: ${field} of "${feature}" have ${numbers.length} values for ${k} classes`);
    const base = row * k;
    for (let c = 0; c < k; c += 1) {
      const value: unknown = numbers[c];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new ModelFileError(`${path} is not a model file: ${field}.${feature}.${c}: expected a number; run npm run train`);
      }
      values[base + c] = value;
    }
    index.set(feature, row);
    weights.set(feature, values.subarray(base, base + k));
  }
  return { weights, rows: { index, values } };
}

export function writeModelFile(path: string, text: string): void {
  writeFileSync(path, text);
}

/** Reads and validates a model file; throws ModelFileError saying what is wrong and what to run. */
export function readModelFile(path: string = DEFAULT_MODEL_PATH): { file: ModelFileHead; model: TrainedModel } {
  if (!existsSync(path)) throw new ModelFileError(`no model file at ${path}: run npm run train`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ModelFileError(`${path} is not JSON (${(error as Error).message}): run npm run train`);
  }
  // The head through zod; the weights (tens of thousands of features) by hand: zod's record
  // check of them cost more than reading and parsing the whole file. Same rules as modelFileSchema.
  const result = modelFileHeadSchema.safeParse(data);
  if (!result.success) {
    const first = result.error.issues[0];
    throw new ModelFileError(`${path} is not a model file: ${first?.path.join('.') || '(root)'}: ${first?.message}; run npm run train`);
  }
  const k = result.data.classes.length;
  const { weights, rows } = expandWeights((data as { weights?: unknown }).weights, k, path, 'weights');
  const rawAffected = (data as { affectedUser?: { weights?: unknown } | null }).affectedUser;
  const affected = result.data.affectedUser ? expandWeights(rawAffected?.weights, 2, path, 'affectedUser.weights') : null;
  const file = result.data;
  return {
    file,
    model: {
      softmax: { classes: file.classes, bias: Float64Array.from(file.bias), weights, rows },
      affectedUser: file.affectedUser
        ? {
            classes: AFFECTED_USER_CLASSES,
            bias: Float64Array.from(file.affectedUser.bias),
            weights: affected!.weights,
            rows: affected!.rows,
          }
        : null,
      thresholds: file.thresholds,
      trainingExamples: file.trainingExamples,
    },
  };
}
