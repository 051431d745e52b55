import { createHash, type Hash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { z } from 'zod';

import { DEFAULT_MODEL_PATH } from '../playbook/playbook-paths.js';
import type { Playbook } from '../playbook/schema.js';
import { AFFECTED_USER_CLASSES } from './escalation/affected-user-model.js';
import { ModelFileError } from './model-errors.js';
import { signalLiteralSets, type SignalLiteralSets } from './signals.js';
import { featureTokensOf, type FeatureNames, type FeatureTokens } from './features.js';
import type { SoftmaxModel } from './softmax-model.js';
import type { TrainedModel } from './train-model.js';

export { ModelFileError } from './model-errors.js';

export { DEFAULT_MODEL_PATH } from '../playbook/playbook-paths.js';

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
  'train-from-sources.ts',
  '../playbook/corpus.ts',
  // How the playbook's text is parsed and validated: the model file carries the parsed playbook.
  '../playbook/load-playbook.ts',
  '../playbook/parse-yaml.ts',
  '../playbook/schema.ts',
  '../playbook/pattern-safety.ts',
  '../playbook/regexp-parser.ts',
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

/** Weights smaller than this on every class change no answer; they are left out of the file. (Training already prunes both models at MIN_KEPT_WEIGHT; this guards a model trained otherwise.) */
const PRUNE_BELOW = 5e-4;

/**
 * Weights are stored rounded to 5 decimals, as integers (weight × 10^5) in 32 bits: the
 * integer / 10^5 is one correctly rounded division, the very double the rounded weight is.
 */
const WEIGHT_SCALE = 1e5;

/**
 * The current model file format; a file of another format is refused with "run npm run train".
 * 3: `signalLiterals` added (format 2 had none). 4: `tokens` added. 5: `affectedUser.tokens` added.
 * 6: the weights, the names and the token ids as binary blocks after a JSON head (5: all JSON,
 * the weights and token ids in base64).
 */
export const MODEL_FORMAT = 6;

/**
 * The binary blocks after the head, in file order. The int32 ones come first (each a multiple
 * of 4 bytes long: the head is padded so that they start at a multiple of 4, and are read in
 * place), then the names.
 * - `weights`, `affectedUserWeights`: a model's rows of `k` weights each (row r at r·k … r·k + k − 1)
 *   as little-endian int32, weight × 10^5.
 * - `tokenIds`, `affectedUserTokenIds`: per feature row, the ids (in the tokens block) of its two
 *   tokens as little-endian int32, −1 for none (featureTokensOf, features.ts, whose code the source
 *   hash covers: start-up numbers the features without splitting their names).
 * - `features`, `affectedUserFeatures`: the feature names in row order, UTF-8, joined by "\n" (a
 *   name never holds one). `tokens`, `affectedUserTokens`: the tokens, likewise.
 */
const BLOCKS = [
  'weights',
  'tokenIds',
  'affectedUserWeights',
  'affectedUserTokenIds',
  'features',
  'tokens',
  'affectedUserFeatures',
  'affectedUserTokens',
] as const;
type BlockName = (typeof BLOCKS)[number];

const blockBytes = z.number().int().nonnegative();

/**
 * The model file (`format` 6): a JSON head (ASCII, the small fields first, so that it reads as
 * text), a NUL byte, then the binary blocks (BLOCKS) whose sizes in bytes the head gives, with
 * the CRC-32 of all of them. Read in place, with no JSON text of 3 MB to decode and parse and no
 * base64 (about 40 ms of a cold start, measured on branch cold3 2026-11-30).
 * `sourceHash` is the sha256 of the playbook, the corpus files, the feature code, the
 * playbook's parser and the pipeline's package versions it was trained from
 * (computeSourceHash). `playbook` is that playbook as parsed and validated when training: with
 * the same text and the same parser it is what parsing would give, so start-up takes it from
 * here (no YAML parse, no validation: a third of a cold start) when the hash matches;
 * `playbookSha256` (of its JSON) catches a copy edited by hand, `blocksCrc32` a changed or
 * damaged block.
 */
export const modelFileSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  sourceHash: z.string().regex(/^[0-9a-f]{64}$/),
  playbookVersion: z.string(),
  classes: z.array(z.string()).min(2),
  thresholds: z.object({ abstain: z.number(), high: z.number(), temperature: z.number().positive() }),
  trainingExamples: z.number().int().nonnegative(),
  bias: z.array(z.number()),
  playbookSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Checked against playbookSha256 only: its shape is the parser's, whose code the source hash covers. */
  playbook: z.record(z.string(), z.unknown()),
  /**
   * signalLiteralSets of that playbook (signals.ts, whose code the source hash covers), one entry
   * per pattern in playbook order: start-up compiles the signals without parsing their patterns.
   * Derived data like the weights: no digest of its own; its length is checked against the playbook.
   * Checked by a loop of ours (isSignalLiteralSets): zod's nested arrays of 2,300 strings took 4–6 ms
   * of a cold start.
   */
  signalLiterals: z.custom<SignalLiteralSets>(isSignalLiteralSets, {
    message: 'expected an array of null or arrays of arrays of strings, one per pattern',
  }),
  /**
   * The affected-user model of the email check (two classes: not-requester, requester), whose
   * features' tokens (featureTokensOf with unigram "u") are in the blocks too: the model looks a
   * ticket's words up by number, and numbering its 54,000 names at start-up took 10–20 ms of the
   * first ticket. Null: no such model (its blocks are empty).
   */
  affectedUser: z.object({ bias: z.array(z.number()).length(2) }).nullable(),
  /** The size in bytes of each block, in BLOCKS order after the head's NUL byte. */
  blocks: z.object({
    weights: blockBytes,
    tokenIds: blockBytes,
    affectedUserWeights: blockBytes,
    affectedUserTokenIds: blockBytes,
    features: blockBytes,
    tokens: blockBytes,
    affectedUserFeatures: blockBytes,
    affectedUserTokens: blockBytes,
  }),
  /** CRC-32 (zlib's) of all the blocks' bytes. */
  blocksCrc32: z.number().int().nonnegative(),
});
export type ModelFile = Omit<z.infer<typeof modelFileSchema>, 'playbook'> & { playbook: Playbook };

