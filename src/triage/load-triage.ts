import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { DEFAULT_CORPUS_DIR, readCorpusFiles } from '../playbook/corpus.js';
import { readPlaybookFile } from '../playbook/load-playbook.js';
import { DEFAULT_PLAYBOOK_PATH, isCustomPlaybook, modelPathFor, trainCommandFor } from '../playbook/playbook-paths.js';
import { createTriage, type ThresholdOverrides, type Triage } from './create-triage.js';
import { ModelFileError, StaleModelError } from './model-errors.js';
import { computeSourceHash, readModelFile } from './model-file.js';
import { trainFromSources, type TrainingSources } from './train-from-sources.js';
import type { TrainedModel, TrainingTicket } from './train-model.js';

export interface LoadTriageOptions {
  /** A playbook of one's own; its folder's `corpus/` adds to (or replaces files of) the shipped corpus. */
  playbookPath?: string;
  /** The model file to read. @defaultValue modelPathFor(playbookPath): `model.json` beside the playbook */
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

/** The playbook and the corpus folders a triage is built from. */
export function readTrainingSources(playbookPath: string = DEFAULT_PLAYBOOK_PATH): TrainingSources {
  const { playbook, text: playbookText } = readPlaybookFile(playbookPath);
  const ownCorpus = join(dirname(playbookPath), 'corpus');
  return {
    playbook,
    playbookText,
    corpusDirs:
      isCustomPlaybook(playbookPath) && existsSync(ownCorpus) && resolve(ownCorpus) !== resolve(DEFAULT_CORPUS_DIR)
        ? [DEFAULT_CORPUS_DIR, ownCorpus]
        : [DEFAULT_CORPUS_DIR],
  };
}

/** The source hash of the shipped (or given) playbook, corpus and feature code. */
export function currentSourceHash(sources: TrainingSources): string {
  return computeSourceHash(sources.playbookText, { files: readCorpusFiles(sources.corpusDirs) });
}

/**
 * The model a process runs with for these sources: the playbook's model file (modelPathFor)
 * when it was trained from exactly this playbook, corpus and feature code (sha256 in the file);
 * otherwise one trained now (`trainedNow` says why) or, with `whenStale: 'refuse'`, a
 * StaleModelError that names the file, the reason and the command to run. Agent feedback
 * (`extraExamples`) is always trained in.
 */
export function modelForSources(
  sources: TrainingSources,
  options: Pick<LoadTriageOptions, 'playbookPath' | 'modelPath' | 'extraExamples' | 'whenStale' | 'onTrain'> = {},
): { model: TrainedModel; trainedNow: string | null } {
  const extra = options.extraExamples ?? [];
  let reason: string;
  if (extra.length > 0) {
    reason = 'agent feedback is trained in';
  } else {
    const modelPath = options.modelPath ?? modelPathFor(options.playbookPath);
    const command = trainCommandFor(options.playbookPath);
    try {
      const { file, model } = readModelFile(modelPath, command);
      if (file.sourceHash === currentSourceHash(sources)) return { model, trainedNow: null };
      reason = `${modelPath} was trained from another playbook, corpus or feature code: run ${command}`;
    } catch (error) {
      if (!(error instanceof ModelFileError)) throw error;
      reason = error.message;
    }
    if (options.whenStale === 'refuse') {
      throw new StaleModelError(`${reason}, then start again (a production service does not train at start)`);
    }
  }
  options.onTrain?.(reason);
  return { model: trainFromSources(sources, extra), trainedNow: reason };
}

/**
 * The triage a process runs with (see modelForSources for which model).
 * Throws PlaybookError for a bad playbook or corpus, with the file and field named, and
 * StaleModelError as modelForSources does.
 */
export function loadTriage(options: LoadTriageOptions = {}): Triage {
  const sources = readTrainingSources(options.playbookPath);
  const { model } = modelForSources(sources, options);
  return createTriage({
    playbook: sources.playbook,
    model,
    ...(options.now ? { now: options.now } : {}),
    ...(options.thresholdOverrides ? { thresholdOverrides: options.thresholdOverrides } : {}),
  });
}
