import { cleanText } from './clean-text.js';
import type { Language } from './diagnosis.js';
import { detectLanguage } from './language.js';
import type { Ticket } from './ticket.js';
import type { TextParts } from './features.js';

export interface PreparedText extends TextParts {
  language: Language;
  quoteHeaders: string[];
}

const REPLY_SUBJECT = /^\s*((re|aw|tr|rv|r|sv|wg|fw|fwd|rif|i)\s*(\[\d+\])?\s*:\s*)+/iu;
// An earlier message of our own support team: its words are our advice, not the customer's problem.
const SUPPORT_AUTHOR = /(support|akeneo|helpdesk|service ?desk)/iu;

/**
 * Characters of a message the classifier reads. Real tickets are far shorter; a pasted log or a
 * 1 MB body must not cost more than a long email, and its first pages carry the problem.
 */
export const MAX_MESSAGE_CHARS = 20_000;

const SUBJECT_LINE = /^\s*(subject|objet|betreff|asunto|oggetto)\s*:\s*(.*)$/iu;

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
  const followUps = ticket.conversation
    .filter((message) => message.from_requester)
    .slice(-20)
    .map((message) => cleanText(message.body.slice(0, MAX_MESSAGE_CHARS)));
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
