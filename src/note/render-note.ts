// TEMPORARY skeleton: the real renderer replaces this. The exported API is stable.
import type { Playbook } from '../playbook/schema.js';
import type { Diagnosis } from '../triage/diagnosis.js';

export interface RenderedNote {
  html: string;
  text: string;
}

export interface RenderNoteOptions {
  /** The diagnosis of the previous run, to say what changed on a re-run. */
  previous?: Diagnosis | null;
  /** Requester's first name for the customer-facing request. */
  requesterName?: string;
}

/** Marker placed in every note, so a re-read ticket shows which notes are ours. */
export const NOTE_MARKER = 'signin-triage';

export function renderNote(diagnosis: Diagnosis, playbook: Playbook, _options: RenderNoteOptions = {}): RenderedNote {
  const text = `[${NOTE_MARKER}] ${diagnosis.issue} (${Math.round(diagnosis.confidence * 100)}%) · playbook ${playbook.version}`;
  return { html: `<p>${text}</p>`, text };
}
