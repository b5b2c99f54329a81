/**
 * Generated inputs for the benchmarks: a long article assembled from our own sample
 * article's paragraphs, and a synthetic knowledge base of any size (the shipped aliases
 * plus invented names), to show that scan speed does not depend on how many names we know.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AliasIndexData } from '../../utils/kb/types';
import { aliasWords } from '../../utils/match/alias-words';
import { FIXTURE_PAGES } from '../../tests/e2e/harness';

/** A deterministic PRNG (mulberry32), so every run benchmarks the same input. */
function prng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function longArticle(chars: number): string {
  const html = readFileSync(join(FIXTURE_PAGES, 'sample-article.html'), 'utf8');
  const paras = [...html.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''));
  const out: string[] = [];
  let total = 0;
  for (let i = 0; total < chars; i++) {
    const p = `${paras[i % paras.length]} (${i})`;
    out.push(`<p>${p}</p>`);
    total += p.length;
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A very long article</title>
<meta property="article:published_time" content="2024-03-01"></head><body><article><h1>A very long article</h1>
${out.join('\n')}</article></body></html>`;
}

const SYLLABLES = ['ka', 'ro', 'vin', 'del', 'as', 'tre', 'mo', 'lun', 'bar', 'ick', 'sen', 'da', 'por', 'el', 'vik', 'an', 'tor', 'ul', 'zen', 'qui'];

function inventedWord(rand: () => number): string {
  const n = 2 + Math.floor(rand() * 3);
  let w = '';
  for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
  return w[0]!.toUpperCase() + w.slice(1);
}

/** The shipped index plus invented entities until it holds `aliases` aliases. */
export function syntheticIndex(shipped: AliasIndexData, aliases: number): AliasIndexData {
  const rand = prng(42);
  const vocab = new Map(shipped.vocab.split(' ').map((w, i) => [w, i]));
  const data: AliasIndexData = {
    version: 2,
    ids: [...shipped.ids],
    kinds: [...shipped.kinds],
    eflags: [...shipped.eflags],
    context: shipped.context,
    vocab: '',
    aliases: [...shipped.aliases],
  };
  const add = (text: string, e: number) => {
    const aw = aliasWords(text, 0);
    if (typeof aw === 'string') throw new Error(aw);
    const ids = aw.words.map((w) => {
      let id = vocab.get(w);
      if (id === undefined) vocab.set(w, (id = vocab.size));
      return id;
    });
    data.aliases.push([text, 0, [e * 4], ids, aw.info]);
  };
  while (data.aliases.length < aliases) {
    const e = data.ids.length;
    data.ids.push(`synthetic-${e}`);
    data.kinds.push(0);
    data.eflags.push(0);
    const first = inventedWord(rand);
    const last = inventedWord(rand);
    add(`${first} ${last}`, e);
    if (rand() < 0.3) add(`${first} ${inventedWord(rand)} ${last}`, e);
    if (rand() < 0.2) add((first[0]! + last[0]! + inventedWord(rand)[0]!).toUpperCase() + 'X', e);
  }
  data.vocab = [...vocab.keys()].join(' ');
  return data;
}
