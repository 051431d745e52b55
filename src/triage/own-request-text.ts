import type { Playbook } from '../playbook/schema.js';
import { MAX_FOLLOW_UPS, MAX_MESSAGE_CHARS, MAX_TICKET_CHARS } from './prepare-text.js';
import type { Ticket } from './ticket.js';

// Straight and typographic quotes and apostrophes: mail clients swap one for another.
const QUOTES = '"\'“”„«»‘’‚';
const QUOTE_CLASS = `[${QUOTES}]`;

/**
 * Our own request to the customer (the playbook's customerMessage, asks, confirmIntro, confirm
 * questions and closing, in every language) wherever a customer's reply copies it back, inline
 * under each question or quoted. A confirm question names its issue's symptoms in the
 * classifier's strongest words ("Login failed", "several failed attempts", "account is blocked"):
 * read as the customer's, the question outweighs the answer under it, so "No, nothing like that"
 * under the account-blocked question made the ticket account-blocked at 100%.
 * Null when the playbook has no such text.
 */
export function ownRequestPattern(playbook: Playbook): RegExp | null {
  const localized = [
    ...Object.values(playbook.escalation.fields).map((field) => field.ask),
    playbook.escalation.closing,
    playbook.escalation.confirmIntro,
    ...playbook.issues.flatMap((issue) => [issue.customerMessage, issue.confirmQuestion]),
  ];
  const texts = [...new Set(localized.flatMap((entry) => (entry ? Object.values(entry) : [])))]
    .map((text) => text.trim())
    .filter((text) => text.length > 0)
    // The longest first, so a text that contains another is removed whole.
    .sort((a, b) => b.length - a.length);
  return texts.length > 0 ? new RegExp(texts.map(literalPattern).join('|'), 'giu') : null;
}

/** The text as a pattern whatever the line wrapping (a quoted reply's "> " included) and the quote marks. */
function literalPattern(text: string): string {
  let pattern = '';
  for (const char of text.replace(/\s+/gu, ' ')) {
    if (char === ' ') pattern += '[\\s>]{1,12}';
    else if (QUOTES.includes(char)) pattern += QUOTE_CLASS;
    else pattern += char.replace(/[.*+?^${}()|[\]\\]/u, '\\$&');
  }
  return pattern;
}

/**
 * The ticket without our own request in the customer's later replies (the first message predates
 * it). Only what the classifier reads is searched (prepare-text.ts: the newest replies, each to
 * MAX_MESSAGE_CHARS, up to MAX_TICKET_CHARS in all), so a hostile ticket costs no more than a long one.
 */
export function withoutOwnRequest(ticket: Ticket, pattern: RegExp | null): Ticket {
  if (!pattern || ticket.conversation.length === 0) return ticket;
  const conversation = [...ticket.conversation];
  let budget = MAX_TICKET_CHARS;
  for (let index = conversation.length - 1; index >= 0 && budget > 0; index -= 1) {
    const message = conversation[index]!;
    if (!message.from_requester) continue;
    const read = message.body.slice(0, MAX_MESSAGE_CHARS);
    budget -= read.length;
    conversation[index] = { ...message, body: read.replace(pattern, ' ') };
  }
  return { ...ticket, conversation };
}

/** Each issue's confirm questions in every language, folded for askedConfirmQuestions. */
export type ConfirmQuestionTexts = ReadonlyArray<{ issue: string; questions: string[] }>;

/** The playbook's confirm questions, folded (spaces and quote marks), ready for askedConfirmQuestions. */
export function confirmQuestionTexts(playbook: Playbook): ConfirmQuestionTexts {
  return playbook.issues
    .filter((issue) => issue.confirmQuestion)
    .map((issue) => ({
      issue: issue.id,
      questions: [...new Set(Object.values(issue.confirmQuestion!).map(foldForSearch))].filter(Boolean),
    }));
}

/**
 * The issues whose confirm question our support team already sent in a public reply (the
 * request's questions, as inserted from the note or the sidebar), so the next request does not
 * ask them again. Only the latest MAX_FOLLOW_UPS agent messages, each to MAX_MESSAGE_CHARS, are
 * searched, by plain substring (no pattern sees the text).
 */
export function askedConfirmQuestions(ticket: Ticket, texts: ConfirmQuestionTexts): string[] {
  if (texts.length === 0) return [];
  const sent = ticket.conversation
    .filter((message) => !message.from_requester)
    .slice(-MAX_FOLLOW_UPS)
    .map((message) => foldForSearch(message.body.slice(0, MAX_MESSAGE_CHARS)));
  if (sent.length === 0) return [];
  return texts
    .filter(({ questions }) => questions.some((question) => sent.some((body) => body.includes(question))))
    .map(({ issue }) => issue);
}

// Mail clients and Zendesk's editor rewrap lines, swap quote marks and may change case.
function foldForSearch(text: string): string {
  let folded = '';
  let space = false;
  for (const char of text.toLowerCase()) {
    if (char === ' ' || char === '\n' || char === '\t' || char === '\r' || char === '\u00a0' || char === '>') {
      space = folded.length > 0;
      continue;
    }
    if (space) folded += ' ';
    space = false;
    folded += QUOTES.includes(char) ? '"' : char;
  }
  return folded;
}
