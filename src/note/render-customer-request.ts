import type { Playbook, PlaybookIssue } from '../playbook/schema.js';
import type { Diagnosis, EscalationField, Language } from '../triage/diagnosis.js';

export interface CustomerRequest {
  language: Language;
  text: string;
}

/** The request's pieces from the playbook; the greeting keeps its `{name}` placeholder. */
export interface CustomerRequestParts {
  language: Language;
  greeting: string;
  intro: string;
  asks: string[];
  closing: string;
}

export function customerRequestParts(
  playbook: Playbook,
  issue: PlaybookIssue,
  language: Language,
  missing: EscalationField[],
): CustomerRequestParts {
  return {
    language,
    greeting: playbook.escalation.greeting[language],
    intro: issue.customerMessage[language],
    asks: missing.map((field) => playbook.escalation.fields[field].ask[language]),
    closing: playbook.escalation.closing[language],
  };
}

/**
 * The message an agent can send the customer to ask for the escalation data that is missing,
 * in the customer's language. Null when nothing is missing.
 */
export function renderCustomerRequest(diagnosis: Diagnosis, playbook: Playbook, requesterName?: string): CustomerRequest | null {
  if (diagnosis.missing.length === 0) return null;
  const language = diagnosis.language;
  const issue = playbook.issues.find((candidate) => candidate.id === diagnosis.issue) ?? playbook.issues.find((c) => c.id === 'other');
  if (!issue) return null;
  const parts = customerRequestParts(playbook, issue, language, diagnosis.missing);
  const name = firstName(requesterName);
  const greeting = name ? parts.greeting.replace('{name}', name) : parts.greeting.replace(/ ?\{name\}/u, '');
  const text = [greeting, '', parts.intro, ...parts.asks.map((ask) => `- ${ask}`), '', parts.closing].join('\n');
  return { language, text };
}

function firstName(name: string | undefined): string {
  const trimmed = (name ?? '').trim();
  if (!trimmed || trimmed.includes('@')) return '';
  return trimmed.split(/\s+/u)[0] ?? '';
}