/** Whether `value` has the shape of SignalLiteralSets: per pattern, null or sets of literals (arrays of strings). */
function isSignalLiteralSets(value: unknown): value is SignalLiteralSets {
  if (!Array.isArray(value)) return false;
  for (const sets of value) {
    if (sets === null) continue;
    if (!Array.isArray(sets)) return false;
    for (const set of sets) {
      if (!Array.isArray(set)) return false;
      for (const literal of set) if (typeof literal !== 'string') return false;
    }
  }
  return true;
}
/** What a read model file says besides its weights and its copy of the playbook. */
export type ModelFileHead = Omit<ModelFile, 'playbook' | 'playbookSha256' | 'signalLiterals' | 'blocks' | 'blocksCrc32'>;

/** A source file for computeSourceHash: its text (or bytes), or the path it is read from. */
export type SourceFile = { name: string; text: string | Buffer } | { name: string; path: string };

/**
 * The hash a model file must carry to match this playbook text, corpus and code. A file may be
 * given as its bytes or its path: a UTF-8 file's bytes hash as its decoded text does, and a
 * path is read in chunks into one reused buffer (hashFile), so start-up neither decodes the
 * corpus nor allocates its 2.7 MB.
 */
export function computeSourceHash(playbookText: string, corpus: { files: SourceFile[] }): string {
  const hash = createHash('sha256');
  const part = (label: string, text: string | Buffer): void => {
    hashPartHead(hash, label, Buffer.byteLength(text));
    hash.update(text);
  };
  part('playbook', playbookText);
  for (const file of corpus.files) {
    if ('path' in file) hashFile(hash, `corpus/${file.name}`, file.path);
    else part(`corpus/${file.name}`, file.text);
  }
  for (const path of PIPELINE_FILES) hashFile(hash, `code/${path.slice(path.lastIndexOf('/') + 1)}`, path);
  for (const name of PIPELINE_PACKAGES) part(`package/${name}`, installedVersion(name));
  return hash.digest('hex');
}

