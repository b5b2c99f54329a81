/**
 * The alias index the scanner walks: a word-level trie over folded words.
 *
 * Why words and not characters: a page is mostly words that start no alias at all, and
 * a word-level trie lets the scanner reject each of them with one hash-table probe (the
 * hash is computed while tokenizing, so no string is ever built for a page word). A
 * character-level automaton (Aho-Corasick) would touch every character of every word and
 * weighs 55-124 MB at 100k patterns in the npm implementations the design measured.
 *
 * The compiler has already split every alias into folded word ids (alias-words.ts), so
 * building this at page load is only filling typed arrays and one Map:
 * - vocabulary: an open-addressing table keyed by the tokenizer's FNV hash, verified
 *   against the folded text on a hit (a hash collision can never mark a wrong word);
 * - trie: root edges in an array indexed by word id, deeper edges in one Map keyed by
 *   (node, word, gap kind);
 * - aliases: flags, per-word case shapes, and targets (entity * 4 + via).
 */
import type { AliasIndexData, AliasIndexImage } from '../kb/types';
import { AliasFlag } from '../kb/types';
import { CharClass, HASH_SEED, classTable, foldTable, hashStep } from './chars';
import { Shape } from './alias-words';

export interface IndexStats {
  aliases: number;
  words: number;
  nodes: number;
}

export class AliasIndex {
  entityCount!: number;
  ids!: readonly string[];
  kinds!: Uint8Array;
  eflags!: Uint8Array;
  /** Entities supporting each entity's reading of a shared alias, or null. */
  context!: (Int32Array | null)[];

