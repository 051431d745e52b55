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

// Lines that open an earlier message in a reply or a forward, in the five languages.
const QUOTE_OPENERS: RegExp[] = [
  /^\s*-{2,}\s*(original message|forwarded message|message d'origine|message transfere|message transféré|ursprungliche nachricht|ursprüngliche nachricht|weitergeleitete nachricht|mensaje original|mensaje reenviado|messaggio originale|messaggio inoltrato)/iu,
  /^\s*(begin forwarded message|debut du message reexpedie|début du message réexpédié|anfang der weitergeleiteten nachricht|inicio del mensaje reenviado|inizio messaggio inoltrato)\s*:?/iu,
  /^\s*on\b.{4,120}\bwrote:\s*$/iu,
  /^\s*le\b.{4,120}\ba [ée]crit\s*:\s*$/iu,
  /^\s*am\b.{4,120}\bschrieb\b.{0,80}:\s*$/iu,
  /^\s*el\b.{4,120}\bescribi[óo]\s*:\s*$/iu,
  /^\s*(il giorno\b|in data\b|il\b).{4,120}\bha scritto\s*:\s*$/iu,
  /^\s*(from|de|von|da)\s*:\s*.+(@|\[mailto:).*$/iu,
];

const QUOTE_HEADER_FIELD =
  /^\s*(from|sent|date|to|cc|subject|de|envoy[ée]|[àa]|objet|von|gesendet|an|betreff|datum|enviado|para|asunto|fecha|da|inviato|a|oggetto|data)\s*:/iu;

// Closings that start a signature; everything after them in the main part is signature.
const SIGNATURE_OPENERS =
  /^\s*(--\s*|__+\s*|(kind|best|warm|many thanks and)?\s*regards,?|best,?|cheers,?|thanks( a lot| in advance)?[,!.]?|thank you[,!.]?|br,?|cordialement,?|bien (a|à) (vous|toi),?|salutations,?|merci( d'avance| par avance)?[,!.]?|mit freundlichen gr(u|ü)(ss|ß)en,?|(viele|beste|liebe) gr(u|ü)(ss|ß)e,?|vg,?|lg,?|gruss,?|gruß,?|danke( im voraus)?[,!.]?|saludos( cordiales)?,?|un saludo,?|atentamente,?|gracias( de antemano)?[,!.]?|cordiali saluti,?|distinti saluti,?|saluti,?|grazie( mille| in anticipo)?[,!.]?|sent from my \w+.*|envoy[ée] de mon \w+.*|von meinem \w+ gesendet.*|enviado desde mi \w+.*|inviato da(l mio)? \w+.*)\s*$/iu;

const DISCLAIMER =
  /(confidential|intended (solely )?for|privileged|confidentiel|destinataire|vertraulich|empf(a|ä)nger|confidencial|destinatario|riservat|destinatari|disclaimer|registered in england)/iu;

export function cleanText(raw: string): CleanedText {
  const lines = sanitizeText(raw).split('\n');
  const mainLines: string[] = [];
  const quotedLines: string[] = [];
  const quoteHeaders: string[] = [];
  let inQuote = false;

  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    if (!inQuote && QUOTE_OPENERS.some((opener) => opener.test(line))) {
      inQuote = true;
      quoteHeaders.push(line);
      continue;
    }
    if (inQuote) {
      if (QUOTE_HEADER_FIELD.test(line)) {
        quoteHeaders.push(line);
        continue;
      }
      quotedLines.push(line.replace(/^\s*(>\s?)+/u, ''));
      continue;
    }
    if (/^\s*>/u.test(line)) {
      quotedLines.push(line.replace(/^\s*(>\s?)+/u, ''));
      continue;
    }
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
  const paragraphs = lines.join('\n').split(/\n\s*\n/u);
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
