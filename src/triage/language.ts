import { franc } from 'franc-min';
import { codeUnitClass } from './code-unit-class.js';
import type { Language } from './diagnosis.js';
import { foldText } from './fold-text.js';

/** franc's codes of the five languages (the compiled build bundles franc-min with their trigram data only: scripts/build.ts). */
export const FRANC_CODES: Record<string, Language> = { eng: 'en', fra: 'fr', deu: 'de', spa: 'es', ita: 'it' };

// Frequent function words: a short ticket ("login ne marche pas") is too short for franc,
// and product labels quoted in English ("Login failed") must not turn a French ticket English.
const FUNCTION_WORDS: Record<Language, string[]> = {
  en: [
    'the',
    'and',
    'is',
    'my',
    'i',
    'to',
    'it',
    'not',
    'cannot',
    "can't",
    'with',
    'we',
    'our',
    'you',
    'this',
    'have',
    'but',
    'of',
    'in',
    'me',
    'when',
    'get',
    'since',
    'what',
    'please',
    'hi',
    'hello',
    'thanks',
  ],
  fr: [
    'le',
    'la',
    'les',
    'je',
    'mon',
    'ma',
    'mes',
    'ne',
    'pas',
    'et',
    'est',
    'une',
    'un',
    'des',
    'nous',
    'vous',
    'avec',
    'pour',
    'sur',
    'mais',
    'depuis',
    'bonjour',
    'merci',
    'cordialement',
    'connexion',
    'arrive',
    'plus',
    "j'ai",
    'au',
    'du',
  ],
  de: [
    'der',
    'die',
    'das',
    'ich',
    'nicht',
    'und',
    'ist',
    'mein',
    'meine',
    'wir',
    'sie',
    'mit',
    'ein',
    'eine',
    'kann',
    'auf',
    'bei',
    'seit',
    'bitte',
    'hallo',
    'danke',
    'gruss',
    'grusse',
    'den',
    'dem',
    'es',
    'zu',
    'keine',
    'auch',
    'nach',
  ],
  es: [
    'el',
    'la',
    'los',
    'las',
    'que',
    'no',
    'y',
    'es',
    'mi',
    'un',
    'una',
    'con',
    'para',
    'por',
    'pero',
    'desde',
    'hola',
    'gracias',
    'puedo',
    'nos',
    'del',
    'al',
    'se',
    'lo',
    'saludos',
    'cuenta',
    'correo',
    'acceder',
    'sesion',
    'estoy',
  ],
  it: [
    'il',
    'lo',
    'la',
    'gli',
    'che',
    'non',
    'e',
    'di',
    'mio',
    'mia',
    'un',
    'una',
    'con',
    'per',
    'ma',
    'da',
    'dal',
    'buongiorno',
    'grazie',
    'riesco',
    'accedere',
    'sono',
    'ho',
    'nel',
    'della',
    'alla',
    'saluti',
    'ciao',
    'posta',
    'accesso',
  ],
};

const LANGUAGE_ORDER: Language[] = ['en', 'fr', 'de', 'es', 'it'];

/** Function word → the languages it belongs to (in LANGUAGE_ORDER): one lookup a word. */
const FUNCTION_WORD_LANGUAGES = new Map<string, Language[]>();
for (const lang of LANGUAGE_ORDER) {
  for (const word of new Set(FUNCTION_WORDS[lang])) {
    const langs = FUNCTION_WORD_LANGUAGES.get(word) ?? [];
    langs.push(lang);
    FUNCTION_WORD_LANGUAGES.set(word, langs);
  }
}

// UI labels the product shows in English whatever the user's language.
const ENGLISH_UI_LABELS =
  /(login failed|authentication failed|link your account|forgot your (akeneo pim )?password\??|continue|system > users|reset your password)/giu;

// Every label above holds one of these (lower case): a text without any has no label to take
// out, and is not scanned for them. A label in the unfolded text, in any case, is one in the
// folded text too (folding lowercases ASCII and keeps it), so the same cue test covers both.
const UI_LABEL_CUES = ['fail', 'link your', 'forgot your', 'continue', 'system >', 'reset your'];

/** The longest function word: a longer word is none, and is not looked up. */
const LONGEST_FUNCTION_WORD = Math.max(...[...FUNCTION_WORD_LANGUAGES.keys()].map((word) => word.length));

export function detectLanguage(text: string): Language {
  const allFolded = foldText(text);
  const hasUiLabels = UI_LABEL_CUES.some((cue) => allFolded.includes(cue));
  const folded = hasUiLabels ? allFolded.replace(ENGLISH_UI_LABELS, ' ') : allFolded;
  const counts: Record<Language, number> = { en: 0, fr: 0, de: 0, es: 0, it: 0 };
  countFunctionWords(folded, counts);
  // The most counted language (the first in counts' order on a tie) and the next count: what a
  // stable sort of the entries by count ranks first and second, without the entries and the sort.
  let best: Language = 'en';
  let bestCount = -1;
  let secondCount = -1;
  for (const language of COUNTED_LANGUAGES) {
    const count = counts[language];
    if (count > bestCount) {
      secondCount = bestCount;
      best = language;
      bestCount = count;
    } else if (count > secondCount) {
      secondCount = count;
    }
  }
  if (bestCount >= 3 && bestCount >= secondCount * 1.6) return best;

  // Ambiguous by function words: let franc's trigram model decide between the five.
  if (folded.length >= 40) {
    const code = franc(hasUiLabels ? text.replace(ENGLISH_UI_LABELS, ' ') : text, { only: Object.keys(FRANC_CODES), minLength: 10 });
    const lang = FRANC_CODES[code];
    if (lang) return lang;
  }
  return bestCount > 0 ? best : 'en';
}

/** The languages of detectLanguage's counts, in their order there. */
const COUNTED_LANGUAGES: readonly Language[] = ['en', 'fr', 'de', 'es', 'it'];

/**
 * Adds to `counts` the function words among the words of `folded`: its maximal runs of letters
 * (\p{L}) and apostrophes, as /[\p{L}']+/gu finds them, scanned without making a string of each
 * (only of a word short enough to be a function word).
 */
function countFunctionWords(folded: string, counts: Record<Language, number>): void {
  let start = -1;
  for (let at = 0; at <= folded.length;) {
    let width = 1;
    let inWord = false;
    if (at < folded.length) {
      const code = folded.charCodeAt(at);
      if (code < 128) {
        inWord = (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 39;
      } else if (code >= 0xd800 && code <= 0xdbff && at + 1 < folded.length && isLowSurrogate(folded.charCodeAt(at + 1))) {
        // A code point beyond the BMP, as the u flag reads it: one character of two code units.
        width = 2;
        inWord = LETTER.test(folded.slice(at, at + 2));
      } else {
        inWord = isLetterUnit(code);
      }
    }
    if (inWord) {
      if (start < 0) start = at;
    } else if (start >= 0) {
      if (at - start <= LONGEST_FUNCTION_WORD) {
        const langs = FUNCTION_WORD_LANGUAGES.get(folded.slice(start, at));
        if (langs) for (const lang of langs) counts[lang] += 1;
      }
      start = -1;
    }
    at += width;
  }
}

const LETTER = /^\p{L}$/u;

/** Whether a BMP code unit is a letter (\p{L}); a lone surrogate is none. */
const isLetterUnit = codeUnitClass(LETTER);

const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;
