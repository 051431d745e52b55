import { findEmails, foldText } from '../fold-text.js';

/**
 * Someone else's words that travel in a ticket: a forwarded mail pasted in the message
 * ("From: Jake Morrison / Sent: … / Subject: …" with no quote marks), the header lines of
 * quoted and forwarded mails, and a pasted chat ("[09:48] Nuria Castells: …"). The email check
 * reads whose sign-in failed from them: the first person of a forwarded colleague or of a chat
 * speaker is theirs, not the requester's (data README, `label.missing`: the affected user).
 */
export interface RelayedMessage {
  /** The requester's own words: the text without a pasted forward and without chat lines. */
  ownText: string;
  /** Header lines that can carry the affected user's address (forwards' From:, "… wrote:"). */
  headerLines: string[];
  /**
   * Authors of forwarded or quoted mails other than the requester and our support, each with their
   * address when given; `words` (folded) when the mail had no header line and only its greeting
   * or signature told its author (unheadedAuthor): the email check then wants it to tell of a
   * sign-in of its writer's own before it counts.
   */
  otherAuthors: Array<{ address: string | null; words?: string }>;
  /** Whether a forwarded or quoted mail is the requester's own (a thread they pass on). */
  requesterAuthored: boolean;
  /** Lines of a pasted chat or of words quoted inline after "Tom sent me this:", each with whether its speaker is the requester. */
  chat: Array<{ byRequester: boolean; words: string }>;
}

/** The requester as the ticket knows them. */
export interface RequesterIdentity {
  email: string;
  name?: string;
}

// A mail header's author line: "From: Jake Morrison", "De : Émilie Vasseur <e.v@x.fr>", "> Von: …".
const FROM_LINE = /^[ \t>]{0,20}(from|de|von|da)[ \t]{0,5}:[ \t]{0,5}([^\n]{1,200})$/iu;
// The other fields of a mail header block, which tell a pasted header from a sentence "From: …".
const HEADER_FIELD =
  /^[ \t>]{0,20}(sent|date|to|cc|subject|envoy[ée]|objet|[àa]|gesendet|an|betreff|datum|enviado( el)?|para|asunto|fecha|inviato|oggetto|data)[ \t]{0,5}:/iu;
// A reply's attribution line: "On Thu, …, Dev Malhotra <dev@x.com> wrote:", "Am …, schrieb Lena <…>:".
const WROTE_LINE = /(wrote|a [ée]crit|schrieb|escribi[óo]|ha scritto)[ \t]{0,5}:?[ \t]{0,20}$|^[ \t>]{0,20}am\b[^\n]{0,150}\bschrieb\b/iu;
// A forwarded mail's subject line: "FW: …", "WG: …", "TR: …", "RV: …", "I: …".
const FORWARD_SUBJECT = /^[ \t]{0,5}(fw|fwd|wg|tr|rv|i|enc|inoltro|reenv)[ \t]{0,3}:/iu;
// Our own support team as the author of a quoted mail: never the affected user.
const SUPPORT_AUTHOR = /(support|akeneo|help ?desk|service ?desk|soporte|supporto)/iu;
// "[09:48] Nuria Castells: …", "[9:05:12] Dev (IT): …": a line of a pasted chat.
const CHAT_LINE = /^[ \t]{0,10}\[\d{1,2}[:.]\d{2}(:\d{2})?\][ \t]{0,3}([^:\n]{1,40}):([^\n]{0,1000})$/u;
// A line that hands over to someone else's words, quoted inline with no mail header: "Tom sent me
// this:", "Jonas schreibt mir:", "Camille m'écrit : « … »", "Lucía me escribe:", "Giulia mi scrive:".
// Folded. Not the writer's own words to others ("I wrote to them:"): only what came to them.
const RELAY_INTRO =
  /\b((sent|forwarded|wrote|writes|emailed|messaged|texted) (me|us)( this| the following)?|(wrote|writes|said|says) to (me|us)|(got|received) (this|the following)( message| mail| email)? from [^:\n]{1,40}|(message|mail|email|e-mail) from [^:\n]{1,40}|(schreibt|schrieb) (mir|uns)( folgendes| das)?|hat (mir|uns) (folgendes |das |dies )?geschrieben|(nachricht|mail|e-mail) von [^:\n]{1,40}|m['’](ecrit|a ecrit|envoie|a envoye)( ceci| ca)?|(message|courriel) de la part de [^:\n]{1,40}|me (escribe|escribio|ha escrito|envia|envio|ha enviado|manda|mando)( esto| lo siguiente)?|(mensaje|correo) de [^:\n]{1,40}|mi (scrive|ha scritto|manda|ha mandato|invia|ha inviato)( questo| quanto segue)?|(messaggio|mail|email) (di|da) [^:\n]{1,40})\s{0,3}:\s{0,3}(["“«„']|$)/u;
