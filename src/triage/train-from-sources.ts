import { corpusExampleToTicket, loadCorpus, type Corpus } from '../playbook/corpus.js';
import type { Playbook } from '../playbook/schema.js';
import { trainModel, type TrainedModel, type TrainingTicket } from './train-model.js';

/**
 * How the corpus becomes training data. Its text is part of every model file's source hash
 * (model-file.ts, PIPELINE_FILES): a change here makes the shipped model stale, as it should.
 * How a model file is found and chosen at start (load-triage.ts) is not, so that it can change
 * without retraining.
 */

export interface TrainingSources {
  playbook: Playbook;
  /** The playbook file's text, as hashed into the model file. */
  playbookText: string;
  /** The shipped corpus folder, then the custom playbook's own `corpus/` when it has one. */
  corpusDirs: string[];
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

/** Trains on the corpus (plus extra examples): what `npm run train` writes, and what development trains at start when the model file is stale. */
export function trainFromSources(sources: TrainingSources, extraExamples: TrainingTicket[] = []): TrainedModel {
  const corpus = loadCorpus(sources.playbook, sources.corpusDirs);
  return trainModel(sources.playbook, [...corpus.examples.map(corpusTrainingTicket), ...extraExamples]);
}
