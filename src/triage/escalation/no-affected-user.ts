import { LiteralGate, TextLiterals } from './literal-gate.js';

/**
 * Messages that report nobody's sign-in: out-of-office and other automatic replies, questions
 * about a suspicious (phishing) mail, and marketing mail. The data README (`label.missing`)
 * says spam and auto-replies have no affected user, so `email` is missing even when they carry
 * addresses (a colleague to contact, the phisher's sender). Read on folded text.
 */
const AUTO_REPLY: LiteralGate[] = [
  /\b(automatic reply|auto-?reply|autoreply|out of (the )?office|abwesenheit\w{0,12}|automatische antwort|reponse automatique|respuesta automatica|risposta automatica|fuera de la oficina|fuori (ufficio|sede))\b/u,
  /\b(i am|i'm|i will be) (currently )?(out of (the )?office|away|on (leave|holiday|vacation|parental leave))\b/u,
  /\bje (suis|serai) (actuellement )?absente?\b|\b(ich bin|ich befinde mich) (bis|ab|vom|derzeit|zurzeit|in)\b[^\n]{0,60}\b(nicht im buro|abwesend|wieder erreichbar|elternzeit|urlaub)/u,
  /\b(estoy|estare) (fuera|ausente|de vacaciones)\b|\b(sono|saro) (fuori|assente|in ferie)\b/u,
  /\b(this mailbox is not monitored|mailbox is unattended|cette (boite|adresse) n'est pas (surveillee|consultee)|dieses postfach wird nicht (uberwacht|gelesen)|este buzon no (se revisa|esta atendido)|questa casella non (e|viene) (monitorata|letta))\b/u,
].map((pattern) => new LiteralGate(pattern));

const SUSPICIOUS_MAIL: LiteralGate[] = [
  /\b(phishing|phish|scam|arnaque|escroquerie|hameconnage|betrug\w{0,6}|estafa|truffa|fraude|frode)\b/u,
  /\b(is (this|it) (legit|genuine|real|you)|is this (mail|email|e-mail|message) (legit|genuine|real|from you))\b/u,
  /\b(c'est (bien )?(de chez vous|vous)|est-ce (bien )?(vous|legitime))\b|\bist (diese|die|das) (mail|e-mail|nachricht) (echt|von ihnen)\b|\b(es (legitimo|vuestro|real)|es de verdad)\b|\b(e (vera|legittima|vostra)|siete voi)\b/u,
].map((pattern) => new LiteralGate(pattern));

// The suspicious thing is a mail, message or link, not the writer's own sign-in screen.
const MAIL_WORD = new LiteralGate(
  /\b(e-?mails?|mails?|sms|courriel|correo|messaggio|message|mensaje|nachricht|text message|link|lien|enlace)\b/u,
);
// A mail or message that reached the writer (not our own sign-in page they fear is a fake).
const RECEIVED = new LiteralGate(
  /\b(got|received|receive|forwarded|forwarding|recu|recue|recois|transfere|bekommen|erhalten|bekam|weitergeleitet|angeblich|recibido|recibi|llegado|llego|reenvio|ricevuto|arrivat[oa]|inoltr\w{1,6})\b/u,
);
// The writer clicked the link or typed their password: their own account may be at risk.
const ACTED_ON_IT = new LiteralGate(
  /\b(i (clicked|typed|entered)|(typed|entered|gave) my password|j'ai (clique|saisi|tape|entre)|(saisi|tape|entre) mon mot de passe|ich habe (?![^.\n]{0,40}\bnicht)[^.\n]{0,120}\b(geklickt|eingegeben)|mein passwort (eingegeben|eingetippt)|(?<!\bno )he (hecho clic|pulsado|escrito|introducido)|(puse|escribi|introduje) mi contrasena|(?<!\bnon )ho (cliccato|inserito|digitato|messo)|(inserito|digitato) la (mia )?password|(poner|puesto|introducir) mi contrasena)\b/u,
);

// A mailing's own footer or pitch, not a customer asking to be unsubscribed.
const MARKETING: LiteralGate[] = [
  /\b(to unsubscribe|unsubscribe here|click here to unsubscribe|pour (vous )?(desabonner|desinscrire)|zum abbestellen|um sich abzumelden|para darse de baja|responda baja|per (disiscriverti|cancellarti))\b/u,
  /\b(book (a|your) (free )?(demo|call)|free (demo|audit|trial|consultation)|case study|partnership proposal|reservez une demo|kostenlose demo|demo gratuita)\b/u,
].map((pattern) => new LiteralGate(pattern));

export type NoAffectedUserKind = 'auto-reply' | 'suspicious-mail' | 'marketing';

/**
 * What kind of message with no affected user the folded text is, or null. Phishing questions
 * count only for a ticket diagnosed `other` (`isOther`): a real sign-in problem may mention
 * phishing ("I deleted the verification mail as phishing") and is still the writer's own.
 */
export function noAffectedUser(folded: string, isOther: boolean): NoAffectedUserKind | null {
  // A long text (the quoted part too): most patterns are skipped for the literals it lacks.
  const literals = new TextLiterals(folded);
  if (anyMatches(AUTO_REPLY, literals)) return 'auto-reply';
  if (anyMatches(MARKETING, literals)) return 'marketing';
  if (!isOther) return null;
  // A suspicious mail the writer did not act on; one who clicked and typed their password
  // asks about their own account.
  if (anyMatches(SUSPICIOUS_MAIL, literals) && literals.test(MAIL_WORD) && literals.test(RECEIVED) && !literals.test(ACTED_ON_IT)) {
    return 'suspicious-mail';
  }
  return null;
}

/** Whether one of the gates' patterns matches the text of `literals` (a function, not a closure per ticket: tsx's keepNames wraps those). */
function anyMatches(gates: LiteralGate[], literals: TextLiterals): boolean {
  for (const gate of gates) if (literals.test(gate)) return true;
  return false;
}
