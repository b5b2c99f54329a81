/**
 * Finds aliases in a run of text: tokenize, then walk the word trie from each word that
 * could start a name, keeping the longest match that passes its case rules.
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
import { AliasIndex, Shape } from './alias-index';
import { Gap, TokenFlag, Tokens, tokenize } from './tokenize';

/** Receives each match: character offsets in the text, and the alias ids that passed. */
export type MatchSink = (start: number, end: number, aliases: number[]) => void;

const NOT_LOOKED_UP = -2;

export class Scanner {
  private readonly tokens = new Tokens(1024);
  private ids = new Int32Array(1024);
  private readonly termNodes = new Int32Array(64);
  private readonly termEnds = new Int32Array(64);

  /** `french`: the page is in French, so one-word French aliases count. */
  constructor(
    readonly index: AliasIndex,
    public french = false,
  ) {}

  /** Scans text[from, to) and reports matches in order. Returns how many were found. */
  scan(text: string, sink: MatchSink, from = 0, to = text.length): number {
    const tk = this.tokens;
    const n = tokenize(text, tk, from, to);
    if (this.ids.length < tk.start.length) this.ids = new Int32Array(tk.start.length);
    this.ids.fill(NOT_LOOKED_UP, 0, n);
    const index = this.index;
    const lowerStarts = index.lowerStarts || (this.french && index.lowerStartsFrench);
    let found = 0;
    let i = 0;
    while (i < n) {
      const f = tk.flags[i]!;
      let next = -1;
      if (f & TokenFlag.Cap || (lowerStarts && f & TokenFlag.Letters)) {
        next = this.matchFrom(text, i, n, -1, tk.start[i]!, f, sink);
      }
      if (next < 0 && f & TokenFlag.Split) next = this.matchGlued(text, i, n, sink);
      if (next > 0) {
        found++;
        i = next;
      } else {
        i++;
      }
    }
    return found;
  }

  private id(text: string, t: number): number {
    let id = this.ids[t]!;
    if (id === NOT_LOOKED_UP) {
      const tk = this.tokens;
      const f = tk.flags[t]!;
      id = this.index.wordId(text, tk.start[t]!, tk.end[t]!, tk.hash[t]!, (f & TokenFlag.Dotted) !== 0);
      this.ids[t] = id;
    }
    return id;
  }

  /**
   * Longest match starting at token i (or at a glued suffix of it: `firstWord` and
   * `startChar` then describe the suffix). Returns the token after the match, or -1.
   */
  private matchFrom(
    text: string,
    i: number,
    n: number,
    firstWord: number,
    startChar: number,
    firstFlags: number,
    sink: MatchSink,
  ): number {
    const index = this.index;
    const tk = this.tokens;
    const w = firstWord >= 0 ? firstWord : this.id(text, i);
    if (w < 0) return -1;
    let node = index.root(w);
    if (node === 0) return -1;
    let terms = 0;
    let j = i;
    for (;;) {
      if (index.terminalAt(node) !== undefined && terms < this.termNodes.length) {
        this.termNodes[terms] = node;
        this.termEnds[terms] = j;
        terms++;
      }
      if (j + 1 >= n) break;
      const gap = tk.gap[j + 1]!;
      if (gap === Gap.Break) break;
      const w2 = this.id(text, j + 1);
      if (w2 < 0) break;
      const child = index.child(node, w2, gap);
      if (child === 0) break;
      node = child;
      j++;
    }
    for (let k = terms - 1; k >= 0; k--) {
      const end = this.termEnds[k]!;
      const passing = this.accept(i, end, n, firstFlags, index.terminalAt(this.termNodes[k]!)!);
      if (passing === null) continue;
      if (passing.length > 0) sink(startChar, tk.end[end]!, passing);
      return end + 1;
    }
    return -1;
  }

  /** A word glued to its neighbour by scraping: try the part after, then the part before. */
  private matchGlued(text: string, i: number, n: number, sink: MatchSink): number {
    const index = this.index;
    const tk = this.tokens;
    const start = tk.start[i]!;
    const split = tk.split[i]!;
    const pre = index.wordId(text, start, split, tk.preHash[i]!, false);
    let matched = false;
    if (pre >= 0) {
      const node = index.root(pre);
      const aliases = node === 0 ? undefined : index.terminalAt(node);
      if (aliases) {
        // The prefix is followed by the glued suffix, never by a capitalised next word.
        const passing = this.accept(i, i, i + 1, tk.flags[i]!, aliases);
        if (passing !== null && passing.length > 0) {
          sink(start, split, passing);
          matched = true;
        }
      }
    }
    const suf = index.wordId(text, split, tk.end[i]!, tk.sufHash[i]!, false);
    if (suf >= 0) {
      const next = this.matchFrom(text, i, n, suf, split, TokenFlag.Cap | TokenFlag.Letters, sink);
      if (next > 0) return next;
    }
    return matched ? i + 1 : -1;
  }

  /**
   * The aliases ending at this terminal that the page's words satisfy (case, language,
   * neighbours), or null when none does. Blockers pass as an empty list.
   */
  private accept(i: number, j: number, n: number, firstFlags: number, aliases: number[]): number[] | null {
    const index = this.index;
    const tk = this.tokens;
    let passing: number[] | null = null;
    let blocked = false;
    for (const a of aliases) {
      const flags = index.aliasFlags[a]!;
      if (flags & AliasFlag.FrenchOnly && !this.french) continue;
      if (!(flags & AliasFlag.CaseAny) && !caseFits(index.aliasShapes[a]!, tk.flags, i, firstFlags, (flags & AliasFlag.CaseExact) !== 0)) {
        continue;
      }
      if (flags & AliasFlag.WordAcronym && !(firstFlags & TokenFlag.Dotted)) {
        const shoutedBefore = i > 0 && (tk.flags[i - 1]! & TokenFlag.AllCaps) !== 0;
        const shoutedAfter = j + 1 < n && (tk.flags[j + 1]! & TokenFlag.AllCaps) !== 0;
        if (shoutedBefore || shoutedAfter) continue;
      }
      if (flags & AliasFlag.GivenName && j + 1 < n && tk.gap[j + 1] === Gap.Plain) {
        const nf = tk.flags[j + 1]!;
        if (nf & TokenFlag.Cap && !(nf & TokenFlag.AllCaps)) continue;
      }
      if (flags & AliasFlag.Blocker) {
        blocked = true;
        continue;
      }
      (passing ??= []).push(a);
    }
    if (passing !== null) return passing;
    return blocked ? [] : null;
  }
}

function caseFits(shapes: Uint8Array, flags: Uint8Array, i: number, firstFlags: number, exact: boolean): boolean {
  for (let t = 0; t < shapes.length; t++) {
    const f = t === 0 ? firstFlags : flags[i + t]!;
    const shape = shapes[t]!;
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
