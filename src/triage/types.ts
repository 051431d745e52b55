export type { Diagnosis, Evidence, EscalationCheck, EscalationField, Language } from './diagnosis.js';
