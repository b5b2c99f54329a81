/**
 * Splits a run of text into words, in one pass and without allocating per word: each
 * word is written into typed arrays (offsets, hash of its folded letters, case flags,
 * and the kind of gap that separates it from the previous word).
 *
 * The same function tokenizes alias texts when the index is built, so the rules below
 * hold on both sides of every comparison.
 *
 * Rules (each has a unit test in tests/unit/tokenize.test.ts):
 * - A word is a run of letters and digits. Combining marks, soft hyphens and zero-width
 *   joiners inside a word are ignored ("Me\u0301lanie" is "Mélanie").
 * - Words never start or end inside another word: boundaries are Unicode letter classes,
 *   so "Indiana" never contains "India" and "Ottawan" never contains "Ottawa".
 * - Apostrophes (straight or curly): a possessive "'s" is dropped ("Canada’s" → "Canada"),
 *   and the gap after it is Possessive: only a name written with one crosses it;
 *   a French elision starts the word after it ("l’Inde" → "Inde", "d'Ottawa" → "Ottawa");
 *   any other apostrophe between letters stays in the word ("O'Toole").
 * - Letters separated by periods are one dotted acronym ("U.S." → "US", "U.K." → "UK").
 * - A capital after at least three letters of which the last two are lower case marks a
 *   glued word ("ReportSouth", from careless scraping): the word records that split
 *   point, and the matcher tries the parts when the whole word is unknown. Name prefixes
 *   (Mac, Van, Fitz...) are excepted ("MacLeod"); two-letter ones (Mc, Le, De) are short
 *   enough not to qualify. A capital after a digit is a split point too ("2024Canada").
 * - Gaps: words separated only by spaces and dashes (any dash, any space, incl. no-break
 *   and thin spaces) can belong to one name ("Indo-Pacific" = "Indo Pacific"); a single
 *   period or comma is recorded as such (for aliases like "St. John's" or
 *   "Washington, D.C."); anything else breaks the phrase.
 */
import { CharClass, HASH_SEED, charClass, classTable, foldTable } from './chars';
import { grown } from '../typed-arrays';

export const TokenFlag = {
  /** The first letter is a capital. */
  Cap: 1,
  /** Capitals and digits only, at least two of them ("NATO", "OTTAWA", "G7"). */
  AllCaps: 2,
  /** A dotted acronym ("U.S."). */
  Dotted: 4,
  /** Has a glued-word split point (see `split`). */
  Split: 8,
  /** Contains at least one letter (not a bare number). */
  Letters: 16,
  /** Ended by a possessive "'s", which the word does not include ("Canada’s"). */
  Possessive: 32,
} as const;

export const Gap = {
  /** Only spaces and dashes: the words may belong to one name. */
  Plain: 0,
  Period: 1,
  Comma: 2,
  /**
   * After a possessive ("New York's Times"): only a name written with the possessive
   * ("People's Republic of China") continues across it. (Gaps 0-3 label the trie's
   * edges, two bits each; Break never does, as no name continues across it.)
   */
  Possessive: 3,
  /** Start of the run, or punctuation that ends any name. */
  Break: 4,
} as const;

/** The gap before the word that follows token `t` when only spaces or dashes separate them. */
export function gapAfter(out: Tokens, t: number): number {
  return out.flags[t]! & TokenFlag.Possessive ? Gap.Possessive : Gap.Plain;
}

export class Tokens {
  count = 0;
  start: Int32Array;
  end: Int32Array;
  hash: Int32Array;
  flags: Uint8Array;
  gap: Uint8Array;
  /** Char offset of the glued-word split point, when flags has Split. */
  split: Int32Array;
  /** Hashes of the part before and after the split point. */
  preHash: Int32Array;
  sufHash: Int32Array;

  constructor(capacity = 256) {
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.hash = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.gap = new Uint8Array(capacity);
    this.split = new Int32Array(capacity);
    this.preHash = new Int32Array(capacity);
    this.sufHash = new Int32Array(capacity);
  }

  grow(): void {
    const cap = this.start.length * 2;
    this.start = grown(this.start, cap);
    this.end = grown(this.end, cap);
    this.hash = grown(this.hash, cap);
    this.flags = grown(this.flags, cap);
    this.gap = grown(this.gap, cap);
    this.split = grown(this.split, cap);
    this.preHash = grown(this.preHash, cap);
    this.sufHash = grown(this.sufHash, cap);
  }
}

