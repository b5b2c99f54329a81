/**
 * Finds aliases in a run of text: read words, then walk the word trie from each word
 * that could start a name, keeping the longest match that passes its case rules.
 *
 * Where names can start: nearly every alias starts with a capital, so the scanner jumps
 * from capital to capital with a native regex search and reads words only there (and
 * after them, while a name continues). Lower-case text, most of a page, is never
 * tokenized in JavaScript. The few aliases that start in lower case ("von der Leyen";
 * French demonyms, on French pages) add their first words to that search.
 *
 * Matching rules (tests: tests/unit/scan.test.ts):
 * - Longest match wins, left to right, without overlaps ("South Korea" rather than
 *   "Korea"; "Papua New Guinea" rather than "Guinea"). A blocker ("New Mexico") wins the
 *   same way and yields nothing, so the shorter name inside it is not marked.
 * - Case, per word of the alias: an acronym ("NATO", "US") needs capitals on the page; a
 *   capitalised first word needs a capital ("China", "CHINA", never "china"); later words
 *   may differ in case ("Indo-Pacific strategy"); aliases may require exact or any case.
 * - An acronym that is also a word ("US", "WHO") is ignored when a neighbouring word is in
 *   capitals: that is a headline or a shouted line, not an acronym.
 * - A name that is also a given name ("Jordan") is ignored when a capitalised word
 *   follows ("Jordan Peterson").
 * - One-word French aliases ("Chine", "canadien") count only on French pages.
 * - A glued word ("ReportSouth Korea") is tried in its two parts when it is not itself a
 *   known word (see tokenize.ts).
 */
import { AliasFlag } from '../kb/types';
import type { AliasIndex } from './alias-index';
import { Shape } from './alias-words';
import { CharClass, charClass, classTable } from './chars';
import { Gap, TokenFlag, Tokens, gapAfter, readToken } from './tokenize';

/**
 * Receives each match: character offsets in the text, and the alias ids that passed:
 * `aliases[0, count)` of an array the scanner reuses (copy them to keep them).
 */
export type MatchSink = (start: number, end: number, aliases: readonly number[], count: number) => void;

/** A line that takes most of the scanner's paths (see Scanner.warmUp). */
const WARM_UP_SAMPLE = 'OTTAWA— Canada’s Mélanie Joly met NATO, the U.S. and ReportSouth Korea in 10 Downing Street.';
const WARM_UP_WORDS = 16;

const NOT_LOOKED_UP = -2;

/**
 * Capitals of the Latin script (ASCII, Latin-1, Latin Extended A/B and Additional; the
 * extended blocks mix both cases, which only costs a few extra visits). A class of plain
 * ranges keeps the regex search near memory speed, several times faster than \p{Lu}.
 */
const LATIN_CAPITAL = /[A-Z\u00C0-\u00D6\u00D8-\u00DE\u0100-\u024F\u1E00-\u1EFF]/g;
/** Every capital, for knowledge bases with names in other scripts. */
const ANY_CAPITAL = /[\p{Lu}\p{Lt}]/gu;
/** Beyond this many lower-case first words (French demonyms...), reading every word is faster. */
const MAX_LOWER_STARTS = 8;

/** Letters and digits of the Latin script (× and ÷ excluded), for a native pre-check of word boundaries. */
const LATIN_WORD = 'A-Za-z0-9\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u024F';

