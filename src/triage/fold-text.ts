const ASCII_ONLY = /^[\u0000-\u007f]*$/u;

// The last long texts folded and their folds: one ticket's own words are folded by the language
// detector, the features, the email check and the affected-user model (the same text each
// time). Short texts (words, lines) are folded afresh: cheap, and they would push the long ones out.
const RECENT_FOLDS = 4;
const REMEMBERED_LENGTH = 64;
const recentTexts: string[] = [];
const recentFolds: string[] = [];
let nextSlot = 0;

/** Lowercases and strips diacritics (é → e, ü → u, ß → ss), so patterns need no accents. */
export function foldText(text: string): string {
  const remembered = text.length >= REMEMBERED_LENGTH;
  if (remembered) for (let slot = 0; slot < recentTexts.length; slot += 1) if (recentTexts[slot] === text) return recentFolds[slot]!;
  // ASCII has no decompositions, marks or ß: folding it is lowercasing (most ticket text), and
  // a text of Latin letters is folded letter by letter where it is not ASCII (foldLatin).
  const folded = foldLatin(text) ?? unaccent(text).toLowerCase();
  if (remembered) {
    recentTexts[nextSlot] = text;
    recentFolds[nextSlot] = folded;
    nextSlot = (nextSlot + 1) % RECENT_FOLDS;
  }
  return folded;
}

/** What foldText makes of a text before it lowercases it: decomposed (NFKD), marks dropped, ß as ss. */
function unaccent(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/ß/g, 'ss');
}

/**
 * unaccent of one code unit, per code unit of the Latin ranges (hasUnitFold), found when
 * first met. In these ranges unaccent works character by character: NFKD decomposes each
 * character on its own (it composes nothing), and the only characters it reorders, combining
 * marks, are all dropped; so a text's unaccent is that of its characters one after the other.
 */
const UNIT_FOLDS: (string | undefined)[] = [];

/** Latin-1 and Latin Extended A/B, combining diacritics, Latin Extended Additional, general punctuation. */
function hasUnitFold(code: number): boolean {
  return code < 0x250 || (code >= 0x300 && code < 0x370) || (code >= 0x1e00 && code < 0x1f00) || (code >= 0x2000 && code < 0x2070);
}

/**
 * foldText of a text whose code units are all ASCII or in the Latin ranges (hasUnitFold), else
 * null. The same string: unaccent char by char (UNIT_FOLDS), then the same toLowerCase of the
 * whole. One scan for the code units above ASCII, copying the runs between them, against four
 * passes over the whole text (NFKD, the mark pattern, ß, lowercasing).
 */
function foldLatin(text: string): string | null {
  let out = '';
  let from = 0;
  NON_ASCII.lastIndex = 0;
  for (let found = NON_ASCII.exec(text); found; found = NON_ASCII.exec(text)) {
    const at = found.index;
    const code = text.charCodeAt(at);
    if (!hasUnitFold(code)) return null;
    let unit = UNIT_FOLDS[code];
    if (unit === undefined) unit = UNIT_FOLDS[code] = unaccent(String.fromCharCode(code));
    if (unit.length === 1 && unit.charCodeAt(0) === code) continue;
    out += text.slice(from, at) + unit;
    from = at + 1;
  }
  return (from === 0 ? text : out + text.slice(from)).toLowerCase();
}

// One code unit above ASCII (a character beyond the BMP matches whole: its high surrogate has no unit fold).
const NON_ASCII = /[^\u0000-\u007f]/gu;