const UPPER = CharClass.Upper;
const LOWER = CharClass.Lower;
const DIGIT = CharClass.Digit;
const IGNORABLE = CharClass.Ignorable;
const APOSTROPHE = CharClass.Apostrophe;
const PERIOD = CharClass.Period;
const COMMA = CharClass.Comma;
const SPACE = CharClass.Space;
const DASH = CharClass.Dash;

const FNV_PRIME = 0x01000193;

function cls(c: number): number {
  const k = classTable[c]!;
  return k === 0 ? charClass(c) : k;
}

function isWordClass(k: number): boolean {
  return k === UPPER || k === LOWER || k === DIGIT;
}

function isLetterClass(k: number): boolean {
  return k === UPPER || k === LOWER;
}

/** Surname particles that look like a glued word ("MacLeod", "VanDusen", "FitzGerald"). */
const NAME_PREFIXES = new Set(['mac', 'van', 'von', 'fitz', 'della', 'dela', 'san', 'ten', 'ter']);

function isNamePrefix(text: string, from: number, to: number): boolean {
  return NAME_PREFIXES.has(text.slice(from, to).toLowerCase());
}

/** French elisions: l', d', j', m', n', s', t', c', qu' (and their capitals). */
function isElision(text: string, from: number, to: number): boolean {
  const len = to - from;
  if (len === 1) return 'lLdDjJmMnNsStTcC'.includes(text[from]!);
  if (len === 2) return (text[from] === 'q' || text[from] === 'Q') && text[from + 1] === 'u';
  return false;
}

/**
 * Tokenizes text[from, to) into `out` (reset first). Returns `out.count`.
 */
export function tokenize(text: string, out: Tokens, from = 0, to = text.length): number {
  let n = 0;
  let pos = from;
  let gap: number = Gap.Break;
  for (;;) {
    const next = readToken(text, pos, to, out, n, gap);
    if (next < 0) break;
    n++;
    pos = next;
    gap = gapAfter(out, n - 1);
  }
  out.count = n;
  return n;
}

/**
 * Reads the next word at or after `pos` (and before `to`) into slot `n` of `out`, with
 * the kind of gap that separates it from what came before (`gap` describes the text
 * before `pos`: Plain after a word, Break at the start of a run). Returns the position
 * where reading should continue, or -1 when there is no further word.
 */