  // Vocabulary.
  private vocabMask!: number;
  private vocabHashes!: Int32Array;
  private vocabSlots!: Int32Array;
  private vocabText!: string;
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
   * From the compiler's alias list (`AliasIndexData`: tests, evaluation, the build), or
   * from a prebuilt image of these very arrays (`AliasIndexImage`: the content script,
   * which then only copies arrays instead of building a trie on every page load).
   */
  constructor(data: AliasIndexData | AliasIndexImage) {
    if (data.version === 3) {
      this.loadImage(data);
      return;
    }
    if (data.version !== 2) throw new Error(`alias index version ${String((data as { version: unknown }).version)} is not supported`);
    this.entityCount = data.ids.length;
    this.ids = data.ids;
    this.kinds = Uint8Array.from(data.kinds);
    this.eflags = Uint8Array.from(data.eflags);
    this.context = new Array<Int32Array | null>(this.entityCount).fill(null);
    for (const [e, ctx] of data.context) this.context[e] = Int32Array.from(ctx);

    // Vocabulary: words are separated by single spaces in `data.vocab`.
    const vocab = data.vocab;
    const offsets: number[] = [];
    let text = '';
    let start = 0;
    for (let i = 0; i <= vocab.length; i++) {
      if (i === vocab.length || vocab.charCodeAt(i) === 0x20) {
        offsets.push(text.length);
        text += vocab.slice(start, i);
        start = i + 1;
      }
    }
    offsets.push(text.length);
    const wordCount = vocab.length ? offsets.length - 1 : 0;
    this.vocabText = text;
    this.vocabOffsets = Int32Array.from(offsets);
    let size = 16;
    while (size < wordCount * 3) size <<= 1;
    this.vocabMask = size - 1;
    this.vocabHashes = new Int32Array(size);
    this.vocabSlots = new Int32Array(size);
    this.fillVocabTable();

    // Aliases and trie.
    const n = data.aliases.length;
    this.aliasFlags = new Uint8Array(n);
    this.targetStart = new Int32Array(n + 1);
    this.shapeStart = new Int32Array(n + 1);
    let targetTotal = 0;
    let shapeTotal = 0;
    for (let a = 0; a < n; a++) {
      targetTotal += data.aliases[a]![2].length;
      shapeTotal += data.aliases[a]![4].length;
    }
    this.targetList = new Int32Array(targetTotal);
    this.shapeList = new Uint8Array(shapeTotal);
    this.rootChild = new Int32Array(wordCount);
    /** Alias ids per terminal node, in insertion order, linked through `nextAlias`. */
    const terminalOf = new Map<number, number>();
    const firstAlias: number[] = [];
    const nextAlias = new Int32Array(n).fill(-1);
    const lastAlias: number[] = [];
    let edgeCount = 0;
    for (const a of data.aliases) edgeCount += Math.max(0, a[3].length - 1);
    let edgeSize = 16;
    while (edgeSize < edgeCount * 2) edgeSize <<= 1;
    this.edgeMask = edgeSize - 1;
    this.edgeNode = new Int32Array(edgeSize);
    this.edgeLabel = new Int32Array(edgeSize);
    this.edgeChild = new Int32Array(edgeSize);
    let nodes = 1;
    const lower = new Set<string>();
    const lowerFrench = new Set<string>();
    let nonLatin = false;
    for (let a = 0; a < n; a++) {
      const [aliasText, flags, targets, words, info] = data.aliases[a]!;
      this.aliasFlags[a] = flags;
      const ts = this.targetStart[a]!;
      for (let t = 0; t < targets.length; t++) this.targetList[ts + t] = targets[t]!;
      this.targetStart[a + 1] = ts + targets.length;
      const ss = this.shapeStart[a]!;
      for (let t = 0; t < info.length; t++) this.shapeList[ss + t] = info[t]! & 3;
      this.shapeStart[a + 1] = ss + info.length;
      const firstShape = info.length ? info[0]! & 3 : 0;
      if (words.length === 0) continue;
      if (!nonLatin && /^[\p{Lu}\p{Lt}]/u.test(aliasText) && !/^[A-Z\u00C0-\u00D6\u00D8-\u00DE\u0100-\u024F\u1E00-\u1EFF]/.test(aliasText)) nonLatin = true;
      if (flags & AliasFlag.CaseAny || firstShape === Shape.Lower) {
        // The first word as written, and folded (a page may drop the accents).
        const first = /^[\p{L}\p{M}\p{N}]+/u.exec(aliasText)?.[0].toLowerCase();
        const set = flags & AliasFlag.FrenchOnly ? lowerFrench : lower;
        if (first) set.add(first);
        set.add(text.slice(offsets[words[0]!]!, offsets[words[0]! + 1]!));
      }
      let node = this.rootChild[words[0]!]!;
      if (node === 0) {
        node = nodes++;
        this.rootChild[words[0]!] = node;
      }
      for (let t = 1; t < words.length; t++) {
        const label = words[t]! * 4 + (info[t]! >> 2);
        let child = this.child(node, words[t]!, info[t]! >> 2);
        if (child === 0) {
          child = nodes++;
          let slot = edgeSlot(node, label) & this.edgeMask;
          while (this.edgeChild[slot] !== 0) slot = (slot + 1) & this.edgeMask;
          this.edgeNode[slot] = node;
          this.edgeLabel[slot] = label;
          this.edgeChild[slot] = child;
        }
        node = child;
      }
      const term = terminalOf.get(node);
      if (term === undefined) {
        terminalOf.set(node, firstAlias.length);
        firstAlias.push(a);
        lastAlias.push(a);
      } else {
        nextAlias[lastAlias[term]!] = a;
        lastAlias[term] = a;
      }
    }
    this.nodeCount = nodes;
    this.nodeNext = new Int32Array(nodes);
    for (let slot = 0; slot < edgeSize; slot++) {
      if (this.edgeChild[slot] !== 0) this.nodeNext[this.edgeNode[slot]!]! |= this.firstLetterBit(this.edgeLabel[slot]! >> 2);
    }
    this.nodeTerminal = new Int32Array(nodes);
    this.termStart = new Int32Array(firstAlias.length + 1);
    this.termList = new Int32Array(n);
    let at = 0;
    for (let t = 0; t < firstAlias.length; t++) {
      this.termStart[t] = at;
      for (let a = firstAlias[t]!; a !== -1; a = nextAlias[a]!) this.termList[at++] = a;
    }
    this.termStart[firstAlias.length] = at;
    for (const [node, term] of terminalOf) this.nodeTerminal[node] = term + 1;
    this.buildPrefixes();
    lower.delete('');
    lowerFrench.delete('');
    this.nonLatinStarts = nonLatin;
    this.lowerStarts = [...lower];
    this.lowerStartsFrench = [...lowerFrench];
  }

