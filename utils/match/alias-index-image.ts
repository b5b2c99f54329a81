/**
 * Builds the alias index's image from the compiler's alias list, at build time (and in
 * tests, evaluation and benchmarks): the word trie with its terminals, the aliases in
 * terminal order, the first words the scanner must look for besides capitals, and every
 * table `AliasIndex` reads, filled and packed into bytes (index-binary.ts).
 *
 * This lives apart from `AliasIndex`, which only loads images: the content script runs
 * on every page and never builds a trie, so it does not carry this code.
 */
import type { AliasIndexData, AliasIndexImage } from '../kb/types';
import { AliasFlag } from '../kb/types';
import { edgeSlot, prefixCode } from './alias-index';
import { Shape } from './alias-words';
import { HASH_SEED, hashStep } from './chars';
import { packTables, toBase64, type IndexTables } from './index-binary';

/** The image, with its tables in base64 (tests, evaluation, benchmarks). */
export function indexImage(data: AliasIndexData): AliasIndexImage {
  const { image, bytes } = indexImageParts(data);
  return { ...image, tables: toBase64(bytes) };
}

/** The image without its tables, and the tables' bytes (the build writes them to a file). */
export function indexImageParts(data: AliasIndexData): { image: AliasIndexImage; bytes: Uint8Array } {
  if (data.version !== 2) throw new Error(`alias index version ${String((data as { version: unknown }).version)} is not supported`);
  const vocab = data.vocab;
  const words = vocab ? vocab.split(' ') : [];

  // Trie: node 0 is the root; root edges by first word, deeper edges by (node, word * 4 + gap).
  const rootChild = new Int32Array(words.length);
  const edges = new Map<string, number>();
  const edgeList: number[] = [];
  let nodes = 1;
  /** Alias ids per terminal node, in insertion order. */
  const terminalOf = new Map<number, number>();
  const terminalAliases: number[][] = [];
  const terminalNodes: number[] = [];
  const lower = new Set<string>();
  const lowerFrench = new Set<string>();
  let nonLatin = false;

  data.aliases.forEach(([aliasText, flags, , aliasWords, info], a) => {
    if (aliasWords.length === 0) return;
    const firstShape = info.length ? info[0]! & 3 : 0;
    if (!nonLatin && /^[\p{Lu}\p{Lt}]/u.test(aliasText) && !/^[A-Z\u00C0-\u00D6\u00D8-\u00DE\u0100-\u024F\u1E00-\u1EFF]/.test(aliasText)) nonLatin = true;
    if (flags & AliasFlag.CaseAny || firstShape === Shape.Lower) {
      // The first word as written, and folded (a page may drop the accents).
      const first = /^[\p{L}\p{M}\p{N}]+/u.exec(aliasText)?.[0].toLowerCase();
      const set = flags & AliasFlag.FrenchOnly ? lowerFrench : lower;
      if (first) set.add(first);
      set.add(words[aliasWords[0]!]!);
    }
    let node = rootChild[aliasWords[0]!]!;
    if (node === 0) rootChild[aliasWords[0]!] = node = nodes++;
    for (let t = 1; t < aliasWords.length; t++) {
      const label = aliasWords[t]! * 4 + (info[t]! >> 2);
      const key = `${node} ${label}`;
      let child = edges.get(key);
      if (child === undefined) {
        edges.set(key, (child = nodes++));
        edgeList.push(node, label, child);
      }
      node = child;
    }
    let term = terminalOf.get(node);
    if (term === undefined) {
      terminalOf.set(node, (term = terminalAliases.length));
      terminalAliases.push([]);
      terminalNodes.push(node);
    }
    terminalAliases[term]!.push(a);
  });

  // Aliases in terminal order, so that each terminal's aliases are contiguous and the
  // image needs no list of them.
  const order = terminalAliases.flat();
  const targets: number[] = [];
  const targetCounts: number[] = [];
  const shapes: number[] = [];
  const shapeCounts: number[] = [];
  for (const a of order) {
    const [, , aliasTargets, , info] = data.aliases[a]!;
    targets.push(...aliasTargets);
    targetCounts.push(aliasTargets.length);
    for (const i of info) shapes.push(i & 3);
    shapeCounts.push(info.length);
  }
  lower.delete('');
  lowerFrench.delete('');

  const vocabText = words.join(' ');
  const vocabOffsets = new Int32Array(words.length + 1);
  for (let w = 0; w < words.length; w++) vocabOffsets[w + 1] = vocabOffsets[w]! + words[w]!.length + 1;

  // The vocabulary table: open addressing on the tokenizer's hash, at most half full.
  let size = 16;
  while (size < words.length * 2) size <<= 1;
  const vocabHashes = new Int32Array(size);
  const vocabSlots = new Int32Array(size);
  words.forEach((word, id) => {
    let h = HASH_SEED;
    for (let i = 0; i < word.length; i++) h = hashStep(h, word.charCodeAt(i));
    let slot = h & (size - 1);
    while (vocabSlots[slot] !== 0) slot = (slot + 1) & (size - 1);
    vocabHashes[slot] = h;
    vocabSlots[slot] = id + 1;
  });

  // The edge table, at most half full, and per node the first letters that can follow it.
  const edgeCount = edgeList.length / 3;
  let edgeSize = 16;
  while (edgeSize < edgeCount * 2) edgeSize <<= 1;
  const edgeNode = new Int32Array(edgeSize);
  const edgeLabel = new Int32Array(edgeSize);
  const edgeChild = new Int32Array(edgeSize);
  const nodeNext = new Int32Array(nodes);
  for (let i = 0; i < edgeList.length; i += 3) {
    const [node, label, child] = [edgeList[i]!, edgeList[i + 1]!, edgeList[i + 2]!];
    const c = vocabText.charCodeAt(vocabOffsets[label >> 2]!);
    nodeNext[node]! |= c >= 0x61 && c <= 0x7a ? 1 << (c - 0x61) : 1 << 26;
    let slot = edgeSlot(node, label) & (edgeSize - 1);
    while (edgeChild[slot] !== 0) slot = (slot + 1) & (edgeSize - 1);
    edgeNode[slot] = node;
    edgeLabel[slot] = label;
    edgeChild[slot] = child;
  }
  const nodeTerminal = new Int32Array(nodes);
  terminalNodes.forEach((node, t) => (nodeTerminal[node] = t + 1));

  // The first three letters of every word that starts an alias, as bits (see mayStart).
  const prefixes = new Uint8Array(Math.ceil((37 * 37 * 37) / 8));
  words.forEach((word, w) => {
    if (rootChild[w] === 0) return;
    let key = 0;
    let k = 0;
    for (; k < 3 && k < word.length; k++) {
      const code = prefixCode(word.charCodeAt(k));
      if (code === 0) break;
      key = key * 37 + code;
    }
    for (; k < 3; k++) key *= 37;
    prefixes[key >> 3]! |= 1 << (key & 7);
  });

  const context: number[] = [];
  for (const [e, ctx] of data.context) context.push(e, ctx.length, ...ctx);
  const starts = (counts: number[]) => {
    const out = new Int32Array(counts.length + 1);
    counts.forEach((n, i) => (out[i + 1] = out[i]! + n));
    return out;
  };
  const tables: IndexTables = {
    kinds: Uint8Array.from(data.kinds),
    eflags: Uint8Array.from(data.eflags),
    context: Int32Array.from(context),
    vocabOffsets,
    vocabHashes,
    vocabSlots,
    rootChild,
    edgeNode,
    edgeLabel,
    edgeChild,
    nodeNext,
    nodeTerminal,
    termStart: starts(terminalAliases.map((list) => list.length)),
    aliasFlags: Uint8Array.from(order, (a) => data.aliases[a]![1]),
    targetStart: starts(targetCounts),
    targetList: Int32Array.from(targets),
    shapeStart: starts(shapeCounts),
    shapeList: Uint8Array.from(shapes),
    prefixes,
  };
  const { bytes, lengths } = packTables(tables);
  const image: AliasIndexImage = {
    version: 5,
    ids: data.ids.join('\n'),
    vocab: vocabText,
    lowerStarts: [...lower].join(' '),
    frenchLowerStarts: lowerFrench.size > 0,
    nonLatinStarts: nonLatin,
    lengths,
  };
  return { image, bytes };
}
