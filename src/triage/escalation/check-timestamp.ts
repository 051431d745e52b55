import { createRequire } from 'node:module';
import type * as chrono from 'chrono-node';
import type { EscalationCheck, Language } from '../diagnosis.js';
import { foldText } from '../fold-text.js';

// chrono-node's main entry imports all 16 of its locales: over 500 ES modules, about 0.5 s of
// start-up under tsx's loader. We read five. Each locale's CommonJS build (the same code as
// the ES one) loads through require in about 40 ms for all five. The compiled build bundles
// exactly `chrono-node/<language>` for LANGUAGES (scripts/build.ts, bundleChronoLocales) and
// exports nothing else of chrono's: require no other path of it here (the compiled-service test
// reads a time in each language through the build).
const require = createRequire(import.meta.url);
const casual = (locale: Language): chrono.Chrono => withPatternsBuiltOnce((require(`chrono-node/${locale}`) as typeof chrono.en).casual);

/**
 * A copy of a chrono parser set whose parsers build their regular expression once. Ten parsers
 * of the French, German and Spanish locales (FRCasualDateParser, FRTimeUnitAgoFormatParser,
 * DECasualTimeParser…) return a new RegExp from `innerPattern()` on every call, so chrono's own
 * pattern cache never hits and every parse builds and looks up 20 expressions again: 40 µs of a
 * French parse of one short line, against 16 µs with the patterns kept. A parser's pattern
 * depends only on the parser and the parse options' `forwardDate` (we pass none), so it is kept
 * per value of that option: the same expressions, the same matches.
 */
export function withPatternsBuiltOnce(original: chrono.Chrono): chrono.Chrono {
  const copy = original.clone();
  copy.parsers = original.parsers.map((parser) => {
    const built = new Map<boolean, RegExp>();
    return {
      pattern(context) {
        const forwardDate = Boolean(context.option.forwardDate);
        let pattern = built.get(forwardDate);
        if (!pattern) {
          pattern = parser.pattern(context);
          built.set(forwardDate, pattern);
        }
        return pattern;
      },
      extract: (context, match) => parser.extract(context, match),
    };
  });
  return copy;
}

// Each locale is loaded when a ticket in its language first needs it (a few ms each).
const PARSERS: Partial<Record<Language, chrono.Chrono>> = {};
const parserOf = (language: Language): chrono.Chrono => (PARSERS[language] ??= casual(language));

// Relative times of hour precision that chrono's locales miss ("hace 10 minutos", "2 hrs ago").
const RELATIVE_RECENT =
  /\b(hace|il y a|vor|ago|fa)\b[^.\n]{0,20}\b(\d{1,3}\s{0,3}|(un[ae]?|a|an|ner|few|quelques|einigen|wenigen|unos|pochi|qualche|une (dizaine|quinzaine|vingtaine|trentaine) de)\s{1,3})(min(?:s|utes?|uten|utos?|uti)?\b|hora\w{0,3}|heure\w{0,3}|stunde\w{0,3}|or[ae]\b|hour\w{0,3})|\b(\d{1,3}\s{0,3}|(a|an|few|half an)\s{1,3})(min(?:s|utes?|uten|utos?|uti)?\b|hours?|hrs?|h)\s{1,3}ago\b|\b\d{1,3}\s{0,3}(minut\w{0,5}|or[ae])\s{1,3}fa\b|\b(vor|hace)\s{1,3}(etwa |ca\.? |ungefahr |rund |knapp |gut |casi |mas o menos |cerca de |aproximadamente )?(einer( halben)?|einem|ner|una|media)\s{1,3}(stunde|hora)\b|\b(un'|mezz')ora\s{1,3}fa\b|\b(it'?s been|it has been|for the (last|past)|ca fait|cela fait|depuis|seit|desde hace|llevo|lleva|da)\s{1,3}(about |around |almost |nearly |over |environ |presque |plus d'|pres d'|etwa |ca\.? |ungefahr |knapp |uber |unos |casi |mas de |circa |quasi |piu di )?(\d{1,3}\s{0,3}|(an|a|half an|one|two|three|une|deux|trois|einer|einem|zwei|drei|una|dos|tres|due|tre|mezz')\s{1,3}|un'|mezz')(min(?:s|utes?|uten|utos?|uti)?\b|mn\b|hours?\b|hrs?\b|heures?\b|stunden?\b|std\b|horas?\b|or[ae]\b)/u;
// Word amounts need a space before the unit: "a hora" is "an hour", "ahora" is "now".
// Minutes are the words for them ("min", "minutes", "Minuten", "minutos", "minuti"): not
// "minor", "minimum" or "minima" ("seit einem Minor-Update", "da una minima modifica").
// "It's been 45 minutes", "ça fait une heure", "seit 30 min", "da un'ora": a duration up to now
// says when it started, to the hour, like "locked out for 30 minutes".
// The same words that also make verbs ("ich habe vor", "me hace esperar") need the amount right
// after them, or after "about": "vor (etwa) einer Stunde", "hace (casi) una hora", "un'ora fa".

