/**
 * The alias index the scanner walks: a word-level trie over folded words.
 *
 * Why words and not characters: a page is mostly words that start no alias at all, and
 * a word-level trie lets the scanner reject each of them with one hash-table probe (the
 * hash is computed while tokenizing, so no string is ever built for a page word). A
 * character-level automaton (Aho-Corasick) would touch every character of every word and
 * weighs 55-124 MB at 100k patterns in the npm implementations we measured against.
 *
 * Layout, all typed arrays so that 100k aliases stay within a few MB:
 * - vocabulary: every distinct folded word of every alias, in an open-addressing table
 *   keyed by the tokenizer's FNV hash, verified against the folded text on a hit;
 * - trie: root edges in an array indexed by word id, deeper edges in one Map keyed by
 *   (node, word, gap kind);
 * - aliases: flags, per-word case shapes, and targets (entity * 4 + via).
 */
import type { AliasIndexData } from '../kb/types';
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

export interface IndexStats {
  aliases: number;
  words: number;
  nodes: number;
}

export class AliasIndex {
  readonly entityCount: number;
  readonly ids: readonly string[];
  readonly kinds: Uint8Array;
  readonly eflags: Uint8Array;
  /** Entities supporting each entity's reading of a shared alias, or null. */
  readonly context: (Int32Array | null)[];

  // Vocabulary.
  private vocabMask = 0;
  private vocabHashes: Int32Array = new Int32Array(0);
  private vocabSlots: Int32Array = new Int32Array(0);
  private vocabText = '';
  private vocabOffsets: number[] = [];
  private vocabLookup = new Map<string, number>();

  // Trie. Node 0 is the root.
  private rootChild: Int32Array = new Int32Array(0);
  private edges = new Map<number, number>();
  private nodeCount = 1;
  /** Per node: index into `terminals` + 1, or 0. */
  private nodeTerminal: Int32Array = new Int32Array(0);
  /** Alias ids ending at a node, grouped per node. */
  readonly terminals: number[][] = [];

  // Aliases.
  readonly aliasText: string[] = [];
  readonly aliasFlags: Uint8Array;
  readonly aliasTargets: Int32Array[] = [];
  /** Per alias, the case shape of each word. */
  readonly aliasShapes: Uint8Array[] = [];
  /** The active alias set has aliases whose first word may be lower case. */
  lowerStarts = false;
  lowerStartsFrench = false;

  constructor(data: AliasIndexData) {
    this.entityCount = data.ids.length;
    this.ids = data.ids;
    this.kinds = Uint8Array.from(data.kinds);
    this.eflags = Uint8Array.from(data.eflags);
    this.context = new Array<Int32Array | null>(this.entityCount).fill(null);
    for (const [e, ctx] of data.context) this.context[e] = Int32Array.from(ctx);

    const n = data.aliases.length;
    this.aliasFlags = new Uint8Array(n);
    const tokens = new Tokens(16);
    // Pass 1: tokenize every alias and intern its words.
    const aliasWords: number[][] = [];
    const aliasGaps: number[][] = [];
    for (let a = 0; a < n; a++) {
      const [text, flags, targets] = data.aliases[a]!;
      this.aliasText.push(text);
      this.aliasFlags[a] = flags;
      this.aliasTargets.push(Int32Array.from(targets));
      const count = tokenize(text, tokens);
      const words: number[] = [];
      const gaps: number[] = [];
      const shapes = new Uint8Array(count);
      for (let t = 0; t < count; t++) {
        words.push(this.intern(foldedTokenText(text, tokens, t)));
        gaps.push(tokens.gap[t]!);
        const f = tokens.flags[t]!;
        shapes[t] =
          f & TokenFlag.AllCaps
            ? count === 1 && !(flags & AliasFlag.WordAcronym) && letterCount(text, tokens, t) >= 4
              ? Shape.LongAcronym
              : Shape.Acronym
            : f & TokenFlag.Cap
              ? Shape.Cap
              : Shape.Lower;
      }
      aliasWords.push(words);
      aliasGaps.push(gaps);
      this.aliasShapes.push(shapes);
      if (count > 0 && (flags & AliasFlag.CaseAny || shapes[0] === Shape.Lower)) {
        if (flags & AliasFlag.FrenchOnly) this.lowerStartsFrench = true;
        else this.lowerStarts = true;
      }
    }
    this.buildVocabTable();
    // Pass 2: insert into the trie.
    this.rootChild = new Int32Array(this.vocabOffsets.length - 1);
    const terminalOf = new Map<number, number>();
    for (let a = 0; a < n; a++) {
      const words = aliasWords[a]!;
      if (words.length === 0) continue;
      let node = this.rootChild[words[0]!]!;
      if (node === 0) {
        node = this.nodeCount++;
        this.rootChild[words[0]!] = node;
      }
      for (let t = 1; t < words.length; t++) {
        const key = edgeKey(node, words[t]!, aliasGaps[a]![t]!);
        let child = this.edges.get(key);
        if (child === undefined) {
          child = this.nodeCount++;
          this.edges.set(key, child);
        }
        node = child;
      }
      let term = terminalOf.get(node);
      if (term === undefined) {
        term = this.terminals.length;
        this.terminals.push([]);
        terminalOf.set(node, term);
      }
      this.terminals[term]!.push(a);
    }
    this.nodeTerminal = new Int32Array(this.nodeCount);
    for (const [node, term] of terminalOf) this.nodeTerminal[node] = term + 1;
    this.vocabLookup.clear();
  }

