import { createRequire } from 'node:module';
import type { Language } from './diagnosis.js';
import { foldText } from './fold-text.js';

// natural's stemmers/index.js loads all 16 stemmers (Japanese, Indonesian …); we need five.
// They are the same modules index.js exports, loaded one by one.
const require = createRequire(import.meta.url);
const stemmer = (file: string): { stem(token: string): string } =>
  require(`natural/lib/natural/stemmers/${file}.js`) as { stem(token: string): string };

/** natural's Snowball-style stemmers, one per supported language, each loaded when first needed. */
const STEMMER_FILES: Record<Language, string> = {
  en: 'porter_stemmer',
  fr: 'porter_stemmer_fr',
  de: 'porter_stemmer_de',
  es: 'porter_stemmer_es',
  it: 'porter_stemmer_it',
};
const STEMMERS: Partial<Record<Language, { stem(token: string): string }>> = {};
const stemmerOf = (language: Language): { stem(token: string): string } => (STEMMERS[language] ??= stemmer(STEMMER_FILES[language]));

// Short stopword lists of our own: natural's `stopwords` is English only, and negations
// ("not", "pas", "nicht", "no", "non", "never") must stay, since they decide between issues.
// "akeneo" and "pim" name the vendor and the product every ticket is about: their weights only
// learnt how often each class's training tickets named them (they pulled long real reports
// towards `other`), so they count as stopwords. (The platform's two-word name: features.ts.)
const STOPWORDS = new Set(
  [
    'a an the and or of to in on at for with from by is are was were be been it its this that these those i me my we our us you your he she they them their his her as so if then than too very just also there here what which who whom how when where why can could would should will shall may might do does did done have has had having am into out up down over under again about after before because while both each few more most other some such only own same s t d ll m re ve y hi hello dear please thanks thank regards akeneo pim',
    'le la les l un une des du de d et ou a au aux en dans sur pour par avec je j tu il elle nous vous ils elles on me m te t se s mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs ce cet cette ces qui que qu quoi est sont ete etre avoir ai as avons avez ont y bonjour merci cordialement',
    'der die das den dem des ein eine einer eines einem einen und oder zu im in am an auf fur mit von vom bei aus ich du er sie es wir ihr mich mir dich dir uns euch sich mein meine meinen meinem dein sein ihr unser unsere ist sind war waren bin bist hat haben habe hatte wird werden wurde hallo danke bitte gruss grusse',
    'el la los las lo un una unos unas y o de del al en con por para a yo tu el ella nosotros vosotros ellos ellas me te se nos mi mis tu tus su sus nuestro nuestra es son fue era soy estoy esta este esto hay ha he han hola gracias saludos',
    'il lo la i gli le un uno una e o di del della dei delle al alla ai in con per su da dal dalla a io tu lui lei noi voi loro mi ti si ci vi mio mia miei mie tuo tua suo sua nostro nostra e sono era ho hai ha abbiamo hanno buongiorno ciao grazie saluti',
  ]
    .join(' ')
    .split(/\s+/u),
);

// Ticket vocabularies are small and repetitive: memoising stems per language makes
// tokenizing several times faster. Bounded so a flood of unique tokens cannot grow it forever.
const STEM_CACHE_LIMIT = 50_000;

/** Values per language and key, each language's map emptied when it reaches STEM_CACHE_LIMIT. */
class LanguageMemo<V> {
  private readonly byLanguage = new Map<Language, Map<string, V>>();

  get(language: Language, key: string): V | undefined {
    return this.byLanguage.get(language)?.get(key);
  }

  /** The language's map (as `set` would make it): a caller reading many keys looks the language up once. */
  mapOf(language: Language): Map<string, V> {
    let cache = this.byLanguage.get(language);
    if (!cache) {
      cache = new Map();
      this.byLanguage.set(language, cache);
    }
    return cache;
  }

  set(language: Language, key: string, value: V): void {
    const cache = this.mapOf(language);
    if (cache.size >= STEM_CACHE_LIMIT) cache.clear();
    cache.set(key, value);
  }
}

const stems = new LanguageMemo<string | null>();

