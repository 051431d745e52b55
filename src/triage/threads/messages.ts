import type { ThresholdOverrides, TriageThresholds } from '../create-triage.js';
import type { Playbook } from '../../playbook/schema.js';
import type { Diagnosis } from '../diagnosis.js';
import type { TicketInput } from '../ticket.js';
import type { TrainedModel, TrainingTicket } from '../train-model.js';

/** A model with the playbook it was trained for, as it crosses between threads (structured clone copies its Maps and typed arrays). */
export interface ModelWithPlaybook {
  playbook: Playbook;
  model: TrainedModel;
}

export interface ClassifierThreadData {
  module: string;
  playbookPath: string | null;
  /** A model trained with agent feedback (or at start); null → the playbook's model file (or training when stale). */
  model: ModelWithPlaybook | null;
  /** An admin's thresholds in place of the model's, also after a retraining. */
  thresholdOverrides: ThresholdOverrides;
  /** A missing or stale model file: train in the thread (development) or fail with StaleModelError (production). */
  whenStale: 'train' | 'refuse';
}

export type ToClassifier = { type: 'classify'; id: number; ticket: TicketInput } | { type: 'model'; model: ModelWithPlaybook };

/**
 * Start-up, in order: `playbook` once the playbook is read and valid, `training` when the
 * model file does not fit it and the thread trains one now, `ready` once the model is loaded
 * (or `failed`, the thread's last message), then `warm` once the first classifications have
 * loaded the stemmers and date parsers: tickets are sent from then on. Then `model-ready`,
 * `diagnosis` and `error` answer ToClassifier.
 */
export type FromClassifier =
  | { type: 'playbook'; playbook: Playbook }
  | { type: 'training'; reason: string }
  /** `model`: the model trained at start, kept by the parent for restarted threads (null when it came from the file). */
  | { type: 'ready'; trainingExamples: number; thresholds: TriageThresholds; model: ModelWithPlaybook | null }
  /** Start-up failed: `name` is the error's class (PlaybookError, StaleModelError, …). */
  | { type: 'failed'; name: string; message: string }
  | { type: 'warm' }
  | { type: 'model-ready' }
  | { type: 'diagnosis'; id: number; diagnosis: Diagnosis }
  | { type: 'error'; id: number; message: string; name: string };

export interface TrainerThreadData {
  module: string;
  playbookPath: string | null;
  extraExamples: TrainingTicket[];
}

export type FromTrainer = { type: 'trained'; model: ModelWithPlaybook; trainingExamples: number } | { type: 'error'; message: string };
