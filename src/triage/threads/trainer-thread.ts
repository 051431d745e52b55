/**
 * Runs in a short-lived worker thread: trains a model on the corpus plus agent feedback and
 * sends it back, so retraining (seconds of CPU) never runs on the thread that answers requests.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { readTrainingSources } from '../load-triage.js';
import { trainFromSources } from '../train-from-sources.js';
import type { FromTrainer, TrainerThreadData } from './messages.js';

const data = workerData as TrainerThreadData;
let reply: FromTrainer;
try {
  const sources = readTrainingSources(data.playbookPath ?? undefined);
  const model = trainFromSources(sources, data.extraExamples);
  reply = {
    type: 'trained',
    model: { playbook: sources.playbook, model },
    trainingExamples: model.trainingExamples,
  };
} catch (error) {
  reply = { type: 'error', message: (error as Error).message };
}
parentPort!.postMessage(reply);