// A European clock ("10h30", "9h05", "13 h 05", "vers 13 h") in any language: the English parser alone misses it.
// After a time preposition of any of the five languages: "since 15h", "sobre las 16h", "gegen 15h".
// After a word of approximation a bare "2h" is rather an amount of hours ("lost about 2h", "takes
// around 3h", "perdimos sobre 2h"), and "from 8h to 18h" opening hours: there only an afternoon
// hour counts ("around 15h").
const H_CLOCK =
  /\b([01]?\d|2[0-3]) ?h ?[0-5]\d\b|\b(vers|a|depuis|des|entre|sur les|a partir de|at|since|seit|gegen|um|ab|las|desde|alle|dalle|verso le|intorno alle)\s{1,3}([01]?\d|2[0-3]) ?h( ?[0-5]\d)?\b|\b(around|about|hacia|sobre|verso)\s{1,3}(1[3-9]|2[0-3]) ?h\b/gu;

// Words before a number that make it no time of day: a code or an address ("code XR 12h45",
// "rue du Port 10h30"), a wait or a deadline ("waited 1h30", "within 1h30").
const CODE_BEFORE =
  /\b(ref|reference|code|sku|lot|article|artikel|nr|n°|rue|street|road|avenue|strasse|str|via|calle)\.?\s{1,3}([\p{L}\d-]{1,12}\s{1,3}){0,2}$/u;
