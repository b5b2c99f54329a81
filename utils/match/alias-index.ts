/**
 * The alias index the scanner walks: a word-level trie over folded words.
 *
 * Why words and not characters: a page is mostly words that start no alias at all, and
 * a word-level trie lets the scanner reject each of them with one hash-table probe (the
 * hash is computed while tokenizing, so no string is ever built for a page word). A
 * character-level automaton (Aho-Corasick) would touch every character of every word and
 * weighs 55-124 MB at 100k patterns in the npm implementations the design measured.
 *
 * The build has already split every alias into folded word ids (alias-words.ts) and laid
 * out the trie (alias-index-image.ts), so loading this on a page is only filling typed
 * arrays from the image:
 * - vocabulary: an open-addressing table keyed by the tokenizer's FNV hash, verified
 *   against the folded text on a hit (a hash collision can never mark a wrong word);
 * - trie: root edges in an array indexed by word id, deeper edges in an open-addressing
 *   table keyed by (node, word, gap kind), and per node the first letters of the words
 *   that can follow;
 * - aliases: flags, per-word case shapes, and targets (entity * 4 + via).
 */
import type { AliasIndexImage } from '../kb/types';
import { CharClass, HASH_SEED, classTable, foldTable, hashStep } from './chars';
import { unpackInts } from './packed-ints';

export interface IndexStats {
  aliases: number;
  words: number;
  nodes: number;
}

export class AliasIndex {
  entityCount!: number;
  /** Entity ids joined by newlines, split on first use (cards, the popup): see `ids`. */
  #idText = '';
  #ids: readonly string[] | undefined;
  kinds!: Uint8Array;
  eflags!: Uint8Array;
  /** Entities supporting each entity's reading of a shared alias, or null. */
  context!: (Int32Array | null)[];

  // Vocabulary.
  private vocabMask!: number;
  private vocabHashes!: Int32Array;
  private vocabSlots!: Int32Array;
  /** The words joined by spaces, as in the image. */
  private vocabText!: string;
  /** Where each word starts in vocabText, and one more entry: its length + 1. Word w ends at vocabOffsets[w + 1] - 1. */
  private vocabOffsets!: Int32Array;

  // Trie. Node 0 is the root.
  private rootChild!: Int32Array;
  /** Deeper edges: open addressing over (node, word * 4 + gap) → child. */
  private edgeMask = 0;
  private edgeNode: Int32Array = new Int32Array(0);
  private edgeLabel: Int32Array = new Int32Array(0);
  private edgeChild: Int32Array = new Int32Array(0);
  private nodeCount!: number;
  /** Per node: index of its terminal + 1, or 0. Terminal t's aliases: termList[termStart[t], termStart[t + 1]). */
  private nodeTerminal!: Int32Array;
  /**
   * Per node: which letters the next word of an alias continuing past it can start with
   * (bit k for the folded letter 'a' + k; bit 26 for anything else), 0 when no alias
   * continues. The scanner reads the next word of the page only when it can fit.
   */
  private nodeNext!: Int32Array;
  private termStart!: Int32Array;
  private termList!: Int32Array;

  // Aliases, in flat arrays (one typed array per alias would cost ~100 bytes each).
  aliasFlags!: Uint8Array;
  /** Targets of alias a: targetList[targetStart[a], targetStart[a + 1]), as entity * 4 + via. */
  targetStart!: Int32Array;
  targetList!: Int32Array;
  /** Case shape of word t of alias a: shapeList[shapeStart[a] + t]. */
  shapeStart!: Int32Array;
  shapeList!: Uint8Array;
  /**
   * First words of the aliases that may start in lower case ("von der Leyen"; French
   * demonyms), on any page and on French pages only: the scanner looks for them besides
   * capitals.
   */
  lowerStarts: string[] = [];
  /** On a prebuilt index, only its emptiness matters (see loadImage). */
  lowerStartsFrench: string[] = [];
  /** Some alias starts with a capital outside the Latin script (the scanner must look for all capitals). */
  nonLatinStarts!: boolean;

  /**
   * From a prebuilt image (`indexImage` in alias-index-image.ts, run at build time): the
   * content script only copies arrays, it never builds a trie on a page load.
   */
  constructor(img: AliasIndexImage, stepwise = false) {
    if (img.version !== 4) throw new Error(`alias index version ${String((img as { version: unknown }).version)} is not supported`);
    if (stepwise) return;
    const steps = this.loadImage(img);
    while (!steps.next().done);
  }

