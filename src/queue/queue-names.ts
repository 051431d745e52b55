/** The one queue: tickets waiting for triage. Keys live under `<QUEUE_PREFIX>:triage:*`. */
export const TRIAGE_QUEUE = 'triage';