// Bounded parts (RFC 5321 lengths): an unbounded local part makes a long run of letters with
// no "@" quadratic to scan.
const EMAIL_PATTERN = /[\p{L}\p{N}._%+'-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){0,8}\.\p{L}{2,24}/gu;

// The most code units an address spans before its "@" (64 code points of two units each) and
// from its "@" on (1 + 63 + 8 × 64 + 1 + 24 code points, and one more read to end the last part).
const MOST_BEFORE_AT = 2 * 64;
const MOST_FROM_AT = 2 * (1 + 63 + 8 * 64 + 1 + 24 + 1);

/**
 * The stretch of `text` that can hold an address, [start, end), or null with no "@": every
 * address has one, so none starts more than MOST_BEFORE_AT before the first "@" or reaches
 * further than MOST_FROM_AT past the last. The pattern has no lookbehind or \b, so it matches
 * in the stretch as in the whole text, and is not tried at every position of the rest (each
 * try reads a word: a long ticket with one signature address was mostly scanned in vain).
 */
function addressStretch(text: string): [number, number] | null {
  const first = text.indexOf('@');
  if (first < 0) return null;
  return [Math.max(0, first - MOST_BEFORE_AT), Math.min(text.length, text.lastIndexOf('@') + MOST_FROM_AT)];
}

export function findEmails(text: string): { address: string; index: number }[] {
  const stretch = addressStretch(text);
  if (!stretch) return [];
  const [start, end] = stretch;
  return [...text.slice(start, end).matchAll(EMAIL_PATTERN)].map((match) => ({ address: match[0], index: (match.index ?? 0) + start }));
}

/** text.replace(EMAIL_PATTERN, replacement), reading only the stretch that can hold an address. */
function replaceInStretch(text: string, replacement: string): string {
  const stretch = addressStretch(text);
  if (!stretch) return text;
  const [start, end] = stretch;
  return text.slice(0, start) + text.slice(start, end).replace(EMAIL_PATTERN, replacement) + text.slice(end);
}

const URL_PATTERN = /\bhttps?:\/\/\S+/giu;

/** Replaces email addresses and URLs so they never become words, evidence or logs. */
export function maskContactData(text: string): string {
  // Each pattern needs a literal "@" or "://": without it, the scan replaces nothing.
  const masked = replaceInStretch(text, ' ');
  return masked.includes('://') ? masked.replace(URL_PATTERN, ' ') : masked;
}

/** Replaces every email address in `text` (bounded pattern: linear on hostile input). */
export function replaceEmails(text: string, replacement: string | ((address: string) => string)): string {
  return typeof replacement === 'string' ? text.replace(EMAIL_PATTERN, replacement) : text.replace(EMAIL_PATTERN, replacement);
}

// Line and paragraph separators other than \n (U+2028, U+2029, NEL, VT, FF): a line-wise
// pattern that stops at \n would otherwise read across them as one endless line.
const LINE_SEPARATORS = /\r\n?|[\u000b\u000c\u0085\u2028\u2029]/gu;

/** Removes control characters, HTML tags and scripts that ticket text sometimes carries; every line break becomes \n. */
export function sanitizeText(text: string): string {
  // Tags need a "<" and entities a "&": most messages have neither, and are not scanned for them.
  let clean = text;
  if (clean.includes('<')) {
    clean = stripScriptsAndStyles(clean)
      .replace(/<br\s{0,5}\/?>|<\/(p|div|li|tr|h\d)>/giu, '\n')
      // Only real tags: "<t.baker@example.com>" in a forwarded header is an address, not HTML.
      .replace(/<\/?[a-z][a-z0-9-]{0,30}(\s[^<>@]{0,500})?\/?>/giu, ' ');
  }
  if (clean.includes('&')) {
    clean = clean
      .replace(/&nbsp;/gu, ' ')
      .replace(/&amp;/gu, '&')
      .replace(/&lt;/gu, '<')
      .replace(/&gt;/gu, '>')
      .replace(/&quot;/gu, '"')
      .replace(/&#39;/gu, "'");
  }
  return (
    clean
      .replace(LINE_SEPARATORS, '\n')
      // Keep newlines and tabs; drop the other C0/C1 controls and bidi overrides.
      .replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\u202a-\u202e\u2066-\u2069\ufeff]/gu, '')
  );
}

const SCRIPT_OPEN = /<(script|style)\b/giu;
const SCRIPT_CLOSE = /<\/(script|style)\s{0,5}>/giu;

/**
 * Drops `<script>…</script>` and `<style>…</style>` blocks with two forward scans. A single
 * pattern needs a backreference and a lazy `[\s\S]*?`, which rescans the rest of the text from
 * every unclosed `<script` (quadratic); an unclosed block runs to the end of the text.
 */
function stripScriptsAndStyles(text: string): string {
  if (!text.includes('<')) return text;
  let out = '';
  let from = 0;
  SCRIPT_OPEN.lastIndex = 0;
  for (let open = SCRIPT_OPEN.exec(text); open; open = SCRIPT_OPEN.exec(text)) {
    out += text.slice(from, open.index) + ' ';
    SCRIPT_CLOSE.lastIndex = SCRIPT_OPEN.lastIndex;
    const close = SCRIPT_CLOSE.exec(text);
    from = close ? SCRIPT_CLOSE.lastIndex : text.length;
    SCRIPT_OPEN.lastIndex = from;
  }
  return out + text.slice(from);
}