function stemOf(lower: string, language: Language): string | null {
  const cached = stems.get(language, lower);
  if (cached !== undefined) return cached;
  const folded = foldText(lower).replace(/['’]/gu, '');
  let stem: string | null = null;
  if (folded.length >= 2 && !STOPWORDS.has(folded) && !/^\d+$/u.test(folded)) {
    // Elided French/Italian articles (l'email, d'accesso) stem as the word itself.
    const word = lower.replace(/^(l|d|j|n|qu|s|c|m|t|un|all|dell|nell|sull)['’]/u, '');
    stem = foldText(stemmerOf(language).stem(word));
  }
  stems.set(language, lower, stem);
  return stem;
}

/**
 * A word as the classifier reads it: its stem, made once per word as written, and its token ids
 * (the stem's and the negated stem's) in the numbering of the TokenIds that last read it.
 */
export interface Word {
  stem: string;
  /** True when the word negates what follows it ("not", "pas", "nicht", "can't"). */
  negation: boolean;
  /** `!<stem>`: the word under a negation. */
  negatedStem: string;
  /** The TokenIds numbering (its stamp) `id` and `negatedId` belong to; 0: none yet. */
  idStamp: number;
  id: number;
  /** -1 until asked for: most words are never negated. */
  negatedId: number;
}

/** Words and runs of digits, with an elided or possessive tail ("l'email", "can't"). */
export const WORD_PATTERN = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

// Per language, the word as written → its Word, or null when it has no stem (stop word, number,
// one letter). Keyed by the surface form, so a word seen before costs one lookup and no string
// building; bounded like the stems.
const words = new LanguageMemo<Word | null>();

/** The memo of wordOf for one language: a caller reading many words passes it to wordOf. */
export function wordMemo(language: Language): Map<string, Word | null> {
  return words.mapOf(language);
}

/** The Word of a token as written (a match of WORD_PATTERN), or null when it has no stem; `memo` from wordMemo(language). */
export function wordOf(surface: string, language: Language, memo: Map<string, Word | null> = words.mapOf(language)): Word | null {
  let word = memo.get(surface);
  if (word !== undefined) return word;
  const stem = stemOf(surface.toLowerCase(), language);
  word = stem ? { stem, negation: isNegation(surface), negatedStem: `!${stem}`, idStamp: 0, id: -1, negatedId: -1 } : null;
  words.set(language, surface, word);
  return word;
}

/**
 * Tokens (stems, and negated stems `!<stem>`) a text read by startText may hold besides the
 * known ones before their numbers are given up (at the start of the next text).
 */
const UNKNOWN_TOKENS_KEPT = 16_384;

/** Token ids stay below this: they fit the int32 tables of the features (a text would need 2^26 different words). */
export const MAX_TOKEN_ID = 2 ** 26;

let nextStamp = 1;

/**
 * Numbers for tokens, so that features are built and looked up as integers rather than as
 * strings: the known tokens (a model's vocabulary) are 0 … known − 1, any other token gets the
 * next free number when first read. Each Word remembers its numbers (see Word.idStamp), so a
 * word seen before costs no lookup. Numbers of unknown tokens last at least one text (from one
 * startText to the next): a flood of unique words cannot grow the table forever.
 */
export class TokenIds {
  /** Token of each id. */
  readonly names: string[] = [];
  readonly known: number;
  private readonly knownIds = new Map<string, number>();
  private unknownIds = new Map<string, number>();
  private stamp = nextStamp++;

  /** `knownTokens` get the ids 0, 1, 2… in their order; throws when one is listed twice. */
  constructor(knownTokens: readonly string[]) {
    for (let id = 0; id < knownTokens.length; id += 1) {
      this.knownIds.set(knownTokens[id]!, id);
      if (this.knownIds.size === id) throw new Error(`token ${JSON.stringify(knownTokens[id])} is listed twice`);
    }
    this.names.push(...knownTokens);
    this.known = this.names.length;
  }

  /** Before a text is read: the ids handed out from here on hold until the next call. */
  startText(): void {
    if (this.names.length - this.known <= UNKNOWN_TOKENS_KEPT) return;
    this.names.length = this.known;
    this.unknownIds = new Map();
    // Words still carry the ids given up: a new stamp makes them look their tokens up again.
    this.stamp = nextStamp++;
  }

  /** The id of the word's token: its stem, or its negated stem. */
  idOf(word: Word, negated: boolean): number {
    if (word.idStamp !== this.stamp) {
      word.idStamp = this.stamp;
      word.id = this.lookUp(word.stem);
      word.negatedId = -1;
    }
    if (!negated) return word.id;
    if (word.negatedId < 0) word.negatedId = this.lookUp(word.negatedStem);
    return word.negatedId;
  }

  private lookUp(token: string): number {
    let id = this.knownIds.get(token) ?? this.unknownIds.get(token);
    if (id === undefined) {
      id = this.names.length;
      if (id >= MAX_TOKEN_ID) throw new Error(`more than ${MAX_TOKEN_ID} different words in one text`);
      this.names.push(token);
      this.unknownIds.set(token, id);
    }
    return id;
  }
}

/** Words that negate what follows them, folded (accents removed), in the five languages. */
const NEGATIONS = new Set(
  'not no never nothing none nobody cannot cant dont didnt doesnt isnt wasnt arent werent havent hasnt hadnt wont wouldnt couldnt shouldnt aint ne pas jamais rien aucun aucune ni nicht kein keine keinen keiner keinem nie niemals nichts nunca nada ningun ninguna ninguno tampoco non mai niente nessun nessuna nessuno neanche'.split(
    ' ',
  ),
);

function isNegation(surface: string): boolean {
  const word = foldText(surface).replace(/['’]/gu, '');
  return NEGATIONS.has(word) || word.endsWith("n't");
}
