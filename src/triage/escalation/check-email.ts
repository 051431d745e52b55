import type { EscalationCheck } from '../diagnosis.js';
import { findEmails, foldText } from '../fold-text.js';
import { LiteralGate, TextLiterals } from './literal-gate.js';
import { noAffectedUser, type NoAffectedUserKind } from './no-affected-user.js';
import { authorLines, namesRequester, readRelayedMessage, requesterNameWords, type RelayedMessage } from './relayed-message.js';

// Mailboxes of teams and robots: never the person who cannot sign in.
const ROLE_MAILBOX =
  /^(help ?desk|support|no-?reply|do-?not-?reply|donotreply|service-?desk|servicedesk|info|contact|it-?support|itsupport|hotline|sales|billing|invoices?|accounting|accounts?(-payable)?|finance|buchhaltung|rechnungs?(wesen)?|comptabilite|facturation|contabilidad|facturacion|contabilita|amministrazione|admin-team|it|noc|postmaster|webmaster|mailer-daemon)([.+-][^@]{0,64})?@/iu;

// Words right before an address that make it someone to write to, not the affected user.
// Each word starts at a word boundary: "account (x@…)" holds "cc" and is no copy.
const ROUTING_CONTEXT =
  /\b(reply|respond|write|send|sent|copy|cc|contact|forward|escalate)[^.\n]{0,25}$|\b(repon(dre|se)|ecrire|envoyer|copie|contacter)[^.\n]{0,25}$|\b(antwort|schreib|send|kopie|kontakt)[^.\n]{0,25}$|\b(respond|escrib|envi|copia|contact)[^.\n]{0,25}$|\b(rispond|scriv|invia|copia|contatt)[^.\n]{0,25}$/u;

// Requesters who pass on other people's problems (help desks, receptions, phone and voicemail
// systems): with no address in the text, the affected user's is missing.
const RELAY_MAILBOX =
  /^(help-?desk|service-?desk|support(-interne|-it)?|it-?support|itsupport|soporte|supporto|reception|recepcion|accueil|standard|empfang|zentrale|centralino|front-?desk|switchboard|hotline|mesadeayuda|voicemail[^@]{0,30}|phone[^@]{0,30}|telephon\w{0,10}|desk)@/iu;