  /**
   * The same load, in steps: the generator yields between them and returns the index.
   * On a page load this is cold code (tens of milliseconds at 4x CPU throttle in one
   * piece), so the content script spreads the steps over its slices.
   */
  static *stepwise(img: AliasIndexImage): Generator<void, AliasIndex> {
    const index = new AliasIndex(img, true);
    yield;
    yield* index.loadImage(img);
    return index;
  }

  private *fillVocabTable(): Generator<void, void> {
    const text = this.vocabText;
    const offsets = this.vocabOffsets;
    for (let id = 0; id < offsets.length - 1; id++) {
      if ((id & LOAD_STEP) === LOAD_STEP) yield;
      let h = HASH_SEED;
      for (let i = offsets[id]!; i < offsets[id + 1]! - 1; i++) h = hashStep(h, text.charCodeAt(i));
      let slot = h & this.vocabMask;
      while (this.vocabSlots[slot] !== 0) slot = (slot + 1) & this.vocabMask;
      this.vocabHashes[slot] = h;
      this.vocabSlots[slot] = id + 1;
    }
  }

  private *loadImage(img: AliasIndexImage): Generator<void, void> {
    // Plain loops, not Array.from with a callback: this runs once per page load, in code
    // the engine has not optimised yet, where a call per element is what costs (bench:
    // "alias index build" on a fresh page). Nothing here makes an object per item: every
    // list arrives as a string and becomes a typed array (see packed-ints.ts for why).
    const fromDigits = (s: string) => {
      const out = new Uint8Array(s.length);
      for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) - 48;
      return out;
    };
    const starts = (counts: ArrayLike<number>) => {
      const out = new Int32Array(counts.length + 1);
      for (let i = 0; i < counts.length; i++) out[i + 1] = out[i]! + counts[i]!;
      return out;
    };
    this.#idText = img.ids;
    this.kinds = fromDigits(img.kinds);
    this.entityCount = this.kinds.length;
    yield;
    this.eflags = fromDigits(img.eflags);
    this.context = new Array<Int32Array | null>(this.entityCount).fill(null);
    const context = yield* unpackInts(img.context, LOAD_STEP);
    for (let i = 0; i < context.length; i += 2 + context[i + 1]!) this.context[context[i]!] = context.subarray(i + 2, i + 2 + context[i + 1]!);
    yield;

    // Vocabulary: the image's own string, spaces and all (split and join made thousands of
    // short-lived strings); indexOf is native.
    const text = (this.vocabText = img.vocab);
    const wordCount = img.words;
    this.vocabOffsets = new Int32Array(wordCount + 1);
    for (let w = 1, at = 0; w < wordCount; w++) {
      if ((w & LOAD_STEP) === LOAD_STEP) yield;
      at = text.indexOf(' ', at) + 1;
      this.vocabOffsets[w] = at;
    }
    this.vocabOffsets[wordCount] = text.length + 1;
    let size = 16;
    while (size < wordCount * 3) size <<= 1;
    this.vocabMask = size - 1;
    this.vocabHashes = new Int32Array(size);
    this.vocabSlots = new Int32Array(size);
    yield;
    yield* this.fillVocabTable();

    // Trie.
    this.nodeCount = img.nodes;
    this.rootChild = new Int32Array(wordCount);
    const roots = yield* unpackInts(img.roots, LOAD_STEP);
    for (let i = 0; i < roots.length; i += 2) this.rootChild[roots[i]!] = roots[i + 1]!;
    const edges = yield* unpackInts(img.edges, LOAD_STEP);
    let edgeSize = 16;
    while (edgeSize < (edges.length / 3) * 2) edgeSize <<= 1;
    this.edgeMask = edgeSize - 1;
    this.edgeNode = new Int32Array(edgeSize);
    this.edgeLabel = new Int32Array(edgeSize);
    this.edgeChild = new Int32Array(edgeSize);
    this.nodeNext = new Int32Array(img.nodes);
    for (let i = 0; i < edges.length; i += 3) {
      if ((i & LOAD_STEP) === LOAD_STEP) yield;
      const node = edges[i]!;
      this.nodeNext[node]! |= this.firstLetterBit(edges[i + 1]! >> 2);
      const label = edges[i + 1]!;
      let slot = edgeSlot(node, label) & this.edgeMask;
      while (this.edgeChild[slot] !== 0) slot = (slot + 1) & this.edgeMask;
      this.edgeNode[slot] = node;
      this.edgeLabel[slot] = label;
      this.edgeChild[slot] = edges[i + 2]!;
    }
    yield;
    this.nodeTerminal = new Int32Array(img.nodes);
    const termNodes = yield* unpackInts(img.termNodes, LOAD_STEP);
    for (let t = 0; t < termNodes.length; t++) this.nodeTerminal[termNodes[t]!] = t + 1;
    yield;
    this.termStart = starts(fromDigits(img.termCounts));
    // Aliases come in terminal order (see toImage).
    this.termList = new Int32Array(img.aliasFlags.length);
    for (let i = 0; i < this.termList.length; i++) this.termList[i] = i;