/** What precedes a part's bytes in the source hash: its label and its size in bytes (a text's and a file's alike). */
function hashPartHead(hash: Hash, label: string, byteLength: number): void {
  hash.update(`${label}\0${byteLength}\0`);
}

/** The buffer hashFile reads into, reused: a whole file read at once is fresh memory the process faults in page by page. */
const HASH_CHUNK = Buffer.allocUnsafe(1 << 16);

/**
 * Feeds a file to `hash` as computeSourceHash's `part` feeds its bytes (hashPartHead, then the bytes), read
 * in chunks into HASH_CHUNK: reading the corpus whole took about 14 ms of a cold start on a
 * machine where this takes 3.5 ms, nearly all of it page faults of the new buffers. A file that
 * changes size while it is read hashes to another value (its model is then stale).
 */
function hashFile(hash: Hash, label: string, path: string): void {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    hashPartHead(hash, label, size);
    let read = 0;
    for (let count = readSync(fd, HASH_CHUNK); count > 0; count = readSync(fd, HASH_CHUNK)) {
      hash.update(count === HASH_CHUNK.length ? HASH_CHUNK : HASH_CHUNK.subarray(0, count));
      read += count;
    }
    if (read !== size) hash.update('\0changed while read');
  } finally {
    closeSync(fd);
  }
}

/** The model file's bytes: weights rounded to 5 decimals, near-zero features dropped, with the parsed playbook it was trained for. */
export function serializeModel(model: TrainedModel, meta: { sourceHash: string; playbook: Playbook }): Buffer {
  const main = encodeBlock(model.softmax);
  const tokens = encodeTokens(featureTokensOf(main.features));
  const affected = model.affectedUser && encodeBlock(model.affectedUser);
  const affectedTokens = affected && encodeTokens(featureTokensOf(affected.features, 'u'));
  const none = Buffer.alloc(0);
  const data: Record<BlockName, Buffer> = {
    weights: main.weights,
    tokenIds: tokens.rows,
    affectedUserWeights: affected?.weights ?? none,
    affectedUserTokenIds: affectedTokens?.rows ?? none,
    features: Buffer.from(main.features.join('\n'), 'utf8'),
    tokens: Buffer.from(tokens.names, 'utf8'),
    affectedUserFeatures: affected ? Buffer.from(affected.features.join('\n'), 'utf8') : none,
    affectedUserTokens: affectedTokens ? Buffer.from(affectedTokens.names, 'utf8') : none,
  };
  const blocks = Buffer.concat(BLOCKS.map((name) => data[name]));
  const file: ModelFile = {
    format: MODEL_FORMAT,
    sourceHash: meta.sourceHash,
    playbookVersion: meta.playbook.version,
    classes: model.softmax.classes,
    thresholds: model.thresholds,
    trainingExamples: model.trainingExamples,
    bias: Array.from(model.softmax.bias, roundWeight),
    playbookSha256: playbookSha256(meta.playbook),
    playbook: meta.playbook,
    signalLiterals: signalLiteralSets(meta.playbook),
    affectedUser: model.affectedUser ? { bias: Array.from(model.affectedUser.bias, roundWeight) } : null,
    blocks: Object.fromEntries(BLOCKS.map((name) => [name, data[name].length])) as Record<BlockName, number>,
    blocksCrc32: crc32(blocks),
  };
  const head = asciiJson(file);
  // Spaces after the JSON (still JSON) put the blocks, after the "\n" and the NUL, at a multiple of 4 bytes.
  return Buffer.concat([Buffer.from(`${head}${' '.repeat((2 - (head.length % 4) + 4) % 4)}\n\0`, 'latin1'), blocks]);
}