// Someone other than the writer: "one of our users", "my colleague", "our intern Lucas", "he".
// One pattern per construction and language: a single union is too large to prove safe.
const THIRD_PARTY_SUBJECT: LiteralGate[] = [
  // A colleague, named by the noun alone ("colleague locked out", "Kollegin gesperrt").
  /\b(colleague|co-?worker|kolleg(e|in)|mitarbeiter(in)?|collegue|collaborat(eur|rice)|compa(n|ñ)er[oa]|colega|collega)s?\b/u,
  /\b((one|some|several|many|all|most|none|two|three|four|five|\d{1,4}) of (our|my|the) |(our|my|a|an|the|some|several|many|all|two|three|four|five|\d{1,4}|multiple|few|new) (new )?)(\w{1,20} )?(colleague|co-?worker|user|editor|employee|staff|team ?member|member|supplier|people|person|client|customer|buyer|merchandiser|translator|contributor|manager|intern|trainee|coordinator|assistant|admin|boss|guy|lady|folks|users)s?\b/u,
  // "he" is also Spanish "I have" ("he intentado", "he abierto", "he vuelto"): not before a participle.
  /\b(he(?! \w{1,20}(ado|ido|ierto|cho|isto|uesto|elto|ito)\b)|she|him|her|his|someone|somebody|anyone|quelqu'un|jemand|alguien|qualcuno)\b/u,
  /\b(mr|mrs|ms|herr|herrn|frau|fr\.|hr\.|m\.|mme|monsieur|madame|senor|senora|sr\.|sra\.|signor|signora|sig\.|sig\.ra|dott\.)\s{1,5}\p{Lu}?/u,
  // Numbers of people and members of the writer's team: "five people", "Jamal on my team", "half of my team".
  /\b((two|three|four|five|six|seven|eight|ten|\d{1,4}) (other )?(people|persons|guys|colleagues|users|buyers|editors)|half (of )?(my|our|the) \w{0,20} ?team|(on|in|from) (my|our) team|(de|dans) (mon|notre) equipe|(de|en) (mi|nuestro) equipo|(del|nel) (mio|nostro) (team|gruppo|ufficio)|(aus|in) (meinem|unserem) team)\b/u,
  /\b(caller|call from|phone (msg|message|note)|hat angerufen|ruft an|a appele|appel de|llamo|llamada de|ha chiamato|chiamata (di|da)|telefonata (di|da))\b/u,
  /\b(each|all|none|both) of them\b|\b(these|those) (\w{1,20} )?(users|people|colleagues)\b|\babout half of (my|our|the) \w{1,20}|\b(part|some|most|half|a few|few|a couple|many) of (the|our|my) (\w{1,20} )?(members|users|people|colleagues|employees|staff|editors|buyers)\b|\b(une partie|la plupart|la moitie) (des|de nos|de mes) (utilisat|collegues|collaborat|membres)|\bein teil (der|unserer|meiner) (benutzer|nutzer|user|kolleg|mitarbeiter)|\b(parte|la mitad|la mayoria) de (los|nuestros|mis) (usuarios|companeros|colegas|miembros|empleados)|\b(parte|la meta|la maggior parte) (degli|dei|dei nostri|dei miei) (utenti|colleghi|membri|dipendenti)/u,
  /\b(plusieurs|quatre|cinq|six|sept|huit|dix) (\w{1,20} )?(collegues|utilisat(eurs|rices)|commerciaux|acheteu(rs|ses)|personnes|redact(eurs|rices)|collaborat(eurs|rices)|employes|salaries)\b/u,
  /\b(cuatro|cinco|seis|siete|ocho|diez|quattro|cinque|sei|sette|otto|dieci|vier|funf|sechs|sieben|acht|zehn) (\w{1,20} )?(personas|usuari\w{1,3}|compa(n|ñ)er\w{1,3}|colegas|emplead\w{1,3}|persone|utenti|colleghi|dipendenti|kolleg\w{1,3}|personen|benutzer\w{0,3}|mitarbeiter\w{0,3}|leute)\b/u,
  /\b((un|une) de (nos|mes) |(nos|mes|plusieurs|certains|des|deux|trois|\d{1,4}) |(un|une|mon|ma|notre|le|la|les|l') ?(nouvel(le)? )?)(collegue|utilisat(eur|rice)|collaborat(eur|rice)|employee?|salariee?|fournisseur|membre|personne|redact(eur|rice)|client|stagiaire|acheteu(r|se)|equipe|responsable|chef|manager|direct(eur|rice)|assistante?|patron(ne)?|superieur(e)?)s?\b/u,
  /\b(elle|ils|elles)\b/u,
  /\bil (n'arrive|ne peut|a essaye|ne recoit|n'a pas|est bloque)/u,
  // "Manche User", "nicht alle User", "bestimmten Nutzern": German bug reports name users as a group, English loanword included.
  /\b((ein|eine|einer|einem|einen|unser\w{0,20}|mein\w{0,20}|mehrere|einige|viele|alle|manche|bestimmte[nm]?|zwei|drei|\d{1,4}) (neue[rnm]? )?(\w{1,20}-)?(kolleg|benutzer(?!name)|nutzer(?!name)|user(?!name|-?(account|konto|zugang|id|login))|mitarbeiter|anwender|lieferant|redakteur|person(?!lich)|leute|kunde|praktikant|azubi|team|chef|vorgesetzt|leiter|assistent|sekretar)\w{0,20})/u,
  /\b(er|ihm|ihn)\b/u,
  // Users as a group, with an adjective or bare at the head of a sentence about their sign-in:
  // "existing users get an error", "Users cannot sign in since Monday" (not "Users can't do
  // anything about it, I cannot sign in", where the writer is the one).
  /\b(existing|other|affected|internal|external|active|older) (\w{1,20} )?(users|people|colleagues|employees|editors|members|customers)\b|(^|[.!?]\s{1,3})(users|people|employees|colleagues|customers|editors) ((can't|cannot|can not|could not|couldn't|still can't) (sign|log|get in|access|connect|open|see)|(get|got|see|keep getting|are getting) (an? |the )?(error|login failed|message|page|screen))/u,
  /\b((un|una|uno|unos|unas|nuestro|nuestra|nuestros|nuestras|mi|mis|varios|varias|algunos|algunas|dos|tres|\d{1,4}) (nuev[oa]s? )?(usuari|compa(n|ñ)er|coleg|emplead|proveedor|miembro|persona|cliente|becari|equipo|jef[ae]|responsable|gerente|director|supervisor|asistente|secretari)\w{0,20})/u,
  // "Si el usuario olvida su password", "no se envía al usuario": the user in general, not the
  // writer's own login ("el usuario y la contraseña" is the user name).
  // Not after "que" ("me dice que el usuario no existe": the writer's own user) or "se".
  /\b(si|cuando|al|a los|los) (el |los )?usuarios?\b(?! (y|o|ni) (la )?(contrasena|clave|password))/u,
  /\b(ella|ellos|ellas)\b/u,
  /\b((un|una|uno|il nostro|la nostra|i nostri|le nostre|nostro|nostra|nostri|nostre|mio|mia|miei|alcuni|diversi|vari|due|tre|\d{1,4}) (nuov[oaie] )?(utent|colleg|dipendent|fornitor|membr|person|client|redattor|stagist|team|capo|responsabil|dirett|manager|assistent|segretari)\w{0,20})/u,
  /\b(lui|loro)\b/u,
  // Nobody as the subject: "nobody received the mail", "personne ne peut se connecter", "a nessuno
  // arriva", "niemand bekommt": a group of users. Not "nobody else" (then the writer is the one).
  // Nor nobody who answers, acts for or knows about the writer ("nobody has answered my emails",
  // "personne ne m'a répondu", "keiner antwortet", "nadie sabe por qué no puedo entrar", "nessuno
  // mi ha risposto").
  /\b(nobody|no one|no-one)\b(?! else)(?!( has| have| had)? \w{1,15} me\b|( \w{1,15})? (know\w{0,2}|knew|(can|could) tell|explain\w{0,2}|understand\w{0,3})\b|[^.,;:!?\n]{0,30}\b(answer\w{0,3}|repl(y|ied|ies)|respond\w{0,3}|got back|gets back|get back|react\w{0,3}|contacted|called back)\b)|\bpersonne (ne|n')(?!\s{0,3}\w{1,20} d'autre)(?!\s{0,3}(m'|me |sait\b|savait\b|comprend)|[^.,;:!?\n]{0,20}\b(repon\w{0,5}|rappel\w{0,5}|reagi\w{0,3})\b)|\baucun(e)? (de nos|de mes|des|d'entre)\b|\b(niemand|keiner)\b(?! (sonst|anderer|ausser mir))(?! (hat |hatte )?(mir|mich)\b|( \w{1,10})? (weiss|wusste|versteht)\b|[^.,;:!?\n]{0,25}\b(antwort\w{0,3}|geantwortet|meldet sich|gemeldet|zuruckgerufen|reagiert)\b)|\bnadie\b(?! (mas|excepto yo))(?! (me|sabe|sabia|entiende)\b|[^.,;:!?\n]{0,20}\b(contest\w{0,4}|respond\w{0,4}|llamad\w{0,2})\b)|\bnessuno\b(?! (altro|tranne me))(?! (mi|sa|sapeva|capisce)\b|[^.,;:!?\n]{0,20}\b(rispost\w|rispond\w{0,4}|richiamat\w)\b)/u,
  // The writer's team as the ones who fail: "my team can't see SDM", "unser Team kann sich nicht
  // anmelden", a subject line's "PIM access but not SDM - my team" (not "our team would get
  // access", "notre équipe est passée sur…": the team as the context of the writer's own case;
  // nor "my team can't help me", "mein Team kann nicht helfen": the team fails to help, not to sign in).
  /\b(my|our|mon|notre|mein\w{0,2}|unser\w{0,2}|mi|nuestro|il mio|il nostro) (team|equipe|abteilung|equipo|squadra|gruppo|department|staff|reparto|departamento)( members?| mates?)?(\s{0,3}$|\s{0,3}[-:)]| (can't|cannot|can not|couldn't|could not|is unable|are unable|isn't able|aren't able|doesn't|don't|didn't|never|still can't|n'arrive|ne peu\w{0,4}|ne (re)?voi\w{0,4}|ne recoi\w{0,4}|kann nicht|konnen nicht|kann sich nicht|konnen sich nicht|bekommt kein\w{0,2}|no puede\w{0,2}|no recibe\w{0,2}|no ve\w{0,2}|non riesce|non riescono|non (puo|possono|vede|vedono|riceve|ricevono))(?!( pas| ad| a)? (m'|me |mir |mi )?(help|helfen|aid|aiut|ayud)\w*))/u,
  // A whole team or department as the ones who fail: "the whole marketing department is locked out",
  // "toute l'équipe", "die ganze Abteilung", "todo el departamento", "tutto l'ufficio".
  /\b(the )?(whole|entire) (\w{1,20} )?(team|department|dept|office|company)\b|\b(toute l'equipe|tout le service|toute la societe)\b|\b(die|das) (ganze|gesamte) (\w{1,20} )?(team|abteilung|firma|buro)\b|\btod[oa] (el|la) (equipo|departamento|oficina|empresa)\b|\btutt[oa] (il |l'|la )(team|reparto|ufficio|azienda)\b/u,
  // A class of mail addresses: "for GMX and Google Mail addresses", "bei GMAIL und GMX", "outlook users".
  /\b(gmail|google ?mail|gmx|outlook|hotmail|yahoo|t-online|web\.de|icloud|libero|wanadoo|microsoft|office ?365)[- ]?(users|addresses|accounts|adressen|nutzer|kunden|adresses|utilisateurs|usuarios|direcciones|cuentas|utenti|indirizzi)\b|\b(gmail|google ?mail|gmx|outlook|hotmail|yahoo|t-online|web\.de|icloud|libero|wanadoo)( ?[,/]| (und|and|et|y|e|oder|or|ou|o)) (gmail|google ?mail|gmx|outlook|hotmail|yahoo|t-online|web\.de|icloud|libero|wanadoo|orange|free)\b/u,
  // Spanish staff named by their role as a group: "los encargados de tienda", "ninguno de los comerciales".
  /\b(los|las|nuestros|nuestras|mis|varios|varias|algunos|algunas|ninguno de los|ninguna de las|a ninguno de los|\d{1,4}) (encargad[oa]s|responsables|gerentes|vendedor(es|as)|dependient[ae]s|comerciales|tecnicos|administrativ[oa]s|jefes)\b/u,
].map((pattern) => new LiteralGate(pattern));

// Others told the writer about it: "3 people telling me the code is not found", "users report
// that…", "mi dicono che". The writer is who they told, not whose sign-in fails.
const TOLD_BY_OTHERS = new LiteralGate(
  /\b(tell(ing|s)? (me|us)|told (me|us)|report(ed|ing|s)? (to me|to us|that)|complain\w{0,4}|asked me|m'(a|ont) (dit|signale|ecrit|appele)|me (disent|signale\w{0,3})|(hat|haben) (mir|uns) (gesagt|gemeldet|geschrieben)|melde[nt]?( mir| uns)|me (dicen|dijo|han dicho|comentan|escriben|reportan)|mi (dicono|hanno detto|ha detto|segnala\w{0,3}|scrivono))\b/u,
);

// The writer's own role: "I am a buyer", "je suis consultante", "sono una grafica".
// Taken out of a clause before the third-party patterns read it (the writer is no third party).
// Italian "sono" is also "they are": only with an article.
const WRITER_ROLE = new LiteralGate(
  /\b((i am|i'm|im) (a|an)|je suis( un| une)?|ich bin( ein| eine)?|soy( un| una)?|sono (un|una|uno)) [\p{L}-]{1,24}( [\p{L}-]{1,24})?/gu,
);

// The writer's own login: "my user name", "mi usuario", "il mio utente", "mit meinem Benutzer".
// Taken out of a clause before the third-party patterns read it ("my user" is no colleague).
const OWN_USER_ACCOUNT = new LiteralGate(
  /\b(my|mon|ma|mi|mio|il mio|la mia|mein(em|en)?|with the|avec l'|con el|con il|col|mit dem) (\w{1,20} )?(user ?names?|usernames?|user|logins?|utilisateur|identifiant|usuario|utente|utenza|benutzer(name)?n?|nutzer(name)?n?|account|konto|compte|cuenta)\b/gu,
);

// Nouns of user words that name no person: "client id", "API user", "user name", a tool or a
// part of the product named after its users ("the supplier portal", "the supplier stuff", "la
// gestion des fournisseurs", "Lieferantendaten"; not "une partie des fournisseurs", some of them,
// nor "la liste des fournisseurs qui…", people), a company the writer works for ("the PIM of our
// customer"), or who the writer signs in as ("logged in as another user").
const NOT_A_PERSON = new LiteralGate(
  /\b((supplier|vendor|customer|client|fournisseurs?|lieferanten|proveedor(es)?|fornitor[ei])[ -]?(tool|portal|portail|portale|app|application|side|platform|plateforme|plattform|piattaforma|plataforma|data manager|sdm|stuff|data|section|part|area|module|tab|page|menu|features?|things?|catalog(ue)?|info(rmation)?|records?|list|space|view|screen|daten|bereich|verwaltung|modul|seite|sachen|stammdaten|liste|katalog|reiter|ansicht)s?|(gestion|(?<!\bune )partie|espace|onglet|module|section|rubrique|menu|portail|donnees|fiches?|liste|catalogue|volet|vue|page|trucs?) (des |de |du )?fournisseurs?(?! qui\b)|(of|de|du|des|del|della|dello|von|vom) (our|my|notre|mon|nuestro|mi|nostro|mio|unsere[ms]?|meine[ms]?) (customer|client|cliente|kunden?)s?|as (a |an )?(different|another|other|second|new|separate) (person|user|account)|client[ _-]?(id|secret|credentials|api)|api[ _-]?(user(name)?|client)s?|technical user|service user|user ?name|username|password manager|gestionnaire de mots de passe|passwort-?manager|employee (number|id|code)|collega (il |l'|gli )?(tuo |suo |vostro |mio )?(account|profilo))\b/gu,
);

// Someone who acted for the writer, no one who cannot sign in: "reactivated by a colleague",
// "réinitialisé par un collègue", "von einem Kollegen entsperrt", "da un collega".
const ACTED_BY = new LiteralGate(
  /\b(by|par|von|vom|por|da|dal|dalla) (a |an |my |our |one of our |un |une |mon |ma |notre |einem |einer |meinem |meiner |unserem |unserer |una |mi |nuestro |nuestra |il mio |la mia |un nostro |una nostra )?(colleague|co-?worker|admin|administrator|collegue|collaborat(eur|rice)|kolleg(e|en|in)|administrat(eur|rice)|colega|compa(n|ñ)er[oa]|administrador(a)?|collega|amministrat(ore|rice))s?\b/gu,
);

// The writer's own account named, whoever else is in the sentence: "my colleague tried to log in with my account".
const MY_ACCOUNT = new LiteralGate(/\b(my|mon|mein(em|en)?|mi|il mio) (\w{1,20} )?(account|compte|konto|cuenta|utenza)\b/u);

// A chat line with no pronoun that still speaks of the speaker: "tried twice now, 8:55 and 9:01".
const TERSE_CHAT =
  /^\s{0,5}(tried|still|same|got|getting|no luck|essaye|toujours|encore|versucht|immer noch|probado|sigue|todavia|provato|ancora)\b/u;

// A bug report about the writer: "User: me", "Utilisateur : moi", "Benutzer: ich".
const SELF_REPORT = new LiteralGate(/\b(user|utilisateur|benutzer|usuario|utente)\s{0,3}[:(]\s{0,3}(me|myself|moi|ich|yo|io)\b/u);

// The writer as an administrator: "as admin I…", "je suis administrateur", "soy administrador".
const ADMIN_ROLE = new LiteralGate(
  /\b(as (an? |the )?(pim )?admin(istrator)?|admin here|i'?m the (pim )?admin|i am the (pim )?admin|als admin|ich bin (der |die )?(pim-)?admin\w{0,10}|en tant qu'admin\w{0,10}|je suis (l'|le |la )?admin\w{0,10}|como administrador\w{0,2}|soy (el |la )?admin\w{0,10}|come amministrat\w{0,4}|sono (l'|il |la )?amministrat\w{0,4}|amministro io)\b/u,
);

// The writer among those affected: "me and two other guys", "ich und zwei Kolleginnen".
const INCLUDES_WRITER = new LiteralGate(
  /\b(me and|i and|myself and|and i|and me|including me|moi et|et moi|moi aussi|ich und|und ich|ich auch|yo y|y yo|yo tambien|io e|e io|anche io|anch'io|i'm the|i am the|je suis (le|la|l')|ich bin (der|die)|soy (el|la)|sono (il|la|l'))\b/u,
);

// A phone or voicemail note: its caller is the requester when it names them.
const PHONE_NOTE = new LiteralGate(
  /\b(call note|phone (msg|message|note)|msg taken|message taken|voicemail|call from|caller|rang|called|pls call|please call|call back|telefonnotiz|hat angerufen|ruft an|ruckruf|note d'appel|appel( de| tel)?|a appele|rappeler|mensaje telefonico|llamo|llamada|devolver llamada|telefonata|chiamata|ha chiamato|richiamare)\b/u,
);

// A clause that opens on a bare user noun: "User reports…", "Utilisateur bloqué", "L'utente segnala…",
// "Benutzer kann sich nicht anmelden". Not "user name" (the writer's own login name).
const USER_REPORT = new LiteralGate(
  /^\s{0,5}(the |l'|el |la |il |lo |der |die |le )?(user|utilisat(eur|rice)|benutzer(in)?|nutzer(in)?|anwender(in)?|usuari[oa]|utente|customer|kunde|kundin|cliente)\b(?! ?name| (issue|problem|story|error|bug|request|feedback)s?\b)(?!\s{0,3}[:(]\s{0,3}(me|myself|moi|ich|yo|io)\b)/u,
);

// The writer themself: "I", "my account", "je", "ich", "no puedo", "non riesco", "non vedo".
const FIRST_PERSON_SUBJECT = new LiteralGate(
  /\b(i|i'm|i've|i'd|ive|me|my|myself)\b|\bim (not|locked|stuck|trying|getting|unable|having|still|logged|sure|back|out|the|a|an|new)\b|\b(je|j'\w{1,20}|moi|mon|ma|mes)\b|\b(ich|mich|mir|mein\w{0,20})\b|\b(yo|me|mi|mis|puedo|intente|recibi|estoy|tengo|veo|recibo|entro|consigo|recuerdo|encuentro)\b|\b(io|mi|mio|mia|riesco|posso|ho|vedo|entro|ricevo|trovo|ricordo)\b|\bsono(?! \w{1,20}[ie]\b)/u,
);

// Words saying a sign-in failed or is stuck (not "can open", "sees").
const FAILURE = new LiteralGate(
  /\b(can ?not|can't|cant|couldn't|could not|unable|not able|no longer|won't|wont|doesn't|does not|didn't|didnt|did not|don't|isn't|is not|never|still no|not (coming|arriving|received|working)|nothing (arrived|came)|tried|try|trying|fails?|failed|failing|error|not found|(encountered|have|had|get|got) (this|the same|that) (issue|problem|error)|forgot|forgotten|vergessen|oublie\w{0,2}|olvid\w{1,5}|dimenticat\w{0,2}|locked|blocked|stuck|without access|lost access|not accepted|rejected|denied|n'arrive|ne peu\w{0,20}|impossible|bloquee?s?|essaye|erreur|echoue|nicht|kein\w{0,20}|gesperrt|fehler\w{0,20}|versucht|probiert|ne (re)?(recoi|peu|voi|trouve)\w{0,20}|no (puede|puedo|consigue|funciona|recib\w{0,20}|llega)|bloquead[oa]s?|intent\w{0,20}|non (riesc\w{0,20}|pu[oò]|funziona|ricev\w{0,20}|vedo|entro|arriva)|mai arrivat\w{0,2}|bloccat[oaie]|provato|errore|no (veo|recibo|entro|pudieron|pueden|pudo|logran|consiguen)|nunca)\b/u,
);

// Words of signing in and accounts: a message about them is about someone's sign-in.
const SIGN_IN_TOPIC = new LiteralGate(
  /\b(log ?ins?|logged|logging|sign ?ins?|signed|signing|password|pw|passwd|account|access|credentials|user ?name|locked|verification|confirmation (code|link|e-?mail|mail)|activation (code|link|e-?mail|mail)|verificacion|verifica|verifizierung\w{0,2}|verify|verified|bestatigung\w{0,6}|sdm|get in|back in|i'm in|im in|entrar|ingres\w{0,6}|entrare|accedere|reinkomm\w{0,4}|unblock|unlock|desbloque\w{0,4}|debloque\w{0,4}|entsperr\w{0,4}|sblocc\w{0,4}|connexion|connecte\w{0,20}|mot de passe|mdp|compte|acces|identifiant|anmeld\w{0,20}|einlogg\w{0,20}|passwort|kennwort|konto|zugang|zugriff|entrar|acced\w{0,20}|contrasena|cuenta|sesion|accesso|utenza|credenziali)\b/u,
);

// A login that belongs to no one person: a shared, functional or technical account, or one with
// no mailbox behind it. Its failure has no affected person's address to give (data README:
// the email is that of the affected user).
const SHARED_ACCOUNT = new LiteralGate(
  /\b(shared|functional|technical|generic|service|team|common|device) (login|account|user|username)s?\b|\bno (real |actual |own )?(mailbox|inbox)\b|\b(never (linked|tied) to a|never had (its|an) own|without a|doesn't have a|does not have a) (mailbox|inbox|e-?mail)\b|\b(sans|aucune) (vraie )?(boite|adresse) (mail|e-mail|aux lettres)|\b(que )?no tiene (buzon|correo)|\bsenza (email|e-mail|mail)\b|\bnon ha (una )?(casella|email|mail)|\b(compte|identifiant|utilisateur|login) (partage|generique|technique|fonctionnel|commun)|\bpas de (vraie )?boite (mail|aux lettres)|\b(gemeinsame[nrs]?|technische[nrs]?|funktionale[nrs]?|sammel)-? ?(login|konto|account|benutzer|zugang)|\bkein (eigenes |echtes )?postfach|\b(cuenta|usuario|login) (compartid[oa]|generic[oa]|tecnic[oa])|\bsin (buzon|correo) (propio|real)|\b(utenza|account|utente|login) (condivis[oa]|generic[oa]|tecnic[oa])|\bsenza (casella|mailbox)/u,
);

// A login with no mailbox that the requester alone uses (an agency's login "I have signed in
// with for two years"): their own account, with their address.
const ONE_USERS_LOGIN = new LiteralGate(
  /\b(i'?m the one who uses it|i am the one who uses it|only i use it|i (have )?(signed|sign|logged|log) in (\w{1,20} ){0,3}with the login|j'utilise l'identifiant|je me connecte avec l'identifiant|ich melde mich (\w{1,20} ){0,2}mit dem (login|zugang|benutzer)|uso (el|la) (usuario|cuenta)|entro con (l'utente|l'utenza))\b/u,
);

// The requester's own team mailbox (pim@, catalog@, produktdaten@…), or a login tied to "this
// address": a shared login of that mailbox is the requester's own, with their address.
const TEAM_REQUESTER =
  /^(info|contact|team|pim|ecommerce|e-commerce|marketing|office|catalog|catalogue|catalogo|content|contenu|produit|produkt\w{0,10}|product\w{0,10}|prodotti|productos|imports?|exports?|suppliers?|fournisseurs|proveedores|marketplace|webshop|e?shop|studio|redaktion|stammdaten|data)([._+-][^@]{0,30})?@/iu;
const THIS_MAILBOX = new LiteralGate(
  /\b(this|our|the) (shared |team |functional )?(mailbox|inbox|address)\b|\b(cette|notre) (adresse|boite)|\b(diese[rs]?|unser\w{0,2}) (adresse|postfach|teampostfach|funktionspostfach)\b|\b(este|nuestro) buzon|\besta (misma )?direccion|\b(questa|nostra) casella|\bquesto indirizzo/u,
);

// "the account that belongs to this address", "le compte associé à cette adresse".
const LOGIN_OF_THIS_ADDRESS = new LiteralGate(
  /\b(login|account|user|compte|identifiant|konto|zugang|benutzer|cuenta|usuario|utenza|account)\b[^.\n]{0,50}\b(this|cette|diese[rm]?|esta|questa|questo) (same |meme |misma |stessa )?(address|mailbox|inbox|adresse|boite|postfach|direccion|buzon|casella|indirizzo)\b/u,
);

// Automatic senders (a phishing or billing robot writing to support): nobody's sign-in.
const ROBOT_REQUESTER =
  /^(no-?reply|do-?not-?reply|donotreply|mailer-daemon|postmaster|newsletter|news|notifications?|bounces?)([._+-][^@]{0,30})?@/iu;

// An API connection or integration: a "technical user" there is the requester's own connection
// (data README: their job or connection), not a shared sign-in.
const API_CONTEXT = new LiteralGate(
  /\b(401|403|token|oauth|client (id|secret)|invalid credentials|api (connection|user|call|request)s?|rest api|connector|connecteur|konnektor|connettore|conector|sync|synchro\w{0,10}|schnittstelle|middleware)\b/u,
);

// The requester's own job, connection or notifications failing: "our nightly sync", "mon
// export", "unsere Schnittstelle" (data README: their job or connection is their own case).
const OWN_JOB = new LiteralGate(
  /\b(my|our|mon|ma|mes|notre|nos|mein\w{0,3}|unser\w{0,3}|mi|mis|nuestr[oa]s?|mio|mia|miei|mie|nostr[oaie])\b[^.\n]{0,40}\b(exports?|imports?|sync\w{0,8}|synchro\w{0,10}|connectors?|connecteurs?|konnektor\w{0,2}|connettor[ei]|conector\w{0,2}|connections?|verbindung|conexion|connessione|integrations?|integracion|integrazione|schnittstelle|api|middleware|erp|jobs?|feeds?|flux|channels?|canal|kanal|canale|exportacion\w{0,2}|exportation|esportazion[ei]|importazion[ei]|importacion\w{0,2}|notifications?|benachrichtigung\w{0,2}|notifiche|notificaciones|workflow)\b/u,
);
// A job's result gone wrong, in words that are no sign-in failure: "empty", "wrong locale", "slow".
const JOB_PROBLEM = new LiteralGate(
  /\b(empty|vides?|vacias?|vuot[oaie]|leer|wrong|falsch\w{0,3}|incorrect\w{0,3}|errone\w{0,3}|slow|lente?|langsam|lento|stuck|missing|ignored|ignores|ignoriert|broken|kaputt|casse|roto|rotto|stopped|timeout|hangs?|plante|bloque\w{0,2}|blocc\w{0,4}|401|403|429|too many requests|unauthori[sz]ed|invalid_grant|invalid_client|invalid (token|grant|client)|(token|jeton) (invalid\w{0,2}|expired|expire|abgelaufen|ungultig|caducado|scaduto|non valido|no valido))\b/u,
);

// The writer as the one who acts or undergoes, not as an owner: "I", "je", "ich", "yo", "io", and
// the verb forms that carry it; no possessive ("my colleague" is someone else). English "I" only
// before a verb: Italian "i" is an article ("i PC").
const FIRST_PERSON_ACTOR = new LiteralGate(
  /\bi (am|was|have|had|can|can't|cannot|could|couldn't|do|don't|did|didn't|get|got|tried|try|still|just|never|also|already|only|see|saw|use|used|log|logged|sign|signed|click|clicked|open|opened|receive|received|want|need|needed|started|went|entered|typed|reset|changed|keep|kept|will|would|should|must)\b|\b(i'm|i've|i'd|ive|me|myself)\b|\b(je|j'\w{1,20}|moi|m'a|m'ont)\b|\b(ich|mich|mir)\b|\b(yo|puedo|intente|recibi|estoy|tengo|veo|recibo|entro|consigo)\b|\b(io|riesco|posso|vedo|ricevo)\b|\bho \p{L}{2,16}(ato|uto|ito)\b/u,
);

// "we", "our": the organisation writes, and no single affected person is named.
const FIRST_PERSON_PLURAL = new LiteralGate(
  /\b(we|our|ours|us|nous|notre|nos|wir|unser\w{0,20}|uns|nosotros|nuestr\w{1,20}|noi|nostr\w)\b/u,
);

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
  /** The quoted part (marks removed): its header lines may name the affected user too. */
  quoted?: string;
  requesterEmail: string;
  /** The requester's display name: tells their own chat lines and forwards from a colleague's. */
  requesterName?: string;
  /** The diagnosed issue: only an `other` ticket can be an auto-reply, spam or phishing question. */
  issue?: string;
  /**
   * The learned answer to "is the requester the person whose sign-in failed?" (0–1), from
   * the affected-user model; without it the sentence rules below decide. A function: it is
   * asked only when the text gives no address and the rules do not settle it.
   */
  requesterIsAffected?: () => number;
}

/**
 * The address in the text, or in a forwarded or quoted mail's author line ("From: …",
 * "On …, Lena <lena@…> wrote:"), of someone other than the requester, if any. `notAffectedAfter`:
 * words (folded, up to 40 characters before an address in the text) after which an address is
 * nobody's to escalate with, as a supplier's on an `other` ticket.
 */
export function findAffectedAddress(
  text: string,
  quoteHeaders: string[],
  requesterEmail: string,
  requesterName = '',
  notAffectedAfter?: RegExp,
): string | null {
  const requester = requesterEmail.trim().toLowerCase();
  const names = requesterNameWords({ email: requesterEmail, name: requesterName });
  const forwardedFrom = authorLines(quoteHeaders).flatMap((line) =>
    findEmails(line).map(({ address }) => ({ address, index: -1, source: line })),
  );
  const inText = findEmails(text).map((found) => ({ ...found, source: text }));
  const candidate = [...inText, ...forwardedFrom].find(({ address, index, source }) => {
    const lower = address.toLowerCase();
    if (lower === requester) return false;
    if (ROLE_MAILBOX.test(lower) || isVendorAddress(lower)) return false;
    if (index < 0) return true;
    if (isRequesterNamed(lower, names) && onContactLine(source, index)) return false;
    const before = foldText(source.slice(Math.max(0, index - 40), index));
    return !ROUTING_CONTEXT.test(before) && !notAffectedAfter?.test(before);
  });
  return candidate?.address ?? null;
}

const ADDRESS_NAME_WORD = /\p{L}{3,24}/gu;

/**
 * Is the address the requester's own other one ("ana.ruiz@work.example" of Ana Ruiz writing from
 * a private address): every word of its local part names the requester? On a signature's line
 * (onContactLine) it is then no one else's, and the rules decide whether the writer is the one who
 * cannot sign in; in a sentence ("my account ana.ruiz@… is locked") it is the login at stake.
 */
function isRequesterNamed(address: string, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  const words = foldText(address.slice(0, address.indexOf('@')).replace(LOCAL_PART_SEPARATORS, ' ')).match(ADDRESS_NAME_WORD);
  return words !== null && words.every((word) => names.has(word));
}
const LOCAL_PART_SEPARATORS = /[._+-]/gu;

/** Is the address at `index` on a line of contact data (a signature's), not in a sentence about a login or the writer's account? */
function onContactLine(text: string, index: number): boolean {
  const lineStart = text.lastIndexOf('\n', index) + 1;
  const lineEnd = text.indexOf('\n', index);
  const line = foldText(text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd));
  return !LOGIN_WORD.test(line) && !SIGN_IN_TOPIC.pattern.test(line) && !FIRST_PERSON_SUBJECT.pattern.test(line);
}

/** Whose sign-in the sentence rules see: the writer's, someone else's, or nobody's. */
export type SignInSubject = 'requester' | 'someone-else' | 'nobody';

const NO_NAMES: ReadonlySet<string> = new Set();

/**
 * The sentence rules: the first sentence about signing in with a subject decides ("our intern
 * tried the reset and never got anything" → someone else; "I don't remember my PIM password"
 * → the requester; "our nightly sync fails with 401" → the requester's own connection). Someone
 * else named about signing in, with no sentence of the writer's own, is someone else; a
 * sentence that names the requester ("call from Judith: she cannot log in", sent by Judith) is
 * theirs. A terse report with no one named ("account blocked again!!!") is the writer's own;
 * an organisation's question ("we would like our users to…") is nobody's.
 */
export function signInSubject(folded: string, names: ReadonlySet<string> = NO_NAMES): SignInSubject {
  const reading = readingOf(folded);
  if (ownCase(folded, names)) return 'requester';
  let someoneElseNamed = false;
  const jobTrouble = reading.jobTrouble();
  // An admin's own actions ("as admin I tried to reset it") are no case of their own when a
  // colleague's sign-in is the problem ("Herr Kaya hat sein Passwort vergessen").
  if (reading.has(ADMIN_ROLE) && someoneElsesSignIn(folded, names)) return 'someone-else';
  // A line or sentence that opens on a user noun ("User reports…", "Utilisateur bloqué"), not
  // a field of a bug report ("Contexte : utilisateur SDM"). It may be the writer's own subject
  // line: a later sentence of theirs about a failure still wins.
  someoneElseNamed = folded.split(LINE_OR_SENTENCE).some((line) => reading.has(USER_REPORT, line) && !namesRequester(line, names));
  for (let index = 0; index < reading.sentences.length; index += 1) {
    const sentence = reading.sentences[index]!;
    const failure = reading.failure(index);
    const ownJob = reading.has(OWN_JOB, sentence) && (failure || jobTrouble);
    if (!failure && !ownJob && !reading.topic(index)) continue;
    if (reading.has(MY_ACCOUNT, sentence)) return 'requester';
    if (reading.thirdParty(index)) {
      if (namesRequester(sentence, names)) return 'requester';
      if (failure && !genericUserInTitle(reading, index)) return 'someone-else';
      // "our admin says I've been on the team for ages": someone else acts, the writer is the subject.
      if (!reading.has(FIRST_PERSON_ACTOR, sentence) || toldByOthers(reading, sentence)) someoneElseNamed = true;
      continue;
    }
    // Once someone else is named, "can you tell me what to enter?" is no case of the writer's own.
    if (ownJob || (reading.firstPerson(index) && (failure || !someoneElseNamed))) return 'requester';
  }
  // The writer's own failing sign-in told across the clauses of one sentence outweighs someone
  // merely named ("two issues in our team: first me, I opened…, and got an error").
  if (writesOfOwnSignIn(folded)) return 'requester';
  if (someoneElseNamed || worksForWriter(reading)) return 'someone-else';
  // Nobody in the first person, and a person named ("Frau Albrecht hat den Link im selben Browser
  // geöffnet, jetzt hat die Anmeldung funktioniert"): their sign-in, not the writer's. A person,
  // not a role: "a user with this email exists already" in a bug report is the writer's own error.
  if (!reading.has(FIRST_PERSON_SUBJECT) && reading.has(NAMED_PERSON) && namesOtherPerson(folded, names)) return 'someone-else';
  if ((reading.wholeFailure() || reading.wholeTopic()) && !reading.has(FIRST_PERSON_PLURAL)) return 'requester';
  return 'nobody';
}

// A person named by a title and name ("frau albrecht", "mr. patel", "mme roux", "sig.ra conti"), or
// a first name withNamedColleagues read as a colleague's. Folded.
const NAMED_PERSON = new LiteralGate(
  /\b(herr|frau|mr|mrs|ms|miss|monsieur|madame|mme|mlle|senor|senora|senorita|sr|sra|srta|don|dona|signor|signora|signorina|sig|sig\.ra|dott|dott\.ssa)\.? \p{L}{2,24}\b|\bcolleague\b/u,
);

// NAMED_PERSON's matches, with the name: the requester's own ("Mr Okonkwo" in a note sent by Chinedu Okonkwo) is no one else.
const NAMED_PERSON_NAME =
  /\b(?:herr|frau|mr|mrs|ms|miss|monsieur|madame|mme|mlle|senor|senora|senorita|sr|sra|srta|don|dona|signor|signora|signorina|sig|sig\.ra|dott|dott\.ssa)\.? (\p{L}{2,24})\b|\bcolleague\b/gu;

// A greeting right before a title and name: the person the mail is written to ("dear ms novak,",
// "sehr geehrte frau schmidt", "gentile sig.ra conti"), not one whose sign-in fails. Folded.
const GREETING_BEFORE =
  /\b(dear|hi|hello|hey|good (morning|afternoon|evening)|sehr geehrte[rs]?|geehrte[rs]?|liebe[rs]?|hallo|guten (morgen|tag|abend)|bonjour|bonsoir|salut|cher|chere|hola|buenos dias|buenas tardes|buenas|estimad[oa]s?|querid[oa]s?|gentile|gentilissim[oa]|egregi[oa]|spettabile|buongiorno|buonasera|salve|caro|cara|ciao)\s{1,3}$/u;
// What ends the clause a named person's sentence goes on from, and the sentence.
const NAMED_CLAUSE_BREAK = /[;:,]/u;
const NAMED_SENTENCE_BREAK = /[.!?\n]/u;
// Besides FAILURE and SIGN_IN_TOPIC, what tells of a person's sign-in: "the sign-in worked", "opened the link".
const SIGN_IN_STEP = /\b(sign-in|sign-on|log-in|link|lien|enlace|collegamento)\b/u;

/**
 * Does the (folded) text name a person other than the requester (NAMED_PERSON_NAME), with a
 * sign-in told from that person's clause to the end of the sentence ("Frau Albrecht hat den Link
 * geöffnet, jetzt hat die Anmeldung funktioniert")? Not one greeted ("Dear Ms Novak, the account
 * is blocked"), nor one named after the writer's failure ("Login failed, a colleague has the
 * same") or away from it ("Mr Brown from IT is in cc").
 */
function namesOtherPerson(folded: string, names: ReadonlySet<string>): boolean {
  for (const match of folded.matchAll(NAMED_PERSON_NAME)) {
    if (match[1] !== undefined && names.has(match[1])) continue;
    if (GREETING_BEFORE.test(folded.slice(Math.max(0, match.index - 30), match.index))) continue;
    const before = folded
      .slice(Math.max(0, match.index - 60), match.index)
      .split(NAMED_SENTENCE_BREAK)
      .pop()!;
    const end = match.index + match[0].length;
    const onwards = `${before.split(NAMED_CLAUSE_BREAK).pop()!}${match[0]}${folded.slice(end, end + 200).split(NAMED_SENTENCE_BREAK, 1)[0]!}`;
    if (FAILURE.pattern.test(onwards) || SIGN_IN_TOPIC.pattern.test(onwards) || SIGN_IN_STEP.test(onwards)) return true;
  }
  return false;
}

// "the user" of a bug report's title ("Verification does not log in the user", "Bug: l'utilisateur
// n'est pas connecté"): a role, not a person, when the body tells the writer's own failure.
const GENERIC_USER = new LiteralGate(
  /\b(the|a) user\b|\b(l'|un )utilisat(eur|rice)\b|\b(der|ein) (benutzer|nutzer|user)\b|\b(el|un) usuario\b|\b(l'|un )utente\b/u,
);

/**
 * Whether sentence `index` lies in the text's first line (the ticket's subject), names its
 * person only as a generic user (GENERIC_USER), and a later sentence tells a failure of the
 * writer's own: the title then describes the writer's case in a bug report's words.
 */
function genericUserInTitle(reading: SubjectReading, index: number): boolean {
  const firstLineEnd = reading.folded.indexOf('\n');
  if (firstLineEnd < 0) return false;
  const title = reading.folded.slice(0, firstLineEnd);
  if (!title.includes(reading.sentences[index]!) || !reading.has(GENERIC_USER, reading.sentences[index]!)) return false;
  for (let later = index + 1; later < reading.sentences.length; later += 1) {
    if (!title.includes(reading.sentences[later]!) && reading.failure(later) && reading.firstPerson(later) && !reading.thirdParty(later))
      return true;
  }
  return false;
}

/**
 * Does the clause report what others told the writer, about others ("3 people telling me that
 * the code they got…"), not about the writer ("on m'a dit que j'aurais accès")?
 */
function toldByOthers(reading: SubjectReading, sentence: string): boolean {
  if (!reading.has(TOLD_BY_OTHERS, sentence)) return false;
  const told = TOLD_BY_OTHERS.pattern.exec(sentence);
  return told !== null && !FIRST_PERSON_ACTOR.pattern.test(sentence.slice(told.index + told[0].length));
}

/** Why the text is plainly the requester's own case, or null. */
export type OwnCase = 'my-account' | 'phone-note' | 'own-connection' | 'self-report';

/**
 * Cases the text settles for the requester: their own account named in a sentence about
 * signing in ("my colleague tried to log in with my account"), a phone note that names them
 * as the caller, and their own integration or job failing ("our ERP connector gets 401";
 * data README: their own job or connection).
 */
export function ownCase(folded: string, names: ReadonlySet<string> = NO_NAMES): OwnCase | null {
  const reading = readingOf(folded);
  // The email check asks again for the text signInSubject read: the answer is kept per names.
  if (reading.ownCaseOf?.names !== names) reading.ownCaseOf = { names, found: findOwnCase(reading, folded, names) };
  return reading.ownCaseOf.found;
}

function findOwnCase(reading: SubjectReading, folded: string, names: ReadonlySet<string>): OwnCase | null {
  // "Phone msg: Greg Tanaka called, can't log in", taken down for Greg: his own case. Named in a
  // sentence of the call or of the trouble, not on the sign-off of the one who took the note
  // ("Herr Vogt hat angerufen … Gez. S. Becker", sent by S. Becker).
  if (reading.has(PHONE_NOTE) && namesRequester(folded, names) && phoneNoteNames(reading, names)) return 'phone-note';
  // A job's trouble is often told in the next clause: "our ERP integration (custom connector,
  // REST API) has been getting 401".
  const jobTrouble = reading.jobTrouble();
  // "The Salesforce connector reports invalid_grant since last night": an integration's failure
  // is its owner's, unless a clause says someone else's sign-in fails (a colleague who merely
  // changed something is no one who cannot sign in).
  if (jobTrouble && reading.has(API_CONTEXT) && !someoneElseFails(reading)) return 'own-connection';
  // A bug report's "User: me".
  if (reading.has(SELF_REPORT)) return 'self-report';
  if (reading.has(ONE_USERS_LOGIN) && reading.wholeFailure()) return 'my-account';
  for (let index = 0; index < reading.sentences.length; index += 1) {
    const sentence = reading.sentences[index]!;
    const failure = reading.failure(index);
    if ((failure || reading.topic(index)) && reading.has(MY_ACCOUNT, sentence)) return 'my-account';
    if (reading.has(OWN_JOB, sentence) && (failure || jobTrouble) && !reading.thirdParty(index)) return 'own-connection';
  }
  return null;
}

/** Is the requester named in a sentence that tells of the call or of the sign-in (not only on a sign-off line)? */
function phoneNoteNames(reading: SubjectReading, names: ReadonlySet<string>): boolean {
  return reading
    .wholeSentences()
    .some(
      (sentence) =>
        namesRequester(sentence, names) &&
        (reading.has(PHONE_NOTE, sentence) || reading.has(FAILURE, sentence) || reading.has(SIGN_IN_TOPIC, sentence)),
    );
}

/**
 * Does a clause say that someone else's sign-in fails? Failure first: the third-party patterns
 * are the costliest test of a clause. (A function, not a closure made per ticket: see
 * create-triage.ts, contributions.)
 */
function someoneElseFails(reading: SubjectReading): boolean {
  return reading.sentences.some((_, index) => reading.failure(index) && reading.thirdParty(index));
}

/**
 * Is there a sentence (whole sentences: "Ein Kollege, Herr Schuster, hat sein Passwort
 * vergessen" names him and his trouble in different clauses) where someone other than the
 * requester cannot sign in?
 */
function someoneElsesSignIn(folded: string, names: ReadonlySet<string>): boolean {
  const reading = readingOf(folded);
  return reading
    .wholeSentences()
    .some(
      (sentence) =>
        (reading.has(FAILURE, sentence) || reading.has(SIGN_IN_TOPIC, sentence)) &&
        !namesRequester(sentence, names) &&
        namesSomeoneElse(sentence, reading.literals),
    );
}

const SENTENCE_END = /[.!?]\s/u;

/**
 * Does a clause or sentence (a part of the text of `literals`) name someone other than the
 * writer (once the writer's own nouns are out)? With the people named, for INCLUDES_WRITER.
 */
function namesSomeoneElse(part: string, literals: TextLiterals): boolean {
  const people = withoutWriterNouns(part, literals);
  for (const gate of THIRD_PARTY_SUBJECT) if (testPeople(gate, people, part, literals)) return true;
  return false;
}

/**
 * gate.pattern.test(people), `people` being `part` (of the text of `literals`) without the
 * writer's nouns. With no noun taken out it is still a part of the text, whose literals can
 * skip the pattern; with a noun replaced it may hold words the text does not ("a  b" → "a b").
 */
function testPeople(gate: LiteralGate, people: string, part: string, literals: TextLiterals): boolean {
  return people === part ? literals.test(gate, people) : gate.pattern.test(people);
}

// The writer's own nouns and the nouns that name no person, taken out in this order.
const WRITER_NOUNS = [OWN_USER_ACCOUNT, NOT_A_PERSON, WRITER_ROLE, ACTED_BY];

/** A clause (a part of the text of `literals`) without the nouns that are the writer's own or no person at all, for the third-party patterns. */
function withoutWriterNouns(clause: string, literals: TextLiterals): string {
  let people = clause;
  for (const nouns of WRITER_NOUNS) {
    // One space where a noun went: "many supplier portal users" still reads "many users".
    // Once one is out, the text's literals no longer tell what the clause holds.
    if (people !== clause || literals.mayMatch(nouns, people)) people = people.replace(nouns.pattern, ' ');
  }
  return people.includes('  ') ? people.replace(SPACES, ' ') : people;
}
const SPACES = / {2,}/gu;
const LINE_OR_SENTENCE = /\n|[.!?]\s/u;

/** Counts of the cues the affected-user model weighs (folded text). */
export function subjectCues(folded: string, names: ReadonlySet<string> = NO_NAMES): SubjectCues {
  const reading = readingOf(folded);
  // The affected-user model and the email check both ask: the answer is kept per names.
  if (reading.cuesOf?.names !== names) reading.cuesOf = { names, cues: countCues(reading, names) };
  return reading.cuesOf.cues;
}

export interface SubjectCues {
  firstPerson: number;
  thirdParty: number;
  plural: number;
  failure: boolean;
  topic: boolean;
  ownJob: boolean;
}

function countCues(reading: SubjectReading, names: ReadonlySet<string>): SubjectCues {
  let firstPerson = 0;
  let thirdParty = 0;
  let plural = 0;
  let ownJob = false;
  for (let index = 0; index < reading.sentences.length; index += 1) {
    const sentence = reading.sentences[index]!;
    // "my colleague can't…" speaks of someone else: its "my" is not the writer's own case.
    const named = reading.thirdParty(index) && namesRequester(sentence, names);
    if (reading.thirdParty(index) && !named) thirdParty += 1;
    else if (named || reading.firstPerson(index)) firstPerson += 1;
    if (reading.has(FIRST_PERSON_PLURAL, sentence)) plural += 1;
    if (!ownJob && reading.has(OWN_JOB, sentence)) ownJob = reading.failure(index) || reading.jobTrouble();
  }
  return { firstPerson, thirdParty, plural, failure: reading.wholeFailure(), topic: reading.wholeTopic(), ownJob };
}

/** Does a sentence of the writer's own say that their sign-in fails ("I can't log in", "je suis bloqué")? */
function writesOfOwnSignIn(folded: string): boolean {
  const reading = readingOf(folded);
  // Asked up to three times a ticket (sentence rules, relayed messages, the email check).
  return (reading.ownSignIn ??= readsOwnSignIn(reading));
}

function readsOwnSignIn(reading: SubjectReading): boolean {
  // About signing in and failing, not any first person: "I don't know the answer, so passing
  // it on", "je n'ai pas les droits admin" are no case of their own.
  const clause = reading.sentences.some(
    (sentence, index) =>
      reading.topic(index) &&
      reading.failure(index) &&
      reading.firstPerson(index) &&
      !reading.thirdParty(index) &&
      !reading.has(UNSURE, sentence),
  );
  if (clause) return true;
  // A whole sentence of the writer's own, its parts in different clauses: "I started the new
  // login on my tablet, opened the link on my phone, and got an error".
  return reading
    .wholeSentences()
    .some(
      (sentence) =>
        reading.has(SIGN_IN_TOPIC, sentence) &&
        reading.has(FAILURE, sentence) &&
        reading.has(FIRST_PERSON_ACTOR, sentence) &&
        !reading.has(UNSURE, sentence) &&
        !reading.has(WORKS_FOR_WRITER, sentence) &&
        !namesSomeoneElse(sentence, reading.literals),
    );
}

// The writer's own sign-in works: "it works for me", "bei mir geht es", "chez moi ça marche", "a mí me
// funciona", "a me funziona". The failure told beside it is someone else's. Not a case now solved
// ("now it works for me, thanks": RESOLVED), and not one qualified by where it works ("works for
// me on Chrome but…"), where the writer's failure is told too and wins (writesOfOwnSignIn).
const WORKS_FOR_WRITER = new LiteralGate(
  /\b(works|is working|worked)( fine| perfectly| ok| normally)? (for me|on my (side|end))\b|\b(no (problem|issue)s?|all good|fine) (for me|on my (side|end))\b|\bi (can|could) (log|sign) in (fine|without (any )?(problem|issue)s?|normally)\b|\bbei mir (geht|funktioniert|klappt|lauft)\b|\bbei mir (ist )?alles (gut|ok|in ordnung)\b|\bich kann mich (problemlos|ganz normal|normal|ohne probleme) (an|ein)|\bchez moi (ca |cela |tout )?(marche|fonctionne)\b|\bde mon cote (ca|cela|tout) (marche|fonctionne)\b|\bje (peux|arrive a) me connecter (sans (probleme|souci)|normalement)\b|\ba mi (me )?(funciona|va bien)\b|\bpor mi parte (funciona|todo bien)\b|\byo (si )?puedo entrar (sin problemas?|bien|normalmente)\b|\b(a|da|per) me (funziona|va)\b|\bio riesco ad? (accedere|entrare) (senza problemi|normalmente)\b/u,
);
const RESOLVED = new LiteralGate(
  /\b(now|again|finally|thanks|thank you|jetzt|wieder|endlich|danke|maintenant|de nouveau|enfin|merci|ahora|de nuevo|por fin|gracias|ora|adesso|di nuovo|finalmente|grazie)\b/u,
);

/** A whole sentence in which the writer says their own sign-in works, and no solved case. */
function worksForWriter(reading: SubjectReading): boolean {
  return (
    reading.has(WORKS_FOR_WRITER) &&
    reading.wholeSentences().some((sentence) => reading.has(WORKS_FOR_WRITER, sentence) && !reading.has(RESOLVED, sentence))
  );
}

// The writer unsure what to answer, which is no failure of theirs.
const UNSURE = new LiteralGate(
  /\b(don't know|dont know|do not know|not sure|no idea|i think|je ne sais|je pense|weiss nicht|keine ahnung|ich glaube|no se|no tengo idea|creo que|non so|non ho idea|penso che)\b/u,
);

/** Does a relayed mail (folded) have a clause about a sign-in, with its writer as the subject ("je n'arrive plus à rentrer")? */
function tellsOwnSignIn(words: string): boolean {
  return sentencesOf(words).some(
    (clause) => (FAILURE.pattern.test(clause) || SIGN_IN_TOPIC.pattern.test(clause)) && FIRST_PERSON_SUBJECT.pattern.test(clause),
  );
}

/**
 * A clause's words in a pasted chat or a forwarded mail are their author's. The requester's own
 * chat line about a failure makes it theirs; a colleague's, or a forwarded colleague's mail
 * with no address, makes it someone else's unless the requester also writes of their own.
 */
function relayedSubject(relayed: RelayedMessage, own: string): SignInSubject | null {
  const failing = relayed.chat.filter(
    ({ words, byRequester }) =>
      // Chat lines are no part of the requester's own text: their patterns run ungated.
      (FAILURE.pattern.test(words) || SIGN_IN_TOPIC.pattern.test(words)) &&
      (FIRST_PERSON_SUBJECT.pattern.test(words) || (byRequester && TERSE_CHAT.test(words))),
  );
  if (failing.some(({ byRequester }) => byRequester)) return 'requester';
  const forwarded =
    !relayed.requesterAuthored &&
    relayed.otherAuthors.length > 0 &&
    relayed.otherAuthors.every(({ address, words }) => address === null && (words === undefined || tellsOwnSignIn(words)));
  if ((failing.length > 0 || forwarded) && !writesOfOwnSignIn(own)) return 'someone-else';
  return null;
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
  private job: boolean | undefined;
  /** ownCase's and subjectCues's answers, each for the names it was last asked with. */
  ownCaseOf: { names: ReadonlySet<string>; found: OwnCase | null } | undefined;
  cuesOf: { names: ReadonlySet<string>; cues: SubjectCues } | undefined;
  /** writesOfOwnSignIn's answer. */
  ownSignIn: boolean | undefined;
  private wholeSentenceList: string[] | undefined;
  /** The literals of the text, which skip the patterns that cannot match it or a part of it. */
  readonly literals: TextLiterals;

  constructor(readonly folded: string) {
    this.sentences = sentencesOf(folded);
    this.literals = new TextLiterals(folded);
  }

  /** gate.pattern.test(part) for the text or a part of it (a clause, a sentence, a line). */
  has(gate: LiteralGate, part: string = this.folded): boolean {
    return this.literals.test(gate, part);
  }

  /** Whole sentences (split at . ! ?), for the rules that read a sentence across its clauses. */
  wholeSentences(): string[] {
    return (this.wholeSentenceList ??= this.folded.split(SENTENCE_END));
  }
  failure(index: number): boolean {
    return (this.failures[index] ??= this.has(FAILURE, this.sentences[index]!));
  }
  topic(index: number): boolean {
    return (this.topics[index] ??= this.has(SIGN_IN_TOPIC, this.sentences[index]!));
  }
  thirdParty(index: number): boolean {
    if (this.thirdParties[index] !== undefined) return this.thirdParties[index];
    const clause = this.sentences[index]!;
    const people = withoutWriterNouns(clause, this.literals);
    let third = false;
    for (const gate of THIRD_PARTY_SUBJECT) if ((third = testPeople(gate, people, clause, this.literals))) break;
    return (this.thirdParties[index] = third && !testPeople(INCLUDES_WRITER, people, clause, this.literals));
  }
  firstPerson(index: number): boolean {
    return (this.firstPersons[index] ??= this.has(FIRST_PERSON_SUBJECT, this.sentences[index]!));
  }
  /** A job's or connection's trouble anywhere in the text (JOB_PROBLEM). */
  jobTrouble(): boolean {
    return (this.job ??= this.has(JOB_PROBLEM));
  }
  wholeFailure(): boolean {
    return (this.whole ??= { failure: this.has(FAILURE), topic: this.has(SIGN_IN_TOPIC) }).failure;
  }
  wholeTopic(): boolean {
    return (this.whole ??= { failure: this.has(FAILURE), topic: this.has(SIGN_IN_TOPIC) }).topic;
  }
}

/** The last text read: a ticket's own words are read by the affected-user model, then by the email check. */
let lastReading: SubjectReading | undefined;

function readingOf(folded: string): SubjectReading {
  if (lastReading?.folded !== folded) lastReading = new SubjectReading(folded);
  return lastReading;
}

/** What the rules read of whose sign-in a ticket is about: shared by the email check and the affected-user model. */
export interface WhoseSignIn {
  /** The requester's own words, folded (without pasted forwards and chat lines). */
  own: string;
  /** Words naming the requester. */
  names: Set<string>;
  subject: SignInSubject;
  /** What forwarded mails and pasted chats say, when they settle it. */
  relayed: SignInSubject | null;
  relayedMessage: RelayedMessage;
}

// A capitalised word right before a third person's failure: "Maria cannot sign in", "Jonas kann
// sich nicht anmelden", "weil Jonas sich seit Montag nicht anmelden kann", "Camille n'arrive plus à se connecter". Read on the text as written: folded,
// a first name is no different from any other word. The verbs are those of a person (a German
// "kann sich", a French, Spanish or Italian third person), so a German noun or a product rarely
// stands there; NOT_A_FIRST_NAME, a word the text also writes in lower case and the word before (ARTICLE_BEFORE) take out the rest.
const NAMED_PERSON_FAILS =
  /(?<![\p{L}\p{N}@.'’-])\p{Lu}\p{Ll}{2,20}(?= (?:still |also |too )?(?:(?:can't|can’t|cannot|can not|couldn't|couldn’t|could not)(?! be\b)|is unable|was unable|has been unable|is not able|isn't able|isn’t able|is (?:still )?(?:locked|blocked)|got (?:locked|blocked)|has been (?:locked|blocked)|was (?:locked|blocked)|gets? (?:an? |the )?(?:error|login failed|authentication failed)|keeps getting|never (?:got|received)|has(?:n't|n’t| not) (?:got|gotten|received)|did(?:n't|n’t| not) (?:get|receive)|does(?:n't|n’t| not) (?:get|receive)|forgot (?:her|his) |(?:kann|konnte) sich\b|sich (?:\p{L}{1,20} ){0,4}nicht\b|(?:bekommt|erhält) (?:\p{Ll}{1,20} ){0,3}kein|hat (?:sein|ihr)\p{Ll}{0,2} (?:\p{L}{1,20} ){0,2}vergessen|n['’](?:arrive (?:pas|plus|toujours pas) à|a pas pu|a pas reçu|a jamais reçu)|ne (?:peut|parvient|réussit) (?:pas|plus) (?:à |se |s['’]|accéder|entrer|recevoir)|ne reçoit (?:pas|plus|aucun|jamais)|(?:est|a été) (?:toujours )?bloqué|a oublié son|no (?:puede|pudo|ha podido|consigue|logra) (?:entrar|acceder|iniciar|conectar|loguear|ingresar|recibir|ver)|no (?:recibe|ha recibido|recibió|le llega)|(?:está|sigue|quedó|se ha quedado|ha quedado) bloquead|sigue sin (?:poder|recibir)|(?:olvidó|ha olvidado) su|non (?:riesce|può|è riuscit)|non (?:ha ricevuto|riceve)|(?:è|risulta) (?:ancora )?bloccat|ha dimenticato))/gu;
// Capitalised words there that are no colleague's name (folded): the writer, groups and nobody,
// adverbs that open a sentence, the sign-in's own nouns, products, and user nouns ("Users can't…"),
// which the sentence rules read themselves.
const NOT_A_FIRST_NAME = new Set(
  (
    'she they you who which this that someone somebody anyone anybody everyone everybody nobody none one each all both many some most few several ' +
    'still now today again also just yet even and but then sometimes always somehow unfortunately suddenly currently apparently really actually ' +
    'obviously basically simply however therefore hence thus since yesterday here there everything nothing login password account access profile page site system browser app link code email mail mailbox inbox ' +
    'ich sie wir man ihr niemand jemand keiner einer jeder heute jetzt leider immer noch auch aber dann gestern morgen seit hier dort das der die dies ' +
    'dieser diese wer trotzdem weiterhin momentan aktuell plotzlich wieder konto zugang passwort kennwort profil ' +
    'elle elles ils nous vous personne toujours encore mais cela ceci qui tout tous chacun depuis hier maintenant actuellement malheureusement soudain compte acces connexion identifiant ' +
    'ella ellos ellas usted nadie alguien todavia tampoco aun hoy pero quien ahora ayer nunca tambien actualmente lamentablemente cuenta acceso contrasena ' +
    'lei lui loro nessuno qualcuno ancora oggi anche chi ora adesso ieri purtroppo sempre mai tutti utenza accesso ' +
    'user users people colleagues employees customers editors members admins team benutzer nutzer anwender kunde kunden utilisateur utilisateurs usuario usuarios cliente clientes utente utenti ' +
    'monday tuesday wednesday thursday friday saturday sunday ' +
    'magento shopware bigcommerce woocommerce prestashop navision dynamics oracle jira slack zendesk hubspot sharepoint adobe ' +
    'marketing sales finance purchasing design content ecommerce ' +
    'product products supplier suppliers asset assets cloud data manager portal shop store connect onboarder serenity growth enterprise community edition rest saml ' +
    'akeneo pim chrome firefox safari edge outlook gmail google microsoft windows teams okta azure apple android iphone ipad mac shopify salesforce sap excel'
  ).split(' '),
);
// An article or possessive before the word makes it a noun ("Das System", "Mi Cuenta"), no name.
const ARTICLE_BEFORE =
  /\b(the|my|our|your|their|his|her|a|an|der|die|das|den|dem|des|ein|eine|einer|einem|mein\w{0,2}|unser\w{0,2}|dein\w{0,2}|le|la|les|l'|mon|ma|notre|un|une|el|los|las|mi|su|nuestr[oa]|il|lo|gli|mio|mia|nostr[oa])\s{1,3}$/iu;
/** Does the text hold `lower` as a word of its own? A name is not written in lower case; a noun ("Verification … the verification link") is. */
function writesInLowerCase(text: string, lower: string): boolean {
  for (let at = text.indexOf(lower); at >= 0; at = text.indexOf(lower, at + 1)) {
    const before = text[at - 1];
    const after = text[at + lower.length];
    if ((before === undefined || !LETTER.test(before)) && (after === undefined || !LETTER.test(after))) return true;
  }
  return false;
}
const LETTER = /\p{L}/u;

// Stands for a colleague named by a first name: a word every language's third-party patterns and the model read as someone else.
const NAMED_COLLEAGUE = 'colleague';

// A named person's login: "Tom's account", "Jonas' Konto", "the account of Tom Becker", "le compte de
// Camille", "la contraseña para Lucía", "la password per Giulia". Their sign-in, not the writer's,
// whatever the clause's verb ("please unblock", "pouvez-vous réinitialiser"). Not a company's ("the
// account of Acme GmbH"); not "access for …" or "login for …", whose capitalised word is as often a
// locale or channel ("access for German products"); not German "für"/"von" or a genitive with no
// apostrophe, before which every noun is capitalised ("Zugang für Praktikanten", "Dieses Konto").
const NAMED_OWNER =
  /(?<![\p{L}\p{N}@.'’-])(\p{Lu}\p{Ll}{1,20})(['’]s?)(?= (?:account|login|password|access|Konto|Zugang|Passwort|Kennwort|Account|Login)\b)|\b((?:account|password) (?:of|for) |(?:compte|accès|mot de passe|identifiant|profil) (?:de|d'|d’|pour) |(?:cuenta|acceso|contraseña|usuario|clave|perfil) (?:de|para) |(?:account|accesso|password|utenza|profilo) (?:di|per) )(\p{Lu}\p{Ll}{2,20})(?![\p{L}\p{N}@])(?! (?:GmbH|AG|KG|Ltd|Inc|Corp|LLC|SA|SAS|SARL|SL|SRL|SpA|BV|NV|Group|Company)\b)/gu;

/**
 * The text with each first name that is the subject of a failure (NAMED_PERSON_FAILS) or owns
 * the login at stake (NAMED_OWNER), and is not the requester's (requesterNameWords), written as
 * "colleague": the sentence rules then read someone else's case.
 */
function withNamedColleagues(text: string, names: ReadonlySet<string>): string {
  if (!/\p{Lu}/u.test(text)) return text;
  const isName = (word: string): boolean => {
    const folded = foldText(word);
    return !names.has(folded) && !NOT_A_FIRST_NAME.has(folded) && !writesInLowerCase(text, word.toLowerCase());
  };
  return text
    .replace(NAMED_PERSON_FAILS, (word: string, index: number) =>
      isName(word) && !ARTICLE_BEFORE.test(text.slice(Math.max(0, index - 12), index)) ? NAMED_COLLEAGUE : word,
    )
    .replace(NAMED_OWNER, (found: string, owner?: string, suffix?: string, login?: string, name?: string) => {
      if (owner !== undefined) return isName(owner) ? `${NAMED_COLLEAGUE}${suffix ?? ''}` : found;
      return name !== undefined && isName(name) ? `${login ?? ''}${NAMED_COLLEAGUE}` : found;
    });
}

/** The last reading: the affected-user model and the email check read the same ticket in turn. */
let lastWhose: { key: readonly unknown[]; whose: WhoseSignIn } | undefined;

export function readWhoseSignIn(
  text: string,
  quoted: string,
  quoteHeaders: string[],
  requesterEmail: string,
  requesterName = '',
): WhoseSignIn {
  const key = [text, quoted, quoteHeaders, requesterEmail, requesterName] as const;
  if (lastWhose && sameKey(lastWhose.key, key)) return lastWhose.whose;
  const identity = { email: requesterEmail, name: requesterName };
  const relayedMessage = relayedMessageOf(text, quoted, quoteHeaders, requesterEmail, requesterName);
  const names = requesterNameWords(identity);
  const own = foldText(withNamedColleagues(relayedMessage.ownText, names));
  const whose = { own, names, subject: signInSubject(own, names), relayed: relayedSubject(relayedMessage, own), relayedMessage };
  lastWhose = { key, whose };
  return whose;
}

/** The last relayed-message reading: the email check needs its header lines before it reads whose sign-in it is. */
let lastRelayed: { key: readonly unknown[]; message: RelayedMessage } | undefined;

/** readRelayedMessage of a ticket, kept for the one ticket read last (readWhoseSignIn reads it again). */
function relayedMessageOf(
  text: string,
  quoted: string,
  quoteHeaders: string[],
  requesterEmail: string,
  requesterName: string,
): RelayedMessage {
  const key = [text, quoted, quoteHeaders, requesterEmail, requesterName] as const;
  if (lastRelayed && sameKey(lastRelayed.key, key)) return lastRelayed.message;
  const message = readRelayedMessage(text, quoted, quoteHeaders, { email: requesterEmail, name: requesterName });
  lastRelayed = { key, message };
  return message;
}

function sameKey(kept: readonly unknown[], key: readonly unknown[]): boolean {
  return kept.every((part, index) => part === key[index]);
}

const OWN_CASE_NOTE: Record<OwnCase, string> = {
  'my-account': ' (their own account)',
  'phone-note': ' (a phone note naming them)',
  'own-connection': ' (their own connection or job)',
  'self-report': ' (their own bug report)',
};

// A terse report: at most this many words of the requester's own.
const TERSE_WORDS = 30;
const TERSE_WORD = /\p{L}{2,24}/gu;

/** At most TERSE_WORDS words (TERSE_WORD): counted up to one more, not all matched into an array. */
function isTerse(folded: string): boolean {
  TERSE_WORD.lastIndex = 0;
  let words = 0;
  while (TERSE_WORD.exec(folded) !== null) if (++words > TERSE_WORDS) return false;
  return true;
}

const NO_AFFECTED_REASON: Record<NoAffectedUserKind, string> = {
  'auto-reply': 'An automatic reply (out of office): it reports nobody’s sign-in.',
  'suspicious-mail': 'A question about a suspicious mail: it reports nobody’s sign-in.',
  marketing: 'Marketing mail: it reports nobody’s sign-in.',
};

/**
 * Support needs the address of the person who cannot sign in (troubleshooting page, "Where to
 * look for more information"). It is present when the text gives such an address, or when the
 * requester writes about their own sign-in (data README, `label.missing`).
 */
export function checkEmail({
  text,
  quoteHeaders = [],
  quoted = '',
  requesterEmail,
  requesterName = '',
  issue,
  requesterIsAffected,
}: EmailCheckInput): EscalationCheck {
  // Spam and auto-replies have no affected user even when they carry addresses (data README).
  // The quoted part too: a forwarded spam or phishing mail is read whole.
  const kind = noAffectedUser(foldText(quoted ? `${text}\n${quoted}` : text), issue === undefined || issue === 'other');
  if (kind) return { present: false, reason: NO_AFFECTED_REASON[kind] };
  if (ROBOT_REQUESTER.test(requesterEmail.trim()))
    return { present: false, reason: 'Sent by an automatic mailbox: it reports nobody’s sign-in.' };
  // The quoted part counts: a forwarded colleague often gives their own address ("my email is …").
  // Looked for before the sentence rules read whose sign-in it is: an address settles it.
  const headerLines = relayedMessageOf(text, quoted, quoteHeaders, requesterEmail, requesterName).headerLines;
  // An address in a billing question is where invoices go ("send future invoices to ap@…"), no
  // affected user's; on an `other` ticket, one right after a supplier is the supplier's ("I
  // invited our supplier orders@… to SDM"): data README, billing questions and suppliers'
  // accounts have no affected user.
  const other = issue === undefined || issue === 'other';
  const billing = other && isBillingOnly(foldText(text));
  const address = billing
    ? null
    : findAffectedAddress(
        quoted ? `${text}\n${quoted}` : text,
        headerLines,
        requesterEmail,
        requesterName,
        other ? SUPPLIER_BEFORE : undefined,
      );
  if (address) return { present: true, found: maskEmail(address), reason: 'The message gives the address of the affected user.' };
  const whose = readWhoseSignIn(text, quoted, quoteHeaders, requesterEmail, requesterName);
  const requester = requesterEmail.trim().toLowerCase();
  if (RELAY_MAILBOX.test(requester)) {
    return {
      present: false,
      reason: 'The requester is a help desk or phone mailbox passing on someone’s problem, and gives no address of theirs.',
    };
  }
  const { own, names, subject, relayed } = whose;
  const reading = readingOf(own);
  // A team mailbox writing about the login of its own address ("the account tied to this
  // address, pim@…"): the requester's address is the affected account's.
  if (TEAM_REQUESTER.test(requester) && (namesOwnAddress(text, requester) || reading.has(LOGIN_OF_THIS_ADDRESS)))
    return requesterCounts(requester, ' (their own team mailbox’s login)');
  if (
    reading.has(SHARED_ACCOUNT) &&
    !TEAM_REQUESTER.test(requester) &&
    !reading.has(THIS_MAILBOX) &&
    !reading.has(API_CONTEXT) &&
    !reading.has(ONE_USERS_LOGIN)
  ) {
    return { present: false, reason: 'The login that fails is a shared or technical account with no person’s address, and none is given.' };
  }
  const settled = ownCase(own, names);
  // A phone note's caller on a billing or how-to question is no sign-in case of theirs.
  if (settled && !(settled === 'phone-note' && issue === 'other')) return requesterCounts(requester, OWN_CASE_NOTE[settled]);
  if ((issue === undefined || issue === 'other') && tenantWide(own)) {
    return { present: false, reason: 'Something that happens to everyone on the tenant: no one user is affected.' };
  }
  // Only with no word of signing in or accounts: "my account is locked since the payment failed" is the writer's own.
  if ((issue === undefined || issue === 'other') && reading.has(BILLING) && !reading.wholeTopic()) {
    return { present: false, reason: 'A billing question: it reports nobody’s sign-in.' };
  }
  if (relayed === 'requester') return requesterCounts(requester, ' (their own line of the pasted chat)');
  if (relayed === 'someone-else') {
    return { present: false, reason: 'The requester passes on a colleague’s forwarded or pasted message, with no address of theirs.' };
  }
  // Someone else named as the one who cannot sign in, and the writer never speaking of
  // themself, settles it (data README: an admin writing about someone else without their
  // address leaves it missing). With both, the affected-user model weighs them.
  const cues = subjectCues(own, names);
  // On an `other` ticket the writer often names others about their own data ("my editors'
  // proposals stay blocked"): there only a text with no sentence of theirs settles it.
  if (subject === 'someone-else' && (issue === 'other' ? cues.firstPerson === 0 : !writesOfOwnSignIn(own))) {
    return { present: false, reason: 'The requester writes about someone else and gives no address of theirs.' };
  }
  // A number of people named as the ones affected, on a sign-in issue, and no sign-in of the
  // writer's own failing: "around 8 users are affected", "insgesamt 6 Personen", "plusieurs
  // utilisateurs" (data README: an admin writing about "several users" leaves the email missing).
  if (
    issue !== undefined &&
    issue !== 'other' &&
    reading.has(SEVERAL_PEOPLE) &&
    !reading.has(WRITER_AMONG_THEM) &&
    !writesOfOwnSignIn(own)
  ) {
    return { present: false, reason: 'The requester writes about several users and gives no address of theirs.' };
  }
  // A few words about a failing sign-in with nobody else in them ("still no verification mail",
  // "didnt get the mail, checked spam") are the writer's own, pronoun or not.
  if (issue !== undefined && issue !== 'other' && subject === 'requester' && cues.thirdParty === 0 && isTerse(own)) {
    return requesterCounts(requester, ' (a short report of their own)');
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

// Something that happens to everybody: "returns 503 for everyone in the company", "pour tout le monde".
const TENANT_WIDE = new LiteralGate(
  /\b(for (everyone|everybody|all (of )?us|all (our )?users)|everyone in the (company|team|office)|(the )?whole (company|team)|pour tout le monde|pour tous (nos|les) utilisateurs|fur alle|bei allen( benutzern| kollegen)?|para todos|a todos (los usuarios)?|per tutti|a tutti (gli utenti)?)\b/u,
);
const OUTAGE = new LiteralGate(
  /\b(50\d|404|down|crawl\w{0,4}|unavailable|indisponible|nicht erreichbar|no disponible|non disponibile|slow|lent|langsam|lento|broken|casse|kaputt|roto|rotto)\b/u,
);

// Invoices, payments and subscriptions (data README: billing questions have no affected user).
const BILLING = new LiteralGate(
  /\b(invoices?|billing|billed|payments?|subscriptions?|renewal|licen[cs]e (fee|cost|price)s?|pricing|credit card|purchase order|refund|rechnung\w{0,4}|zahlung\w{0,3}|abrechnung|gutschrift|factures?|facturation|paiement|devis|remboursement|facturas?|facturacion|pagos?|suscripcion|presupuesto|reembolso|fattur[ae]|fatturazione|pagamento|abbonamento|preventivo|rimborso)\b/u,
);

// A supplier named in the words right before an address, in its sentence ("our supplier
// orders@…", "notre fournisseur (commandes@…)"), not the product named after them ("Supplier Data
// Manager"; "Lieferantenportal" is one word), also after a comma ("our new supplier, Blumenhof
// (orders@…)"). Not when one of our own is named in between ("since we onboarded the new
// supplier, our editor anna@…"), nor a supplier word naming our own staff or things ("our
// supplier manager anna@…", "the supplier import job of anna@…", "responsable fournisseurs
// anna@…"). Folded.
const SUPPLIER_BEFORE =
  /(?<!\b(responsable|responsabile|gestionnaire|gestor[a]?|manager|head)( (of|des|de|de los|dei|degli|delle))? )\b(suppliers?|fournisseurs?|lieferant(en|in|innen)?|proveedor(es)?|fornitor[ei])\b(?! (data manager|manager|management|team|portal|import|export|file|job|onboarding|relations?)\b)(?:(?!\b(?:our|my|notre|mon|ma|mes|nos|unser\w{0,3}|mein\w{0,3}|nuestr[oa]s?|mis?|nostr[oaie]|mio|mia|miei)\b)[^.!?\n;]){0,30}$/u;

// Several people counted (folded): "8 users", "several colleagues", "six de nos utilisateurs", "mehrere Kollegen", "varios usuarios", "diversi utenti".
const SEVERAL_PEOPLE = new LiteralGate(
  /\b(\d{1,4}|two|three|four|five|six|seven|eight|nine|ten|several|many|multiple|deux|trois|quatre|cinq|six|sept|huit|dix|plusieurs|zwei|drei|vier|funf|sechs|sieben|acht|neun|zehn|mehrere|dos|tres|cuatro|cinco|seis|siete|ocho|varios|varias|due|tre|quattro|cinque|sei|sette|otto|diversi|diverse|parecchi)( (of )?(our|my|the|de nos|de mes|unserer|meiner|der|de (nuestros|mis|los)|(dei )?nostri|dei miei))? (\w{1,20} )?(users|colleagues|people|persons|employees|members|utilisat(eurs|rices)|collegues|collaborat(eurs|rices)|personnes|employes|benutzer(innen)?|nutzer(innen)?|kolleg(en|innen)|mitarbeiter(innen)?|personen|leute|usuarios|companeros|companeras|empleados|personas|utenti|colleghi|colleghe|dipendenti|persone)\b/u,
);

// The writer counted among them: "at least 6 users, incl. me", "moi compris", "mich eingeschlossen",
// "yo incluido", "me compreso"; "me among them", "dont moi", "darunter ich", "entre ellos yo", "tra
// cui io"; the writer beside the others ("me and 5 colleagues", "mes 4 collègues et moi", "ich und
// 5 Kollegen", "yo y 5 compañeros", "io e 5 colleghi"); "we are 8 users", "nous sommes 8
// utilisateurs", "wir sind 8 Benutzer", "somos 8 usuarios", "siamo 8 utenti".
const WRITER_AMONG_THEM = new LiteralGate(
  /\b(including (me|myself)|incl\.? me|(me|myself) included|moi compris|y compris moi|(mich|mir) eingeschlossen|inklusive mir|einschliesslich mir|(me|yo) incluid[oa]|incluid[oa] yo|(me|io) compres[oa]|compres[oa] io|(me|myself) among them|i(?: am|'m|’m) one of them|dont moi|moi parmi eux|darunter (auch )?ich|entre ell[oa]s yo|yo entre ell[oa]s|tra cui (anche )?(io|me))\b|\b(me|i|moi|ich|yo|io) (and|et|und|y|e) (\w{1,20} ){0,2}(others|autres|andere[n]?|otr[oa]s|altri|altre|users|colleagues|people|utilisat(eurs|rices)|collegues|collaborat(eurs|rices)|personnes|benutzer(innen)?|nutzer(innen)?|kolleg(en|innen)|mitarbeiter(innen)?|personen|usuarios|companer[oa]s|personas|utenti|colleghi|colleghe|persone)\b|\b(users|colleagues|people|utilisat(eurs|rices)|collegues|collaborat(eurs|rices)|personnes|benutzer(innen)?|nutzer(innen)?|kolleg(en|innen)|mitarbeiter(innen)?|personen|usuarios|companer[oa]s|personas|utenti|colleghi|colleghe|persone) (and|et|und|y|e) (i|me|myself|moi|ich|yo|io)\b|\b(we are|we['’]re|nous sommes|wir sind|somos|siamo) (\w{1,12} ){0,2}(users|colleagues|people|persons|employees|utilisat(eurs|rices)|collegues|collaborat(eurs|rices)|personnes|benutzer(innen)?|nutzer(innen)?|kolleg(en|innen)|mitarbeiter(innen)?|personen|leute|usuarios|companer[oa]s|personas|utenti|colleghi|colleghe|persone)\b/u,
);

/** A billing question with no word of signing in or accounts (BILLING, SIGN_IN_TOPIC; folded text). */
function isBillingOnly(folded: string): boolean {
  const reading = readingOf(folded);
  return reading.has(BILLING) && !reading.wholeTopic();
}

/** Is a sentence about trouble for everyone (data README: tenant-wide, no affected user)? */
function tenantWide(folded: string): boolean {
  const reading = readingOf(folded);
  return reading
    .wholeSentences()
    .some((sentence) => reading.has(TENANT_WIDE, sentence) && (reading.has(OUTAGE, sentence) || reading.has(FAILURE, sentence)));
}

/** Does the text give the requester's own address, other than as one to reply to? */
function namesOwnAddress(text: string, requester: string): boolean {
  return findEmails(text).some(({ address, index }) => {
    if (address.toLowerCase() !== requester) return false;
    if (ROUTING_CONTEXT.test(foldText(text.slice(Math.max(0, index - 40), index)))) return false;
    // In a sentence about a login ("the account tied to this address, pim@…"), not alone on a signature line.
    const lineStart = text.lastIndexOf('\n', index) + 1;
    const lineEnd = text.indexOf('\n', index);
    const line = foldText(text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd));
    return LOGIN_WORD.test(line) || SIGN_IN_TOPIC.pattern.test(line);
  });
}

const LOGIN_WORD =
  /\b(log ?ins?|sign ?in|account|user|benutzer|konto|zugang|compte|identifiant|utilisateur|cuenta|usuario|utenza|utente|anmeld\w{0,8}|connect\w{0,8}|conect\w{0,8}|collega\w{0,8})\b/u;

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
