/**
 * The alias index the scanner walks: a word-level trie over folded words.
 *
 * Why words and not characters: a page is mostly words that start no alias at all, and
 * a word-level trie lets the scanner reject each of them with one hash-table probe (the
 * hash is computed while tokenizing, so no string is ever built for a page word). A
 * character-level automaton (Aho-Corasick) would touch every character of every word and
 * weighs 55-124 MB at 100k patterns in the npm implementations the design measured.
 *
 * The build has already split every alias into folded words (alias-words.ts), laid out
 * the trie and filled every table below (alias-index-image.ts), one block of bytes
 * (index-binary.ts) that the content script fetches (kb-tables.ts): loading this on a page
 * is making a few typed-array views over it:
 * - vocabulary: an open-addressing table keyed by the tokenizer's FNV hash, verified
 *   against the folded text on a hit (a hash collision can never mark a wrong word);
 * - trie: root edges in an array indexed by word id, deeper edges in an open-addressing
 *   table keyed by (node, word, gap kind), and per node the first letters of the words
 *   that can follow;
 * - aliases: flags, per-word case shapes, and targets (entity * 4 + via).
 */
import type { AliasIndexImage } from '../kb/types';
import { CharClass, classTable, foldTable } from './chars';
import { fromBase64, viewTables } from './index-binary';

export interface IndexStats {
  aliases: number;
  words: number;
  nodes: number;
}

export class AliasIndex {
  readonly entityCount: number;
  /** Entity ids joined by newlines, split on first use (cards, the popup): see `ids`. */
  readonly #idText: string;
  #ids: readonly string[] | undefined;
  /** Where each id starts in #idText, and one past the end (made on the first `idAt`). */
  #idStarts: Int32Array | undefined;
  readonly kinds: Uint8Array;
  readonly eflags: Uint8Array;
  /** Entities supporting each entity's reading of a shared alias, or null. */
  readonly context: (Int32Array | null)[];

  // Vocabulary.
  private readonly vocabMask: number;
  private readonly vocabHashes: Int32Array;
  private readonly vocabSlots: Int32Array;
  /** The words joined by spaces, as in the image. */
  private readonly vocabText: string;
  /** Where each word starts in vocabText, and one more entry: its length + 1. Word w ends at vocabOffsets[w + 1] - 1. */
  private readonly vocabOffsets: Int32Array;

  // Trie. Node 0 is the root.
  private readonly rootChild: Int32Array;
  /** Deeper edges: open addressing over (node, word * 4 + gap) → child. */
  private readonly edgeMask: number;
  private readonly edgeNode: Int32Array;
  private readonly edgeLabel: Int32Array;
  private readonly edgeChild: Int32Array;
  private readonly nodeCount: number;
  /** Per node: index of its terminal + 1, or 0. Terminal t's aliases: [termStart[t], termStart[t + 1]). */
  private readonly nodeTerminal: Int32Array;
  /**
   * Per node: which letters the next word of an alias continuing past it can start with
   * (bit k for the folded letter 'a' + k; bit 26 for anything else), 0 when no alias
   * continues. The scanner reads the next word of the page only when it can fit.
   */
  private readonly nodeNext: Int32Array;
  private readonly termStart: Int32Array;

