/**
 * Runs in a worker thread: holds the triage model and classifies one ticket per message, so
 * a ticket that takes too long blocks this thread only; the process that sent it answers
 * health checks and webhooks, and terminates this thread when the time limit passes.
 * Start-up messages (messages.ts): `playbook`, then `training` if the model file does not fit,
 * then `ready` and, once warmed up, `warm`; or `failed` with the error's class and message.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { createTriage, type Triage } from '../create-triage.js';
import { loadModel } from '../load-triage.js';
import type { ClassifierThreadData, FromClassifier, ModelWithPlaybook, ToClassifier } from './messages.js';

const WARM_UP = [
  'I cannot sign in since 10:42 today, it says Login failed.',
  "Je n'arrive pas à me connecter depuis 10h42, Login failed.",
  'Ich kann mich seit 10:42 Uhr nicht anmelden, Login failed.',
  'No puedo iniciar sesión desde las 10:42, Login failed.',
  'Non riesco ad accedere dalle 10:42, Login failed.',
];

const data = workerData as ClassifierThreadData;
const port = parentPort!;
const post = (message: FromClassifier): void => port.postMessage(message);

/** The model given by the parent, else the model file's, else one trained now (or StaleModelError). */
function start(): { triage: Triage; trainedNow: ModelWithPlaybook | null } {
  const thresholdOverrides = data.thresholdOverrides;
  if (data.model !== null) {
    post({ type: 'playbook', playbook: data.model.playbook });
    return { triage: createTriage({ ...data.model, thresholdOverrides }), trainedNow: null };
  }
  const playbookPath = data.playbookPath ?? undefined;
  const { playbook, model, trainedNow, signalLiterals } = loadModel({
    ...(playbookPath ? { playbookPath } : {}),
    whenStale: data.whenStale,
    onPlaybook: (read) => post({ type: 'playbook', playbook: read }),
    onTrain: (reason) => post({ type: 'training', reason }),
  });
  return {
    triage: createTriage({ playbook, model, thresholdOverrides, ...(signalLiterals ? { signalLiterals } : {}) }),
    trainedNow: trainedNow === null ? null : { playbook, model },
  };
}

function run(): void {
  let started: ReturnType<typeof start>;
  try {
    started = start();
  } catch (error) {
    // The thread's last message: with no listener left it then ends on its own.
    post({ type: 'failed', name: (error as Error).name, message: (error as Error).message });
    return;
  }
  let triage = started.triage;

  port.on('message', (message: ToClassifier) => {
    if (message.type === 'model') {
      triage = createTriage({ playbook: message.model.playbook, model: message.model.model, thresholdOverrides: data.thresholdOverrides });
      post({ type: 'model-ready' });
      return;
    }
    let reply: FromClassifier;
    try {
      reply = { type: 'diagnosis', id: message.id, diagnosis: triage.classify(message.ticket) };
    } catch (error) {
      reply = { type: 'error', id: message.id, message: (error as Error).message, name: (error as Error).name };
    }
    post(reply);
  });

  post({ type: 'ready', trainingExamples: triage.trainingExamples, thresholds: triage.thresholds, model: started.trainedNow });

  // Stemmers and chrono's locales load on first use: pay for them now, not with the first
  // ticket in each language, which would otherwise risk the time limit. After `ready`, so that
  // start-up does not wait for it; the parent sends no ticket before `warm`.
  try {
    for (const description of WARM_UP) triage.classify({ id: 'warm-up', subject: 'Login', description });
  } finally {
    post({ type: 'warm' });
  }
}

run();
