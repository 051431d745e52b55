import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { corpusFilePaths, DEFAULT_CORPUS_DIR } from '../playbook/corpus.js';
import { parsePlaybookText, readPlaybookText } from '../playbook/load-playbook.js';
import { DEFAULT_PLAYBOOK_PATH, isCustomPlaybook, modelPathFor, trainCommandFor } from '../playbook/playbook-paths.js';
import type { Playbook } from '../playbook/schema.js';
import { createTriage, type ThresholdOverrides, type Triage } from './create-triage.js';
import { ModelFileError, StaleModelError } from './model-errors.js';
import { computeSourceHash, readModelFile } from './model-file.js';
import type { SignalLiteralSets } from './signals.js';
import { trainFromSources, type TrainingSources } from './train-from-sources.js';
import type { TrainedModel, TrainingTicket } from './train-model.js';

export interface LoadTriageOptions {
  /** A playbook of one's own; its folder's `corpus/` adds to (or replaces files of) the shipped corpus. */
  playbookPath?: string;
  /** The model file to read. @defaultValue modelPathFor(playbookPath): `model.bin` beside the playbook */
  modelPath?: string;
  /** Agent corrections to learn from on top of the corpus (FEEDBACK_LEARNING=on): trains at once. */
  extraExamples?: TrainingTicket[];
  now?: () => Date;
  /** An admin's thresholds in place of the model's (see createTriage). */
  thresholdOverrides?: ThresholdOverrides;
  /** Told why the model is trained now instead of read from the model file, before training starts. */
  onTrain?: (reason: string) => void;
  /**
   * When the model file is missing, broken or stale: `train` trains now (seconds to minutes of
   * CPU; the CLI, development), `refuse` throws StaleModelError (production). @defaultValue 'train'
   */
  whenStale?: 'train' | 'refuse';
}

/** What the source hash of a playbook covers, read but not parsed: the playbook's text and the corpus folders. */
export type SourceTexts = Omit<TrainingSources, 'playbook'>;

/** The playbook's text and its corpus folders (the shipped one, then the custom playbook's own `corpus/`). Throws PlaybookError when the playbook cannot be read. */
export function readSourceTexts(playbookPath: string = DEFAULT_PLAYBOOK_PATH): SourceTexts {
  const playbookText = readPlaybookText(playbookPath);
  const ownCorpus = join(dirname(playbookPath), 'corpus');
  return {
    playbookText,
    corpusDirs:
      isCustomPlaybook(playbookPath) && existsSync(ownCorpus) && resolve(ownCorpus) !== resolve(DEFAULT_CORPUS_DIR)
        ? [DEFAULT_CORPUS_DIR, ownCorpus]
        : [DEFAULT_CORPUS_DIR],
  };
}

/** The playbook (parsed and validated) and the corpus folders a triage is trained from. Throws PlaybookError naming the file and field. */
export function readTrainingSources(playbookPath: string = DEFAULT_PLAYBOOK_PATH): TrainingSources {
  const texts = readSourceTexts(playbookPath);
  return { ...texts, playbook: parsePlaybookText(texts.playbookText, playbookPath) };
}

/** The source hash of the shipped (or given) playbook, corpus and feature code (the corpus files hashed as bytes, read in chunks, not decoded). */
export function currentSourceHash(sources: SourceTexts): string {
  return computeSourceHash(sources.playbookText, { files: corpusFilePaths(sources.corpusDirs) });
}

/**
 * The playbook and the model a process runs with: the playbook's model file (modelPathFor)
 * when it was trained from exactly this playbook, corpus and feature code (sha256 in the file),
 * with the playbook as parsed when training (the same text through the same parser) and its
 * signals' literal sets (`signalLiterals`, for createTriage); otherwise
 * the playbook parsed now and a model trained now (`trainedNow` says why, no `signalLiterals`) or, with
 * `whenStale: 'refuse'`, a StaleModelError that names the file, the reason and the command to
 * run. Agent feedback (`extraExamples`) is always trained in. `onPlaybook` hears the playbook
 * as soon as it is known (before any training). Throws PlaybookError for a playbook that cannot
 * be read or is not valid, with the file and field named.
 */
export function loadModel(
  options: Pick<LoadTriageOptions, 'playbookPath' | 'modelPath' | 'extraExamples' | 'whenStale' | 'onTrain'> & {
    onPlaybook?: (playbook: Playbook) => void;
  } = {},
): { playbook: Playbook; model: TrainedModel; trainedNow: string | null; signalLiterals?: SignalLiteralSets } {
  const playbookPath = options.playbookPath ?? DEFAULT_PLAYBOOK_PATH;
  const texts = readSourceTexts(playbookPath);
  const extra = options.extraExamples ?? [];
  let reason: string;
  if (extra.length > 0) {
    reason = 'agent feedback is trained in';
  } else {
    const modelPath = options.modelPath ?? modelPathFor(options.playbookPath);
    const command = trainCommandFor(options.playbookPath);
    try {
      const { file, model, playbook, signalLiterals } = readModelFile(modelPath, command);
      if (file.sourceHash === currentSourceHash(texts)) {
        options.onPlaybook?.(playbook);
        return { playbook, model, trainedNow: null, signalLiterals };
      }
      reason = `${modelPath} was trained from another playbook, corpus or feature code: run ${command}`;
    } catch (error) {
      if (!(error instanceof ModelFileError)) throw error;
      reason = error.message;
    }
  }
  // The playbook is checked before the model is refused: a broken playbook is the first thing to fix.
  const sources: TrainingSources = { ...texts, playbook: parsePlaybookText(texts.playbookText, playbookPath) };
  options.onPlaybook?.(sources.playbook);
  if (extra.length === 0 && options.whenStale === 'refuse') {
    throw new StaleModelError(`${reason}, then start again (a production service does not train at start)`);
  }
  options.onTrain?.(reason);
  return { playbook: sources.playbook, model: trainFromSources(sources, extra), trainedNow: reason };
}

/**
 * The triage a process runs with (see loadModel for which playbook and model).
 * Throws PlaybookError for a bad playbook or corpus, with the file and field named, and
 * StaleModelError as loadModel does.
 */
export function loadTriage(options: LoadTriageOptions = {}): Triage {
  const { playbook, model, signalLiterals } = loadModel(options);
  return createTriage({
    playbook,
    model,
    ...(signalLiterals ? { signalLiterals } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.thresholdOverrides ? { thresholdOverrides: options.thresholdOverrides } : {}),
  });
}
