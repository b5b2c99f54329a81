/**
 * Builds the alias index's image from the compiler's alias list, at build time (and in
 * tests, evaluation and benchmarks): the word trie with its terminals, the aliases in
 * terminal order, and the first words the scanner must look for besides capitals.
 *
 * This lives apart from `AliasIndex`, which only loads images: the content script runs
 * on every page and never builds a trie, so it does not carry this code.
 */
import type { AliasIndexData, AliasIndexImage } from '../kb/types';
import { AliasFlag } from '../kb/types';
import { Shape } from './alias-words';
import { packInts } from './packed-ints';

/** Small numbers as a digit string ("0" + n each), the image's compact form. */
function digits(a: ArrayLike<number>): string {
  return Array.from(a, (x) => String.fromCharCode(48 + x)).join('');
}

export function indexImage(data: AliasIndexData): AliasIndexImage {
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
  const roots: number[] = [];
  rootChild.forEach((node, w) => node !== 0 && roots.push(w, node));
  lower.delete('');
  lowerFrench.delete('');
  const context: number[] = [];
  for (const [e, ctx] of data.context) context.push(e, ctx.length, ...ctx);
  return {
    version: 4,
    ids: data.ids.join('\n'),
    kinds: digits(data.kinds),
    eflags: digits(data.eflags),
    context: packInts(context),
    vocab: words.join(' '),
    words: words.length,
    nodes,
    roots: packInts(roots),
    edges: packInts(edgeList),
    termNodes: packInts(terminalNodes),
    termCounts: digits(terminalAliases.map((list) => list.length)),
    aliasFlags: digits(order.map((a) => data.aliases[a]![1])),
    targetCounts: digits(targetCounts),
    targetList: packInts(targets),
    shapes: digits(shapes),
    shapeCounts: digits(shapeCounts),
    lowerStarts: [...lower].join(' '),
    frenchLowerStarts: lowerFrench.size > 0,
    nonLatinStarts: nonLatin,
  };
}