  private fillVocabTable(): void {
    const text = this.vocabText;
    const offsets = this.vocabOffsets;
    for (let id = 0; id < offsets.length - 1; id++) {
      let h = HASH_SEED;
      for (let i = offsets[id]!; i < offsets[id + 1]!; i++) h = hashStep(h, text.charCodeAt(i));
      let slot = h & this.vocabMask;
      while (this.vocabSlots[slot] !== 0) slot = (slot + 1) & this.vocabMask;
      this.vocabHashes[slot] = h;
      this.vocabSlots[slot] = id + 1;
    }
  }

  /**
   * This index in a compact form for the build to ship: the trie's edges as a list (the
   * hash table is rebuilt on load), counts instead of offsets, small numbers as strings.
   * Loading it is a few linear passes; no alias text is tokenized.
   */
  toImage(): AliasIndexImage {
    const arr = (a: Int32Array | Uint8Array) => Array.from(a);
    const chars = (a: ArrayLike<number>) => Array.from(a, (x) => String.fromCharCode(48 + x)).join('');
    // Aliases in terminal order, so that each terminal's aliases are contiguous and the
    // image needs no list of them: alias id `a` here becomes `order.indexOf(a)` there.
    const order = Array.from(this.termList);
    const newId = new Int32Array(order.length);
    order.forEach((a, i) => (newId[a] = i));
    const edges: number[] = [];
    for (let slot = 0; slot <= this.edgeMask; slot++) {
      if (this.edgeChild[slot] !== 0) edges.push(this.edgeNode[slot]!, this.edgeLabel[slot]!, this.edgeChild[slot]!);
    }
    const roots: number[] = [];
    for (let w = 0; w < this.rootChild.length; w++) if (this.rootChild[w] !== 0) roots.push(w, this.rootChild[w]!);
    const termNodes: number[] = new Array(this.termStart.length - 1);
    for (let node = 0; node < this.nodeTerminal.length; node++) if (this.nodeTerminal[node] !== 0) termNodes[this.nodeTerminal[node]! - 1] = node;
    const words: string[] = [];
    for (let w = 0; w < this.vocabOffsets.length - 1; w++) words.push(this.vocabText.slice(this.vocabOffsets[w], this.vocabOffsets[w + 1]));
    const targets: number[] = [];
    const targetCounts: number[] = [];
    const shapes: number[] = [];
    const shapeCounts: number[] = [];
    for (const a of order) {
      for (let k = this.targetStart[a]!; k < this.targetStart[a + 1]!; k++) targets.push(this.targetList[k]!);
      targetCounts.push(this.targetStart[a + 1]! - this.targetStart[a]!);
      for (let k = this.shapeStart[a]!; k < this.shapeStart[a + 1]!; k++) shapes.push(this.shapeList[k]!);
      shapeCounts.push(this.shapeStart[a + 1]! - this.shapeStart[a]!);
    }
    return {
      version: 3,
      ids: [...this.ids],
      kinds: chars(this.kinds),
      eflags: chars(this.eflags),
      context: this.context.flatMap((c, e) => (c ? [[e, arr(c)] as [number, number[]]] : [])),
      vocab: words.join(' '),
      nodes: this.nodeCount,
      roots,
      edges,
      termNodes,
      termCounts: chars(Array.from({ length: this.termStart.length - 1 }, (_, t) => this.termStart[t + 1]! - this.termStart[t]!)),
      aliasFlags: chars(order.map((a) => this.aliasFlags[a]!)),
      targetCounts: chars(targetCounts),
      targetList: targets,
      shapes: chars(shapes),
      shapeCounts: chars(shapeCounts),
      lowerStarts: [...this.lowerStarts],
      frenchLowerStarts: this.lowerStartsFrench.length > 0,
      nonLatinStarts: this.nonLatinStarts,
    };
  }

