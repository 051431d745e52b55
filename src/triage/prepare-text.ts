import { cleanText } from './clean-text.js';
import type { Language } from './diagnosis.js';
import { detectLanguage } from './language.js';
import type { Ticket } from './ticket.js';
import type { TextParts } from './features.js';

export interface PreparedText extends TextParts {
  language: Language;
  quoteHeaders: string[];
}

const REPLY_SUBJECT = /^\s{0,20}(re|aw|tr|rv|r|sv|wg|fw|fwd|rif|i) {0,3}(\[\d{1,6}\])? {0,3}:/iu;
// An earlier message of our own support team: its words are our advice, not the customer's problem.
const SUPPORT_AUTHOR = /(support|akeneo|helpdesk|service ?desk)/iu;

/**
 * Characters of a message the classifier reads. Real tickets are far shorter; a pasted log or a
 * 1 MB body must not cost more than a long email, and its first pages carry the problem.
 */
export const MAX_MESSAGE_CHARS = 20_000;

/** Characters of a whole ticket (first message and follow-ups) the classifier reads. */
export const MAX_TICKET_CHARS = 40_000;

/** The customer's latest public replies read on a re-run. */
export const MAX_FOLLOW_UPS = 20;

const SUBJECT_LINE = /^[ \t]{0,20}(subject|objet|betreff|asunto|oggetto)[ \t]{0,5}:[ \t]{0,20}([^\n]{0,500})/iu;

/** A training example is written as a mail: an optional "Subject:" line, then the message. */
export function splitSubject(text: string): { subject: string; body: string } {
  const [first = '', ...rest] = text.split('\n');
  const match = SUBJECT_LINE.exec(first);
  return match ? { subject: match[2] ?? '', body: rest.join('\n') } : { subject: '', body: text };
}

/**
 * The ticket's text as the classifier reads it: the customer's own words (first message and,
 * on a re-run, their later public replies), apart from what they quote.
 */
export function prepareTicketText(ticket: Ticket, forcedLanguage?: Language): PreparedText {
  const subject = ticket.subject.slice(0, 500);
  const first = cleanText(ticket.description.slice(0, MAX_MESSAGE_CHARS));
  // The newest follow-ups first, until the ticket's budget is spent, then back in order.
  let budget = MAX_TICKET_CHARS - Math.min(ticket.description.length, MAX_MESSAGE_CHARS);
  const read: string[] = [];
  for (const message of ticket.conversation
    .filter((m) => m.from_requester)
    .slice(-MAX_FOLLOW_UPS)
    .reverse()) {
    if (budget <= 0) break;
    const body = message.body.slice(0, Math.min(MAX_MESSAGE_CHARS, budget));
    budget -= body.length;
    read.unshift(body);
  }
  const followUps = read.map((body) => cleanText(body));
  const main = [first.main, ...followUps.map((part) => part.main)].filter(Boolean).join('\n\n');
  const quoted = [first.quoted, ...followUps.map((part) => part.quoted)].filter(Boolean).join('\n\n');
  const language =
    forcedLanguage ?? detectLanguage(`${subject}\n${main}`.trim().length >= 20 ? `${subject}\n${main}` : `${subject}\n${main}\n${quoted}`);
  const quoteHeaders = [...first.quoteHeaders, ...followUps.flatMap((part) => part.quoteHeaders)];
  return {
    subject,
    main,
    quoted,
    language,
    quoteHeaders,
    subjectIsReply: REPLY_SUBJECT.test(subject),
    quotedFromSupport: quoteHeaders.length > 0 && quoteHeaders.every((line) => SUPPORT_AUTHOR.test(line)),
  };
}
