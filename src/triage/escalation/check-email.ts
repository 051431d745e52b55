import type { EscalationCheck } from '../diagnosis.js';
import { FORWARD_FROM_HEADER } from '../clean-text.js';
import { findEmails, foldText } from '../fold-text.js';

// Mailboxes of teams and robots: never the person who cannot sign in.
const ROLE_MAILBOX =
  /^(help ?desk|support|no-?reply|do-?not-?reply|donotreply|service-?desk|servicedesk|info|contact|it-?support|itsupport|hotline|sales|billing|invoices?|accounting|accounts?(-payable)?|finance|buchhaltung|rechnungs?(wesen)?|comptabilite|facturation|contabilidad|facturacion|contabilita|amministrazione|admin-team|it|noc|postmaster|webmaster|mailer-daemon)([.+-][^@]{0,64})?@/iu;

// Words right before an address that make it someone to write to, not the affected user.
const ROUTING_CONTEXT =
  /(reply|respond|write|send|copy|cc|contact|forward|escalate)[^.\n]{0,25}$|(repon(dre|se)|ecrire|envoyer|copie|contacter)[^.\n]{0,25}$|(antwort|schreib|send|kopie|kontakt)[^.\n]{0,25}$|(respond|escrib|envi|copia|contact)[^.\n]{0,25}$|(rispond|scriv|invia|copia|contatt)[^.\n]{0,25}$/u;

