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
 * these (and of the installed versions of PIPELINE_PACKAGES) with the playbook and the corpus,
 * so a stale model is detected, not silently used.
 */
export const PIPELINE_FILES = [
  'calibration.ts',
  'clean-text.ts',
  'escalation/affected-user-model.ts',
  'escalation/check-email.ts',
  'escalation/relayed-message.ts',
  'features.ts',
  'fold-text.ts',
  'language.ts',
  'prepare-text.ts',
  'signals.ts',
  'softmax-model.ts',
  'ticket.ts',
  'tokenize.ts',
  'train-model.ts',
  'load-triage.ts',
  '../playbook/corpus.ts',
].map((name) => fileURLToPath(new URL(`./${name}`, import.meta.url)));

/** Libraries whose version changes the features (stemmers, language detection) or the texts read. */
const PIPELINE_PACKAGES = ['natural', 'franc-min', 'chrono-node', 'yaml'];

/**
 * The version of an installed package, found the way Node resolves it: the nearest
 * node_modules/<name> above this file (src/triage/ from the sources, dist/src/triage/ compiled).
 */
function installedVersion(name: string): string {
  for (let dir = new URL('./', import.meta.url); ;) {
    const manifest = new URL(`node_modules/${name}/package.json`, dir);
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version ?? 'unknown';
      } catch {
        return 'unknown';
      }
    }
    const parent = new URL('../', dir);
    if (parent.href === dir.href) return 'not installed';
    dir = parent;
  }
}

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
  for (const name of PIPELINE_PACKAGES) part(`package/${name}`, installedVersion(name));
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
function expandWeights(raw: unknown, k: number, path: string, field: string): Expanded {
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
  const text = readFileSync(path, 'utf8');
  // The file as serializeModel writes it is read line by line (no object and array per
  // feature); anything else, including every broken file, goes through JSON.parse below.
  const layout = readSerializedLayout(text);
  if (layout) {
    const file = checkHead(layout.head, path);
    const k = file.classes.length;
    const weights = layoutWeights(layout.weights, k, path, 'weights');
    const affected = file.affectedUser && layout.affected ? layoutWeights(layout.affected, 2, path, 'affectedUser.weights') : null;
    if (!file.affectedUser || affected) return assembleModel(file, weights, affected);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ModelFileError(`${path} is not JSON (${(error as Error).message}): run npm run train`);
  }
  // The head through zod; the weights (tens of thousands of features) by hand: zod's record
  // check of them cost more than reading and parsing the whole file. Same rules as modelFileSchema.
  const file = checkHead(data, path);
  const k = file.classes.length;
  const weights = expandWeights((data as { weights?: unknown }).weights, k, path, 'weights');
  const rawAffected = (data as { affectedUser?: { weights?: unknown } | null }).affectedUser;
  const affected = file.affectedUser ? expandWeights(rawAffected?.weights, 2, path, 'affectedUser.weights') : null;
  return assembleModel(file, weights, affected);
}

function checkHead(data: unknown, path: string): ModelFileHead {
  const result = modelFileHeadSchema.safeParse(data);
  if (!result.success) {
    const first = result.error.issues[0];
    throw new ModelFileError(`${path} is not a model file: ${first?.path.join('.') || '(root)'}: ${first?.message}; run npm run train`);
  }
  return result.data;
}

/** A model's weights as read: the packed rows, and the feature → weights map (or how to build it). */
type Expanded = { rows: WeightRows } & ({ weights: Map<string, Float64Array> } | { features: string[] });

/** A SoftmaxModel of the rows; a map read line by line is built when first asked for (classifying reads the rows). */
function softmaxOf(classes: string[], bias: number[], expanded: Expanded): SoftmaxModel {
  const common = { classes, bias: Float64Array.from(bias), rows: expanded.rows };
  if ('weights' in expanded) return { ...common, weights: expanded.weights };
  let weights: Map<string, Float64Array> | undefined;
  return {
    ...common,
    get weights(): Map<string, Float64Array> {
      return (weights ??= rowViews(expanded.features, expanded.rows.values, classes.length));
    },
  };
}

function assembleModel(file: ModelFileHead, weights: Expanded, affected: Expanded | null): { file: ModelFileHead; model: TrainedModel } {
  return {
    file,
    model: {
      softmax: softmaxOf(file.classes, file.bias, weights),
      affectedUser: file.affectedUser ? softmaxOf(AFFECTED_USER_CLASSES, file.affectedUser.bias, affected!) : null,
      thresholds: file.thresholds,
      trainingExamples: file.trainingExamples,
    },
  };
}

/** One block of weight lines: feature names in order, each one's count of numbers, all numbers in a row. */
interface LayoutBlock {
  features: string[];
  index: Map<string, number>;
  counts: number[];
  values: Float64Array;
}

/** The weight rows of a block, checked like expandWeights (the same message for a wrong count). */
function layoutWeights(block: LayoutBlock, k: number, path: string, field: string): Expanded {
  for (let row = 0; row < block.features.length; row += 1) {
    const count = block.counts[row]!;
    if (count !== k) throw new ModelFileError(`${path}: ${field} of "${block.features[row]!}" have ${count} values for ${k} classes`);
  }
  const values = block.values.subarray(0, block.features.length * k);
  return { features: block.features, rows: { index: block.index, values } };
}

/** Feature → its row, as views of the rows (no copies). */
function rowViews(features: string[], values: Float64Array, k: number): Map<string, Float64Array> {
  const weights = new Map<string, Float64Array>();
  for (let row = 0; row < features.length; row += 1) weights.set(features[row]!, values.subarray(row * k, row * k + k));
  return weights;
}

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, d) => 10 ** d);

