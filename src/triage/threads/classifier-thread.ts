/**
 * Runs in a worker thread: holds the triage model and classifies one ticket per message, so
 * a ticket that takes too long blocks this thread only; the process that sent it answers
 * health checks and webhooks, and terminates this thread when the time limit passes.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { createTriage, type Triage } from '../create-triage.js';
import { loadTriage } from '../load-triage.js';
import type { ClassifierThreadData, FromClassifier, ToClassifier } from './messages.js';

const WARM_UP = [
  'I cannot sign in since 10:42 today, it says Login failed.',
  "Je n'arrive pas à me connecter depuis 10h42, Login failed.",
  'Ich kann mich seit 10:42 Uhr nicht anmelden, Login failed.',
  'No puedo iniciar sesión desde las 10:42, Login failed.',
  'Non riesco ad accedere dalle 10:42, Login failed.',
];

const data = workerData as ClassifierThreadData;
const port = parentPort!;

let triage: Triage =
  data.model !== null
    ? createTriage({ playbook: data.model.playbook, model: data.model.model, thresholdOverrides: data.thresholdOverrides })
    : loadTriage({ ...(data.playbookPath ? { playbookPath: data.playbookPath } : {}), thresholdOverrides: data.thresholdOverrides });

port.on('message', (message: ToClassifier) => {
  if (message.type === 'model') {
    triage = createTriage({ playbook: message.model.playbook, model: message.model.model, thresholdOverrides: data.thresholdOverrides });
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

// Stemmers and chrono's locales load on first use: pay for them now, not with the first
// ticket in each language, which would otherwise risk the time limit.
for (const description of WARM_UP) triage.classify({ id: 'warm-up', subject: 'Login', description });

port.postMessage({ type: 'ready', playbook: triage.playbook, trainingExamples: triage.trainingExamples } satisfies FromClassifier);