  // Aliases, in terminal order (terminal t's aliases follow terminal t - 1's), in flat arrays.
  readonly aliasFlags: Uint8Array;
  /** Targets of alias a: targetList[targetStart[a], targetStart[a + 1]), as entity * 4 + via. */
  readonly targetStart: Int32Array;
  readonly targetList: Int32Array;
  /** Case shape of word t of alias a: shapeList[shapeStart[a] + t]. */
  readonly shapeStart: Int32Array;
  readonly shapeList: Uint8Array;
  /**
   * First words of the aliases that may start in lower case ("von der Leyen"; French
   * demonyms), on any page and on French pages only: the scanner looks for them besides
   * capitals.
   */
  readonly lowerStarts: string[];
  /** On a prebuilt index, only its emptiness matters (French pages read every word). */
  readonly lowerStartsFrench: string[];
  /** Some alias starts with a capital outside the Latin script (the scanner must look for all capitals). */
  readonly nonLatinStarts: boolean;
  /**
   * The first three letters (or digits) of every word that starts an alias, as bits: a
   * capitalised page word whose first letters start no alias is skipped without being
   * read ("The", "Tuesday", "Wikipedia"). Each character is 1-26 (a-z), 27-36 (0-9) or 0
   * (the word ended).
   */
  private readonly prefixes: Uint8Array;

  /**
   * From a prebuilt image (`indexImage` in alias-index-image.ts, run at build time), and its
   * tables' bytes when they come apart from it (the content script's come from a file).
   */
  constructor(img: AliasIndexImage, bytes?: Uint8Array) {
    if (img.version !== 5) throw new Error(`alias index version ${String((img as { version: unknown }).version)} is not supported`);
    if (!bytes && img.tables === undefined) throw new Error('alias index: no tables');
    const t = viewTables(bytes ?? fromBase64(img.tables!), img.lengths);
    this.#idText = img.ids;
    this.kinds = t.kinds;
    this.eflags = t.eflags;
    this.entityCount = t.kinds.length;
    // Context: per entity that has some, its index, how many supporters, then those.
    this.context = new Array<Int32Array | null>(this.entityCount).fill(null);
    const c = t.context;
    for (let i = 0; i < c.length; i += 2 + c[i + 1]!) this.context[c[i]!] = c.subarray(i + 2, i + 2 + c[i + 1]!);
    this.vocabText = img.vocab;
    this.vocabOffsets = t.vocabOffsets;
    this.vocabHashes = t.vocabHashes;
    this.vocabSlots = t.vocabSlots;
    this.vocabMask = t.vocabSlots.length - 1;
    this.rootChild = t.rootChild;
    this.edgeNode = t.edgeNode;
    this.edgeLabel = t.edgeLabel;
    this.edgeChild = t.edgeChild;
    this.edgeMask = t.edgeChild.length - 1;
    this.nodeNext = t.nodeNext;
    this.nodeTerminal = t.nodeTerminal;
    this.nodeCount = t.nodeNext.length;
    this.termStart = t.termStart;
    this.aliasFlags = t.aliasFlags;
    this.targetStart = t.targetStart;
    this.targetList = t.targetList;
    this.shapeStart = t.shapeStart;
    this.shapeList = t.shapeList;
    this.prefixes = t.prefixes;
    this.lowerStarts = img.lowerStarts ? img.lowerStarts.split(' ') : [];
    this.lowerStartsFrench = img.frenchLowerStarts ? ['*'] : [];
    this.nonLatinStarts = img.nonLatinStarts;
  }

  /**
   * Entity ids by entity index. Split on first use: the scan needs only indices, and a
   * page where no card is opened never makes these strings. (The content script asks for
   * one at a time, `idAt`.)
   */
  get ids(): readonly string[] {
    return (this.#ids ??= this.#idText ? this.#idText.split('\n') : []);
  }

  /**
   * The id of entity `entity`, cut from the joined ids: a card or a saved passage needs a
   * few, and splitting all of them (some 1,700 strings) was 4-5 ms of a 4x setup slice.
   */
  idAt(entity: number): string {
    let starts = this.#idStarts;
    if (!starts) {
      const text = this.#idText;
      const list: number[] = text ? [0] : [];
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) list.push(i + 1);
      list.push(text.length + 1); // one past the end, as if a newline followed the last id
      starts = this.#idStarts = Int32Array.from(list);
    }
    return this.#idText.slice(starts[entity]!, starts[entity + 1]! - 1);
  }

