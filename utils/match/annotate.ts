/**
 * The whole engine over plain text: scan every block, decide what can be decided, then
 * settle the short and shared names with the page's context. The content script does the
 * same over DOM text runs, in slices; evaluation, benchmarks and tests use this.
 */
import type { AliasIndex } from './alias-index';
import { Resolver, type Pending } from './resolve';
import { Scanner } from './scan';

export interface TextMention {
  block: number;
  start: number;
  end: number;
  entity: number;
  via: number;
}

export function annotateBlocks(index: AliasIndex, blocks: readonly string[], options: { french?: boolean } = {}): TextMention[] {
  const scanner = new Scanner(index, options.french ?? false);
  const resolver = new Resolver(index);
  const out: TextMention[] = [];
  const waiting: { p: Pending; block: number; start: number; end: number }[] = [];
  blocks.forEach((text, block) => {
    scanner.scan(text, (start, end, aliases, count) => {
      const seq = resolver.seq;
      const target = resolver.offer(aliases, count);
      if (target >= 0) out.push({ block, start, end, entity: target >> 2, via: target & 3 });
      else waiting.push({ p: { seq, aliases: aliases.slice(0, count) }, block, start, end });
    });
  });
  for (const w of waiting) {
    const target = resolver.settle(w.p);
    if (target >= 0) out.push({ block: w.block, start: w.start, end: w.end, entity: target >> 2, via: target & 3 });
  }
  out.sort((a, b) => a.block - b.block || a.start - b.start);
  return out;
}

/** Rough page-language check for pages that do not declare one: French function words vs English ones. */
export function looksFrench(sample: string): boolean {
  const fr = sample.match(/\b(?:le|la|les|des|du|une|est|et|dans|pour|qui|sur|au|aux)\b/gi)?.length ?? 0;
  const en = sample.match(/\b(?:the|and|of|to|is|in|for|that|with|on|was|by)\b/gi)?.length ?? 0;
  return fr > en * 1.5 && fr >= 5;
}
