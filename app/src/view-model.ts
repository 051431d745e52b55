// Pure view logic: server JSON in, what the agent sees out. No DOM, no ZAF, so it runs in
// unit tests as is; render.ts turns the result into elements.
import { requestBodyLines } from '../../src/note/request-text.js';
import type { DiagnosisResponse } from '../../src/server/build-diagnosis-response.js';
import type { Translate } from './i18n.js';

export type { DiagnosisResponse };
type Diagnosis = NonNullable<DiagnosisResponse['diagnosis']>;
type CustomerRequest = NonNullable<DiagnosisResponse['customerRequest']>;

/** Why a call to our server failed, as far as the app can tell. */
export type ApiFailure =
  | { kind: 'not-configured' }
  /** `code`: why the server refused the session (its `{ code }`), 'unauthorized' when it did not say. */
  | { kind: 'unauthorized'; code: AuthRefusalCode }
  | { kind: 'forbidden' }
  /** No answer from our server: network error, or a proxy/host answer that is not our JSON. */
  | { kind: 'unreachable'; status: number }
  | { kind: 'server'; status: number; message: string };

/** The server's refusal codes (src/server/sidebar-session.ts SidebarRefusalCode). */
export const AUTH_REFUSAL_CODES = ['expired', 'clock-skew', 'lifetime', 'bad-signature', 'wrong-installation', 'unauthorized'] as const;
export type AuthRefusalCode = (typeof AUTH_REFUSAL_CODES)[number];

export type Tone = 'info' | 'warning' | 'error';
export type ActionId = 'triage-now' | 'retry';

export interface MessageView {
  kind: 'message';
  tone: Tone;
  title: string;
  body: string;
  action: { id: ActionId; label: string } | null;
}

export interface LoadingView {
  kind: 'loading';
  message: string;
}

export interface EvidenceLine {
  text: string;
  /** True when the phrase speaks against the issue. */
  against: boolean;
}

export interface EscalationLine {
  field: string;
  label: string;
  present: boolean;
  stateLabel: string;
  /** What was found, or why it is missing. */
  detail: string;
}

export interface InsertView {
  buttonLabel: string;
  hint: string;
  previewLabel: string;
  /** Plain-text preview shown in the panel. */
  text: string;
  /** What `ticket.editor.insert` receives (rich-text editor; chat mode converts it). */
  html: string;
}

export interface DiagnosisView {
  kind: 'diagnosis';
  issueId: string;
  title: string;
  summary: string;
  confidence: { percent: number; band: Diagnosis['band']; label: string; bandLabel: string };
  /** Set when the agent must not take the title at face value. */
  lowConfidence: { title: string; body: string; candidatesHeading: string; candidates: string[] } | null;
  /** "Also possible: …": the runner-up the note names too, when confidence is not high and lowConfidence is not shown. */
  runnerUp: string | null;
  /** Set when an agent corrected the model. */
  correctedNote: string | null;
  why: { heading: string; lines: EvidenceLine[]; empty: string; againstLabel: string };
  steps: { heading: string; items: string[] };
  checks: { heading: string; items: string[] };
  escalation: { heading: string; lines: EscalationLine[]; allPresent: string | null };
  insert: InsertView | null;
  rerunLabel: string;
  feedback: {
    toggleLabel: string;
    legend: string;
    issueLabel: string;
    commentLabel: string;
    submitLabel: string;
    cancelLabel: string;
    /** Every issue but the one shown. */
    options: Array<{ id: string; title: string }>;
  };
  footer: string;
  /** Used to notice that a re-run produced a new diagnosis. */
  classifiedAt: string;
}

export type PanelView = LoadingView | MessageView | DiagnosisView;

export interface ViewContext {
  t: Translate;
  /** `ticket.requester.name`; null when unknown. */
  requesterName: string | null;
  formatDate: (iso: string) => string;
}

const MAX_EVIDENCE = 6;
const MAX_CANDIDATES = 3;

export function loadingView(t: Translate): LoadingView {
  return { kind: 'loading', message: t('ui.loading') };
}

