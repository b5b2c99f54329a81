/**
 * How an alias text becomes trie keys: its folded words, the gap kind between them, and
 * the case shape of each word. Run by the compiler at build time, with the very tokenizer
 * that reads pages, so the content script never tokenizes alias texts itself.
 */
import { AliasFlag } from '../kb/types';
import { CharClass, charClass, foldChar } from './chars';
import { Gap, TokenFlag, Tokens, tokenize } from './tokenize';

/** How a word of an alias is written, which decides how the page's word may be written. */
export const Shape = {
  /** Lower case: any case matches. */
  Lower: 0,
  /** Starts with a capital: the page's word must too (first word) or may (later words). */
  Cap: 1,
  /** Acronym ("US", "G7"): the page's word must be in capitals. */
  Acronym: 2,
  /**
   * Acronym of four or more letters that is not an English word ("NATO", "AUKUS"): also
   * accepted in title case, as British outlets write them ("Nato", "Aukus").
   */
  LongAcronym: 3,
} as const;

export interface AliasWords {
  /** Folded words ("u.s." → "us", "Canada’s" → "canada"). */
  words: string[];
  /** Per word: its Shape | (the gap before it << 2). */
  info: number[];
}

const tokens = new Tokens(32);

/** The folded text of token t, exactly what its hash covers. */
export function foldedTokenText(text: string, tk: Tokens, t: number): string {
  const dotted = (tk.flags[t]! & TokenFlag.Dotted) !== 0;
  let out = '';
  for (let i = tk.start[t]!; i < tk.end[t]!; i++) {
    const c = text.charCodeAt(i);
    const k = charClass(c);
    if (k === CharClass.Ignorable || (dotted && k === CharClass.Period)) continue;
    out += String.fromCharCode(foldChar(c));
  }
  return out;
}

function letterCount(text: string, tk: Tokens, t: number): number {
  let n = 0;
  for (let i = tk.start[t]!; i < tk.end[t]!; i++) {
    const k = charClass(text.charCodeAt(i));
    if (k === CharClass.Upper || k === CharClass.Lower) n++;
  }
  return n;
}

/** Analyses an alias, or returns why it can never match. `flags` are its AliasFlag bits. */
export function aliasWords(text: string, flags: number): AliasWords | string {
  const n = tokenize(text, tokens);
  if (n === 0) return `alias "${text}" has no letters or digits`;
  const words: string[] = [];
  const info: number[] = [];
  for (let t = 0; t < n; t++) {
    const gap = t === 0 ? Gap.Plain : tokens.gap[t]!;
    if (gap === Gap.Break) return `alias "${text}" contains punctuation that ends a name`;
    const f = tokens.flags[t]!;
    const shape =
      f & TokenFlag.AllCaps
        ? n === 1 && !(flags & AliasFlag.WordAcronym) && letterCount(text, tokens, t) >= 4
          ? Shape.LongAcronym
          : Shape.Acronym
        : f & TokenFlag.Cap
          ? Shape.Cap
          : Shape.Lower;
    words.push(foldedTokenText(text, tokens, t));
    info.push(shape | (gap << 2));
  }
  return { words, info };
}
