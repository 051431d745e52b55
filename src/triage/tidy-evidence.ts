import { codeUnitClass } from './code-unit-class.js';
import type { Evidence } from './diagnosis.js';

/**
 * Function words of the five ticket languages that say nothing on their own as evidence
 * ("the", "mon", "der", "el", "il"…). Negations are absent on purpose: "not blocked" is evidence.
 */
const STOP_WORDS = new Set(
  [
    'a an the and or of to in on at for with from by is are was were be been it its this that i me my we our you your he she they them as so if then than too very just also there here what which who how when where why can could would should will do does did have has had am into out up again about after before because while',
    'le la les l un une des du de d et ou au aux en dans sur pour par avec je j tu il elle nous vous ils elles on me m te se s mon ma mes ton ta son sa ses notre nos votre vos leur ce cet cette ces qui que qu est sont ai avons avez ont y',
    'der die das den dem des ein eine einer eines einem einen und oder zu im am an auf für fur mit von vom bei aus ich du er sie es wir ihr mich mir dich dir uns sich mein meine meinen ist sind war bin hat haben habe wird werden',
    'el los las lo un una unos unas y o del al en con por para yo ella nosotros ellos me te se nos mi mis tu tus su sus es son fue era soy estoy esta este esto hay ha he han',
    'il lo gli le uno una e di della dei delle alla ai con per su da dal dalla io lui lei noi voi loro mi ti si ci vi mio mia tuo tua suo sua sono ho hai abbiamo hanno',
  ]
    .join(' ')
    .split(' '),
);

/** Longest stretch a phrase is widened by on each side to reach a word's end, in characters. */
const MAX_WIDEN = 40;
const WORD_CHAR = /[\p{L}\p{N}'’_-]/u;

/** WORD_CHAR.test(text[at]), remembered per code unit. */
const isWordUnit = codeUnitClass(WORD_CHAR);
const isWordChar = (text: string, at: number): boolean => isWordUnit(text.charCodeAt(at));

const wordsOf = (phrase: string): string[] =>
  phrase
    .toLowerCase()
    .split(/[^\p{L}\p{N}'’_-]{1,50}/u)
    .filter(Boolean);

/** `phrase` widened to whole words where it cut one in `text`, e.g. "bloqu" → "bloqué". */
function wholeWords(phrase: string, text: string, lowerText: string): string {
  const trimmed = phrase.trim();
  const at = lowerText.indexOf(trimmed.toLowerCase());
  if (trimmed === '' || at === -1) return dropCutTail(trimmed);
  let start = at;
  let end = at + trimmed.length;
  for (let steps = 0; steps < MAX_WIDEN && start > 0 && isWordChar(text, start - 1) && isWordChar(text, start); steps += 1) start -= 1;
  for (let steps = 0; steps < MAX_WIDEN && end < text.length && isWordChar(text, end) && isWordChar(text, end - 1); steps += 1) end += 1;
  return text.slice(start, end);
}

/** A phrase we cannot find again (it was shortened to 80 characters): cut back to its last whole word. */
function dropCutTail(phrase: string): string {
  if (phrase.length < 80) return phrase;
  const lastSpace = phrase.lastIndexOf(' ');
  return lastSpace > 0 ? `${phrase.slice(0, lastSpace)}…` : phrase;
}

/**
 * Evidence as an agent reads it (issue 13 §5): matched phrases widened to whole words, never a
 * cut word; single-word evidence that is a stop word, or whose words already show inside a
 * matched phrase, dropped; a word pair loses its leading and trailing stop words. Order kept.
 * `text` is what the signals were matched against (subject, own words, quoted part).
 */
export function tidyEvidence(evidence: readonly Evidence[], text: string): Evidence[] {
  // Lower-casing a long ticket is not free, and a ticket with no evidence needs none of it.
  if (evidence.length === 0) return [];
  const lowerText = text.toLowerCase();
  const phrases = evidence
    .filter((item) => item.kind !== 'word')
    .map((item) => ({ ...item, phrase: wholeWords(item.phrase, text, lowerText) }));
  const inPhrases = new Set(phrases.flatMap((item) => wordsOf(item.phrase)));
  const tidy: Evidence[] = [];
  const seen = new Set<string>();
  for (const item of evidence) {
    let phrase: string;
    if (item.kind === 'word') {
      const words = item.phrase.trim().split(/\s{1,20}/u);
      while (words.length && STOP_WORDS.has(words[0]!.toLowerCase())) words.shift();
      while (words.length && STOP_WORDS.has(words[words.length - 1]!.toLowerCase())) words.pop();
      if (words.length === 0 || words.every((word) => inPhrases.has(word.toLowerCase()))) continue;
      phrase = wholeWords(words.join(' '), text, lowerText);
    } else {
      phrase = phrases.shift()!.phrase;
    }
    const key = phrase.toLowerCase();
    if (phrase === '' || seen.has(key)) continue;
    seen.add(key);
    tidy.push({ ...item, phrase });
  }
  return tidy;
}