export function newTicketView(t: Translate): MessageView {
  return { kind: 'message', tone: 'info', title: t('ui.not_triaged.title'), body: t('ui.new_ticket.body'), action: null };
}

export function failureView(failure: ApiFailure, t: Translate, serverUrl: string): MessageView {
  const retry = { id: 'retry' as const, label: t('ui.retry') };
  switch (failure.kind) {
    case 'not-configured':
      return {
        kind: 'message',
        tone: 'error',
        title: t('ui.error.unreachable_title'),
        body: t('ui.error.not_configured_body'),
        action: null,
      };
    case 'unauthorized':
      return {
        kind: 'message',
        tone: 'error',
        title: t('ui.error.unauthorized_title'),
        body: t(`ui.error.auth.${failure.code.replace(/-/g, '_')}`),
        action: retry,
      };
    case 'forbidden':
      return { kind: 'message', tone: 'error', title: t('ui.error.unauthorized_title'), body: t('ui.error.forbidden_body'), action: retry };
    case 'unreachable':
      return {
        kind: 'message',
        tone: 'error',
        title: t('ui.error.unreachable_title'),
        body: t('ui.error.unreachable_body', { url: serverUrl || '—' }),
        action: retry,
      };
    case 'server':
      return {
        kind: 'message',
        tone: 'error',
        title: t('ui.error.server_title'),
        body: t('ui.error.server_body', { status: failure.status, message: failure.message }),
        action: retry,
      };
  }
}

export function panelView(response: DiagnosisResponse, ctx: ViewContext): PanelView {
  const { t } = ctx;
  const diagnosis = response.diagnosis;
  const issue = response.playbook.issue;
  if (diagnosis === null || issue === null) {
    return {
      kind: 'message',
      tone: 'info',
      title: t('ui.not_triaged.title'),
      body: t('ui.not_triaged.body'),
      action: { id: 'triage-now', label: t('ui.not_triaged.button') },
    };
  }

  const titles = new Map(response.playbook.issues.map((entry) => [entry.id, entry.title]));
  const titleOf = (id: string) => titles.get(id) ?? id;
  const percent = Math.round(diagnosis.confidence * 100);
  const corrected = response.correction !== null;

  let lowConfidence: DiagnosisView['lowConfidence'] = null;
  if (!corrected && (diagnosis.abstained || diagnosis.band === 'low')) {
    lowConfidence = {
      title: t('ui.low_confidence.title'),
      body: t(diagnosis.abstained ? 'ui.low_confidence.abstained' : 'ui.low_confidence.low_band'),
      candidatesHeading: t('ui.low_confidence.candidates'),
      candidates: [...diagnosis.ranking]
        .sort((a, b) => b.probability - a.probability)
        .filter((entry) => entry.issue !== 'other')
        .slice(0, MAX_CANDIDATES)
        .map((entry) => t('ui.low_confidence.candidate', { title: titleOf(entry.issue), percent: Math.round(entry.probability * 100) })),
    };
  }

  // The low-confidence box already lists the candidates; otherwise the note's runner-up is shown.
  const runnerUp =
    lowConfidence === null && response.runnerUp
      ? t('ui.runner_up', { title: response.runnerUp.title, percent: Math.round(response.runnerUp.probability * 100) })
      : null;

  // Evidence is about the model's best guess, which is what "why" explains, even after abstaining.
  const why = diagnosis.evidence
    .filter((entry) => entry.issue === diagnosis.topIssue)
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
    .slice(0, MAX_EVIDENCE)
    .map((entry) => ({ text: entry.phrase, against: entry.weight < 0 }));

  const escalationLines: EscalationLine[] = (Object.keys(diagnosis.escalation) as Array<keyof Diagnosis['escalation']>).map((field) => {
    const check = diagnosis.escalation[field];
    return {
      field,
      label: response.playbook.escalationFields[field] ?? field,
      present: check.present,
      stateLabel: t(check.present ? 'ui.escalation.present' : 'ui.escalation.missing'),
      detail: check.present && check.found ? check.found : check.reason,
    };
  });

  return {
    kind: 'diagnosis',
    issueId: issue.id,
    title: issue.title,
    summary: issue.diagnosis,
    confidence: {
      percent,
      band: diagnosis.band,
      label: t('ui.confidence', { percent }),
      bandLabel: t(`ui.band.${diagnosis.band}`),
    },
    lowConfidence,
    runnerUp,
    // Both views: the agent's diagnosis above, the model's current one (kept up to date by re-runs) here.
    correctedNote: corrected
      ? t(response.correction?.source === 'zendesk_tag' ? 'ui.corrected_by_tag' : 'ui.corrected', {
          title: titleOf(diagnosis.issue),
          percent,
        })
      : null,
    why: { heading: t('ui.why.heading'), lines: why, empty: t('ui.why.empty'), againstLabel: t('ui.why.against') },
    steps: { heading: t('ui.steps.heading'), items: issue.steps },
    checks: { heading: t('ui.checks.heading'), items: issue.checks },
    escalation: {
      heading: t('ui.escalation.heading'),
      lines: escalationLines,
      allPresent: diagnosis.missing.length === 0 ? t('ui.escalation.all_present') : null,
    },
    insert: response.customerRequest ? insertView(response.customerRequest, ctx) : null,
    rerunLabel: t('ui.rerun.button'),
    feedback: {
      toggleLabel: t('ui.feedback.toggle'),
      legend: t('ui.feedback.legend'),
      issueLabel: t('ui.feedback.issue_label'),
      commentLabel: t('ui.feedback.comment_label'),
      submitLabel: t('ui.feedback.submit'),
      cancelLabel: t('ui.feedback.cancel'),
      options: response.playbook.issues.filter((entry) => entry.id !== issue.id),
    },
    footer: t('ui.footer', { date: ctx.formatDate(diagnosis.classifiedAt), version: diagnosis.playbookVersion }),
    classifiedAt: diagnosis.classifiedAt,
  };
}