  get stats(): IndexStats {
    return { aliases: this.aliasFlags.length, words: this.vocabOffsets.length - 1, nodes: this.nodeCount };
  }

  /**
   * The word id of text[start, end) whose tokenizer hash is `hash`, or -1. `dotted`
   * words skip their periods.
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
    const vEnd = this.vocabOffsets[id + 1]! - 1;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      // The tokenizer has classified every character of the word already.
      const k = classTable[c]!;
      if (k === CharClass.Ignorable || (dotted && k === CharClass.Period)) continue;
      if (v >= vEnd || vt.charCodeAt(v) !== (k === CharClass.Apostrophe ? 0x27 : foldTable[c]!)) return false;
      v++;
    }
    return v === vEnd;
  }

  /**
   * Could a word starting at text[i] begin an alias? False only when its first three
   * characters, folded, are plain letters or digits that start no alias word. Anything
   * unusual among them (an apostrophe, a period, a non-ASCII letter) answers true: the
   * word is then read in full.
   */
  mayStart(text: string, i: number, to: number): boolean {
    let key = 0;
    let k = 0;
    for (; k < 3 && i + k < to; k++) {
      const c = text.charCodeAt(i + k);
      let f: number;
      if (c < 0x80) {
        if (c === 0x27 || c === 0x2e) return true;
        f = c | 0x20;
      } else {
        const cls = classTable[c]!;
        if (cls === CharClass.Upper || cls === CharClass.Lower) f = foldTable[c]!;
        else if (cls === CharClass.Space || cls === CharClass.Dash || cls === CharClass.Comma || cls === CharClass.Other) break;
        else return true;
        if (f >= 0x80) return true;
      }
      const code = prefixCode(f);
      if (code === 0) break;
      key = key * 37 + code;
    }
    for (; k < 3; k++) key *= 37;
    return (this.prefixes[key >> 3]! & (1 << (key & 7))) !== 0;
  }

  /** Trie step from the root. 0 when no alias starts with this word. */
  root(word: number): number {
    return this.rootChild[word]!;
  }

  /** Trie step; 0 when there is no such edge. */
  child(node: number, word: number, gap: number): number {
    const label = word * 4 + gap;
    const mask = this.edgeMask;
    let slot = edgeSlot(node, label) & mask;
    let child: number;
    while ((child = this.edgeChild[slot]!) !== 0) {
      if (this.edgeNode[slot] === node && this.edgeLabel[slot] === label) return child;
      slot = (slot + 1) & mask;
    }
    return 0;
  }

  /** Does some alias continue past this node? */
  hasChild(node: number): boolean {
    return this.nodeNext[node] !== 0;
  }

  /**
   * Can an alias continue past this node with a word starting with ASCII letter `c`
   * (either case)? False means the page's next word need not be read.
   */
  continuesWith(node: number, c: number): boolean {
    return ((this.nodeNext[node]! >> ((c | 0x20) - 0x61)) & 1) !== 0;
  }

  /** The terminal at this node (> 0), or 0 when no alias ends here. */
  terminalAt(node: number): number {
    return this.nodeTerminal[node]!;
  }

  /** Aliases of terminal t (from `terminalAt`): the alias ids in [termFrom(t), termTo(t)). */
  termFrom(t: number): number {
    return this.termStart[t - 1]!;
  }

  termTo(t: number): number {
    return this.termStart[t]!;
  }
}

/** The edge table's hash (shared with the image builder, which fills the table). */
export function edgeSlot(node: number, label: number): number {
  return Math.imul(node, 0x9e3779b1) ^ Math.imul(label, 0x85ebca6b);
}

/** a-z → 1-26, 0-9 → 27-36, anything else (the word ends) → 0; folded lower case expected. */
export function prefixCode(c: number): number {
  if (c >= 0x61 && c <= 0x7a) return c - 0x60;
  if (c >= 0x30 && c <= 0x39) return c - 0x30 + 27;
  return 0;
}