export function readToken(text: string, pos: number, to: number, out: Tokens, n: number, gap: number): number {
  let i = pos;
  for (;;) {
    if (i >= to) return -1;
    const c0 = text.charCodeAt(i);
    let k0: number = classTable[c0]!;
    if (k0 === 0) k0 = charClass(c0);
    if (k0 === UPPER || k0 === LOWER || k0 === DIGIT) break;
    if (k0 === SPACE || k0 === DASH || k0 === IGNORABLE || k0 === APOSTROPHE) {
      // keeps the gap as it is (an apostrophe here is a plural possessive: "Workers' Party")
    } else if (k0 === PERIOD) {
      gap = gap === Gap.Plain ? Gap.Period : Gap.Break;
    } else if (k0 === COMMA) {
      gap = gap === Gap.Plain ? Gap.Comma : Gap.Break;
    } else {
      gap = Gap.Break;
    }
    i++;
  }
  if (n >= out.start.length) out.grow();
  const c0 = text.charCodeAt(i);
  const k0 = classTable[c0]!;

  // Dotted acronym: a single letter, a period, a letter, a period...
  if (k0 !== DIGIT && i + 2 < to && text.charCodeAt(i + 1) === 0x2e && isLetterClass(cls(text.charCodeAt(i + 2)))) {
    const after = i + 3 < to ? cls(text.charCodeAt(i + 3)) : SPACE;
    if (after === PERIOD || !isWordClass(after)) {
      let h = HASH_SEED;
      let k = i;
      let uppers = 0;
      let lowers = 0;
      while (k + 1 < to && isLetterClass(cls(text.charCodeAt(k))) && text.charCodeAt(k + 1) === 0x2e) {
        const c = text.charCodeAt(k);
        if (classTable[c] === UPPER) uppers++;
        else lowers++;
        h = Math.imul(h ^ foldTable[c]!, FNV_PRIME);
        k += 2;
      }
      // "U.S.A" without the last period.
      if (k < to && isLetterClass(cls(text.charCodeAt(k))) && (k + 1 >= to || !isWordClass(cls(text.charCodeAt(k + 1))))) {
        const c = text.charCodeAt(k);
        if (classTable[c] === UPPER) uppers++;
        else lowers++;
        h = Math.imul(h ^ foldTable[c]!, FNV_PRIME);
        k++;
      }
      if (uppers + lowers >= 2) {
        let flags: number = TokenFlag.Dotted | TokenFlag.Letters;
        if (k0 === UPPER) flags |= TokenFlag.Cap;
        if (lowers === 0) flags |= TokenFlag.AllCaps;
        out.start[n] = i;
        out.end[n] = k;
        out.hash[n] = h;
        out.flags[n] = flags;
        out.gap[n] = gap;
        return k;
      }
    }
  }

  let ws = i;
  let h = HASH_SEED;
  let uppers = 0;
  let lowers = 0;
  let letters = 0;
  let digits = 0;
  let prev = 0; // class of the previous counted char
  let splitAt = -1;
  let preH = 0;
  let sufH = 0;
  let next = -1; // where reading resumes, when not at the word's end
  let k = i;
  while (k < to) {
    const c = text.charCodeAt(k);
    if (c >= 0x61 && c <= 0x7a) {
      // a-z, most letters of most pages: a lower-case letter that folds to itself.
      lowers++;
      letters++;
      h = Math.imul(h ^ c, FNV_PRIME);
      if (splitAt >= 0) sufH = Math.imul(sufH ^ c, FNV_PRIME);
      prev = LOWER;
      k++;
      continue;
    }
    let kc: number = classTable[c]!;
    if (kc === 0) kc = charClass(c);
    if (kc === UPPER) {
      if (
        (prev === LOWER && letters >= 3 && cls(text.charCodeAt(k - 2)) === LOWER && !isNamePrefix(text, ws, k)) ||
        prev === DIGIT
      ) {
        splitAt = k;
        preH = h;
        sufH = HASH_SEED;
      }
      uppers++;
      letters++;
    } else if (kc === LOWER) {
      lowers++;
      letters++;
    } else if (kc === DIGIT) {
      digits++;
    } else if (kc === IGNORABLE) {
      k++;
      continue;
    } else if (kc === APOSTROPHE) {
      const k1 = k + 1 < to ? cls(text.charCodeAt(k + 1)) : SPACE;
      if (!isWordClass(k1)) break; // a closing quote, or a plural possessive: ends the word
      const k2 = k + 2 < to ? cls(text.charCodeAt(k + 2)) : SPACE;
      const c1 = text.charCodeAt(k + 1);
      if ((c1 === 0x73 || c1 === 0x53) && !isWordClass(k2) && k2 !== IGNORABLE) {
        next = k + 2; // possessive 's: dropped
        break;
      }
      if (isElision(text, ws, k) && isLetterClass(k1)) {
        ws = k + 1;
        h = HASH_SEED;
        uppers = lowers = letters = digits = 0;
        prev = 0;
        splitAt = -1;
        k++;
        continue;
      }
      h = Math.imul(h ^ 0x27, FNV_PRIME);
      if (splitAt >= 0) sufH = Math.imul(sufH ^ 0x27, FNV_PRIME);
      prev = APOSTROPHE;
      k++;
      continue;
    } else {
      break;
    }
    const f = foldTable[c]!;
    h = Math.imul(h ^ f, FNV_PRIME);
    if (splitAt >= 0) sufH = Math.imul(sufH ^ f, FNV_PRIME);
    prev = kc;
    k++;
  }

  let flags = 0;
  if (letters > 0) flags |= TokenFlag.Letters;
  if (classTable[text.charCodeAt(ws)] === UPPER) flags |= TokenFlag.Cap;
  if (uppers >= 1 && lowers === 0 && uppers + digits >= 2) flags |= TokenFlag.AllCaps;
  if (next >= 0) flags |= TokenFlag.Possessive;
  if (splitAt >= 0) {
    flags |= TokenFlag.Split;
    out.split[n] = splitAt;
    out.preHash[n] = preH;
    out.sufHash[n] = sufH;
  }
  out.start[n] = ws;
  out.end[n] = k;
  out.hash[n] = h;
  out.flags[n] = flags;
  out.gap[n] = gap;
  return next >= 0 ? next : k;
}
