/**
 * Runs in a worker thread: holds the triage model and classifies one ticket per message, so
 * a ticket that takes too long blocks this thread only; the process that sent it answers
 * health checks and webhooks, and terminates this thread when the time limit passes.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { createTriage, type Triage } from '../create-triage.js';
import { loadTriage } from '../load-triage.js';
import type { ClassifierThreadData, FromClassifier, ToClassifier } from './messages.js';

const data = workerData as ClassifierThreadData;
const port = parentPort!;

let triage: Triage =
  data.model !== null
    ? createTriage({ playbook: data.model.playbook, model: data.model.model })
    : loadTriage(data.playbookPath ? { playbookPath: data.playbookPath } : {});

port.on('message', (message: ToClassifier) => {
  if (message.type === 'model') {
    triage = createTriage({ playbook: message.model.playbook, model: message.model.model });
    port.postMessage({ type: 'model-ready' } satisfies FromClassifier);
    return;
  }
  let reply: FromClassifier;
  try {
    reply = { type: 'diagnosis', id: message.id, diagnosis: triage.classify(message.ticket) };
  } catch (error) {
    reply = { type: 'error', id: message.id, message: (error as Error).message, name: (error as Error).name };
  }
  port.postMessage(reply);
});

port.postMessage({ type: 'ready', playbook: triage.playbook, trainingExamples: triage.trainingExamples } satisfies FromClassifier);