  private loadImage(img: AliasIndexImage): void {
    // Plain loops, not Array.from with a callback: this runs once per page load, in code
    // the engine has not optimised yet, where a call per element is what costs (bench:
    // "alias index build" on a fresh page).
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
    this.entityCount = img.ids.length;
    this.ids = img.ids;
    this.kinds = fromDigits(img.kinds);
    this.eflags = fromDigits(img.eflags);
    this.context = new Array<Int32Array | null>(img.ids.length).fill(null);
    for (const [e, ctx] of img.context) this.context[e] = Int32Array.from(ctx);

    // Vocabulary: words separated by single spaces (split and join are native: one call
    // each instead of a pass over every character).
    const words = img.vocab ? img.vocab.split(' ') : [];
    const wordCount = words.length;
    this.vocabText = words.join('');
    this.vocabOffsets = new Int32Array(wordCount + 1);
    for (let w = 0; w < wordCount; w++) this.vocabOffsets[w + 1] = this.vocabOffsets[w]! + words[w]!.length;
    let size = 16;
    while (size < wordCount * 3) size <<= 1;
    this.vocabMask = size - 1;
    this.vocabHashes = new Int32Array(size);
    this.vocabSlots = new Int32Array(size);
    this.fillVocabTable();

    // Trie.
    this.nodeCount = img.nodes;
    this.rootChild = new Int32Array(wordCount);
    for (let i = 0; i < img.roots.length; i += 2) this.rootChild[img.roots[i]!] = img.roots[i + 1]!;
    let edgeSize = 16;
    while (edgeSize < (img.edges.length / 3) * 2) edgeSize <<= 1;
    this.edgeMask = edgeSize - 1;
    this.edgeNode = new Int32Array(edgeSize);
    this.edgeLabel = new Int32Array(edgeSize);
    this.edgeChild = new Int32Array(edgeSize);
    this.nodeNext = new Int32Array(img.nodes);
    for (let i = 0; i < img.edges.length; i += 3) {
      const node = img.edges[i]!;
      this.nodeNext[node]! |= this.firstLetterBit(img.edges[i + 1]! >> 2);
      const label = img.edges[i + 1]!;
      let slot = edgeSlot(node, label) & this.edgeMask;
      while (this.edgeChild[slot] !== 0) slot = (slot + 1) & this.edgeMask;
      this.edgeNode[slot] = node;
      this.edgeLabel[slot] = label;
      this.edgeChild[slot] = img.edges[i + 2]!;
    }
    this.nodeTerminal = new Int32Array(img.nodes);
    for (let t = 0; t < img.termNodes.length; t++) this.nodeTerminal[img.termNodes[t]!] = t + 1;
    this.termStart = starts(fromDigits(img.termCounts));
    // Aliases come in terminal order (see toImage).
    this.termList = new Int32Array(img.aliasFlags.length);
    for (let i = 0; i < this.termList.length; i++) this.termList[i] = i;

    // Aliases.
    this.aliasFlags = fromDigits(img.aliasFlags);
    this.targetStart = starts(fromDigits(img.targetCounts));
    this.targetList = Int32Array.from(img.targetList);
    this.shapeStart = starts(fromDigits(img.shapeCounts));
    this.shapeList = fromDigits(img.shapes);
    this.lowerStarts = img.lowerStarts;
    // On French pages every word is read (there are hundreds of lower-case demonyms):
    // the list itself is not needed, only whether it exists.
    this.lowerStartsFrench = img.frenchLowerStarts ? ['*'] : [];
    this.nonLatinStarts = img.nonLatinStarts;
    this.buildPrefixes();
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
    const vEnd = this.vocabOffsets[id + 1]!;
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

  private buildPrefixes(): void {
    const bits = new Uint8Array(Math.ceil((37 * 37 * 37) / 8));
    const text = this.vocabText;
    const offsets = this.vocabOffsets;
    for (let w = 0; w < offsets.length - 1; w++) {
      if (this.rootChild[w] === 0) continue;
      let key = 0;
      let k = 0;
      for (; k < 3 && offsets[w]! + k < offsets[w + 1]!; k++) {
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

function edgeSlot(node: number, label: number): number {
  return Math.imul(node, 0x9e3779b1) ^ Math.imul(label, 0x85ebca6b);
}

/** a-z → 1-26, 0-9 → 27-36, anything else (the word ends) → 0; folded lower case expected. */
function prefixCode(c: number): number {
  if (c >= 0x61 && c <= 0x7a) return c - 0x60;
  if (c >= 0x30 && c <= 0x39) return c - 0x30 + 27;
  return 0;
}