/** The insert button says what the request asks: missing data, questions that tell the issues apart, or both. */
function insertButtonKey(request: CustomerRequest): string {
  const kinds = new Set(request.blocks.map((block) => block.kind));
  if (!kinds.has('questions')) return 'ui.insert.button';
  return kinds.has('missing-data') ? 'ui.insert.button_data_and_questions' : 'ui.insert.button_questions';
}

function insertView(request: CustomerRequest, ctx: ViewContext): InsertView {
  const composed = composeCustomerRequest(request, ctx.requesterName);
  return {
    buttonLabel: ctx.t(insertButtonKey(request)),
    hint: ctx.t('ui.insert.hint', { language: ctx.t(`ui.language.${request.language}`) }),
    previewLabel: ctx.t('ui.insert.preview'),
    ...composed,
  };
}

/**
 * The customer-facing request. The greeting's `{name}` becomes the requester's first name;
 * without a usable name the placeholder and the space before it go ("Hello {name}," → "Hello,").
 */
export function composeCustomerRequest(request: CustomerRequest, requesterName: string | null): { text: string; html: string } {
  const first = firstName(requesterName);
  const greeting = first ? request.greeting.replace('{name}', first) : request.greeting.replace(/ ?\{name\}/, '');
  const text = [greeting, '', ...requestBodyLines(request.blocks), '', request.closing].join('\n');
  const html =
    `<p>${escapeHtml(greeting)}</p>` +
    request.blocks
      .map((block) => `<p>${escapeHtml(block.intro)}</p><ul>${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`)
      .join('') +
    `<p>${escapeHtml(request.closing)}</p>`;
  return { text, html };
}

function firstName(name: string | null): string | null {
  if (!name) return null;
  const trimmed = name.trim();
  // An address or a bare number as the "name" (tickets created by email) is not a way to greet anyone.
  if (trimmed === '' || trimmed.includes('@') || /^\d+$/.test(trimmed)) return null;
  return trimmed.split(/\s+/)[0] ?? null;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
