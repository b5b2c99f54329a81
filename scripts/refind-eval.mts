/**
 * `npm run eval:refind`: how often a saved passage is found again, per kind of page change.
 *
 * For every article in tests/fixtures/articles (and ../shared/fixtures/articles when
 * present), 60 passages of 20–200 characters are described as the extension describes a
 * selection (quote, 32 characters of prefix and suffix, position), the article is changed
 * in one way, and the passage is re-found. Each result is one of:
 * - right: the span found overlaps where the passage now is (for "deleted": not found);
 * - not found: the passage is listed as "not found on this page any more";
 * - wrong: a span somewhere else (the outcome that must never happen).
 * Writes eval-report/refind.md.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeOffsets } from '../utils/anchor/describe';
import { refind } from '../utils/anchor/refind';

const ROOT = join(import.meta.dirname, '..');
const SETS = [join(ROOT, 'tests/fixtures/articles'), join(ROOT, '../shared/fixtures/articles')];

function rng(seed: number) {
  return () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);
}

interface Case {
  /** The changed text, and where the passage [s, e) now is (null: it is gone). */
  text: string;
  now: [number, number] | null;
}

/** Changes of the kinds news sites make to a published story. */
const CHANGES: Record<string, (text: string, s: number, e: number, r: () => number) => Case | null> = {
  unchanged: (text, s, e) => ({ text, now: [s, e] }),
  'update added at the top': (text, s, e) => {
    const add = 'Update: this story has been revised with new information from officials.\n';
    return { text: add + text, now: [s + add.length, e + add.length] };
  },
  'paragraph added just before': (text, s, e) => {
    const at = text.lastIndexOf('\n', s);
    if (at < 0) return null;
    const add = '\nA spokesperson declined to comment further on the matter.';
    return { text: text.slice(0, at) + add + text.slice(at), now: [s + add.length, e + add.length] };
  },
  'word changed inside': (text, s, e, r) => {
    const quote = text.slice(s, e);
    const words = [...quote.matchAll(/[A-Za-z]{4,}/g)];
    if (!words.length) return null;
    const w = words[Math.floor(r() * words.length)]!;
    const at = s + w.index!;
    const edited = text.slice(0, at) + 'revised' + text.slice(at + w[0].length);
    return { text: edited, now: [s, e - w[0].length + 'revised'.length] };
  },
  'typo fixed inside': (text, s, e, r) => {
    const at = s + 1 + Math.floor(r() * Math.max(1, e - s - 2));
    return { text: text.slice(0, at) + text.slice(at + 1), now: [s, e - 1] };
  },
  'sentence before rewritten': (text, s, e) => {
    const from = Math.max(0, s - 40);
    const edited = text.slice(0, from) + 'In a statement released on Friday, ' + text.slice(s);
    const shift = 'In a statement released on Friday, '.length - (s - from);
    return { text: edited, now: [s + shift, e + shift] };
  },
  'paragraphs reordered': (text, s, e) => {
    const paras = text.split('\n');
    let offset = 0;
    let which = -1;
    for (let i = 0; i < paras.length; i++) {
      if (s >= offset && e <= offset + paras[i]!.length) which = i;
      offset += paras[i]!.length + 1;
    }
    if (which < 0 || paras.length < 3) return null; // the passage spans paragraphs
    const moved = [paras[which]!, ...paras.filter((_, i) => i !== which).reverse()];
    const inPara = s - paras.slice(0, which).reduce((n, p) => n + p.length + 1, 0);
    return { text: moved.join('\n'), now: [inPara, inPara + (e - s)] };
  },
  'whitespace and quotes restyled': (text, s, e) => {
    // Curly quotes become straight, double spaces appear: same length per character, so
    // positions hold, but the exact quote no longer matches byte for byte.
    const edited = text.replace(/[’‘]/g, "'").replace(/[“”]/g, '"').replace(/\. /g, '.  ');
    const map = (i: number) => i + (text.slice(0, i).match(/\. /g)?.length ?? 0);
    return { text: edited, now: [map(s), map(e)] };
  },
  'passage deleted': (text, s, e) => {
    // Remove the whole paragraph(s) holding the passage.
    const from = text.lastIndexOf('\n', s) + 1;
    const to = text.indexOf('\n', e);
    return { text: text.slice(0, from) + text.slice(to < 0 ? text.length : to + 1), now: null };
  },
};

interface Tally {
  right: number;
  notFound: number;
  wrong: number;
}

const tallies = new Map<string, Tally>();
const wrongExamples: string[] = [];
let articles = 0;

for (const dir of SETS) {
  if (!existsSync(dir)) {
    console.log(`(skipping ${dir}: not present)`);
    continue;
  }
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
    const text = readFileSync(join(dir, file), 'utf8');
    if (text.length < 600) continue;
    articles++;
    const r = rng(articles * 7919);
    for (let n = 0; n < 60; n++) {
      let s = Math.floor(r() * (text.length - 220));
      let e = s + 20 + Math.floor(r() * 180);
      const d = describeOffsets(text, s, e);
      if (!d) continue;
      s = d.position.start;
      e = d.position.end;
      for (const [kind, change] of Object.entries(CHANGES)) {
        const c = change(text, s, e, r);
        if (!c) continue;
        const found = refind(c.text, d.quote, d.position);
        const t = tallies.get(kind) ?? { right: 0, notFound: 0, wrong: 0 };
        tallies.set(kind, t);
        if (!found) {
          if (c.now) t.notFound++;
          else t.right++;
        } else if (c.now && found.start < c.now[1] && found.end > c.now[0]) {
          t.right++;
        } else {
          t.wrong++;
          if (wrongExamples.length < 10) wrongExamples.push(`${kind} in ${file}: "${d.quote.exact.slice(0, 60)}" → "${c.text.slice(found.start, found.end).slice(0, 60)}"`);
        }
      }
    }
  }
}

const pct = (n: number, total: number) => (total ? ((100 * n) / total).toFixed(1) + ' %' : '—');
const lines = [
  `# Re-finding saved passages (${articles} articles, 60 passages each)`,
  '',
  '| page change | passages | found in the right place | not found | wrong place |',
  '|---|---:|---:|---:|---:|',
];
for (const [kind, t] of tallies) {
  const total = t.right + t.notFound + t.wrong;
  lines.push(`| ${kind} | ${total} | ${pct(t.right, total)} | ${pct(t.notFound, total)} | ${pct(t.wrong, total)} |`);
}
lines.push('', 'For "passage deleted", "found in the right place" means reported as not found.');
if (wrongExamples.length) lines.push('', '## Wrong places', '', ...wrongExamples.map((w) => `- ${w}`));
const report = lines.join('\n') + '\n';
console.log(report);
mkdirSync(join(ROOT, 'eval-report'), { recursive: true });
writeFileSync(join(ROOT, 'eval-report/refind.md'), report);
