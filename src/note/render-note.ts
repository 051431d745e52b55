import type { Playbook, PlaybookIssue } from '../playbook/schema.js';
import type { Diagnosis, EscalationField } from '../triage/diagnosis.js';
import { abstainedHeadline, runnerUpLine } from './closest-issues.js';
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
  /**
   * The diagnosis an agent set (sidebar correction or a hand-made `signin_issue_*` tag): the
   * note keeps it, shows its steps, and says what the model thinks now.
   */
  agentIssue?: { issue: string; source: 'sidebar' | 'zendesk_tag' } | null;
}

const AGENT_SOURCE: Record<'sidebar' | 'zendesk_tag', string> = {
  sidebar: 'corrected in the sidebar',
  zendesk_tag: 'issue tag changed by hand',
};

/** Marker placed in every note, so a re-read ticket shows which notes are ours. */
export const NOTE_MARKER = 'signin-triage';

const FIELD_ORDER: EscalationField[] = ['email', 'timestamp', 'screenshot'];

/**
 * The internal note an agent reads on the ticket: diagnosis, why, what to do, and what to ask
 * the customer. HTML for Zendesk's `html_body`, and the same content as plain text.
 */
export function renderNote(diagnosis: Diagnosis, playbook: Playbook, options: RenderNoteOptions = {}): RenderedNote {
  const agent = options.agentIssue ?? null;
  const issue = findIssue(playbook, agent?.issue ?? diagnosis.issue);
  const percent = `${Math.round(diagnosis.confidence * 100)}%`;
  // Abstaining, the closest issues are shown with their own probabilities, not that of `other`.
  const modelView = diagnosis.unanalysed
    ? `Not analysed: ${diagnosis.unanalysed}; handle it as usual`
    : diagnosis.abstained
      ? abstainedHeadline(diagnosis, playbook)
      : `${findIssue(playbook, diagnosis.issue).title} (${percent}, ${diagnosis.band} confidence)`;
  // Agents outrank the model: their diagnosis heads the note, the model's opinion follows it.
  const headline = agent ? `Agent's diagnosis kept: ${issue.title} (${AGENT_SOURCE[agent.source]})` : modelView;
  const modelNow = agent ? `The model now thinks: ${modelView}` : null;
  // Agents outrank the model: once one chose the issue, the model's runner-up is not offered.
  const alsoPossible = agent || diagnosis.unanalysed ? null : runnerUpLine(diagnosis, playbook);
  const change = describeChange(diagnosis, options.previous ?? null, playbook);
  const request = renderCustomerRequest(agent ? { ...diagnosis, issue: agent.issue } : diagnosis, playbook, options.requesterName, {
    confirm: !agent && !diagnosis.unanalysed,
  });
  const footer = `${NOTE_MARKER} · playbook ${diagnosis.playbookVersion} · language ${diagnosis.language}`;
  const evidence = diagnosis.evidence.slice(0, 5);
  const checks = issue.checks.map((id) => playbook.checks[id]).filter((text): text is string => Boolean(text));

  const text = [
    `signin-triage: ${headline}`,
    alsoPossible,
    modelNow,
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
    alsoPossible ? `<p>${escapeHtml(alsoPossible)}</p>` : '',
    modelNow ? `<p>${escapeHtml(modelNow)}</p>` : '',
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

/** What a customer's reply changed: fields now provided, and the diagnosis when it was re-evaluated. */
export interface ReplyUpdate {
  /** Escalation data of the diagnosis before the reply. */
  before: Pick<Diagnosis, 'missing'>;
  /** The diagnosis after the reply (issue kept unless re-evaluated; escalation re-checked). */
  after: Pick<Diagnosis, 'missing' | 'escalation'>;
  /**
   * Set when the reply's diagnosis was taken (triage/reply-policy.ts adoptsReplyDiagnosis): the
   * issue before and after, and whether the model is now highly confident.
   */
  issueChange?: { from: string; to: string; nowHigh?: boolean } | null;
}

/**
 * The short internal note after a customer's reply (issue #12): what they have now sent, with
 * what was found, what is still missing, and a re-evaluated diagnosis if any: a new issue, or the
 * same one now held with high confidence. Null when nothing changed: then no note is written at all.
 * Example: "The customer has now sent: time of the failure (10:42). Still missing: screenshot."
 */
export function renderReplyNote(update: ReplyUpdate, playbook: Playbook): RenderedNote | null {
  const provided = FIELD_ORDER.filter((field) => update.before.missing.includes(field) && !update.after.missing.includes(field));
  const newlyMissing = FIELD_ORDER.filter((field) => !update.before.missing.includes(field) && update.after.missing.includes(field));
  const issueChange = update.issueChange && update.issueChange.from !== update.issueChange.to ? update.issueChange : null;
  // The answers settled it: the confirm questions need not be asked again.
  const confirmed = update.issueChange && !issueChange && update.issueChange.nowHigh === true ? update.issueChange.to : null;
  if (provided.length === 0 && newlyMissing.length === 0 && !issueChange && !confirmed) return null;

  const label = (field: EscalationField) => lowerFirst(playbook.escalation.fields[field].label);
  const sentence = (text: string) => `${text}.`;
  const parts: string[] = [];
  if (provided.length) {
    const sent = provided.map((field) => {
      const found = update.after.escalation[field].found;
      return found ? `${label(field)} (${found})` : label(field);
    });
    parts.push(sentence(`The customer has now sent: ${sent.join(', ')}`));
  }
  // Data found before and not since (a reply naming a colleague makes the email check doubt the
  // requester is the affected user) is said apart: "still missing" would claim it never came.
  const still = FIELD_ORDER.filter((field) => update.after.missing.includes(field) && !newlyMissing.includes(field));
  if (still.length > 0 || newlyMissing.length === 0) {
    parts.push(sentence(still.length ? `Still missing: ${still.map(label).join(', ')}` : 'Nothing is missing any more'));
  }
  if (newlyMissing.length > 0) parts.push(sentence(`Missing since this reply (found before it): ${newlyMissing.map(label).join(', ')}`));
  if (issueChange) {
    parts.push(
      sentence(
        `Diagnosis re-evaluated: now "${findIssue(playbook, issueChange.to).title}" (was "${findIssue(playbook, issueChange.from).title}")`,
      ),
    );
  }
  if (confirmed) parts.push(sentence(`The reply confirms the diagnosis "${findIssue(playbook, confirmed).title}"`));
  const text = `signin-triage: ${parts.join(' ')}`;
  return { text, html: `<p>${escapeHtml(text)}</p>` };
}

function lowerFirst(text: string): string {
  // Labels are written for a list ("Time of the failure"); inside a sentence they start lower-case.
  return text.length > 1 && text[1] === text[1]!.toLowerCase() ? text[0]!.toLowerCase() + text.slice(1) : text;
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
