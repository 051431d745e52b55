import type { Playbook } from '../playbook/schema.js';
import type { Diagnosis, Language } from '../triage/diagnosis.js';

export interface CustomerRequest {
  language: Language;
  text: string;
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
  const name = firstName(requesterName);
  const greeting = name
    ? playbook.escalation.greeting[language].replace('{name}', name)
    : playbook.escalation.greeting[language].replace(/\s*\{name\}/u, '');
  const asks = diagnosis.missing.map((field) => `- ${playbook.escalation.fields[field].ask[language]}`);
  const text = [greeting, '', issue.customerMessage[language], ...asks, '', playbook.escalation.closing[language]].join('\n');
  return { language, text };
}

function firstName(name: string | undefined): string {
  const trimmed = (name ?? '').trim();
  if (!trimmed || trimmed.includes('@')) return '';
  return trimmed.split(/\s+/u)[0] ?? '';
}
