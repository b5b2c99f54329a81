/**
 * Character classes and folding for the matcher, shared by the alias index and the page
 * scanner so that both sides of every comparison are normalised the same way.
 *
 * Folding removes case and diacritics ("Mélanie" and "MELANIE" fold to "melanie"), so a
 * scraped page that lost its accents still matches. Case is not thrown away: the
 * tokenizer records it per word, and aliases decide how much of it must agree.
 *
 * Tables cover the whole BMP and are filled lazily, one code unit at a time, the first time
 * it is seen: a page in English touches a few dozen characters, and we never pay for
 * classifying the other 65,000 up front.
 */

/** Character classes (plain numbers: they are compared in the hottest loop we have). */
export const CharClass = {
  Unknown: 0,
  /** Whitespace of any kind (incl. no-break and thin spaces). */
  Space: 1,
  Upper: 2,
  /** Lower-case letters, and letters without case (CJK, Arabic...). */
  Lower: 3,
  Digit: 4,
  /** Combining marks, soft hyphens, zero-width joiners: part of a word, invisible to matching. */
  Ignorable: 5,
  /** ' and its typographic cousins (’ ‘ ʼ ′). */
  Apostrophe: 6,
  /** Hyphens, dashes and the minus sign. */
  Dash: 7,
  Period: 8,
  Comma: 9,
  /** Any other punctuation or symbol. */
  Other: 10,
} as const;
export type CharClass = (typeof CharClass)[keyof typeof CharClass];

/**
 * The raw tables, for the tokenizer's inner loop: read `classTable[c]`, and call
 * `charClass(c)` only when it is 0 (not computed yet). `foldTable[c]` is valid once the
 * class is.
 */
export const classTable = new Uint8Array(65536);
export const foldTable = new Uint16Array(65536);
const classes = classTable;
const folds = foldTable;

const LETTER = /\p{L}/u;
const MARK = /\p{M}/u;
const NUMBER = /\p{Nd}/u;
const SPACE = /\s/u;
const DASH = /\p{Pd}|\u2212/u;

/**
 * ASCII and Latin letters are classified without Unicode-property regexes: those take
 * milliseconds to compile, and a page in English never needs them.
 */
function computeLatin(c: number): boolean {
  let cls: CharClass;
  let fold = c;
  if (c >= 0x41 && c <= 0x5a) {
    cls = CharClass.Upper;
    fold = c + 32;
  } else if (c >= 0x61 && c <= 0x7a) {
    cls = CharClass.Lower;
  } else if (c >= 0x30 && c <= 0x39) {
    cls = CharClass.Digit;
  } else if (c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0) {
    cls = CharClass.Space;
  } else if (c === 0x2e) {
    cls = CharClass.Period;
  } else if (c === 0x2c) {
    cls = CharClass.Comma;
  } else if (c === 0x2d) {
    cls = CharClass.Dash;
  } else if (c === 0x27) {
    cls = CharClass.Apostrophe;
  } else if (c === 0xad) {
    cls = CharClass.Ignorable;
  } else if (c < 0xc0 || c === 0xd7 || c === 0xf7) {
    cls = CharClass.Other; // ASCII and Latin-1 punctuation and symbols
  } else {
    const ch = String.fromCharCode(c);
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    if (lower === upper) return false; // an uncased letter (ĸ): let the general path decide
    cls = lower !== ch ? CharClass.Upper : CharClass.Lower;
    fold = foldLetter(lower.length === 1 ? lower : ch);
  }
  classes[c] = cls;
  folds[c] = fold;
  return true;
}

function compute(c: number): void {
  if (c < 0x250 && computeLatin(c)) return;
  const ch = String.fromCharCode(c);
  let cls: CharClass;
  let fold = c;
  if (c === 0x27 || c === 0x2019 || c === 0x2018 || c === 0x02bc || c === 0x2032) {
    cls = CharClass.Apostrophe;
    fold = 0x27;
  } else if (c === 0xad || c === 0x200c || c === 0x200d || c === 0x2060 || c === 0xfeff) {
    cls = CharClass.Ignorable;
  } else if (c >= 0x2000 && c <= 0x206f) {
    // General Punctuation (curly quotes, dashes, ellipses: on most pages) is classified
    // here, so that a page in English never compiles the Unicode-property regexes below.
    if (c <= 0x200b || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f) cls = CharClass.Space;
    else if (c >= 0x2010 && c <= 0x2015) {
      cls = CharClass.Dash;
      fold = 0x2d;
    } else cls = CharClass.Other;
  } else if (c === 0x200b || SPACE.test(ch)) {
    cls = CharClass.Space;
  } else if (c === 0x2e) {
    cls = CharClass.Period;
  } else if (c === 0x2c || c === 0x3001 || c === 0xff0c) {
    cls = CharClass.Comma;
  } else if (DASH.test(ch)) {
    cls = CharClass.Dash;
    fold = 0x2d;
  } else if (MARK.test(ch)) {
    cls = CharClass.Ignorable;
  } else if (NUMBER.test(ch)) {
    cls = CharClass.Digit;
  } else if (LETTER.test(ch)) {
    const lower = ch.toLowerCase();
    const isUpper = lower !== ch && ch.toUpperCase() === ch;
    cls = isUpper ? CharClass.Upper : CharClass.Lower;
    fold = foldLetter(lower.length === 1 ? lower : ch);
  } else if (c >= 0xd800 && c <= 0xdfff) {
    // Astral characters (emoji, rare scripts) never occur in our aliases.
    cls = CharClass.Other;
  } else {
    cls = CharClass.Other;
  }
  classes[c] = cls;
  folds[c] = fold;
}

/** Strip diacritics from one lower-case letter, keeping it one code unit long. */
function foldLetter(lower: string): number {
  const special = SPECIAL_FOLDS[lower];
  if (special) return special.charCodeAt(0);
  const base = lower.normalize('NFD');
  const first = base.charCodeAt(0);
  // Only accept the decomposition when the rest is combining marks ("é" → "e" + ◌́).
  for (let i = 1; i < base.length; i++) {
    const m = base.charCodeAt(i);
    if (!(m >= 0x300 && m <= 0x36f) && !MARK.test(base[i]!)) return lower.charCodeAt(0);
  }
  return first;
}

/** Letters with no canonical decomposition that readers still type without the stroke. */
const SPECIAL_FOLDS: Record<string, string> = { ø: 'o', ł: 'l', đ: 'd', ı: 'i', ð: 'd', ħ: 'h' };

export function charClass(c: number): CharClass {
  if (classes[c] === CharClass.Unknown) compute(c);
  return classes[c] as CharClass;
}

/** Folded code unit (lower case, no diacritics) of a letter or digit. */
export function foldChar(c: number): number {
  if (classes[c] === CharClass.Unknown) compute(c);
  return folds[c]!;
}

/** Folds a whole string the same way the tokenizer folds words (for tests and the compiler). */
export function foldString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const cls = charClass(c);
    if (cls === CharClass.Ignorable) continue;
    out += String.fromCharCode(foldChar(c));
  }
  return out;
}

/** FNV-1a, 32 bits: the running hash of a word's folded code units. */
export const HASH_SEED = 0x811c9dc5 | 0;
export function hashStep(h: number, foldedCode: number): number {
  return Math.imul(h ^ foldedCode, 0x01000193);
}

// ASCII is classified up front (128 entries, once per engine): the tokenizer reads a-z
// without looking them up, and the index's word check reads the tables directly.
for (let c = 0; c < 0x80; c++) computeLatin(c);