/**
 * The file in exactly serializeModel's layout: the head (JSON.parse'd), then "affectedUser"
 * and "weights" blocks, one `"feature": [numbers]` a line. Null on any other text, so that
 * JSON.parse and the checks below it judge (and report) it. Numbers are read in the plain form
 * the serializer writes (-?digits.digits, at most 15 digits): digits / 10^decimals is one
 * correctly rounded division, the same double JSON.parse gives.
 */
export function readSerializedLayout(text: string): { head: unknown; affected: LayoutBlock | null; weights: LayoutBlock } | null {
  const affectedKey = text.indexOf('\n  "affectedUser": ');
  if (!text.startsWith('{\n') || affectedKey < 0 || text[affectedKey - 1] !== ',') return null;
  let head: unknown;
  try {
    head = JSON.parse(`${text.slice(0, affectedKey - 1)}\n}`);
  } catch {
    return null;
  }
  if (typeof head !== 'object' || head === null || Array.isArray(head) || 'weights' in head || 'affectedUser' in head) return null;
  let at = affectedKey + '\n  "affectedUser": '.length;
  let affected: LayoutBlock | null = null;
  let affectedBias: unknown = null;
  if (text.startsWith('null,\n  "weights": {\n', at)) {
    at += 'null,\n  "weights": {\n'.length;
  } else {
    const biasStart = '{\n    "bias": ';
    if (!text.startsWith(biasStart, at)) return null;
    const lineEnd = text.indexOf('\n', at + biasStart.length);
    if (lineEnd < 0 || text[lineEnd - 1] !== ',') return null;
    try {
      affectedBias = JSON.parse(text.slice(at + biasStart.length, lineEnd - 1));
    } catch {
      return null;
    }
    at = lineEnd + 1;
    if (!text.startsWith('    "weights": {\n', at)) return null;
    const block = readBlock(text, at + '    "weights": {\n'.length, '      ', '\n    }\n  },\n  "weights": {\n');
    if (!block) return null;
    affected = block.block;
    at = block.end;
  }
  const weights = readBlock(text, at, '    ', '\n  }\n}\n');
  if (!weights || weights.end !== text.length) return null;
  return {
    head: { ...head, affectedUser: affected ? { bias: affectedBias } : null },
    affected,
    weights: weights.block,
  };
}

/** Lines `<indent>"feature": [n,…]` joined by ",\n", then `closing`; null when anything differs. */
function readBlock(text: string, start: number, indent: string, closing: string): { block: LayoutBlock; end: number } | null {
  const features: string[] = [];
  /** Feature → line number: a name twice is left to JSON.parse (the last one wins there). */
  const seen = new Map<string, number>();
  const counts: number[] = [];
  let values = new Float64Array(1 << 16);
  let filled = 0;
  let at = start;
  // An empty block is written as "{\n" + "" + closing.
  if (text.startsWith(closing, at)) return { block: { features, index: seen, counts, values }, end: at + closing.length };
  for (;;) {
    if (!text.startsWith(indent, at) || text.charCodeAt(at + indent.length) !== 34 /* " */) return null;
    const keyStart = at + indent.length + 1;
    let keyEnd = keyStart;
    for (;;) {
      const code = text.charCodeAt(keyEnd);
      // Escapes or control characters in a name (or the end of the text): JSON.parse decides.
      if (code === 92 /* \ */ || code < 32 || Number.isNaN(code)) return null;
      if (code === 34 /* " */) break;
      keyEnd += 1;
    }
    if (!text.startsWith(': [', keyEnd + 1)) return null;
    const feature = text.slice(keyStart, keyEnd);
    if (seen.has(feature)) return null;
    seen.set(feature, features.length);
    at = keyEnd + 4;
    let count = 0;
    for (;;) {
      // One number: -?(0|[1-9]digits)(.digits)?
      let negative = false;
      if (text.charCodeAt(at) === 45 /* - */) {
        negative = true;
        at += 1;
      }
      let digits = 0;
      let mantissa = 0;
      let decimals = 0;
      const intStart = at;
      while (at < text.length && text.charCodeAt(at) >= 48 && text.charCodeAt(at) <= 57) {
        mantissa = mantissa * 10 + (text.charCodeAt(at) - 48);
        digits += 1;
        at += 1;
      }
      if (at === intStart || (at - intStart > 1 && text.charCodeAt(intStart) === 48)) return null;
      if (text.charCodeAt(at) === 46 /* . */) {
        at += 1;
        const fracStart = at;
        while (at < text.length && text.charCodeAt(at) >= 48 && text.charCodeAt(at) <= 57) {
          mantissa = mantissa * 10 + (text.charCodeAt(at) - 48);
          digits += 1;
          at += 1;
        }
        decimals = at - fracStart;
        if (decimals === 0) return null;
      }
      if (digits > 15 || decimals > 22) return null;
      const value = mantissa / POWERS_OF_TEN[decimals]!;
      if (filled === values.length) {
        const grown = new Float64Array(values.length * 2);
        grown.set(values);
        values = grown;
      }
      values[filled] = negative ? -value : value;
      filled += 1;
      count += 1;
      const next = text.charCodeAt(at);
      at += 1;
      if (next === 44 /* , */) continue;
      if (next === 93 /* ] */) break;
      return null;
    }
    features.push(feature);
    counts.push(count);
    if (text.startsWith(',\n', at)) {
      at += 2;
      continue;
    }
    if (text.startsWith(closing, at)) return { block: { features, index: seen, counts, values }, end: at + closing.length };
    return null;
  }
}
