/**
 * Bundled into the benchmarked page (esbuild, IIFE): the engine and the baselines, timed
 * in the page's own main thread, in the same run as the extension's own measures.
 */
import type { AliasIndexData, AliasIndexImage } from '../../utils/kb/types';
import { AliasIndex } from '../../utils/match/alias-index';
import { indexImage } from '../../utils/match/alias-index-image';

/** An index from the compiler's alias list (built here: "from the alias list") or from an image. */
function load(data: AliasIndexData | AliasIndexImage): AliasIndex {
  return new AliasIndex(data.version === 2 ? indexImage(data) : data);
}
import { Scanner } from '../../utils/match/scan';
import { TextRunWalker } from '../../utils/page/text-runs';

const SKIP = new Set(['script', 'style', 'noscript', 'template']);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

function repeat(n: number, fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

let sink = 0;
const indexes = new Map<string, AliasIndex>();

const bench = {
  /**
   * The floor: a TreeWalker pass reading every text node of the prose (not scripts or
   * styles) and one pass over every character.
   */
  floor(runs = 5): { ms: number; first: number; chars: number; nodes: number } {
    let chars = 0;
    let nodes = 0;
    let first = -1;
    const ms = repeat(runs, () => {
      const t0 = performance.now();
      chars = 0;
      nodes = 0;
      const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = w.nextNode(); n; n = w.nextNode()) {
        if (SKIP.has((n.parentNode as Element).localName)) continue;
        const data = (n as Text).data;
        for (let i = 0; i < data.length; i++) sink += data.charCodeAt(i);
        chars += data.length;
        nodes++;
      }
      if (first < 0) first = performance.now() - t0;
    });
    return { ms, first, chars, nodes };
  },

  buildIndex(name: string, data: AliasIndexData | AliasIndexImage, runs = 5): { ms: number } {
    const ms = repeat(runs, () => void load(data));
    indexes.set(name, load(data));
    return { ms };
  },

  /** Keeps an index alive under a global name, so that its heap can be measured from outside. */
  keep(name: string, data: AliasIndexData | AliasIndexImage | null): void {
    const g = globalThis as unknown as { __kept?: Record<string, unknown> };
    (g.__kept ??= {})[name] = data ? load(data) : null;
  },

  /** The engine alone over the page's text runs (walk + tokenize + match), no painting. */
  scan(name: string, runs = 9): { ms: number; matches: number } {
    const index = indexes.get(name)!;
    let matches = 0;
    const ms = repeat(runs, () => {
      const scanner = new Scanner(index);
      const walker = new TextRunWalker(document.body);
      matches = 0;
      for (let run = walker.next(); run; run = walker.next()) matches += scanner.scan(run.text, () => undefined);
    });
    return { ms, matches };
  },

  /** The naive alternative: one alternation regex of every alias, compiled on the page. */
  regex(aliases: string[], runs = 3): { compileMs: number; matchMs: number; matches: number } {
    const escaped = [...new Set(aliases)].sort((a, b) => b.length - a.length).map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    let re: RegExp | null = null;
    const compileMs = repeat(runs, () => {
      re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
      re.test('x'); // V8 compiles on first use
    });
    let matches = 0;
    const matchMs = repeat(runs, () => {
      matches = 0;
      const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = w.nextNode(); n; n = w.nextNode()) {
        if (SKIP.has((n.parentNode as Element).localName)) continue;
        re!.lastIndex = 0;
        const found = (n as Text).data.match(re!);
        if (found) matches += found.length;
      }
    });
    return { compileMs, matchMs, matches };
  },

  /** A DOM-update workload near marked text: insert, edit and remove, then lay out. */
  domWorkload(iterations = 200): number {
    const paras = [...document.querySelectorAll('p')].slice(0, 60);
    const t0 = performance.now();
    for (let i = 0; i < iterations; i++) {
      const p = paras[i % paras.length]!;
      const extra = document.createElement('p');
      extra.textContent = 'An inserted line about Canada and Japan.';
      p.before(extra);
      const t = p.firstChild;
      if (t && t.nodeType === 3) (t as Text).insertData(0, ' ');
      extra.remove();
      if (t && t.nodeType === 3) (t as Text).deleteData(0, 1);
      sink += document.body.offsetHeight;
    }
    return performance.now() - t0;
  },

  sink: () => sink,
};

(globalThis as unknown as { __bench: typeof bench }).__bench = bench;
