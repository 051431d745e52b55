import type { ThresholdOverrides } from '../create-triage.js';
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
  /** A model trained with agent feedback; null → the model file (or training when stale). */
  model: ModelWithPlaybook | null;
  /** An admin's thresholds in place of the model's, also after a retraining. */
  thresholdOverrides: ThresholdOverrides;
}

export type ToClassifier = { type: 'classify'; id: number; ticket: TicketInput } | { type: 'model'; model: ModelWithPlaybook };

export type FromClassifier =
  | { type: 'ready'; playbook: Playbook; trainingExamples: number }
  | { type: 'model-ready' }
  | { type: 'diagnosis'; id: number; diagnosis: Diagnosis }
  | { type: 'error'; id: number; message: string; name: string };

export interface TrainerThreadData {
  module: string;
  playbookPath: string | null;
  extraExamples: TrainingTicket[];
}

export type FromTrainer = { type: 'trained'; model: ModelWithPlaybook; trainingExamples: number } | { type: 'error'; message: string };