    yield;
    // Aliases.
    this.aliasFlags = fromDigits(img.aliasFlags);
    this.targetStart = starts(fromDigits(img.targetCounts));
    yield;
    this.targetList = yield* unpackInts(img.targetList, LOAD_STEP);
    yield;
    this.shapeStart = starts(fromDigits(img.shapeCounts));
    this.shapeList = fromDigits(img.shapes);
    this.lowerStarts = img.lowerStarts ? img.lowerStarts.split(' ') : [];
    // On French pages every word is read (there are hundreds of lower-case demonyms):
    // the list itself is not needed, only whether it exists.
    this.lowerStartsFrench = img.frenchLowerStarts ? ['*'] : [];
    this.nonLatinStarts = img.nonLatinStarts;
    yield;
    yield* this.buildPrefixes();
  }

  /**
   * Entity ids by entity index. Split on first use: the scan needs only indices, and a
   * page where no card is opened never makes these strings.
   */
  get ids(): readonly string[] {
    return (this.#ids ??= this.#idText ? this.#idText.split('\n') : []);
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
   * The first three letters (or digits) of every word that starts an alias, as bits: a
   * capitalised page word whose first letters start no alias is skipped without being
   * read ("The", "Tuesday", "Wikipedia"). Each character is 1-26 (a-z), 27-36 (0-9) or 0
   * (the word ended).
   */
  private prefixes = new Uint8Array(0);

  private *buildPrefixes(): Generator<void, void> {
    const bits = new Uint8Array(Math.ceil((37 * 37 * 37) / 8));
    const text = this.vocabText;
    const offsets = this.vocabOffsets;
    for (let w = 0; w < offsets.length - 1; w++) {
      if ((w & LOAD_STEP) === LOAD_STEP) yield;
      if (this.rootChild[w] === 0) continue;
      let key = 0;
      let k = 0;
      for (; k < 3 && offsets[w]! + k < offsets[w + 1]! - 1; k++) {
        const code = prefixCode(text.charCodeAt(offsets[w]! + k));
        if (code === 0) break;
        key = key * 37 + code;
      }
      for (; k < 3; k++) key *= 37;
      bits[key >> 3]! |= 1 << (key & 7);
    }
    this.prefixes = bits;
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

  /** The bit of a vocabulary word's first (folded) letter in `nodeNext`. */
  private firstLetterBit(word: number): number {
    const c = this.vocabText.charCodeAt(this.vocabOffsets[word]!);
    return c >= 0x61 && c <= 0x7a ? 1 << (c - 0x61) : 1 << 26;
  }

  /** The terminal at this node (> 0), or 0 when no alias ends here. */
  terminalAt(node: number): number {
    return this.nodeTerminal[node]!;
  }

  /** Alias ids of terminal t (from `terminalAt`): termList[termFrom(t), termTo(t)). */
  termFrom(t: number): number {
    return this.termStart[t - 1]!;
  }

  termTo(t: number): number {
    return this.termStart[t]!;
  }

  aliasAt(i: number): number {
    return this.termList[i]!;
  }
}

/**
 * Loading yields every LOAD_STEP + 1 items of its long loops (a power of two, minus one):
 * at 4x CPU throttle, in code not yet optimised, 512 items took up to 10-16 ms.
 */
const LOAD_STEP = 127;

function edgeSlot(node: number, label: number): number {
  return Math.imul(node, 0x9e3779b1) ^ Math.imul(label, 0x85ebca6b);
}

/** a-z → 1-26, 0-9 → 27-36, anything else (the word ends) → 0; folded lower case expected. */
function prefixCode(c: number): number {
  if (c >= 0x61 && c <= 0x7a) return c - 0x60;
  if (c >= 0x30 && c <= 0x39) return c - 0x30 + 27;
  return 0;
}