function lowerWordsPattern(words: string[]): RegExp {
  const alternatives = [...words].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<![${LATIN_WORD}])(?:${alternatives.join('|')})(?![${LATIN_WORD}])`, 'g');
}

function isAsciiCapital(c: number): boolean {
  return c >= 0x41 && c <= 0x5a;
}

function isWordChar(c: number): boolean {
  const k = charClass(c);
  return k === CharClass.Upper || k === CharClass.Lower || k === CharClass.Digit || k === CharClass.Ignorable;
}

const UNDERSCORE = 0x5f;

/**
 * Is text[start, end) joined to another word by an underscore ("Andrea_Victoria",
 * "Harper_2024")? An underscore with nothing joined on its other side is emphasis
 * written by hand ("_Canada_"), not an identifier.
 */
function inIdentifier(text: string, start: number, end: number, from: number, to: number): boolean {
  return (start - 1 > from && text.charCodeAt(start - 1) === UNDERSCORE && isWordChar(text.charCodeAt(start - 2))) || (end + 1 < to && text.charCodeAt(end) === UNDERSCORE && isWordChar(text.charCodeAt(end + 1)));
}

export class Scanner {
  readonly #tk = new Tokens(64);
  #ids = new Int32Array(64);
  readonly #termNodes = new Int32Array(64);
  readonly #termEnds = new Int32Array(64);
  #lower: string[] | null = null;
  /** One search for every lower-case first word (see findLower). */
  #lowerRe: RegExp | null = null;
  /**
   * The aliases that passed, reused for every match (a sink that keeps them must copy).
   * Never truncated: setting a JS array's length to 0 drops its storage, and refilling it
   * allocated for every match (measured: the largest allocation of a scan).
   */
  readonly #passing: number[] = [];

  // The window of words read so far, starting at some position of `text`.
  #text = '';
  #from = 0;
  #to = 0;
  #count = 0;
  #nextPos = 0;
  #ended = false;

  /** `french`: the page is in French, so one-word French aliases count. */
  constructor(
    readonly index: AliasIndex,
    public french = false,
  ) {}

  /**
   * Runs part `step` of the scanner on a sample line, and returns false once every part
   * has run. V8 compiles a function on its first call: the first scan of a page compiled
   * the whole scanner at once (measured: 7-10 ms of compiling in one slice at 4x CPU), so
   * the caller runs these parts first, each in a slice of its own.
   */
  warmUp(step: number): boolean {
    const sample = WARM_UP_SAMPLE;
    if (step === 0) {
      this.#text = sample;
      this.#from = 0;
      this.#to = sample.length;
      this.#window(0);
      this.#has(WARM_UP_WORDS - 1);
    } else if (step === 1) {
      this.#text = sample;
      for (let t = 0; t < this.#count; t++) {
        this.index.mayStart(sample, this.#tk.start[t]!, sample.length);
        this.#id(t);
      }
    } else if (step === 2) {
      // The search for lower-case first words (its regex is built and compiled here).
      const lower = this.#lowerWords();
      if (lower.length > 0) this.#findLower(lower, 0);
      this.#matchFrom(0, -1, this.#tk.start[0]!, this.#tk.flags[0]!, () => undefined);
    } else if (step === 3) {
      this.scan(sample, () => undefined);
    } else {
      return false;
    }
    return true;
  }

  /** Scans text[from, to) and reports matches in order. Returns how many were found. */
  scan(text: string, sink: MatchSink, from = 0, to = text.length): number {
    this.#text = text;
    this.#from = from;
    this.#to = to;
    const lower = this.#lowerWords();
    // French pages read every word: French demonyms are written in lower case, hundreds of them.
    const everyWord = lower.length > MAX_LOWER_STARTS || (this.french && this.index.lowerStartsFrench.length > 0);
    return everyWord ? this.#scanEveryWord(sink) : this.#scanStarts(sink, lower);
  }

  /** First words of the aliases that start in lower case, for this page's language. */
  #lowerWords(): string[] {
    return (this.#lower ??= this.index.lowerStarts);
  }

  /** Every word may start a name (many aliases start in lower case): read them all. */
  #scanEveryWord(sink: MatchSink): number {
    this.#window(this.#from);
    let found = 0;
    let i = 0;
    while (this.#has(i)) {
      const f = this.#tk.flags[i]!;
      let next = -1;
      if (f & TokenFlag.Letters) next = this.#matchFrom(i, -1, this.#tk.start[i]!, f, sink);
      if (next < 0 && f & TokenFlag.Split) next = this.#matchGlued(i, sink);
      if (next > 0) {
        found++;
        i = next;
      } else {
        i++;
      }
    }
    return found;
  }

  /**
   * Visits only the words where a name can start: those holding a capital (found by a
   * native regex search), and whole-word occurrences of the few lower-case first words
   * (found by indexOf). The rest of the text is never read in JavaScript.
   */
  #scanStarts(sink: MatchSink, lower: string[]): number {
    const text = this.#text;
    const re = this.index.nonLatinStarts ? ANY_CAPITAL : LATIN_CAPITAL;
    const hasLower = lower.length > 0;
    let nextLower = -1;
    let capital = -1;
    let pos = this.#from;
    let found = 0;
    for (;;) {
      if (capital < pos) {
        // test() moves lastIndex past the one-character match without allocating a result.
        re.lastIndex = pos;
        capital = re.test(text) ? re.lastIndex - (text.charCodeAt(re.lastIndex - 1) >= 0xd800 ? 2 : 1) : text.length;
      }
      let p = capital;
      let fromLower = false;
      if (hasLower) {
        if (nextLower < pos) nextLower = this.#findLower(lower, pos);
        if (nextLower < p) {
          p = nextLower;
          fromLower = true;
        }
      }
      if (p >= this.#to) break;
      // A capital that starts a word whose first letters start no alias: skip it unread.
      if (!fromLower && (p === this.#from || !isWordChar(text.charCodeAt(p - 1))) && !this.index.mayStart(text, p, this.#to)) {
        // Capitals right after it cannot start a glued part either ("THE", "NEWS").
        pos = p + 1;
        while (pos < this.#to && isAsciiCapital(text.charCodeAt(pos))) pos++;
        continue;
      }
      // Read the whole word that holds this position (it may be glued: "ReportSouth").
      let ws = p;
      while (ws > this.#from) {
        const c = text.charCodeAt(ws - 1);
        if (isWordChar(c)) ws--;
        else if (charClass(c) === CharClass.Apostrophe && ws - 1 > this.#from && isWordChar(text.charCodeAt(ws - 2))) ws--;
        else break;
      }
      this.#window(ws);
      if (!this.#has(0)) break;
      if (this.#tk.end[0]! <= p) {
        this.#window(p); // the word ended before this position (a possessive)
        if (!this.#has(0)) break;
      }
      const f = this.#tk.flags[0]!;
      let next = -1;
      if (f & TokenFlag.Cap || fromLower) next = this.#matchFrom(0, -1, this.#tk.start[0]!, f, sink);
      if (next < 0 && f & TokenFlag.Split) next = this.#matchGlued(0, sink);
      if (next > 0) found++;
      pos = Math.max(next > 0 ? this.#tk.end[next - 1]! : this.#tk.end[0]!, p + 1);
    }
    return found;
  }

  /**
   * The next whole-word occurrence of any lower-case first word at or after pos, or
   * text.length. One native search for all of them, which already skips occurrences
   * inside Latin words ("pro" in "provide"); the boundaries are then checked in full.
   */
  #findLower(lower: string[], pos: number): number {
    const re = (this.#lowerRe ??= lowerWordsPattern(lower));
    const text = this.#text;
    re.lastIndex = pos;
    for (let m = re.exec(text); m !== null && m.index < this.#to; m = re.exec(text)) {
      const at = m.index;
      const end = at + m[0].length;
      const before = at > this.#from ? text.charCodeAt(at - 1) : 0x20;
      const after = end < this.#to ? text.charCodeAt(end) : 0x20;
      if (!isWordChar(after) && (!isWordChar(before) || charClass(before) === CharClass.Apostrophe) && !inIdentifier(text, at, end, this.#from, this.#to)) return at;
      re.lastIndex = at + 1;
    }
    return text.length;
  }

  /** Starts a new window of words at `pos`. */
  #window(pos: number): void {
    this.#count = 0;
    this.#nextPos = pos;
    this.#ended = false;
  }

  /** Makes sure word t of the window has been read; false when the text ends first. */
  #has(t: number): boolean {
    while (this.#count <= t) {
      if (this.#ended) return false;
      const next = readToken(this.#text, this.#nextPos, this.#to, this.#tk, this.#count, this.#count === 0 ? Gap.Break : gapAfter(this.#tk, this.#count - 1));
      if (next < 0) {
        this.#ended = true;
        return false;
      }
      if (this.#count >= this.#ids.length) {
        const ids = new Int32Array(this.#ids.length * 2);
        ids.set(this.#ids);
        this.#ids = ids;
      }
      this.#ids[this.#count] = NOT_LOOKED_UP;
      this.#count++;
      this.#nextPos = next;
    }
    return true;
  }

  #id(t: number): number {
    let id = this.#ids[t]!;
    if (id === NOT_LOOKED_UP) {
      const tk = this.#tk;
      id = this.index.wordId(this.#text, tk.start[t]!, tk.end[t]!, tk.hash[t]!, (tk.flags[t]! & TokenFlag.Dotted) !== 0);
      this.#ids[t] = id;
    }
    return id;
  }

  /**
   * Longest match starting at word i (or at a glued suffix of it: `firstWord` and
   * `startChar` then describe the suffix). Returns the word after the match, or -1.
   */
  #matchFrom(i: number, firstWord: number, startChar: number, firstFlags: number, sink: MatchSink): number {
    const index = this.index;
    const tk = this.#tk;
    const w = firstWord >= 0 ? firstWord : this.#id(i);
    if (w < 0) return -1;
    let node = index.root(w);
    if (node === 0) return -1;
    let terms = 0;
    let j = i;
    for (;;) {
      if (index.terminalAt(node) !== 0 && terms < this.#termNodes.length) {
        this.#termNodes[terms] = node;
        this.#termEnds[terms] = j;
        terms++;
      }
      // No alias goes further, or none with the page's next word: that word is not read
      // (most names end a phrase, and most words after one are not part of a name).
      if (!index.hasChild(node)) break;
      if (this.#count === j + 1 && !this.#nextMayContinue(node)) break;
      if (!this.#has(j + 1)) break;
      const gap = tk.gap[j + 1]!;
      if (gap === Gap.Break) break;
      const w2 = this.#id(j + 1);
      if (w2 < 0) break;
      const child = index.child(node, w2, gap);
      if (child === 0) break;
      node = child;
      j++;
    }
    for (let k = terms - 1; k >= 0; k--) {
      const end = this.#termEnds[k]!;
      const passing = this.#accept(i, end, firstFlags, index.terminalAt(this.#termNodes[k]!));
      if (passing < 0) continue;
      // Words joined by an underscore are one identifier (a user name "Andrea_Victoria", a
      // file name): no name inside it, nor a shorter one, is a mention.
      if (passing > 0 && !inIdentifier(this.#text, startChar, tk.end[end]!, this.#from, this.#to)) sink(startChar, tk.end[end]!, this.#passing, passing);
      return end + 1;
    }
    return -1;
  }

  /**
   * A look at the text after the last word read, without reading the next word: false
   * when that word cannot continue an alias past `node` (its first letter starts none of
   * the words that do, or punctuation ends the phrase first). Anything unusual (a letter
   * outside ASCII, a digit, a possible French elision) answers true, and is read.
   */
  #nextMayContinue(node: number): boolean {
    const text = this.#text;
    let gap: number = Gap.Plain;
    for (let k = this.#nextPos; k < this.#to; k++) {
      const c = text.charCodeAt(k);
      let cls: number = classTable[c]!;
      if (cls === 0) cls = charClass(c);
      if (cls === CharClass.Space || cls === CharClass.Dash || cls === CharClass.Ignorable || cls === CharClass.Apostrophe) continue;
      if (cls === CharClass.Period || cls === CharClass.Comma) {
        if (gap !== Gap.Plain) return false;
        gap = cls === CharClass.Period ? Gap.Period : Gap.Comma;
        continue;
      }
      if (cls !== CharClass.Upper && cls !== CharClass.Lower) return cls === CharClass.Digit;
      if (c >= 0x80 || this.index.continuesWith(node, c)) return true;
      // "l’Inde", "qu’Ottawa": the word may start after an elision.
      const after = (c | 0x20) === 0x71 ? k + 2 : k + 1;
      return after < this.#to && charClass(text.charCodeAt(after)) === CharClass.Apostrophe;
    }
    return false;
  }

  /** A word glued to its neighbour by scraping: try the part after, then the part before. */
  #matchGlued(i: number, sink: MatchSink): number {
    const index = this.index;
    const tk = this.#tk;
    const start = tk.start[i]!;
    const split = tk.split[i]!;
    const pre = index.wordId(this.#text, start, split, tk.preHash[i]!, false);
    let matched = false;
    if (pre >= 0 && tk.flags[i]! & TokenFlag.Cap) {
      const node = index.root(pre);
      const term = node === 0 ? 0 : index.terminalAt(node);
      if (term !== 0) {
        // The prefix is followed by the glued suffix, never by another word of a name.
        const passing = this.#accept(i, i, tk.flags[i]!, term, true);
        if (passing > 0) {
          sink(start, split, this.#passing, passing);
          matched = true;
        }
      }
    }
    const suf = index.wordId(this.#text, split, tk.end[i]!, tk.sufHash[i]!, false);
    if (suf >= 0) {
      const next = this.#matchFrom(i, suf, split, TokenFlag.Cap | TokenFlag.Letters, sink);
      if (next > 0) return next;
    }
    return matched ? i + 1 : -1;
  }

  /** Is the word before word i written in capitals (a headline)? */
  #shoutedBefore(i: number): boolean {
    if (i > 0) return (this.#tk.flags[i - 1]! & TokenFlag.AllCaps) !== 0;
    // The window starts here: look back in the text.
    const text = this.#text;
    let k = this.#tk.start[0]! - 1;
    while (k >= this.#from && !isWordChar(text.charCodeAt(k))) k--;
    let letters = 0;
    while (k >= this.#from && isWordChar(text.charCodeAt(k))) {
      const cls = charClass(text.charCodeAt(k));
      if (cls === CharClass.Lower) return false;
      if (cls === CharClass.Upper) letters++;
      k--;
    }
    return letters >= 2;
  }

  /**
   * How many aliases ending at this terminal the page's words satisfy (case, language,
   * neighbours), written to `passing`; -1 when none does, 0 when a blocker does.
   */
  #accept(i: number, j: number, firstFlags: number, term: number, glued = false): number {
    const index = this.index;
    const tk = this.#tk;
    const passing = this.#passing;
    let count = 0;
    let blocked = false;
    // A terminal's aliases are numbered consecutively (the image stores them in terminal order).
    for (let a = index.termFrom(term); a < index.termTo(term); a++) {
      const flags = index.aliasFlags[a]!;
      if (flags & AliasFlag.FrenchOnly && !this.french) continue;
      if (!(flags & AliasFlag.CaseAny) && !caseFits(index, a, j - i + 1, tk.flags, i, firstFlags, (flags & AliasFlag.CaseExact) !== 0)) {
        continue;
      }
      if (flags & AliasFlag.WordAcronym && !(firstFlags & TokenFlag.Dotted)) {
        const shoutedAfter = !glued && this.#has(j + 1) && (tk.flags[j + 1]! & TokenFlag.AllCaps) !== 0;
        if (shoutedAfter || this.#shoutedBefore(i)) continue;
      }
      if (flags & AliasFlag.GivenName && !glued && this.#has(j + 1) && tk.gap[j + 1] === Gap.Plain) {
        const nf = tk.flags[j + 1]!;
        if (nf & TokenFlag.Cap && !(nf & TokenFlag.AllCaps)) continue;
      }
      if (flags & AliasFlag.Blocker) {
        blocked = true;
        continue;
      }
      passing[count++] = a;
    }
    if (count > 0) return count;
    return blocked ? 0 : -1;
  }
}

function caseFits(index: AliasIndex, a: number, words: number, flags: Uint8Array, i: number, firstFlags: number, exact: boolean): boolean {
  const base = index.shapeStart[a]!;
  for (let t = 0; t < words; t++) {
    const f = t === 0 ? firstFlags : flags[i + t]!;
    const shape = index.shapeList[base + t]!;
    if (shape === Shape.Acronym) {
      if (!(f & TokenFlag.AllCaps)) return false;
    } else if (shape === Shape.LongAcronym) {
      if (!(f & TokenFlag.Cap)) return false;
    } else if (shape === Shape.Cap) {
      if (t === 0 || exact) {
        if (!(f & TokenFlag.Cap)) return false;
        if (exact && f & TokenFlag.AllCaps) return false;
      }
    } else if (exact && f & TokenFlag.Cap) {
      return false;
    }
  }
  return true;
}
