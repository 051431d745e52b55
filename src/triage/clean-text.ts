import { sanitizeText } from './fold-text.js';

/**
 * A customer message split into the customer's own words and what merely travels with them.
 * Quoted replies, forwards, signatures and disclaimers drown the actual request, but the
 * real problem is sometimes only in the quoted part (a forward from a colleague), so it is
 * kept apart rather than dropped.
 */
export interface CleanedText {
  /** The customer's own words. */
  main: string;
  /** Quoted or forwarded earlier messages. */
  quoted: string;
  /** Lines that start the quoted part (e.g. "On Mon, … wrote:"): their dates are not failure times. */
  quoteHeaders: string[];
}

/**
 * A forwarded mail's "From:" line with an address: "From: Lena <lena@x.example>" or
 * "De : … [mailto:…]". Shared with the email check, which reads the address from it.
 */
export const FORWARD_FROM_HEADER = /^\s{0,20}(from|de|von|da)\s{0,5}:[^\n@]{0,300}(@|\[mailto:)/iu;

/**
 * Characters of one line the line-wise patterns read. Mail lines are short; a longer "line"
 * (a pasted log, text without breaks) is cut into pieces of this size, so every pattern sees
 * bounded input and no text is lost to the classifier.
 */
export const MAX_LINE_CHARS = 1_000;

// Lines that open an earlier message in a reply or a forward, in the five languages.
const QUOTE_OPENERS: RegExp[] = [
  /^\s{0,20}-{2,20}\s{0,5}(original message|forwarded message|message d'origine|message transfere|message transféré|ursprungliche nachricht|ursprüngliche nachricht|weitergeleitete nachricht|mensaje original|mensaje reenviado|messaggio originale|messaggio inoltrato)/iu,
  /^\s{0,20}(begin forwarded message|debut du message reexpedie|début du message réexpédié|anfang der weitergeleiteten nachricht|inicio del mensaje reenviado|inizio messaggio inoltrato)/iu,
  /^\s{0,20}on\b.{4,120}\bwrote:\s{0,20}$/iu,
  /^\s{0,20}le\b.{4,120}\ba [ée]crit\s{0,5}:\s{0,20}$/iu,
  /^\s{0,20}am\b.{4,120}\bschrieb\b.{0,80}:\s{0,20}$/iu,
  /^\s{0,20}el\b.{4,120}\bescribi[óo]\s{0,5}:\s{0,20}$/iu,
  /^\s{0,20}(il giorno\b|in data\b|il\b).{4,120}\bha scritto\s{0,5}:\s{0,20}$/iu,
  FORWARD_FROM_HEADER,
];

const QUOTE_HEADER_FIELD =
  /^\s{0,20}(from|sent|date|to|cc|subject|de|envoy[ée]|[àa]|objet|von|gesendet|an|betreff|datum|enviado|para|asunto|fecha|da|inviato|a|oggetto|data)\s{0,5}:/iu;

// Closings that start a signature; everything after them in the main part is signature.
const SIGNATURE_OPENERS =
  /^\s{0,20}(--\s{0,5}|_{2,80}\s{0,5}|(kind|best|warm|many thanks and)?\s{0,3}regards,?|best,?|cheers,?|thanks( a lot| in advance)?[,!.]?|thank you[,!.]?|br,?|cordialement,?|bien (a|à) (vous|toi),?|salutations,?|merci( d'avance| par avance)?[,!.]?|mit freundlichen gr(u|ü)(ss|ß)en,?|(viele|beste|liebe) gr(u|ü)(ss|ß)e,?|vg,?|lg,?|gruss,?|gruß,?|danke( im voraus)?[,!.]?|saludos( cordiales)?,?|un saludo,?|atentamente,?|gracias( de antemano)?[,!.]?|cordiali saluti,?|distinti saluti,?|saluti,?|grazie( mille| in anticipo)?[,!.]?|sent from my \w{1,30}[^\n]{0,80}|envoy[ée] de mon \w{1,30}[^\n]{0,80}|von meinem \w{1,30} gesendet[^\n]{0,80}|enviado desde mi \w{1,30}[^\n]{0,80}|inviato da(l mio)? \w{1,30}[^\n]{0,80})\s{0,20}$/iu;

const DISCLAIMER =
  /(confidential|intended (solely )?for|privileged|confidentiel|destinataire|vertraulich|empf(a|ä)nger|confidencial|destinatario|riservat|destinatari|disclaimer|registered in england)/iu;

/**
 * QUOTE_OPENERS as one pattern (all are anchored, with the same flags): a line is tested once,
 * not eight times, and opens a quote when any of them matches it.
 */
const QUOTE_OPENER = new RegExp(QUOTE_OPENERS.map((opener) => `(?:${opener.source})`).join('|'), 'iu');
if (QUOTE_OPENERS.some((opener) => opener.flags !== QUOTE_OPENER.flags)) throw new Error('QUOTE_OPENERS must share the flags iu');

// "> > " at the start of a quoted line (bounded: a line of 1,000 ">" costs nothing).
const QUOTE_MARKS = /^[ \t]{0,20}(>[ \t]?){1,20}/u;

/** Lines of at most MAX_LINE_CHARS characters: longer ones are cut into pieces. */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    if (line.length <= MAX_LINE_CHARS) {
      lines.push(line);
      continue;
    }
    for (let start = 0; start < line.length; start += MAX_LINE_CHARS) lines.push(line.slice(start, start + MAX_LINE_CHARS));
  }
  return lines;
}

// An Outlook-style header with no address: "De : Kevin Dupont" then "Envoyé : lundi …".
const FROM_FIELD = /^\s{0,20}(from|de|von|da)\s{0,5}:\s{0,5}\S/iu;
const SENT_FIELD = /^\s{0,20}(sent|envoy[ée]|gesendet|enviado|inviato)\s{0,5}:/iu;
// "Date:" alone is no header: a bug report or a form the customer fills in has "From: Paris
// office" and "Date: today 9:15" as its own words. A mail header also names its recipient or subject.
const DATE_FIELD = /^\s{0,20}(date|datum|fecha|data)\s{0,5}:/iu;
// Lines after a "From:" that opensQuote reads.
const HEADER_FIELDS_READ = 4;
const TO_OR_SUBJECT_FIELD = /^\s{0,20}(to|cc|subject|[àa]|objet|an|betreff|para|asunto|oggetto)\s{0,5}:/iu;

/**
 * Whether lines[index] opens an earlier message: a reply or forward opener, or a "From:" line
 * with a "Sent:" line within the next three, or a "Date:" line and a "To:" or "Subject:" line.
 */
function opensQuote(lines: string[], index: number): boolean {
  const line = lines[index] ?? '';
  if (QUOTE_OPENER.test(line)) return true;
  if (!FROM_FIELD.test(line)) return false;
  const fields = lines.slice(index + 1, index + 1 + HEADER_FIELDS_READ);
  // "Sent:" and "Date:" within the next three lines, "To:" or "Subject:" within the next four.
  const next = fields.slice(0, 3);
  return (
    next.some((field) => SENT_FIELD.test(field)) ||
    (next.some((field) => DATE_FIELD.test(field)) && fields.some((field) => TO_OR_SUBJECT_FIELD.test(field)))
  );
}

export function cleanText(raw: string): CleanedText {
  const lines = splitLines(sanitizeText(raw));
  const mainLines: string[] = [];
  const quotedLines: string[] = [];
  const quoteHeaders: string[] = [];
  let inQuote = false;

  // In "> "-quoted text: whether the previous quoted line opened or continued a header block.
  let inQuotedHeader = false;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    if (!inQuote && opensQuote(lines, index)) {
      inQuote = true;
      quoteHeaders.push(line);
      continue;
    }
    if (inQuote) {
      if (QUOTE_HEADER_FIELD.test(line.replace(QUOTE_MARKS, ''))) {
        quoteHeaders.push(line);
        continue;
      }
      quotedLines.push(line.replace(QUOTE_MARKS, ''));
      continue;
    }
    if (QUOTE_MARKS.test(line)) {
      // "> On Tue, … wrote:", "> Le … a écrit :", "> From: … / > Sent: …": an earlier message's
      // header inside the quote is no part of what anyone wrote (its date is no failure time).
      const inner = line.replace(QUOTE_MARKS, '');
      inQuotedHeader =
        opensQuote([inner, ...lines.slice(index + 1, index + 1 + HEADER_FIELDS_READ).map((next) => next.replace(QUOTE_MARKS, ''))], 0) ||
        (inQuotedHeader && QUOTE_HEADER_FIELD.test(inner));
      if (inQuotedHeader) quoteHeaders.push(line);
      else quotedLines.push(inner);
      continue;
    }
    inQuotedHeader = false;
    mainLines.push(line);
  }

  return {
    main: stripDisclaimers(stripSignature(mainLines)).join('\n').trim(),
    quoted: stripDisclaimers(stripSignature(quotedLines)).join('\n').trim(),
    quoteHeaders,
  };
}

function stripSignature(lines: string[]): string[] {
  // A closing only starts a signature in the last part of a message: "Thanks," in the first
  // line is a greeting of its own, not the end of the message.
  const contentLines = lines.filter((line) => line.trim() !== '').length;
  let seen = 0;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    if (line.trim() === '') continue;
    seen += 1;
    if (seen > 1 && SIGNATURE_OPENERS.test(line) && seen >= contentLines * 0.4) {
      return lines.slice(0, index);
    }
  }
  return lines;
}

function stripDisclaimers(lines: string[]): string[] {
  const paragraphs = lines.join('\n').split(/\n[ \t]{0,1000}\n/u);
  return paragraphs
    .filter((paragraph) => !(DISCLAIMER.test(paragraph) && paragraph.length > 80 && looksLikeDisclaimer(paragraph)))
    .join('\n\n')
    .split('\n');
}

function looksLikeDisclaimer(paragraph: string): boolean {
  const hits = paragraph.match(new RegExp(DISCLAIMER.source, 'giu'))?.length ?? 0;
  return (
    hits >= 2 ||
    /(this (e-?mail|message)|ce (message|courriel)|diese (e-?mail|nachricht)|este (mensaje|correo)|questo messaggio)/iu.test(paragraph)
  );
}
