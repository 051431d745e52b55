import type { Playbook, PlaybookIssue } from '../playbook/schema.js';
import type { Diagnosis, EscalationField, Language } from '../triage/diagnosis.js';
import { namedIssues, type RankedDiagnosis } from './closest-issues.js';
import { requestBodyLines, type RequestBlock } from './request-text.js';

export interface CustomerRequest {
  language: Language;
  text: string;
}

/**
 * The request's pieces from the playbook; the greeting keeps its `{name}` placeholder. `blocks`:
 * the asks for missing escalation data under the issue's customerMessage, then the confirm
 * questions under escalation.confirmIntro; a block with nothing to ask is left out.
 */
export interface CustomerRequestParts {
  language: Language;
  greeting: string;
  blocks: RequestBlock[];
  closing: string;
  /**
   * The first block's intro and items, for sidebars built before `blocks` (2026-12-01): the app
   * is uploaded to Zendesk apart from the server, so an installed older app reads these and
   * still inserts a request (without the second block) instead of failing. Current apps read `blocks`.
   */
  intro: string;
  asks: string[];
}

/**
 * The issues whose confirmQuestion the request asks: every issue the note names (closest-issues.ts
 * namedIssues) when it names more than one, that is, when the model is not highly confident,
 * less those whose question our support team already sent (`confirmAsked`); none otherwise. The
 * customer's answer tells the agent which one it is.
 */
export function confirmingIssues(diagnosis: RankedDiagnosis & Pick<Diagnosis, 'confirmAsked'>, playbook: Playbook): string[] {
  const named = namedIssues(diagnosis, playbook);
  if (named.length < 2) return [];
  const asked = new Set(diagnosis.confirmAsked ?? []);
  return named.filter((issue) => !asked.has(issue));
}

/**
 * Whether the request may ask the customer which issue it is: not once an agent chose the issue
 * (agents outrank the model), nor for a ticket too complex to analyse. The sidebar's request
 * (build-diagnosis-response.ts) and the agent-reply job, which records only questions the
 * sidebar offers, read it.
 */
export function asksWhichIssue(diagnosis: Pick<Diagnosis, 'unanalysed'>, options: { agentChose: boolean }): boolean {
  return !options.agentChose && diagnosis.unanalysed === undefined;
}

/**
 * Whether the request must presume no issue: the note names several (the model is not highly
 * confident) and no agent chose one. True even once every confirm question was sent
 * (`confirmAsked`): the answer has not settled it yet.
 */
export function presumesNoIssue(diagnosis: RankedDiagnosis, playbook: Playbook): boolean {
  return namedIssues(diagnosis, playbook).length >= 2;
}

/**
 * The confirmingIssues whose question the request actually asks: those with a confirmQuestion in
 * the diagnosis language, when the playbook has a confirmIntro in it. `other` has none, so a
 * diagnosis of `other` whose runner-up's question was sent asks nothing more although
 * confirmingIssues still names `other`.
 */
export function askedInRequest(diagnosis: RankedDiagnosis & Pick<Diagnosis, 'confirmAsked' | 'language'>, playbook: Playbook): string[] {
  if (!playbook.escalation.confirmIntro?.[diagnosis.language]) return [];
  return confirmingIssues(diagnosis, playbook).filter(
    (id) => playbook.issues.find((issue) => issue.id === id)?.confirmQuestion?.[diagnosis.language] !== undefined,
  );
}

/**
 * The request's texts from the playbook: the asks for the `missing` fields, and the confirm
 * questions of the `confirming` issues that have one (only when the playbook has a confirmIntro).
 * With questions, or when `unsure` (presumesNoIssue), the asks open with `other`'s
 * customerMessage instead of the issue's.
 */
export function customerRequestParts(
  playbook: Playbook,
  issue: PlaybookIssue,
  language: Language,
  missing: EscalationField[],
  confirming: readonly string[] = [],
  unsure = false,
): CustomerRequestParts {
  const confirmIntro = playbook.escalation.confirmIntro?.[language];
  // A custom playbook may give two issues the same question: asked once.
  const questions = confirmIntro
    ? [
        ...new Set(
          confirming.flatMap((id) => {
            const question = playbook.issues.find((candidate) => candidate.id === id)?.confirmQuestion?.[language];
            return question ? [question] : [];
          }),
        ),
      ]
    : [];
  const asks = missing.map((field) => playbook.escalation.fields[field].ask[language]);
  // An issue's customerMessage presumes that issue ("If you are still blocked after waiting a few
  // minutes"): beside questions asking which issue it is, or while their answer is awaited, it
  // would contradict them, so the data is asked under `other`'s message, which presumes none.
  const neutral = playbook.issues.find((candidate) => candidate.id === 'other');
  const dataIntro = (questions.length > 0 || unsure) && neutral ? neutral.customerMessage[language] : issue.customerMessage[language];
  const blocks: RequestBlock[] = [
    ...(asks.length > 0 ? [{ kind: 'missing-data' as const, intro: dataIntro, items: asks }] : []),
    ...(confirmIntro && questions.length > 0 ? [{ kind: 'questions' as const, intro: confirmIntro, items: questions }] : []),
  ];
  return {
    language,
    greeting: playbook.escalation.greeting[language],
    blocks,
    closing: playbook.escalation.closing[language],
    intro: blocks[0]?.intro ?? '',
    asks: blocks[0]?.items ?? [],
  };
}

export interface RenderCustomerRequestOptions {
  /** Ask the confirm questions of the issues the note names (off once an agent chose the issue). @defaultValue true */
  confirm?: boolean;
}

/**
 * The message an agent can send the customer, in the customer's language: it asks for the
 * escalation data that is missing and, when the model is not highly confident, the questions
 * that tell the named issues apart. Null when it would ask nothing.
 */
export function renderCustomerRequest(
  diagnosis: Diagnosis,
  playbook: Playbook,
  requesterName?: string,
  options: RenderCustomerRequestOptions = {},
): CustomerRequest | null {
  const language = diagnosis.language;
  const issue = playbook.issues.find((candidate) => candidate.id === diagnosis.issue) ?? playbook.issues.find((c) => c.id === 'other');
  if (!issue) return null;
  const confirming = options.confirm === false ? [] : confirmingIssues(diagnosis, playbook);
  const unsure = options.confirm !== false && presumesNoIssue(diagnosis, playbook);
  const parts = customerRequestParts(playbook, issue, language, diagnosis.missing, confirming, unsure);
  if (parts.blocks.length === 0) return null;
  const name = firstName(requesterName);
  const greeting = name ? parts.greeting.replace('{name}', name) : parts.greeting.replace(/ ?\{name\}/u, '');
  const text = [greeting, '', ...requestBodyLines(parts.blocks), '', parts.closing].join('\n');
  return { language, text };
}

function firstName(name: string | undefined): string {
  const trimmed = (name ?? '').trim();
  if (!trimmed || trimmed.includes('@')) return '';
  return trimmed.split(/\s+/u)[0] ?? '';
}