const WAIT_BEFORE =
  /\b(within|in|for|during|dans|sous|pendant|d'ici|innerhalb|binnen|fur|wahrend|en|dentro de|durante|entro|tra|fra|per|waited|wait|waiting|attendu|attendre|gewartet|warten|esperado|esperar|aspettato|aspettare)\s{1,3}$/u;

// An hour with no clock mark, told on a day after a time preposition ("this morning around 9",
// "oggi verso le 15", "heute gegen 14") or after a preposition that only takes hours ("verso le 17",
// "alle 9", "a las 17"), followed by what ends a time phrase: punctuation, a clock word, a
// conjunction, a pronoun, an article or a verb; not by what the number would count ("today about
// 5 colleagues", "ce matin vers 10 fournisseurs", "alle 17 persone").
const HOUR_TOLD =
  /(\b(today|this (morning|afternoon|evening)|tonight|yesterday|aujourd'hui|ce (matin|soir)|cet apres-midi|hier|heute( morgen| fruh| nachmittag)?|gestern|hoy|esta (manana|tarde|noche)|ayer|oggi|stamattina|stamane|stasera|ieri)\b[^.\n]{0,30}?\b(around|about|at|vers|sur les|gegen|um|hacia las|sobre las|a las|verso le|alle|intorno alle)|\b(verso le|intorno alle|alle|a las|hacia las|sobre las))\s{1,3}([01]?\d|2[0-3])(?=\s{0,3}([.,;:!?)]|$)|\s{1,3}(o'?clock|uhr|heures?|horas?|ore|am|pm|and|et|und|y|e|i|it|the|my|we|she|he|they|je|j'|on|il|elle|la|le|les|ich|es|der|die|das|kam|war|wurde|ging|habe|hatte|hat|bekam|erschien|kommt|ist|yo|me|mi|el|lo|se|io|ho|ha|si|c'|ca)\b)/gu;
// The same hour told before its day: "he tried at 11 today", "um 14 heute", "a las 9 ayer", "alle 15 oggi".
const HOUR_THEN_DAY =
  /\b(at|around|about|vers|sur les|gegen|um|hacia las|sobre las|a las|verso le|alle|intorno alle)\s{1,3}([01]?\d|2[0-3])\s{1,3}(today|this (morning|afternoon|evening)|yesterday|aujourd'hui|ce (matin|soir)|cet apres-midi|hier|heute|gestern|hoy|esta (manana|tarde|noche)|ayer|oggi|stamattina|stamane|ieri)\b/gu;
// Spelled-out clocks: "half past two", "quarter to ten", "halb neun", "viertel nach drei".
const WORD_CLOCK =
  /\b(half past|quarter past|quarter to) (one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b|\b(halb|viertel nach|viertel vor|dreiviertel) (eins|zwei|drei|vier|funf|sechs|sieben|acht|neun|zehn|elf|zwolf)\b/gu;

// A deadline is no time of a failure: "within 24h", "in 24 Stunden", "dans les 24 heures",
// "entro 24 ore", "en 24 horas". (A duration up to now, "locked out for 30 minutes", still counts.)
const DEADLINE =
  /^(within|in|in the next|dans|dans les|sous|d'ici|innerhalb( von)?|binnen|in den nachsten|en|en las proximas|dentro de|entro|tra|fra)\s{1,3}(\d{1,3}|un[ae]?|a|an|einer|una|uno)\s{0,3}(h|hrs?|hours?|heures?|stunden?|std|horas?|ore|ora|min\w{0,10})\b/u;
// Words that make a phrase a past time: no deadline.
const PAST_MARK = /\b(ago|fa|hace|vor|il y a)\b/u;

// A lone number after "a", with no clock mark (":", "h", "uhr", am/pm, "las"): not a time.
const BARE_A_NUMBER = /^\s{0,3}a\s{1,3}\d{1,2}\s{0,3}$/u;

// A phrase with a clock mark ("10:42", "14h", "3pm", "14 Uhr"): the rest of its numbers may be a date.
const CLOCK_IN_PHRASE = /\d\s{0,2}[:h.]\s{0,2}\d|\d\s{0,3}(am|pm|a\.m|p\.m|uhr|h|o'?clock|heures?|horas?|ore)\b/u;
// The one number of a phrase, when it cannot be an hour ("j'en suis à 200 mails"). Not a day or a
// year with an hour after it: "30 November at 9", "2026-11-30 at 9".
const NO_HOUR_NUMBER =
  /^\D{0,40}\b(2[5-9]|[3-9]\d|\d{3,})\b(?!\s{0,3}(min|mn|hour|hr|h\b|heure|stund|std|hora|or[ae]|minut))(?!\D{0,40}\d)/u;
// An amount of time that is no point in time: "after 15 minutes", "24 hours later", "una demo de
// 30 minutos". (A duration up to now, "for 30 minutes", "depuis 2 heures", still counts.)
const DURATION_ONLY = /^(de|of|after|apres|nach|despues de|dopo|tras)\s|\b(later|plus tard|spater|despues|dopo|mas tarde|piu tardi)\b/u;
// "après 1 h 30", "after 1h30", "nach 2h15": a wait of a few hours and minutes, written like a
// clock. After such a word an hour under 4 is read as the wait (nobody reports a failure at 1:30 at
// night with "after"); "après 14h30" stays a time.
const AFTER_WORD = /^(after|apres|nach|dopo|tras)$/u;
const SHORT_HOURS_MINUTES = /^[0-3]\s{0,2}h\s{0,2}[0-5]\d(?!\d)/u;
/** Whether `clock`, with `wordBefore` (precedingWord) before it, is such a wait. */
const waitWrittenAsClock = (wordBefore: string, clock: string): boolean => AFTER_WORD.test(wordBefore) && SHORT_HOURS_MINUTES.test(clock);
// How long a link stays valid or a lock lasts, not since when it fails: "only valid for 30
// minutes", a page's "Blocked for 2 hours", "gesperrt für 2 Stunden". ("Locked out for 30
// minutes" and "I have been blocked for 2 hours" still count: the writer has been out that long.)
const HOW_LONG_IT_LASTS =
  /^(valid|good|usable|active|blocked|locked|disabled|suspended|banned|valable|bloquee?|verrouillee?|suspendue?|gultig|gesperrt|blockiert|valido|valida|bloquead[oa]|bloccat[oa]|sospes[oa])$/u;
const FOR_SPAN = /^(for|pendant|fur|durante|per)\s/u;
// "I have been blocked for 2 hours", "je suis bloqué depuis…": a lock that has lasted up to now still says when it began.
const UP_TO_NOW = /\b(been|ete|seit|depuis|desde|llevo|lleva|stato|stata)\b[^.\n]{0,20}$/u;
// A word that makes the time a deadline: "before 3pm", "by 6pm", "avant 17h", "bis 18 Uhr".
const DEADLINE_WORD = /^(by|before|avant|bis|antes|prima|entro)$/u;
// "until 4pm" is a time ahead ("he is in workshops until 4pm"), but after a past verb it is when
// the trouble began ("worked until 3pm, then Login failed", "was fine till 10am").
const UNTIL_WORD = /^(until|till|jusqu'a|jusqu'à|hasta|fino)$/u;
const PAST_BEFORE_UNTIL =
  /\b(worked|went|ran|functioned|marchait|fonctionnait|allait|lief|klappte|funktionierte|funcionaba|iba|andaba|funzionava|andava)\b/u;
// The same past of working, told after the time, in its clause: "until 2:30pm everything worked",
// "bis 14:30 Uhr ging alles", "jusqu'à 14h30 tout marchait", "hasta las 14:30 funcionaba todo".
const WORKED_UP_TO =
  /^[^.!?]{0,30}\b(worked|was (fine|ok|okay|working)|went (fine|well)|ran (fine|ok)|marchait|fonctionnait|allait bien|ging|lief|klappte|funktionierte|war (alles )?(ok|gut|in ordnung)|funcionaba|iba bien|andaba|funzionava|andava)\b/u;
// A German date ("24.11.2026", "2.12.26") is no version number.
const DOTTED_DATE = /^(0?[1-9]|[12]\d|3[01])\.(0?[1-9]|1[0-2])\.(\d{4}|\d{2})\b/u;

// A time the writer looks ahead to is no time of a failure (data README: the time of the failed
// attempt): a call-back or an appointment ("call me at 3pm", "j'ai le rdv de lancement à 14h",
// "morgen um 10 Uhr", "richiamatemi alle 14:30") or when they can be reached ("ich bin ab 14 Uhr
// erreichbar"), or a try to come ("I'll try again at 3pm", "je réessaierai à 15h", "voy a
// intentarlo a las 15:00", "riproverò alle 15"). Read in the time's own sentence: words of the
// future before the time or in it (the last of them governs the time: global, read with
// matchAll), words of being reachable right after it.
const FUTURE_BEFORE =
  /\b(tomorrow|tmrw|demain|morgen|ubermorgen|manana|domani|call me|call us|call back|ring me|reach me|rappele[rz]|rappelle[rz]?|rappelez-moi|rappelle-moi|ruckruf|zuruckrufen|rufen sie (mich|uns)|llam(eme|enme|adme|arme|arnos)|devolver la llamada|richiam\w{0,6}|chiamatemi|chiamami|rdv|rendez-vous|appointment|termin|cita|appuntamento|i will|i'll|we will|we'll|(i am|i'm|we are|we're) going to|(je|j'|nous) ?\p{L}{2,15}(erai|irai|erons|irons)|(je vais|nous allons|voy a|vamos a) \p{L}{2,15}(er|ir|re|ar)|(lo|la) (intentare|probare)|phone me|contact me|contact us|(ri)?provero|ritentero|(potete|puoi|potreste|puo|potrebbe) (mi )?chiamar\w{0,3})\b|\b(i have|i've got|we have|we've got|j'ai|nous avons|ich habe|habe ich|wir haben|haben wir|tengo|tenemos|ho|abbiamo)\s{1,3}(?!(had|eu|fait|avuto|fatto|tenuto|finito|terminato|termine|fini)\s)([\p{L}']{1,15}\s{1,3}){0,2}(meeting|call|demo|presentation|training|webinar|workshop|go-?live|launch|reunion|formation|lancement|besprechung|schulung|prasentation|sitzung|presentacion|formacion|llamada|riunione|presentazione|formazione|chiamata)\b|\b(i'm|i am|i'll be|i will be|we're|we are|je suis|je serai|nous sommes|ich bin|bin ich|wir sind|estoy|estare|estaremos|sono|saro|saremo)\s{1,3}([\p{L}']{1,15}\s{1,3}){0,2}(available|reachable|free|disponibles?|dispos?|joignables?|erreichbar|reperibil[ei]|disponibil[ei])\b/gu;
// Morning words that say today or the day before, not tomorrow: "heute morgen", "esta mañana",
// and German "Morgen" the noun: the greeting "Guten Morgen", "am Morgen", "jeden Morgen".
const PAST_MORNING = /\b(heute|gestern|vorgestern|guten|am|jeden|diesen) (fruh )?morgen\b|\b(esta|la|de|por la|cada) manana\b/gu;
// In the time's own clause, not negated: "seit 9 Uhr ist das PIM nicht erreichbar", "depuis 9h30
// le PIM n'est plus disponible", "since 9:10 the PIM is not available" say when the failure began,
// and "échec à 9h40, je suis dispo" is a failure time followed by the writer's availability.
const REACHABLE_AFTER =
  /^(?![^.!?;,\n]{0,25}(n't\b|\b(not|nicht|kein\w{0,2}|pas|plus|jamais|no|non|nie|never|nunca|mai)\b))[^.!?;,\n]{0,25}\b(erreichbar|anrufen|zuruckrufen|available|reachable|disponibles?|dispos?|joignables?|reperibil[ei]|disponibil[ei])\b/u;
const SENTENCE_BREAK = /[.!?;\n]/gu;
// Words of what already happened, after the look-ahead: "call me back, it failed
// at 9:12", "demain j'ai une démo, l'erreur est apparue à 9h10" tell the failure's time after a
// word of the future. Folded (foldText), five languages. Not a folded past that is also a present
// or subjunctive of a try to come: "essaye", "tente" only after "ai"/"a" ("demain j'essaye à
// 10h", "demain je tente vers 10h"), "versucht", "probiert" only after "habe"/"hat" ("morgen
// versucht es mein Kollege um 10 Uhr"), "intente" not after "cuando", "si", "que" ("cuando lo
// intente a las 10"), and no "paso" ("mañana paso a las 10").
const PAST_EVENT =
  /\b(failed|happened|got|saw|was|were|tried|came|showed|gave|said|returned|appeared|stopped|occurred|broke|could not|couldn't|echoue|n['’]ai (pas|plus) pu|a ete|s'est produit|konnte|wurde|trat|no pude|ocurrio|non sono riuscit[oa]|si e verificat[oa]|eu|recue?s?|apparue?s?|affichee?s?|etait|(ai|a|avons|avez|ont) (re)?(essaye|tente)|kam|bekam|war|hatte|fehlgeschlagen|erschien|zeigte|ging|(habe|hat|haben) (\p{L}{1,15} ){0,2}(versucht|probiert)|fallo|tuve|(?<!\b(cuando|si|que) (lo |la )?)intente|salio|aparecio|recibi|fue|era|dio|mostro|fallit[oa]|avuto|success[oa]|ricevut[oa]|appars[oa]|uscit[oa]|provato|stat[oa])\b/u;

/**
 * Whether the time found at `index` (`length` characters) of `text` is one the writer looks
 * ahead to (FUTURE_BEFORE, REACHABLE_AFTER), read in its own sentence.
 */
function looksAhead(text: string, index: number, length: number): boolean {
  const before = text.slice(Math.max(0, index - 60), index);
  let start = 0;
  for (const stop of before.matchAll(SENTENCE_BREAK)) start = stop.index + 1;
  const sentenceStart = Math.max(0, index - 60) + start;
  const sentence = foldText(text.slice(sentenceStart, index + length)).replace(PAST_MORNING, '');
  const after = foldText(text.slice(index + length, index + length + 40));
  // The event is over and the failure came after it: "after the meeting at 10:42 I could not sign in".
  // A failure, not any past: "after the meeting at 3pm I was told to write to you", "nach dem
  // Termin um 15 Uhr konnte ich mich endlich anmelden" say nothing of when it failed.
  const afterClause = after.split(CLAUSE_BREAK, 1)[0]!;
  if (AFTER_EVENT.test(foldText(text.slice(sentenceStart, index))) && PAST_EVENT.test(afterClause) && FAILED_AFTER.test(afterClause))
    return false;
  return aheadInSentence(sentence) || REACHABLE_AFTER.test(after) || eventOrDeadline(foldText(text.slice(sentenceStart, index)), after);
}

// An event's time, not the failure's: "the meeting at 3pm", "la réunion de 15h", "Termin um 15 Uhr",
// "la reunión de las 16h", "la riunione delle 15" (the event named right before the time), "um 15
// Uhr eine Präsentation", "3pm meeting", "à 15h une réunion" (right after it). Folded.
// The two patterns name the same events (literals, for the ReDoS inventory).
const EVENT_BEFORE =
  /\b(meeting|call|demo|presentation|training|webinar|workshop|go-?live|launch|deadline|reunion|formation|lancement|rendez-vous|rdv|besprechung|schulung|prasentation|sitzung|termin|telko|abgabe|presentacion|formacion|llamada|cita|entrega|riunione|presentazione|formazione|chiamata|appuntamento|consegna)s?\s{1,3}((at|of|de|d'|du|um|von|ab|a|a las|de las|alle|delle|della|dalle|at the|@)\s{1,3})?((today|aujourd'hui|heute|hoy|oggi)\s{1,3})?$/u;
const EVENT_AFTER =
  /^\s{0,3}((a|an|the|our|my|une?|eine?n?|unsere?n?|una?|la|le|el|il|die|der|das)\s{1,3})?(meeting|call|demo|presentation|training|webinar|workshop|go-?live|launch|deadline|reunion|formation|lancement|rendez-vous|rdv|besprechung|schulung|prasentation|sitzung|termin|telko|abgabe|presentacion|formacion|llamada|cita|entrega|riunione|presentazione|formazione|chiamata|appuntamento|consegna)\b/u;
// Words of failing, after the time an event ended: "I could not sign in", "konnte ich mich nicht
// mehr anmelden", "je n'ai plus pu", "no pude entrar", "non sono riuscito" (folded).
const FAILED_AFTER =
  /\b(not|n't|no longer|unable|failed|error|blocked|locked|nicht|keine?n?|fehl\w{0,10}|gesperrt|pas|plus|echou\w{0,3}|erreur|bloquee?|no|fallo|bloquead[oa]|non|errore|bloccat[oa])\b/u;
// An event that is over, right before the time: "after the meeting at 10:42", "nach dem Termin um
// 10:42", "après la réunion de 10h42", "después de la reunión de las 10", "dopo la riunione delle 10".
const AFTER_EVENT =
  /\b(after|nach|apres|despues de|tras|dopo)\s{1,3}((the|our|my|dem|der|unserem|unserer|meinem|le|la|l'|notre|mon|ma|el|nuestra|nuestro|mi|il|lo|la|nostra|nostro)\s{0,3})?(meeting|call|demo|presentation|training|webinar|workshop|reunion|formation|rendez-vous|rdv|besprechung|schulung|prasentation|sitzung|termin|telko|presentacion|formacion|llamada|cita|riunione|presentazione|formazione|chiamata|appuntamento)s?\b[^.!?\n]{0,30}$/u;
// A duty before the time in its clause, with nothing past in between: "has to be live today 5pm",
// "doit être en ligne à 17h", "muss bis 17 Uhr online sein", "tiene que estar listo a las 17".
const DUTY_BEFORE =
  /\b(has to|have to|must|needs? to|is due|are due|muss|mussen|soll|doit|doivent|il faut|tiene que|tienen que|hay que|debe|deben|deve|devono|bisogna)\b[^.,;:!?\n]{0,40}$/u;

// What sets a headline's parts apart ("Login failed – demo at 3pm", "Dringend: Login failed; Schulung
// um 14 Uhr"): a dash between spaces, a colon, a semicolon, a line break. Not a comma: "we tried,
// on a call at 14:20, same result" tells the failure's time across it.
const CLAUSE_BREAK = /[;:–—\n]|\s-\s/u;

/**
 * `before`: the time's sentence up to the time (folded); `after`: the words after it (folded). An
 * event told in the past is when it failed: "we tried together on a call at 14:20", "j'ai eu une
 * réunion à 10h15 et là le login a échoué".
 */
function eventOrDeadline(before: string, after: string): boolean {
  // The past that counts is in the event's own clause: "Login failed – Präsentation um 15 Uhr" is a failure, then an event.
  const clauseBefore = before.split(CLAUSE_BREAK).pop()!;
  const clauseAfter = after.split(CLAUSE_BREAK, 1)[0]!;
  if ((EVENT_BEFORE.test(before) || EVENT_AFTER.test(after)) && !PAST_EVENT.test(clauseBefore) && !PAST_EVENT.test(clauseAfter))
    return true;
  const duty = DUTY_BEFORE.exec(before);
  // "I have to tell you that at 9:12 I got Login failed": the past right after the time is the failure's.
  return duty !== null && !PAST_EVENT.test(before.slice(duty.index)) && !PAST_EVENT.test(clauseAfter);
}

/**
 * Whether a word of the future (FUTURE_BEFORE) governs the time that ends `sentence`: the last
 * such word, unless a word of what already happened (PAST_EVENT) follows it in a clause of its
 * own (CLAUSE_START before it), up to the sentence's end. The time's own words count: a time told
 * on a day ("yesterday it failed at 9", HOUR_TOLD) holds its verb.
 */
function aheadInSentence(sentence: string): boolean {
  let lastEnd = -1;
  for (const match of sentence.matchAll(FUTURE_BEFORE)) lastEnd = match.index + match[0].length;
  if (lastEnd < 0) return false;
  const rest = sentence.slice(lastEnd);
  const past = PAST_EVENT.exec(rest);
  if (past === null) return true;
  const beforePast = rest.slice(0, past.index);
  return !CLAUSE_START.test(beforePast) || RELATIVE_CLAUSE.test(beforePast);
}

// A past word in the future word's own clause belongs to it ("call me back as you said, at 3pm",
// "tomorrow I got a meeting at 10am", "after I got home, at 6pm"): only a past told in a clause of
// its own, after a comma or a conjunction, is the failure's ("call me back, it failed at 9:12").
const CLAUSE_START = /[,;:]|\b(and|but|so|then|et|mais|puis|und|aber|dann|y|pero|luego|e|ma|poi)\b/u;
// Nor is a past in a relative clause that opens right after the comma: it tells more of the thing
// ahead ("the go-live tomorrow, which was moved to 10:00", "la démo de demain, qui a été déplacée
// à 10h", "la reunión de mañana, la cual fue movida a las 10"). Only pronouns that are nothing
// else: not "that" (also "that failed at 9"), Spanish "que" or Italian "che" ("llámame, que falló
// a las 9": because), nor German "der"/"die" (articles; German relative clauses end on their verb,
// after the time, so they never reach this test).
const RELATIVE_CLAUSE =
  /[,;:]\s{0,3}(which|who|whose|whom|qui|lequel|laquelle|lesquel(le)?s|dont|(el|la|los|las|lo) cual(es)?|(il|la|i|le) qual[ei]|cui)\s[^,;:]{0,60}$/u;

// Durations too long to say when it failed ("2 days ago", "depuis une semaine").
const COARSE_UNIT = /(day|jour|tag|dia|giorn|week|semaine|woche|semana|settiman|month|mois|monat|mes|mese|year|annee|jahr|ano|anno)/u;

export interface TimestampCheckInput {
  /** The customer's own words (quoted emails removed: their header dates are not failure times). */
  text: string;
  language: Language;
  /** The ticket's creation time: relative phrases ("20 minutes ago") count from it. */
  reference?: Date;
}

/** The failure time is present when the text says when it happened to at least the hour. */
export function checkTimestamp({ text, language, reference }: TimestampCheckInput): EscalationCheck {
  const ref = reference ?? new Date();
  // Every time chrono finds has a digit: without one, only a relative phrase or a spelled-out
  // clock (read below, with the same look-ahead rule as the others) can say when.
  const dated = /\d/u.test(text) ? linesWithDigits(text) : '';
  // The first time skipped as one the writer looks ahead to: named in the reason when no other is found.
  let ahead: string | undefined;
  const parsers = language === 'en' ? [parserOf('en')] : [parserOf(language), parserOf('en')];
  // "2026-12-01 ~14:00": after a date, chrono reads no time behind "~" (alone it does). The
  // same number of characters keeps every index of `dated`.
  const forChrono = dated.replace(/[~≈](?=\d)/gu, ' ');
  for (const parser of dated ? parsers : []) {
    for (const result of parser.parse(forChrono, ref)) {
      const phrase = foldText(result.text);
      if (!result.start.isCertain('hour')) continue;
      // "yesterday evening", "this morning": chrono fills in an hour, but nobody said one.
      if (!/\d/u.test(phrase) && !RELATIVE_RECENT.test(phrase)) continue;
      // chrono fills the hour of "2 days ago" from the reference time: not a real clock time.
      if (COARSE_UNIT.test(phrase) && !/\d{1,2}\s{0,3}(:|h|uhr|\.)\s{0,3}\d{0,2}|\d\s{0,3}(am|pm)\b/u.test(phrase)) continue;
      if (looksLikeVersionOrId(dated, result.index, result.text)) continue;
      if (
        !PAST_MARK.test(phrase) &&
        notAPastTime(
          phrase,
          precedingWord(dated, result.index),
          dated.slice(Math.max(0, result.index - 40), result.index),
          dated.slice(result.index + result.text.length, result.index + result.text.length + 40),
        )
      )
        continue;
      if (looksAhead(dated, result.index, result.text.length)) {
        ahead ??= dated.slice(result.index, result.index + result.text.length).trim();
        continue;
      }
      // "2,99 €", "1.249,00": an amount that chrono read as an hour.
      if (/^[.,]\d/u.test(dated.slice(result.index + result.text.length))) continue;
      // Spanish "a 3" reads as "at 3" to chrono, but it is "to 3" in "pasos 1, 2 a 3" or a list.
      if (BARE_A_NUMBER.test(phrase)) continue;
      const found = dated.slice(result.index, result.index + result.text.length).trim();
      return { present: true, found, reason: 'The message says when the sign-in failed.' };
    }
  }
  const folded = foldWhole(text);
  const relative = folded.match(RELATIVE_RECENT);
  if (relative) {
    return { present: true, found: relative[0].trim(), reason: 'The message says how long ago the sign-in failed.' };
  }
  const skipped = (time: string): void => void (ahead ??= time);
  const clock =
    europeanClock(folded, skipped) ??
    firstNotAhead(folded, HOUR_TOLD, skipped) ??
    firstNotAhead(folded, HOUR_THEN_DAY, skipped) ??
    firstNotAhead(folded, WORD_CLOCK, skipped);
  if (clock) return { present: true, found: clock, reason: 'The message says when the sign-in failed.' };
  if (ahead) {
    return {
      present: false,
      reason: `No time of the failed sign-in, to the hour, is given ("${ahead}" is a time the writer looks ahead to: a call-back, a meeting, tomorrow).`,
    };
  }
  return { present: false, reason: 'No time of the failed sign-in, to the hour, is given.' };
}

/**
 * foldText of the check's whole text. The triage passes the ticket's own words and quote joined
 * by "\n": with no quote the text is the words and a final "\n", and the email check has just
 * folded the words alone (foldText keeps the last long texts it folded). A final "\n" folds to
 * itself and changes nothing before it (no decomposition, mark or case rule reaches across a
 * line break), so the fold of the words, and "\n", is the fold of the text.
 */
export function foldWhole(text: string): string {
  return text.endsWith('\n') ? `${foldText(text.slice(0, -1))}\n` : foldText(text);
}

/** The first "10h30" of the text that no code, address, wait or deadline word comes before, and no word of the future around (those are passed to `skipped`). */
function europeanClock(folded: string, skipped: (time: string) => void): string | undefined {
  for (const match of folded.matchAll(H_CLOCK)) {
    const before = folded.slice(Math.max(0, match.index - 40), match.index);
    if (CODE_BEFORE.test(before) || WAIT_BEFORE.test(before) || looksLikeVersionOrId(folded, match.index, match[0])) continue;
    if (waitWrittenAsClock(precedingWord(folded, match.index), match[0])) continue;
    if (looksAhead(folded, match.index, match[0].length)) {
      skipped(match[0].trim());
      continue;
    }
    return match[0];
  }
  return undefined;
}

/** The first match of a global `pattern` in `folded` that is no time looked ahead to, trimmed (those are passed to `skipped`). */
function firstNotAhead(folded: string, pattern: RegExp, skipped: (time: string) => void): string | undefined {
  for (const match of folded.matchAll(pattern)) {
    if (!looksAhead(folded, match.index, match[0].length)) return match[0].trim();
    skipped(match[0].trim());
  }
  return undefined;
}

/** "Until 2:30pm everything worked", "Bis 14:30 Uhr ging alles" (see notAPastTime). */
function workedUpTo(phrase: string, textBefore: string, wordBefore: string, textAfter: string): boolean {
  const clause = foldText(textAfter).split(CLAUSE_BREAK, 1)[0]!;
  const lead = foldText(textBefore).split(SENTENCE_OR_CLAUSE_BREAK).pop()!.trim();
  const opens = UNTIL_OPENS.test(lead.slice(0, Math.max(0, lead.length - wordBefore.length)));
  // chrono may take the comma in ("15 Uhr, gestern").
  if (!opens && phrase.includes(',')) return false;
  return WORKED_UP_TO.test(opens ? clause : clause.split(',', 1)[0]!);
}
const SENTENCE_OR_CLAUSE_BREAK = /[.!?;:–—\n]/u;
// Nothing, or a word that leaves the until-phrase at the start of its sentence, before "until".
const UNTIL_OPENS =
  /^((and|but|so|today|yesterday|et|mais|aujourd'hui|hier|und|aber|heute|gestern|y|pero|hoy|ayer|e|ma|oggi|ieri),?\s{1,3})?$/u;

/**
 * Whether a phrase chrono read as a time, with no past mark, is rather a deadline ("within 24h",
 * "before 3pm"), an amount of time ("after 15 minutes", "de 30 minutos") or a count ("à 200").
 */
function notAPastTime(phrase: string, wordBefore: string, textBefore = '', textAfter = ''): boolean {
  // "Bis 14:30 Uhr ging alles", "until 2:30pm everything worked": what worked up to the time, told
  // after it, says the trouble began then ("bis" is also "by": "bis 15 Uhr zurückrufen").
  // Not across a comma after an until-phrase that ends a request ("I need access until 3pm, it
  // worked yesterday", "bitte bis 15 Uhr freischalten, letzte Woche lief alles"): only one that
  // opens its sentence ("Until 2:30pm, everything worked") reads on past a comma.
  if ((UNTIL_WORD.test(wordBefore) || wordBefore === 'bis') && workedUpTo(phrase, textBefore, wordBefore, textAfter)) return false;
  if (DEADLINE.test(phrase) || DEADLINE.test(`${wordBefore} ${phrase}`) || DEADLINE_WORD.test(wordBefore)) return true;
  if (UNTIL_WORD.test(wordBefore)) {
    const clause = foldText(textBefore).split(CLAUSE_BREAK).pop()!;
    if (!PAST_EVENT.test(clause) && !PAST_BEFORE_UNTIL.test(clause)) return true;
  }
  if (waitWrittenAsClock(wordBefore, phrase)) return true;
  if (HOW_LONG_IT_LASTS.test(wordBefore) && FOR_SPAN.test(phrase) && !UP_TO_NOW.test(foldText(textBefore))) return true;
  if (CLOCK_IN_PHRASE.test(phrase)) return false;
  return NO_HOUR_NUMBER.test(phrase) || DURATION_ONLY.test(phrase) || DURATION_ONLY.test(`${wordBefore} ${phrase}`);
}

/** The word right before `index` in `text`, folded ("within" of "within 24h" when chrono leaves it out). */
function precedingWord(text: string, index: number): string {
  const before = foldText(text.slice(Math.max(0, index - 24), index)).trimEnd();
  const start = before.search(/\S{1,20}$/u);
  return start < 0 ? '' : before.slice(start);
}

/**
 * Characters chrono reads per ticket. Its parsers cost about 8 ms per 1,000 characters of
 * "1 may 1 may …" in Spanish; every time we accept has a digit, so chrono gets the lines that
 * have one, in order, up to this many characters (a time after 5,000 characters of dated lines
 * is not seen, a bounded loss against an unbounded cost on hostile text).
 */
export const MAX_DATED_CHARS = 5_000;

// What a time of day needs besides a digit: a clock mark ("10:42", "10h", "3pm", "14 Uhr"), a
// preposition of time before the number ("at 3", "um 3", "a las 3", "alle 3"), a relative
// amount of minutes or hours, an ISO "T", or noon and midnight. chrono costs about 0.1 ms a
// call whatever it reads, so a line without one of these is not handed to it (tested: on every
// corpus and evaluation ticket the check's answers are the same with and without this gate).
const CLOCK_MARK = /\d {0,2}[:h.] {0,2}\d|\d {0,2}(am|pm|a\.m|p\.m|uhr|h|hrs?|o'?clock|heures?|horas?|hs|ore|std)\b|\dt\d/u;
const TIME_PREPOSITION =
  /\b(at|around|about|by|um|gegen|ca|a|vers|las|la|alle|verso|ore|hacia|sobre|sur|von|bis|de|des|from|ab|seit|desde|dalle|des|after|before|nach|vor|entre|between|till|until|zwischen|et|and|und|y|e|o|or|oder|ou)\.? {1,3}\d/u;
const RELATIVE_AMOUNT = /\d {0,3}(min|mn|hour|hr|heure|stund|hora|or[ae]|minut)/u;
const NOON_OR_MIDNIGHT = /noon|midnight|midi|minuit|mittag|mitternacht|mediod|medianoche|mezzogiorno|mezzanotte/u;

/** Whether a line can state a time of day at all (a cheap necessary condition for chrono). */
export function mayStateTimeOfDay(line: string): boolean {
  if (!/\d/u.test(line)) return false;
  const folded = foldText(line);
  return CLOCK_MARK.test(folded) || TIME_PREPOSITION.test(folded) || RELATIVE_AMOUNT.test(folded) || NOON_OR_MIDNIGHT.test(folded);
}

function linesWithDigits(text: string): string {
  const picked: string[] = [];
  let budget = MAX_DATED_CHARS;
  for (const line of text.split('\n')) {
    if (budget <= 0) break;
    if (!mayStateTimeOfDay(line)) continue;
    const kept = line.slice(0, budget);
    picked.push(kept);
    budget -= kept.length + 1;
  }
  return picked.join('\n');
}

function looksLikeVersionOrId(text: string, index: number, matched: string): boolean {
  const before = text.slice(Math.max(0, index - 12), index).toLowerCase();
  // "INV-2026-11-0457", "v7.0.15", "ticket #48213": numbers that only look like dates and times.
  return (
    /(version|v|release|build|ticket|#|no\.|n°|nr\.?)\s{0,5}$/u.test(before) ||
    /[\p{L}\d]-$/u.test(before) ||
    (/^\d{1,6}\.\d{1,6}\.\d/u.test(matched) && !DOTTED_DATE.test(matched))
  );
}
