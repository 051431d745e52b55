import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { corpusExampleToTicket, DEFAULT_CORPUS_DIR, loadCorpus, readCorpusFiles, type Corpus } from '../playbook/corpus.js';
import { DEFAULT_PLAYBOOK_PATH, readPlaybookFile } from '../playbook/load-playbook.js';
import type { Playbook } from '../playbook/schema.js';
import { createTriage, type ThresholdOverrides, type Triage } from './create-triage.js';
import { computeSourceHash, DEFAULT_MODEL_PATH, ModelFileError, readModelFile } from './model-file.js';
import { trainModel, type TrainedModel, type TrainingTicket } from './train-model.js';

export interface LoadTriageOptions {
  /** A playbook of one's own; its folder's `corpus/` adds to (or replaces files of) the shipped corpus. */
  playbookPath?: string;
  modelPath?: string;
  /** Agent corrections to learn from on top of the corpus (FEEDBACK_LEARNING=on): trains at once. */
  extraExamples?: TrainingTicket[];
  now?: () => Date;
  /** An admin's thresholds in place of the model's (see createTriage). */
  thresholdOverrides?: ThresholdOverrides;
  /** Told why the model is trained now instead of read from the model file. */
  onTrain?: (reason: string) => void;
}

export interface TrainingSources {
  playbook: Playbook;
  playbookText: string;
  corpusDirs: string[];
}

/** The playbook and the corpus folders a triage is built from. */
export function readTrainingSources(playbookPath: string = DEFAULT_PLAYBOOK_PATH): TrainingSources {
  const { playbook, text: playbookText } = readPlaybookFile(playbookPath);
  const custom = resolve(playbookPath) !== resolve(DEFAULT_PLAYBOOK_PATH);
  const ownCorpus = join(dirname(playbookPath), 'corpus');
  return {
    playbook,
    playbookText,
    corpusDirs:
      custom && existsSync(ownCorpus) && resolve(ownCorpus) !== resolve(DEFAULT_CORPUS_DIR)
        ? [DEFAULT_CORPUS_DIR, ownCorpus]
        : [DEFAULT_CORPUS_DIR],
  };
}

/** A corpus example as the training ticket the pipeline learns from. */
export function corpusTrainingTicket(example: Corpus['examples'][number]): TrainingTicket {
  return {
    issue: example.issue,
    lang: example.lang,
    ticket: corpusExampleToTicket(example),
    ...(example.missing ? { missing: example.missing } : {}),
  };
}

/** Trains on the corpus (plus extra examples): what `npm run train` writes, and the fallback. */
export function trainFromSources(sources: TrainingSources, extraExamples: TrainingTicket[] = []): TrainedModel {
  const corpus = loadCorpus(sources.playbook, sources.corpusDirs);
  return trainModel(sources.playbook, [...corpus.examples.map(corpusTrainingTicket), ...extraExamples]);
}

/** The source hash of the shipped (or given) playbook, corpus and feature code. */
export function currentSourceHash(sources: TrainingSources): string {
  return computeSourceHash(sources.playbookText, { files: readCorpusFiles(sources.corpusDirs) });
}

/**
 * The triage a process runs with: the model file `npm run train` wrote, when it was trained
 * from exactly this playbook, corpus and feature code (sha256 in the file); otherwise, or with
 * a custom playbook or agent feedback, a model trained now (seconds, not milliseconds).
 * Throws PlaybookError for a bad playbook or corpus, with the file and field named.
 */
export function loadTriage(options: LoadTriageOptions = {}): Triage {
  const sources = readTrainingSources(options.playbookPath);
  const modelPath = options.modelPath ?? DEFAULT_MODEL_PATH;
  const now = {
    ...(options.now ? { now: options.now } : {}),
    ...(options.thresholdOverrides ? { thresholdOverrides: options.thresholdOverrides } : {}),
  };
  const custom = resolve(options.playbookPath ?? DEFAULT_PLAYBOOK_PATH) !== resolve(DEFAULT_PLAYBOOK_PATH);
  if (!custom && (options.extraExamples ?? []).length === 0) {
    let reason: string;
    try {
      const { file, model } = readModelFile(modelPath);
      if (file.sourceHash === currentSourceHash(sources)) return createTriage({ playbook: sources.playbook, model, ...now });
      reason = `${modelPath} was trained from another playbook, corpus or feature code: run npm run train`;
    } catch (error) {
      if (!(error instanceof ModelFileError)) throw error;
      reason = error.message;
    }
    options.onTrain?.(reason);
  } else {
    options.onTrain?.(custom ? 'a custom playbook is trained at start' : 'agent feedback is trained in');
  }
  return createTriage({ playbook: sources.playbook, model: trainFromSources(sources, options.extraExamples), ...now });
}
