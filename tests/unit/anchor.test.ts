import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeOffsets } from '../../utils/anchor/describe';
import { refind } from '../../utils/anchor/refind';

/** Our sample article's paragraphs, as plain text (tags stripped). */
const html = readFileSync(join(import.meta.dirname, '../fixtures/pages/sample-article.html'), 'utf8');
const paragraphs = [...html.matchAll(/<p[^>]*>([\s\S]*?)<\/p>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim());
const page = paragraphs.join('\n');

/** A deterministic pseudo-random generator, so failures can be replayed. */
function rng(seed: number) {
  return () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);
}

function passages(text: string, n: number, seed = 7): [number, number][] {
  const r = rng(seed);
  return Array.from({ length: n }, () => {
    const start = Math.floor(r() * (text.length - 200));
    return [start, start + 20 + Math.floor(r() * 150)] as [number, number];
  });
}

describe('describe → re-find', () => {
  it('finds 100 random passages exactly where they were', () => {
    for (const [s, e] of passages(page, 100)) {
      const d = describeOffsets(page, s, e)!;
      const found = refind(page, d.quote, d.position);
      expect(found, d.quote.exact).toMatchObject({ start: d.position.start, end: d.position.end, status: 'found' });
    }
  });

  it('keeps 32 characters of context and trims whitespace', () => {
    const d = describeOffsets('  0123456789 0123456789 0123456789 0123456789 Canada sent experts  ', 45, 66)!;
    expect(d.quote.exact).toBe('Canada sent experts');
    expect(d.quote.prefix).toHaveLength(32);
    expect(describeOffsets('    ', 0, 4)).toBeNull();
  });

  it('finds passages after text is inserted before them', () => {
    const edited = ['BREAKING: an update was added at the top of this story.', ...paragraphs].join('\n');
    for (const [s, e] of passages(page, 40, 3)) {
      const d = describeOffsets(page, s, e)!;
      const found = refind(edited, d.quote, d.position)!;
      expect(edited.slice(found.start, found.end)).toBe(d.quote.exact);
    }
  });

  it('finds passages after paragraphs are reordered', () => {
    const edited = [...paragraphs].reverse().join('\n');
    for (const [s, e] of passages(page, 40, 5)) {
      const d = describeOffsets(page, s, e)!;
      if (d.quote.exact.includes('\n')) continue; // a passage across two paragraphs no longer exists
      const found = refind(edited, d.quote, d.position)!;
      expect(edited.slice(found.start, found.end)).toBe(d.quote.exact);
    }
  });

  it('finds passages after small edits inside them, approximately', () => {
    const quote = 'Canada will share more cyber threat intelligence with Japan and deepen defence industry ties with Tokyo';
    const start = page.indexOf(quote);
    const d = describeOffsets(page, start, start + quote.length)!;
    const edited = page.replace('cyber threat intelligence', 'cyber-threat intelligence').replace('deepen defence', 'deepen its defence');
    const found = refind(edited, d.quote, d.position)!;
    expect(found.status).toBe('fuzzy');
    expect(edited.slice(found.start, found.end)).toContain('cyber-threat intelligence with Japan and deepen its defence industry ties with Tokyo');
  });

  it('prefers the occurrence whose surroundings match when a sentence repeats', () => {
    const text = 'Alpha said: the talks will resume. Beta added more. Gamma said: the talks will resume. Delta closed.';
    const second = text.lastIndexOf('the talks will resume');
    const d = describeOffsets(text, second, second + 'the talks will resume'.length)!;
    expect(refind(text, d.quote, { start: 0, end: 10 })!.start).toBe(second);
  });

  it('says "not found" for deleted passages rather than landing somewhere wrong', () => {
    let checked = 0;
    paragraphs.forEach((p, i) => {
      if (p.length < 80) return;
      const start = page.indexOf(p) + 10;
      const d = describeOffsets(page, start, start + Math.min(120, p.length - 10))!;
      const edited = paragraphs.filter((_, j) => j !== i).join('\n');
      expect(refind(edited, d.quote, d.position), d.quote.exact).toBeNull();
      checked++;
    });
    expect(checked).toBeGreaterThan(10);
  });
});