  get stats(): IndexStats {
    return { aliases: this.aliasText.length, words: this.vocabOffsets.length - 1, nodes: this.nodeCount };
  }

  private intern(word: string): number {
    let id = this.vocabLookup.get(word);
    if (id === undefined) {
      id = this.vocabOffsets.length;
      this.vocabOffsets.push(this.vocabText.length);
      this.vocabText += word;
      this.vocabLookup.set(word, id);
    }
    return id;
  }

  private buildVocabTable(): void {
    const count = this.vocabOffsets.length;
    this.vocabOffsets.push(this.vocabText.length);
    let size = 16;
    while (size < count * 3) size <<= 1;
    this.vocabMask = size - 1;
    this.vocabHashes = new Int32Array(size);
    this.vocabSlots = new Int32Array(size);
    for (let id = 0; id < count; id++) {
      const h = hashString(this.vocabText, this.vocabOffsets[id]!, this.vocabOffsets[id + 1]!);
      let slot = h & this.vocabMask;
      while (this.vocabSlots[slot] !== 0) slot = (slot + 1) & this.vocabMask;
      this.vocabHashes[slot] = h;
      this.vocabSlots[slot] = id + 1;
    }
  }

  /**
   * The word id of text[start, end) whose tokenizer hash is `hash`, or -1. `dotted`
   * words skip their periods. Verified character by character, so a hash collision
   * can never produce a false mark.
   */
  wordId(text: string, start: number, end: number, hash: number, dotted: boolean): number {
    const mask = this.vocabMask;
    let slot = hash & mask;
    let id: number;
    while ((id = this.vocabSlots[slot]!) !== 0) {
      if (this.vocabHashes[slot] === hash && this.verify(text, start, end, id - 1, dotted)) return id - 1;
      slot = (slot + 1) & mask;
    }
    return -1;
  }

  private verify(text: string, start: number, end: number, id: number, dotted: boolean): boolean {
    const vt = this.vocabText;
    let v = this.vocabOffsets[id]!;
    const vEnd = this.vocabOffsets[id + 1]!;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      const k = charClass(c);
      if (k === CharClass.Ignorable || (dotted && k === CharClass.Period)) continue;
      if (v >= vEnd || vt.charCodeAt(v) !== foldChar(c)) return false;
      v++;
    }
    return v === vEnd;
  }

  /** Trie step from the root. 0 when no alias starts with this word. */
  root(word: number): number {
    return this.rootChild[word]!;
  }

  /** Trie step; 0 when there is no such edge. */
  child(node: number, word: number, gap: number): number {
    return this.edges.get(edgeKey(node, word, gap)) ?? 0;
  }

  /** Alias ids ending at this node, or undefined. */
  terminalAt(node: number): number[] | undefined {
    const t = this.nodeTerminal[node]!;
    return t === 0 ? undefined : this.terminals[t - 1];
  }
}

function edgeKey(node: number, word: number, gap: number): number {
  // node < 2^30, word < 2^21, gap < 4: fits in a double's 53 bits.
  return node * 8388608 + word * 4 + gap;
}

/** The folded text of token t, exactly what its hash covers. */
export function foldedTokenText(text: string, tokens: Tokens, t: number): string {
  const dotted = (tokens.flags[t]! & TokenFlag.Dotted) !== 0;
  let out = '';
  for (let i = tokens.start[t]!; i < tokens.end[t]!; i++) {
    const c = text.charCodeAt(i);
    const k = charClass(c);
    if (k === CharClass.Ignorable || (dotted && k === CharClass.Period)) continue;
    out += String.fromCharCode(foldChar(c));
  }
  return out;
}

function letterCount(text: string, tokens: Tokens, t: number): number {
  let n = 0;
  for (let i = tokens.start[t]!; i < tokens.end[t]!; i++) {
    const k = charClass(text.charCodeAt(i));
    if (k === CharClass.Upper || k === CharClass.Lower) n++;
  }
  return n;
}

function hashString(s: string, from: number, to: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

export { Gap };