// A line where the writer speaks again after words quoted inline: a quote closed on the line
// before, or a connective or request of the writer's ("So I still cannot…", "Can you check?").
const WRITER_RESUMES =
  /^\s{0,5}(so|and so|therefore|now|but|also|please|can you|could you|pls|donc|alors|mais|aussi|merci de|pouvez-vous|pourriez-vous|also|aber|deshalb|daher|bitte|konnen sie|konnt ihr|asi que|entonces|pero|por eso|por favor|puede|podeis|podrian|quindi|percio|ma|per favore|potete|potreste)\b/u;
const QUOTE_CLOSE = /["”»“']\s{0,5}$/u;

// A chat speaker of the support side: "Agent Sam", "Akeneo Support", "Léa (Akeneo)" (folded).
const SUPPORT_SPEAKER = /\b(agent[ea]?|akeneo|support|supporto|soporte|helpdesk|service ?desk|bot|assistant)\b/u;

// Words before an address in a chat line that make it someone else's, to ask or write to: "Ana:
// should I ask lukas@… to open a ticket?", "her address is …", "frag mal lukas@…" (folded). Any
// other line that holds the requester's address gives it as the speaker's own ("it's lukas@…",
// "lukas@…", "the one I use: lukas@…").
const ADDRESS_OF_SOMEONE_ELSE =
  /\b(ask|tell|write|send|sent|contact|forward|cc|copy|reach|his|her|their|colleague|boss|manager|demande\w{0,2}|ecri\w{0,4}|envoie\w{0,2}|contacte\w{0,2}|son|sa|ses|leur|collegue|frag\w{0,3}|schreib\w{0,3}|schick\w{0,3}|kontaktier\w{0,3}|sein\w{0,2}|ihr\w{0,2}|kolleg\w{0,4}|pregunt\w{0,3}|escrib\w{0,3}|envi\w{0,3}|contact\w{0,3}|su|sus|compan\w{0,4}|chied\w{0,3}|scriv\w{0,3}|mand\w{0,3}|contatt\w{0,3}|suo|sua|loro|colleg\w{0,3})\b[^.!?]{0,40}$/u;

/** Whether a chat line (folded) gives `address` as the speaker's own: it holds it, not as someone's to ask or write to (ADDRESS_OF_SOMEONE_ELSE, ASKED_AFTER). */
function givesOwnAddress(words: string, address: string): boolean {
  const at = words.indexOf(address);
  return (
    at >= 0 &&
    !ADDRESS_OF_SOMEONE_ELSE.test(words.slice(Math.max(0, at - 60), at)) &&
    !ASKED_AFTER.test(words.slice(at + address.length, at + address.length + 40))
  );
}
// The verb after the address, where German, and a "to …" in English, put it: "soll ich lukas@… fragen", "ask lukas@… to open a ticket".
const ASKED_AFTER =
  /^[^.!?]{0,30}\b(fragen|anschreiben|anrufen|kontaktieren|schreiben|bescheid geben|to open|to write|to send|demander|contacter|preguntar|escribir|chiedere|scrivere|contattare)\b/u;

// A chat speaker who is the writer: "Me: no idea, asking Akeneo".
const SELF_SPEAKER = /^(me|moi|ich|yo|io)$/u;
// Words of a requester's name or mailbox that name no person ("PIM Team", "IT Service Desk").
const NOT_A_NAME = new Set([
  'the',
  'and',
  'team',
  'pim',
  'akeneo',
  'support',
  'service',
  'desk',
  'help',
  'helpdesk',
  'info',
  'contact',
  'admin',
  'office',
  'mailbox',
  'shop',
  'store',
  'sales',
  'catalog',
  'catalogue',
  'ecommerce',
  'product',
  'products',
  'data',
  'marketing',
  'content',
  'equipe',
  'equipo',
  'groupe',
  'group',
  'gruppo',
  'dpt',
  'dept',
  'von',
  'van',
  'del',
  'della',
  'des',
  'les',
]);
const NAME_WORD = /\p{L}{3,24}/gu;

// A quoted mail with no header line of its own ("> Hi Wouter, I tried…  > Thanks, Ilse"): its
// opening greets someone by name (folded: "hi wouter,", "nathalie, je n'arrive…", "hallo ralf"),
// and its last line may sign a name ("Thanks, Ilse", "Danke dir / Anja", "Fabien").
const QUOTED_GREETING =
  /^(?:(?:hi|hello|hey|dear|good morning|bonjour|salut|coucou|cher|chere|hallo|liebe|lieber|guten morgen|guten tag|moin|servus|hola|buenos dias|buenas|querido|querida|ciao|buongiorno|salve|caro|cara|gentile)\s{1,3})?(\p{L}{3,24})\s{0,2}[,!:]/u;
const QUOTED_SIGNATURE =
  /^(?:(?:thanks|thank you|thx|cheers|regards|best|br|merci|bises|cordialement|danke(?: dir| euch)?|gruss|gruß|lg|vg|gracias|saludos|un saludo|grazie|saluti|ciao)[ \t,!.]{0,3})?(\p{Lu}[\p{Ll}'’-]{1,20})\.?$/u;

/** Words that name the requester (their name's and their address's local part's), folded. */
export function requesterNameWords({ email, name = '' }: RequesterIdentity): Set<string> {
  // Asked twice a ticket (the relayed-message reading, then whose sign-in it is): kept for the last requester.
  if (lastNames && lastNames.email === email && lastNames.name === name) return lastNames.words;
  const local = email.trim().split('@')[0] ?? '';
  const found = foldText(`${name} ${local.replace(/[._+-]/gu, ' ')}`).match(NAME_WORD) ?? [];
  const words = new Set(found.filter((word) => !NOT_A_NAME.has(word)));
  lastNames = { email, name, words };
  return words;
}

/** The last requester's name words (nobody changes the set: its readers take it as a ReadonlySet). */
let lastNames: { email: string; name: string; words: Set<string> } | undefined;

/** Does the (folded) text name the requester? */
export function namesRequester(folded: string, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  // Word by word up to the first name: no array of all the words.
  NAME_WORD.lastIndex = 0;
  for (let word = NAME_WORD.exec(folded); word !== null; word = NAME_WORD.exec(folded)) if (names.has(word[0])) return true;
  return false;
}

/** The lines that name a mail's author: "From: …" header lines and "… wrote:" attributions. */
export function authorLines(lines: string[]): string[] {
  return lines.filter((line) => FROM_LINE.test(line) || WROTE_LINE.test(line));
}

/**
 * Splits off what others wrote. `text` is the customer's own part (subject and message, quotes
 * removed), `quoted` the quoted part, `quoteHeaders` the header lines the cleaning kept.
 */
export function readRelayedMessage(text: string, quoted: string, quoteHeaders: string[], requester: RequesterIdentity): RelayedMessage {
  const names = requesterNameWords(requester);
  const requesterAddress = requester.email.trim().toLowerCase();
  const lines = text.split('\n');
  const ownLines: string[] = [];
  const otherAuthors: RelayedMessage['otherAuthors'] = [];
  let requesterAuthored = false;
  const quoteHeaderAuthors = authorLines(quoteHeaders);
  const headerLines = [...quoteHeaderAuthors];
  const chat: RelayedMessage['chat'] = [];
  // Per chat line: its speaker (folded), or null for words quoted inline.
  const speakers: (string | null)[] = [];
  let forwarded = false;
  // Inside words quoted inline after a RELAY_INTRO (up to a blank line, a closed quote or
  // WRITER_RESUMES), or in a mail that greets the requester (`toEnd`: up to its signature, below
  // which the requester may go on, or the end of the text; its first line and first chat line),
  // and whether the requester wrote them.
  let relaying: { byRequester: boolean; closed: boolean; toEnd?: { line: number; chat: number } } | null = null;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (relaying && !relaying.toEnd && (line.trim() === '' || relaying.closed || WRITER_RESUMES.test(foldText(line)))) relaying = null;
    if (relaying?.toEnd) {
      const signer = signatureName(line);
      if (signer !== null && names.has(signer)) {
        // Signed with the requester's own name: they greeted someone who shares it (our agent), their own words.
        ownLines.push(...lines.slice(relaying.toEnd.line, index + 1));
        chat.splice(relaying.toEnd.chat);
        speakers.splice(relaying.toEnd.chat);
        relaying = null;
        continue;
      }
      if (signer !== null) {
        // The greeted mail's signature: the writer speaks again on the next line.
        chat.push({ byRequester: false, words: foldText(line) });
        speakers.push(null);
        relaying = null;
        continue;
      }
    }
    if (relaying) {
      const words = foldText(line);
      chat.push({ byRequester: relaying.byRequester, words });
      speakers.push(null);
      relaying.closed = QUOTE_CLOSE.test(words);
      continue;
    }
    // A header block pasted without quote marks: the rest of the text is the forwarded thread.
    if (forwarded || (FROM_LINE.test(line) && lines.slice(index + 1, index + 4).some((next) => HEADER_FIELD.test(next)))) {
      forwarded = true;
      if (FROM_LINE.test(line)) headerLines.push(line);
      continue;
    }
    const said = CHAT_LINE.exec(line);
    if (said) {
      const speaker = foldText(said[2]!.trim());
      chat.push({ byRequester: SELF_SPEAKER.test(speaker) || namesRequester(speaker, names), words: foldText(said[3]!) });
      speakers.push(speaker);
      continue;
    }
    const folded = foldText(line);
    // A line that greets the requester by name with a greeting word ("Hi Nathan, I can get into
    // SDM but…" under "Please see below"; not a bare "Nathan:", which may be the writer's own
    // label): a colleague's mail pasted with no quote marks or header, as nobody greets themself.
    // Its words, up to its signature or the end of the text, are the colleague's. Line 0 is the subject.
    const greeting = index > 0 ? QUOTED_GREETING.exec(folded) : null;
    if (greeting && !greeting[0].startsWith(greeting[1]!) && names.has(greeting[1]!)) {
      relaying = { byRequester: false, closed: false, toEnd: { line: index, chat: chat.length } };
      chat.push({ byRequester: false, words: folded });
      speakers.push(null);
      continue;
    }
    const intro = RELAY_INTRO.exec(folded);
    if (intro) {
      // The words on the intro's own line after the colon ("Tom sent me this: "I cannot…"") are relayed too.
      const introEnd = intro.index + intro[0].length;
      const rest = folded.slice(introEnd);
      relaying = { byRequester: namesRequester(folded.slice(0, introEnd), names), closed: rest.length > 1 && QUOTE_CLOSE.test(rest) };
      ownLines.push(line.slice(0, introEnd));
      if (rest) {
        chat.push({ byRequester: relaying.byRequester, words: rest });
        speakers.push(null);
      }
      continue;
    }
    ownLines.push(line);
  }
  // A chat speaker who gives the requester's own address ("[10:33] Visitor: lukas@…", asked which
  // address they sign in with) is the requester, in every line of theirs; not our support agent
  // repeating it ("Agent Sam: I'll send the steps to lukas@…").
  const ownSpeakers = new Set(
    speakers.filter(
      (speaker, line) =>
        speaker !== null &&
        requesterAddress !== '' &&
        !SUPPORT_SPEAKER.test(speaker) &&
        givesOwnAddress(chat[line]!.words, requesterAddress),
    ),
  );
  if (ownSpeakers.size > 0) chat.forEach((line, at) => (line.byRequester ||= ownSpeakers.has(speakers[at] ?? '')));
  const quotedAuthorLines = authorLines(quoted.split('\n'));
  headerLines.push(...quotedAuthorLines);
  if (quoted && quotedAuthorLines.length === 0 && quoteHeaderAuthors.length === 0) {
    const author = unheadedAuthor(quoted, names);
    if (author === 'requester') requesterAuthored = true;
    else if (author === 'someone-else') otherAuthors.push({ address: null, words: foldText(quoted) });
  }

  for (const line of headerLines) {
    const author = FROM_LINE.exec(line)?.[2] ?? (WROTE_LINE.test(line) ? line : '');
    const addresses = findEmails(author).map(({ address }) => address.toLowerCase());
    if (SUPPORT_AUTHOR.test(author)) continue;
    // By address, or by name when only a name is given: the requester's own earlier mail.
    const words = foldText(author.replace(/<[^<>\n]{0,300}>|\[mailto:[^\]\n]{0,300}\]/gu, ' '));
    if (addresses.includes(requesterAddress) || (addresses.length === 0 && namesRequester(words, names))) {
      requesterAuthored = true;
      continue;
    }
    if (addresses.length === 0 && !/\p{L}/u.test(words)) continue;
    otherAuthors.push({ address: addresses[0] ?? null });
  }
  // A forward's subject ("WG: Kann mich nicht anmelden") is the forwarded author's words.
  if ((forwarded || otherAuthors.length > 0) && FORWARD_SUBJECT.test(ownLines[0] ?? '')) ownLines.shift();
  return { ownText: ownLines.join('\n'), headerLines, otherAuthors, requesterAuthored, chat };
}

/**
 * The name (folded) a line signs a mail with ("Tom", "Thanks, Ilse", "Sarah - Akeneo Support"), or
 * null when it is no signature line.
 */
function signatureName(line: string): string | null {
  const trimmed = line.trim();
  const signed = QUOTED_SIGNATURE.exec(trimmed)?.[1];
  if (signed !== undefined) return foldText(signed);
  // Our support's signature line: a few words that name it, no sentence ("Akeneo support told me…").
  return trimmed.length <= 60 && trimmed.split(/\s+/u).length <= 4 && SUPPORT_AUTHOR.test(trimmed) && !/[.!?:,;]/u.test(trimmed)
    ? 'support'
    : null;
}

/**
 * Who wrote a quoted mail that has no header line: someone else when it greets the requester by
 * name or signs a name that is not theirs (a colleague's mail to them, passed on: "voir le
 * message de Fabien ci-dessous"), the requester when it signs their name, else unknown. Our own
 * support's mail (signed "Léa (Akeneo Support)") is nobody's case.
 */
function unheadedAuthor(quoted: string, names: ReadonlySet<string>): 'requester' | 'someone-else' | null {
  const lines = quoted
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  // A signature's short lines, not a sentence that names the product ("je n'arrive plus dans Akeneo").
  if (lines.slice(-3).some((line) => line.length <= 60 && SUPPORT_AUTHOR.test(line))) return null;
  const signed = QUOTED_SIGNATURE.exec(lines[lines.length - 1] ?? '')?.[1];
  const signer = signed === undefined ? '' : foldText(signed);
  if (signer && !NOT_A_NAME.has(signer)) return names.has(signer) ? 'requester' : 'someone-else';
  const greeted = QUOTED_GREETING.exec(foldText(lines[0] ?? ''))?.[1];
  return greeted !== undefined && names.has(greeted) ? 'someone-else' : null;
}