/**
 * JSON.stringify with every character above ASCII written as a \u escape (the same JSON value):
 * the model file's head is then all ASCII, and readModelFile reads it one byte a character
 * (as UTF-8 text with its 40-odd accented letters, the playbook's words, V8 would decode it into
 * a string of two bytes a character).
 */
function asciiJson(value: unknown): string {
  // Without the u flag each UTF-16 code unit matches alone: a surrogate pair becomes two escapes, as JSON writes it.
  return JSON.stringify(value, null, 2).replace(/[^\x00-\x7f]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A tokens block of the file: the tokens joined by "\n" (a token is letters and digits, and never holds one), and their ids by row. */
function encodeTokens(tokens: FeatureTokens): { names: string; rows: Buffer } {
  return { names: tokens.tokens.join('\n'), rows: int32LittleEndian(tokens.rows) };
}

/** sha256 of a playbook's JSON, as the model file stores it. */
function playbookSha256(playbook: Playbook): string {
  return createHash('sha256').update(JSON.stringify(playbook)).digest('hex');
}

function roundWeight(value: number): number {
  return Math.round(value * WEIGHT_SCALE) / WEIGHT_SCALE;
}

/** A model's weights as blocks of the file; features sorted, so a retrained file changes only where the model did. */
function encodeBlock(model: SoftmaxModel): { features: string[]; weights: Buffer } {
  const k = model.classes.length;
  const features = [...model.weights.keys()]
    .sort()
    .filter((feature) => model.weights.get(feature)!.some((value) => Math.abs(value) >= PRUNE_BELOW));
  const ints = new Int32Array(features.length * k);
  features.forEach((feature, row) => {
    if (feature.includes('\n')) throw new Error(`feature ${JSON.stringify(feature)} holds a line break: the model file cannot store it`);
    const values = model.weights.get(feature)!;
    for (let c = 0; c < k; c += 1) {
      const scaled = Math.round(values[c]! * WEIGHT_SCALE);
      if (!Number.isSafeInteger(scaled) || scaled > 0x7fffffff || scaled < -0x80000000) {
        throw new Error(`weight ${values[c]} of feature ${JSON.stringify(feature)} is out of the model file's range (±21474)`);
      }
      ints[row * k + c] = scaled;
    }
  });
  return { features, weights: int32LittleEndian(ints) };
}

function int32LittleEndian(ints: Int32Array): Buffer {
  const bytes = Buffer.alloc(ints.length * 4);
  for (let i = 0; i < ints.length; i += 1) bytes.writeInt32LE(ints[i]!, i * 4);
  return bytes;
}

/**
 * Writes the file whole or not at all (a temporary file renamed over it): a service starting
 * while `train` writes beside a mounted playbook reads the old file or the new one.
 */
export function writeModelFile(path: string, text: string | Buffer): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** A model file's head as UTF-8 text (a byte-order mark dropped); ModelFileError when it is not UTF-8 (saved as Latin-1, say). */
function utf8Text(bytes: Buffer, path: string, trainCommand: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ModelFileError(`${path} is not UTF-8 text (an editor may have saved it in another encoding): run ${trainCommand}`);
  }
}

/**
 * Reads and validates a model file. Throws ModelFileError saying what is wrong, ending with
 * "run <trainCommand>" (the command that writes this file again).
 */
export function readModelFile(
  path: string = DEFAULT_MODEL_PATH,
  trainCommand = 'npm run train',
): { file: ModelFileHead; model: TrainedModel; playbook: Playbook; signalLiterals: SignalLiteralSets } {
  if (!existsSync(path)) {
    // Before format 6 the file was JSON text named model.json: a folder that still holds one was trained by an older release.
    const older = path.endsWith('model.bin') ? `${path.slice(0, -'model.bin'.length)}model.json` : null;
    const hint = older && existsSync(older) ? ` (${older} is an older release's model file and is no longer read)` : '';
    throw new ModelFileError(`no model file at ${path}${hint}: run ${trainCommand}`);
  }
  const bytes = readFileSync(path);
  // The head ends at the first NUL byte (JSON text holds none); a file without one (format 5 and
  // before: all JSON) is all head.
  const end = bytes.indexOf(0);
  const headBytes = end < 0 ? bytes : bytes.subarray(0, end);
  let data: unknown;
  try {
    // An all-ASCII head (as serializeModel writes it) reads as Latin-1: the same text, one byte a
    // character. Any other byte is UTF-8 (a head edited by hand), decoded as such, without a
    // byte-order mark.
    const latin1 = headBytes.toString('latin1');
    data = JSON.parse(/[^\x00-\x7f]/.test(latin1) ? utf8Text(headBytes, path, trainCommand) : latin1);
  } catch (error) {
    if (error instanceof ModelFileError) throw error;
    throw new ModelFileError(`${path} is not JSON (${(error as Error).message}): run ${trainCommand}`);
  }
  const format = typeof data === 'object' && data !== null ? (data as { format?: unknown }).format : undefined;
  if (typeof format === 'number' && format !== MODEL_FORMAT) {
    throw new ModelFileError(
      `${path} is a model file of format ${format}, this version reads format ${MODEL_FORMAT} (written by another version of signin-triage): run ${trainCommand}`,
    );
  }
  const result = modelFileSchema.safeParse(data);
  if (!result.success) {
    const first = result.error.issues[0];
    throw new ModelFileError(`${path} is not a model file: ${first?.path.join('.') || '(root)'}: ${first?.message}; run ${trainCommand}`);
  }
  const { affectedUser, playbook, playbookSha256: playbookDigest, signalLiterals, blocks: sizes, blocksCrc32, ...rest } = result.data;
  const fail = (message: string): never => {
    throw new ModelFileError(`${path}: ${message}; run ${trainCommand}`);
  };
  if (playbookSha256(playbook as Playbook) !== playbookDigest) fail('its copy of the playbook was changed after training');
  const patterns = (playbook as Playbook).issues.reduce(
    (sum, issue) => sum + issue.signals.reduce((n, signal) => n + signal.patterns.length, 0),
    0,
  );
  if (signalLiterals.length !== patterns)
    fail(`signalLiterals has ${signalLiterals.length} entries for ${patterns} patterns of the playbook`);
  if (rest.bias.length !== rest.classes.length) fail(`bias has ${rest.bias.length} values for ${rest.classes.length} classes`);
  const blocks = end < 0 ? bytes.subarray(bytes.length) : bytes.subarray(end + 1);
  const named = BLOCKS.reduce((sum, name) => sum + sizes[name], 0);
  if (end < 0 || blocks.length !== named) {
    fail(`its blocks hold ${blocks.length} bytes after the head, which names ${named} (a truncated or damaged file)`);
  }
  if (crc32(blocks) !== blocksCrc32) fail('its blocks were changed after training (their CRC-32 differs)');
  const block: Partial<Record<BlockName, Buffer>> = {};
  let at = 0;
  for (const name of BLOCKS) block[name] = blocks.subarray(at, (at += sizes[name]));
  const main = decodeBlock(block.features!, block.weights!, rest.classes.length, 'weights', fail);
  main.tokens = decodeTokens(block.tokens!, block.tokenIds!, main.names.length, fail);
  const affected = affectedUser
    ? decodeBlock(block.affectedUserFeatures!, block.affectedUserWeights!, AFFECTED_USER_CLASSES.length, 'affectedUser', fail)
    : null;
  if (affected) {
    affected.tokens = decodeTokens(
      block.affectedUserTokens!,
      block.affectedUserTokenIds!,
      affected.names.length,
      fail,
      'affectedUser.tokens',
    );
  }
  const file: ModelFileHead = { ...rest, affectedUser };
  return {
    file,
    playbook: playbook as Playbook,
    signalLiterals,
    model: {
      softmax: softmaxOf(rest.classes, rest.bias, main),
      affectedUser: affectedUser && affected ? softmaxOf(AFFECTED_USER_CLASSES, affectedUser.bias, affected) : null,
      thresholds: rest.thresholds,
      trainingExamples: rest.trainingExamples,
    },
  };
}

/** Names joined by "\n" in UTF-8 (a names block), split. */
function namesOf(bytes: Buffer): string[] {
  return bytes.length === 0 ? [] : bytes.toString('utf8').split('\n');
}

/**
 * The names of a names block, read one at a time (`at`) or all at once (`all`, split when first
 * asked for): classifying reads only the rows that have no tokens, and splitting the 65,000
 * names of both models took about 15 ms of a cold start, with the garbage they then are.
 * `starts[r]` is where name r begins, `starts[length]` one past the end of the block plus one.
 */
class NameBlock implements FeatureNames {
  private split: string[] | undefined;
  readonly length: number;

  constructor(
    private readonly bytes: Buffer,
    private readonly starts: Int32Array,
  ) {
    this.length = starts.length - 1;
  }

  at(row: number): string | undefined {
    if (!(row >= 0 && row < this.length)) return undefined;
    return this.split ? this.split[row] : this.bytes.toString('utf8', this.starts[row]!, this.starts[row + 1]! - 1);
  }

  get all(): string[] {
    return (this.split ??= namesOf(this.bytes));
  }
}

/**
 * Where each name of a names block starts (see NameBlock), and whether the names are in strictly
 * increasing byte order: then none is there twice (encodeBlock writes them sorted, so they are,
 * unless a name holds a character beyond U+FFFF, which UTF-8 and JavaScript sort apart). Read as
 * Latin-1, one character a byte: String.indexOf finds the line breaks and strings compare in
 * byte order, natively (a loop over the bytes took longer than splitting the UTF-8 text).
 */
function scanNames(bytes: Buffer): { starts: Int32Array; increasing: boolean } {
  const text = bytes.toString('latin1');
  const starts: number[] = text.length === 0 ? [] : [0];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  starts.push(text.length + 1);
  let increasing = true;
  let previous = text.slice(0, (starts[1] ?? 1) - 1);
  for (let row = 1; row < starts.length - 1 && increasing; row += 1) {
    const name = text.slice(starts[row], starts[row + 1]! - 1);
    increasing = previous < name;
    previous = name;
  }
  return { starts: Int32Array.from(starts), increasing };
}

/** A model's names and packed rows, checked: the byte count fits the names, no name twice. */
function decodeBlock(
  namesBlock: Buffer,
  weights: Buffer,
  k: number,
  field: string,
  fail: (message: string) => never,
): { names: NameBlock; rows: RowsDecodedOnRead; tokens?: FeatureTokens } {
  const { starts, increasing } = scanNames(namesBlock);
  const names = new NameBlock(namesBlock, starts);
  const bytes = int32Bytes(weights, names.length * k, field, `weights for ${names.length} features × ${k} classes`, fail);
  const count = names.length * k;
  const ints =
    endianness() === 'LE' && bytes.byteOffset % 4 === 0
      ? new Int32Array(bytes.buffer, bytes.byteOffset, count)
      : Int32Array.from({ length: count }, (_, i) => bytes.readInt32LE(i * 4));
  // The file lists the names sorted (encodeBlock): in order, none can be there twice, and no
  // set of 40,000 names is built to tell.
  if (!increasing && new Set(names.all).size !== names.length) fail(`${field}: a feature name is listed twice`);
  return { names, rows: new RowsDecodedOnRead(ints, k) };
}

/**
 * A model file's weight rows (the file's int32, ÷ WEIGHT_SCALE), each decoded into `values`
 * when first read: decoding all 65,000 rows of both models at start-up took about 15 ms of a
 * cold start, in a loop V8 had not compiled yet, and a ticket reads a few hundred of them. A row
 * holds the same doubles whenever it is decoded.
 */
class RowsDecodedOnRead {
  private readonly values: Float64Array;
  private readonly decoded: Uint8Array;

  constructor(
    private readonly ints: Int32Array,
    private readonly k: number,
  ) {
    this.values = new Float64Array(ints.length);
    this.decoded = new Uint8Array(ints.length / k);
  }

  /** WeightRows.valuesWith: the values with row `row` decoded (a row out of range reads as before: undefined values). */
  valuesWith(row: number): Float64Array {
    if (this.decoded[row] === 0) {
      const base = row * this.k;
      for (let c = 0; c < this.k; c += 1) this.values[base + c] = this.ints[base + c]! / WEIGHT_SCALE;
      this.decoded[row] = 1;
    }
    return this.values;
  }

  /** The values with every row decoded (for the weights map, whose rows are views of them). */
  all(): Float64Array {
    for (let row = 0; row < this.decoded.length; row += 1) this.valuesWith(row);
    return this.values;
  }
}

/** A block of `count` little-endian int32, checked: a block of another size fails naming `field` and what it holds. */
function int32Bytes(bytes: Buffer, count: number, field: string, what: string, fail: (message: string) => never): Buffer {
  const expected = count * 4;
  if (bytes.length !== expected) fail(`${field}: ${bytes.length} bytes of ${what} (expected ${expected})`);
  return bytes;
}

/** The tokens blocks, checked: two ids per feature, each −1 or a token's, no token twice. */
function decodeTokens(names: Buffer, ids: Buffer, features: number, fail: (message: string) => never, field = 'tokens'): FeatureTokens {
  const tokens = namesOf(names);
  const bytes = int32Bytes(ids, features * 2, field, `token ids for ${features} features`, fail);
  const rows =
    endianness() === 'LE' && bytes.byteOffset % 4 === 0
      ? new Int32Array(bytes.buffer, bytes.byteOffset, features * 2)
      : Int32Array.from({ length: features * 2 }, (_, i) => bytes.readInt32LE(i * 4));
  for (let i = 0; i < rows.length; i += 1) {
    if (rows[i]! < -1 || rows[i]! >= tokens.length)
      fail(`${field}: id ${rows[i]} of feature ${i >> 1} is not one of the ${tokens.length} tokens`);
  }
  if (new Set(tokens).size !== tokens.length) fail(`${field}: a token is listed twice`);
  return { tokens, rows };
}

/** A SoftmaxModel of the packed rows; the feature → row and feature → weights maps (training and tests read them) are built when first asked for. */
function softmaxOf(
  classes: string[],
  bias: number[],
  block: { names: NameBlock; rows: RowsDecodedOnRead; tokens?: FeatureTokens },
): SoftmaxModel {
  let weights: Map<string, Float64Array> | undefined;
  let index: Map<string, number> | undefined;
  const k = classes.length;
  const { names, rows } = block;
  return {
    classes,
    bias: Float64Array.from(bias),
    rows: {
      valuesWith: (row) => rows.valuesWith(row),
      names,
      get features(): readonly string[] {
        return names.all;
      },
      ...(block.tokens ? { tokens: block.tokens } : {}),
      get index(): Map<string, number> {
        if (index === undefined) {
          const features = names.all;
          index = new Map();
          for (let row = 0; row < features.length; row += 1) index.set(features[row]!, row);
        }
        return index;
      },
    },
    get weights(): Map<string, Float64Array> {
      if (weights === undefined) {
        const features = names.all;
        const values = rows.all();
        weights = new Map();
        for (let row = 0; row < features.length; row += 1) weights.set(features[row]!, values.subarray(row * k, row * k + k));
      }
      return weights;
    },
  };
}
