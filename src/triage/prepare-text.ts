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
  const first = cleanText(ticket.description);
  const followUps = ticket.conversation.filter((message) => message.from_requester).map((message) => cleanText(message.body));
  const main = [first.main, ...followUps.map((part) => part.main)].filter(Boolean).join('\n\n');
  const quoted = [first.quoted, ...followUps.map((part) => part.quoted)].filter(Boolean).join('\n\n');
  const language =
    forcedLanguage ??
    detectLanguage(
      `${ticket.subject}\n${main}`.trim().length >= 20 ? `${ticket.subject}\n${main}` : `${ticket.subject}\n${main}\n${quoted}`,
    );
  const quoteHeaders = [...first.quoteHeaders, ...followUps.flatMap((part) => part.quoteHeaders)];
  return {
    subject: ticket.subject,
    main,
    quoted,
    language,
    quoteHeaders,
    subjectIsReply: REPLY_SUBJECT.test(ticket.subject),
    quotedFromSupport: quoteHeaders.length > 0 && quoteHeaders.every((line) => SUPPORT_AUTHOR.test(line)),
  };
}
