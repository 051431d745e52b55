export type { Diagnosis, Evidence, EscalationCheck, EscalationField, Language } from './diagnosis.js';

/** A labelled example from outside the playbook, e.g. an agent's correction. */
export interface TrainingExampleInput {
  issue: string;
  text: string;
  lang?: string;
}