// Someone other than the writer: "one of our users", "my colleague", "our intern Lucas", "he".
// One pattern per construction and language: a single union is too large to prove safe.
const THIRD_PARTY_SUBJECT: RegExp[] = [
  // A colleague, named by the noun alone ("colleague locked out", "Kollegin gesperrt").
  /\b(colleague|co-?worker|kolleg(e|in)|mitarbeiter(in)?|collegue|collaborat(eur|rice)|compa(n|ñ)er[oa]|colega|collega)s?\b/u,
  /\b((one|some|several|many|all|most|none|two|three|four|five|\d{1,4}) of (our|my|the) |(our|my|a|an|the|some|several|many|all|two|three|four|five|\d{1,4}|multiple|few|new) (new )?)(\w{1,20} )?(colleague|co-?worker|user|editor|employee|staff|team ?member|member|supplier|people|person|client|customer|buyer|merchandiser|translator|contributor|manager|intern|trainee|coordinator|assistant|admin|boss|guy|lady|folks|users)s?\b/u,
  /\b(he|she|him|her|his|someone|somebody|anyone|quelqu'un|jemand|alguien|qualcuno)\b/u,
  /\b(mr|mrs|ms|herr|herrn|frau|m\.|mme|monsieur|madame|senor|senora|sr\.|sra\.|signor|signora|sig\.|sig\.ra|dott\.)\s{1,5}\p{Lu}?/u,
  /\b((un|une) de (nos|mes) |(nos|mes|plusieurs|certains|des|deux|trois|\d{1,4}) |(un|une|mon|ma|notre|le|la|les|l') ?(nouvel(le)? )?)(collegue|utilisat(eur|rice)|collaborat(eur|rice)|employe|salarie|fournisseur|membre|personne|redact(eur|rice)|client|stagiaire|acheteu(r|se)|equipe)s?\b/u,
  /\b(elle|ils|elles)\b/u,
  /\bil (n'arrive|ne peut|a essaye|ne recoit|n'a pas|est bloque)/u,
  /\b((ein|eine|einer|einem|einen|unser\w{0,20}|mein\w{0,20}|mehrere|einige|viele|alle|zwei|drei|\d{1,4}) (neue[rnm]? )?(kolleg|benutzer|nutzer|mitarbeiter|anwender|lieferant|redakteur|person|leute|kunde|praktikant|azubi|team)\w{0,20})/u,
  /\b(er|ihm|ihn)\b/u,
  /\b((un|una|uno|unos|unas|nuestro|nuestra|nuestros|nuestras|mi|mis|varios|varias|algunos|algunas|dos|tres|\d{1,4}) (nuev[oa]s? )?(usuari|compa(n|ñ)er|coleg|emplead|proveedor|miembro|persona|cliente|becari|equipo)\w{0,20})/u,
  /\b(ella|ellos|ellas)\b/u,
  /\b((un|una|uno|il nostro|la nostra|i nostri|le nostre|nostro|nostra|nostri|nostre|mio|mia|miei|alcuni|diversi|vari|due|tre|\d{1,4}) (nuov[oaie] )?(utent|colleg|dipendent|fornitor|membr|person|client|redattor|stagist|team)\w{0,20})/u,
  /\b(lui|loro)\b/u,
];

// The writer themself: "I", "my account", "je", "ich", "no puedo", "non riesco".
const FIRST_PERSON_SUBJECT =
  /\b(i|i'm|i've|i'd|im|ive|me|my|myself)\b|\b(je|j'\w{1,20}|moi|mon|ma|mes)\b|\b(ich|mich|mir|mein\w{0,20})\b|\b(yo|me|mi|mis|puedo|intente|recibi|estoy|tengo)\b|\b(io|mi|mio|mia|riesco|posso|ho|sono)\b/u;

// Words saying a sign-in failed or is stuck (not "can open", "sees").
const FAILURE =
  /\b(can ?not|can't|cant|couldn't|could not|unable|not able|no longer|won't|wont|doesn't|does not|didn't|did not|don't|isn't|is not|never|tried|try|trying|fails?|failed|error|locked|blocked|stuck|without access|lost access|not accepted|rejected|denied|n'arrive|ne peu\w{0,20}|impossible|bloquee?s?|essaye|erreur|echoue|nicht|kein\w{0,20}|gesperrt|fehler\w{0,20}|versucht|probiert|ne (re)?(recoi|peu|voi|trouve)\w{0,20}|no (puede|puedo|consigue|funciona|recib\w{0,20}|llega)|bloquead[oa]s?|intent\w{0,20}|non (riesc\w{0,20}|pu[oò]|funziona|ricev\w{0,20})|bloccat[oaie]|provato|errore)\b/u;

// Words of signing in and accounts: a message about them is about someone's sign-in.
const SIGN_IN_TOPIC =
  /\b(log ?ins?|logged|logging|sign ?ins?|signed|signing|password|pw|passwd|account|access|credentials|user ?name|locked|connexion|connecte\w{0,20}|mot de passe|mdp|compte|acces|identifiant|anmeld\w{0,20}|einlogg\w{0,20}|passwort|kennwort|konto|zugang|zugriff|entrar|acced\w{0,20}|contrasena|cuenta|sesion|accesso|utenza|credenziali)\b/u;

// A login that belongs to no one person: a shared, functional or technical account, or one with
// no mailbox behind it. Its failure has no affected person's address to give (data README:
// the email is that of the affected user).
const SHARED_ACCOUNT =
  /\b(shared|functional|technical|generic|service|team|agency) (login|account|user|username)s?\b|\bno (real |actual |own )?(mailbox|inbox)\b|\b(compte|identifiant|utilisateur|login) (partage|generique|technique|fonctionnel|commun)|\bpas de (vraie )?boite (mail|aux lettres)|\b(gemeinsame[nrs]?|technische[nrs]?|funktionale[nrs]?|sammel)-? ?(login|konto|account|benutzer|zugang)|\bkein (eigenes |echtes )?postfach|\b(cuenta|usuario|login) (compartid[oa]|generic[oa]|tecnic[oa])|\bsin (buzon|correo) (propio|real)|\b(utenza|account|utente|login) (condivis[oa]|generic[oa]|tecnic[oa])|\bsenza (casella|mailbox)/u;

// "we", "our": the organisation writes, and no single affected person is named.
const FIRST_PERSON_PLURAL = /\b(we|our|ours|us|nous|notre|nos|wir|unser\w{0,20}|uns|nosotros|nuestr\w{1,20}|noi|nostr\w)\b/u;

// Punctuation that ends a clause, with the space after it.
const CLAUSE_END = /([.!?;,:])\s/gu;

function sentencesOf(folded: string): string[] {
  // Clauses, not just sentences: "she sees it when she logs in, I don't" is two subjects.
  return folded
    .replace(CLAUSE_END, '$1\n')
    .split('\n')
    .filter((sentence) => sentence.trim().length > 0);
}

export interface EmailCheckInput {
  /** The customer's own words (subject and message, quotes removed). */
  text: string;
  /** Header lines of quoted or forwarded mails: a forward's "From:" may be the affected user. */
  quoteHeaders?: string[];
  requesterEmail: string;
  /**
   * The learned answer to "is the requester the person whose sign-in failed?" (0–1), from
   * the affected-user model; without it the sentence rules below decide. A function: it is
   * asked only when the text gives no address and the rules do not settle it.
   */
  requesterIsAffected?: () => number;
}

/** The address in the text (or a forward's From:) of someone other than the requester, if any. */
export function findAffectedAddress(text: string, quoteHeaders: string[], requesterEmail: string): string | null {
  const requester = requesterEmail.trim().toLowerCase();
  const forwardedFrom = quoteHeaders
    .filter((line) => FORWARD_FROM_HEADER.test(line))
    .flatMap((line) => findEmails(line).map(({ address }) => ({ address, index: -1, source: line })));
  const inText = findEmails(text).map((found) => ({ ...found, source: text }));
  const candidate = [...inText, ...forwardedFrom].find(({ address, index, source }) => {
    const lower = address.toLowerCase();
    if (lower === requester) return false;
    if (ROLE_MAILBOX.test(lower) || isVendorAddress(lower)) return false;
    if (index < 0) return true;
    const before = foldText(source.slice(Math.max(0, index - 40), index));
    return !ROUTING_CONTEXT.test(before);
  });
  return candidate?.address ?? null;
}

/** Whose sign-in the sentence rules see: the writer's, someone else's, or nobody's. */
export type SignInSubject = 'requester' | 'someone-else' | 'nobody';

/**
 * The sentence rules: the first sentence about signing in with a subject decides ("our intern
 * tried the reset and never got anything" → someone else; "I don't remember my PIM password"
 * → the requester). A terse report with no one named ("account blocked again!!!") is the
 * writer's own; an organisation's question ("we would like our users to…") is nobody's.
 */
export function signInSubject(folded: string): SignInSubject {
  const reading = readingOf(folded);
  for (let index = 0; index < reading.sentences.length; index += 1) {
    const failure = reading.failure(index);
    if (!failure && !reading.topic(index)) continue;
    if (reading.thirdParty(index)) {
      if (failure) return 'someone-else';
      continue;
    }
    if (reading.firstPerson(index)) return 'requester';
  }
  if ((reading.wholeFailure() || reading.wholeTopic()) && !FIRST_PERSON_PLURAL.test(folded)) return 'requester';
  return 'nobody';
}

/** Counts of the cues the affected-user model weighs (folded text). */
export function subjectCues(folded: string): { firstPerson: number; thirdParty: number; plural: number; failure: boolean; topic: boolean } {
  const reading = readingOf(folded);
  let firstPerson = 0;
  let thirdParty = 0;
  let plural = 0;
  for (let index = 0; index < reading.sentences.length; index += 1) {
    // "my colleague can't…" speaks of someone else: its "my" is not the writer's own case.
    if (reading.thirdParty(index)) thirdParty += 1;
    else if (reading.firstPerson(index)) firstPerson += 1;
    if (FIRST_PERSON_PLURAL.test(reading.sentences[index]!)) plural += 1;
  }
  return { firstPerson, thirdParty, plural, failure: reading.wholeFailure(), topic: reading.wholeTopic() };
}

/**
 * A folded text's clauses and what the sentence rules find in each, each test run once when
 * first asked: the affected-user model and the email check read the same text (the same
 * pattern tests, without the g flag, give the same answers however often they run).
 */
class SubjectReading {
  readonly sentences: string[];
  // Per clause: undefined until tested.
  private readonly failures: (boolean | undefined)[] = [];
  private readonly topics: (boolean | undefined)[] = [];
  private readonly thirdParties: (boolean | undefined)[] = [];
  private readonly firstPersons: (boolean | undefined)[] = [];
  private whole: { failure: boolean; topic: boolean } | undefined;

  constructor(readonly folded: string) {
    this.sentences = sentencesOf(folded);
  }

  failure(index: number): boolean {
    return (this.failures[index] ??= FAILURE.test(this.sentences[index]!));
  }
  topic(index: number): boolean {
    return (this.topics[index] ??= SIGN_IN_TOPIC.test(this.sentences[index]!));
  }
  thirdParty(index: number): boolean {
    const sentence = this.sentences[index]!;
    return (this.thirdParties[index] ??= THIRD_PARTY_SUBJECT.some((pattern) => pattern.test(sentence)));
  }
  firstPerson(index: number): boolean {
    return (this.firstPersons[index] ??= FIRST_PERSON_SUBJECT.test(this.sentences[index]!));
  }
  wholeFailure(): boolean {
    return (this.whole ??= { failure: FAILURE.test(this.folded), topic: SIGN_IN_TOPIC.test(this.folded) }).failure;
  }
  wholeTopic(): boolean {
    return (this.whole ??= { failure: FAILURE.test(this.folded), topic: SIGN_IN_TOPIC.test(this.folded) }).topic;
  }
}

/** The last text read: a ticket's own words are read by the affected-user model, then by the email check. */
let lastReading: SubjectReading | undefined;

function readingOf(folded: string): SubjectReading {
  if (lastReading?.folded !== folded) lastReading = new SubjectReading(folded);
  return lastReading;
}

/**
 * Support needs the address of the person who cannot sign in (troubleshooting page, "Where to
 * look for more information"). It is present when the text gives such an address, or when the
 * requester writes about their own sign-in (data README, `label.missing`).
 */
export function checkEmail({ text, quoteHeaders = [], requesterEmail, requesterIsAffected }: EmailCheckInput): EscalationCheck {
  const address = findAffectedAddress(text, quoteHeaders, requesterEmail);
  if (address) return { present: true, found: maskEmail(address), reason: 'The message gives the address of the affected user.' };
  const requester = requesterEmail.trim().toLowerCase();
  const folded = foldText(text);
  const subject = signInSubject(folded);
  if (SHARED_ACCOUNT.test(folded)) {
    return { present: false, reason: 'The login that fails is a shared or technical account with no person’s address, and none is given.' };
  }
  // Someone else named as the one who cannot sign in, and the writer never speaking of
  // themself, settles it (data README: an admin writing about someone else without their
  // address leaves it missing). With both, the affected-user model weighs them.
  if (subject === 'someone-else' && subjectCues(folded).firstPerson === 0) {
    return { present: false, reason: 'The requester writes about someone else and gives no address of theirs.' };
  }
  if (requesterIsAffected !== undefined) {
    const probability = requesterIsAffected();
    const percent = Math.round(probability * 100);
    if (probability >= 0.5) return requesterCounts(requester, ` (${percent}% sure)`);
    return {
      present: false,
      reason: `The requester does not seem to write about their own sign-in (${100 - percent}% sure), and gives no address of the affected user.`,
    };
  }
  return subject === 'requester'
    ? requesterCounts(requester, '')
    : { present: false, reason: 'The message names no one whose sign-in failed, and gives no address.' };
}

/** Our own vendor's addresses (akeneo.com, akeneo.fr …) are never the affected user's. */
function isVendorAddress(lower: string): boolean {
  const domain = lower.slice(lower.lastIndexOf('@') + 1).split('.');
  return domain.length >= 2 && domain[domain.length - 2] === 'akeneo';
}

function requesterCounts(requester: string, certainty: string): EscalationCheck {
  return requester
    ? {
        present: true,
        found: maskEmail(requester),
        reason: `The requester writes about their own sign-in${certainty}; their address counts.`,
      }
    : { present: false, reason: 'No address of the affected user is known.' };
}

/** "jane.doe@example.com" → "j•••@example.com": enough for an agent to recognise, not a copy. */
export function maskEmail(address: string): string {
  const [local = '', domain = ''] = address.split('@');
  return `${local.slice(0, 1)}•••@${domain}`;
}
