import type { Playbook, PlaybookIssue } from '../playbook/schema.js';
import type { Diagnosis, EscalationField } from '../triage/diagnosis.js';
import { abstainedHeadline } from './closest-issues.js';
import { renderCustomerRequest } from './render-customer-request.js';

export interface RenderedNote {
  html: string;
  text: string;
}

export interface RenderNoteOptions {
  /** The diagnosis of the previous run, to say what changed on a re-run. */
  previous?: Diagnosis | null;
  /** Requester's name for the customer-facing request. */
  requesterName?: string;
}

/** Marker placed in every note, so a re-read ticket shows which notes are ours. */
export const NOTE_MARKER = 'signin-triage';

const FIELD_ORDER: EscalationField[] = ['email', 'timestamp', 'screenshot'];

/**
 * The internal note an agent reads on the ticket: diagnosis, why, what to do, and what to ask
 * the customer. HTML for Zendesk's `html_body`, and the same content as plain text.
 */
export function renderNote(diagnosis: Diagnosis, playbook: Playbook, options: RenderNoteOptions = {}): RenderedNote {
  const issue = findIssue(playbook, diagnosis.issue);
  const percent = `${Math.round(diagnosis.confidence * 100)}%`;
  // Abstaining, the closest issues are shown with their own probabilities, not that of `other`.
  const headline = diagnosis.unanalysed
    ? `Not analysed: ${diagnosis.unanalysed}; handle it as usual`
    : diagnosis.abstained
      ? abstainedHeadline(diagnosis, playbook)
      : `${issue.title} (${percent}, ${diagnosis.band} confidence)`;
  const change = describeChange(diagnosis, options.previous ?? null, playbook);
  const request = renderCustomerRequest(diagnosis, playbook, options.requesterName);
  const footer = `${NOTE_MARKER} · playbook ${diagnosis.playbookVersion} · language ${diagnosis.language}`;
  const evidence = diagnosis.evidence.slice(0, 5);
  const checks = issue.checks.map((id) => playbook.checks[id]).filter((text): text is string => Boolean(text));

  const text = [
    `signin-triage: ${headline}`,
    change ? `Changed since the last run: ${change}` : null,
    '',
    issue.diagnosis,
    evidence.length ? `Why: ${evidence.map((e) => `"${e.phrase}"`).join(', ')}` : null,
    '',
    checks.length ? 'Before you start:' : null,
    ...checks.map((check) => `- ${check}`),
    checks.length ? '' : null,
    'Resolution steps:',
    ...issue.steps.map((step, index) => `${index + 1}. ${step}`),
    '',
    'Escalation data:',
    ...FIELD_ORDER.map((field) => {
      const check = diagnosis.escalation[field];
      const label = playbook.escalation.fields[field].label;
      return `- ${label}: ${check.present ? `present${check.found ? ` (${check.found})` : ''}` : 'MISSING'}. ${check.reason}`;
    }),
    request ? '' : null,
    request ? `Ready to send to the customer (${request.language}):` : null,
    request ? request.text : null,
    '',
    `-- ${footer}`,
  ]
    .filter((line): line is string => line !== null)
    .join('\n');

  const html = [
    `<p><strong>signin-triage: ${escapeHtml(headline)}</strong></p>`,
    change ? `<p><em>Changed since the last run: ${escapeHtml(change)}</em></p>` : '',
    `<p>${escapeHtml(issue.diagnosis)}</p>`,
    evidence.length ? `<p><strong>Why:</strong> ${evidence.map((e) => `&ldquo;${escapeHtml(e.phrase)}&rdquo;`).join(', ')}</p>` : '',
    checks.length ? `<p><strong>Before you start:</strong></p><ul>${checks.map((c) => `<li>${escapeHtml(c)}</li>`).join('')}</ul>` : '',
    `<p><strong>Resolution steps:</strong></p><ol>${issue.steps.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ol>`,
    `<p><strong>Escalation data:</strong></p><ul>${FIELD_ORDER.map((field) => {
      const check = diagnosis.escalation[field];
      const label = escapeHtml(playbook.escalation.fields[field].label);
      const state = check.present ? `present${check.found ? ` (${escapeHtml(check.found)})` : ''}` : '<strong>missing</strong>';
      return `<li>${label}: ${state}. ${escapeHtml(check.reason)}</li>`;
    }).join('')}</ul>`,
    request
      ? `<p><strong>Ready to send to the customer (${request.language}):</strong></p><blockquote>${escapeHtml(request.text).replace(/\n/g, '<br>')}</blockquote>`
      : '',
    `<p><small>${escapeHtml(footer)}</small></p>`,
  ].join('');

  return { html, text };
}

function findIssue(playbook: Playbook, id: string): PlaybookIssue {
  const issue = playbook.issues.find((candidate) => candidate.id === id) ?? playbook.issues.find((c) => c.id === 'other');
  if (!issue) throw new Error(`the playbook has neither issue "${id}" nor "other"`);
  return issue;
}

function describeChange(current: Diagnosis, previous: Diagnosis | null, playbook: Playbook): string | null {
  if (!previous) return null;
  const parts: string[] = [];
  if (previous.issue !== current.issue) {
    parts.push(`diagnosis was "${findIssue(playbook, previous.issue).title}", now "${findIssue(playbook, current.issue).title}"`);
  }
  const provided = previous.missing.filter((field) => !current.missing.includes(field));
  const nowMissing = current.missing.filter((field) => !previous.missing.includes(field));
  if (provided.length) parts.push(`now provided: ${provided.join(', ')}`);
  if (nowMissing.length) parts.push(`now missing: ${nowMissing.join(', ')}`);
  return parts.length ? parts.join('; ') : 'nothing (same diagnosis and escalation data)';
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
