/**
 * `npm run eval`: precision and recall of our marks, and of the identities on their
 * cards, against hand-labelled articles:
 * - ../shared/fixtures/articles (two real articles; skipped, saying so, when absent);
 * - tests/fixtures/articles (our own articles in the same format).
 * Prints a report per set (overall, per kind, per tier), lists misses and false marks,
 * and writes it to eval-report/eval.md.
 *
 * Scoring: a mark counts when its span equals a gold span exactly (a mark that only
 * overlaps one is a boundary error, counted as false). Extended-tier gold mentions are
 * never false positives when marked, and are not needed for core recall. A card names the
 * right entity when one of that entity's names (its display name, without a bracketed
 * qualifier, or a full alias) is the gold entity or one of the gold's accepted names.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTICLES_DIR, ROOT } from '../tests/e2e/harness';
import { compileFromDisk } from './kb/load-sources';
import { AliasIndex } from '../utils/match/alias-index';
import { indexImage } from '../utils/match/alias-index-image';
import { annotateBlocks } from '../utils/match/annotate';
import { foldString } from '../utils/match/chars';

interface Gold {
  start: number;
  end: number;
  surface: string;
  entity: string;
  type: string;
  tier: 'core' | 'extended';
  accept: string[];
}

interface Predicted {
  start: number;
  end: number;
  surface: string;
  id: string;
  names: string[];
}

const kb = compileFromDisk(ROOT);
const index = new AliasIndex(indexImage(kb.index));
/** Every full name an entity goes by (display names, without a bracketed qualifier, and its aliases). */
const namesOf = new Map<string, string[]>();
for (const [text, flags, targets] of kb.index.aliases) {
  if (flags & 8 /* short */) continue;
  for (const t of targets) {
    if ((t & 3) !== 0) continue; // names only, not demonyms or capitals
    const id = kb.index.ids[t >> 2]!;
    const list = namesOf.get(id) ?? [];
    list.push(text);
    namesOf.set(id, list);
  }
}
const norm = (s: string) => foldString(s).replace(/^the\s+/, '').replace(/[’']/g, "'").trim();

function predict(text: string): Predicted[] {
  // Blocks are lines, as a page's paragraphs would be.
  const blocks: string[] = [];
  const offsets: number[] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    blocks.push(line);
    offsets.push(at);
    at += line.length + 1;
  }
  return annotateBlocks(index, blocks).map((m) => {
    const id = index.ids[m.entity]!;
    const card = kb.cards[id]!;
    const display = [card.name.en, card.name.fr].flatMap((n) => [n, n.replace(/\s*\([^)]*\)\s*$/, '')]);
    return { start: offsets[m.block]! + m.start, end: offsets[m.block]! + m.end, surface: blocks[m.block]!.slice(m.start, m.end), id, names: [...display, ...(namesOf.get(id) ?? [])] };
  });
}

interface Tally {
  marks: number;
  correct: number;
  boundary: number;
  coreGold: number;
  coreFound: number;
  extGold: number;
  extFound: number;
  identityChecked: number;
  identityRight: number;
  byType: Map<string, { gold: number; found: number }>;
  misses: string[];
  falseMarks: string[];
  wrongIdentity: string[];
}

function evaluate(dir: string, files: string[]): Tally {
  const t: Tally = { marks: 0, correct: 0, boundary: 0, coreGold: 0, coreFound: 0, extGold: 0, extFound: 0, identityChecked: 0, identityRight: 0, byType: new Map(), misses: [], falseMarks: [], wrongIdentity: [] };
  for (const goldFile of files) {
    const gold = JSON.parse(readFileSync(join(dir, goldFile), 'utf8')) as { text_file: string; mentions: Gold[] };
    const text = readFileSync(join(dir, gold.text_file), 'utf8');
    const doc = gold.text_file.replace(/\.txt$/, '');
    const predicted = predict(text);
    const byspan = new Map(predicted.map((p) => [`${p.start}:${p.end}`, p]));
    const goldSpans = new Map(gold.mentions.map((g) => [`${g.start}:${g.end}`, g]));
    t.marks += predicted.length;
    for (const p of predicted) {
      const g = goldSpans.get(`${p.start}:${p.end}`);
      if (g) {
        t.correct++;
        continue;
      }
      const overlaps = gold.mentions.some((g) => g.start < p.end && p.start < g.end);
      if (overlaps) t.boundary++;
      const ctx = text.slice(Math.max(0, p.start - 25), p.end + 25).replace(/\s+/g, ' ');
      t.falseMarks.push(`${doc}: "${p.surface}" → ${p.id}${overlaps ? ' (boundary)' : ''} …${ctx}…`);
    }
    for (const g of gold.mentions) {
      const p = byspan.get(`${g.start}:${g.end}`);
      const typeKey = `${g.type} (${g.tier})`;
      const bt = t.byType.get(typeKey) ?? { gold: 0, found: 0 };
      bt.gold++;
      if (p) bt.found++;
      t.byType.set(typeKey, bt);
      if (g.tier === 'core') {
        t.coreGold++;
        if (p) t.coreFound++;
      } else {
        t.extGold++;
        if (p) t.extFound++;
      }
      if (!p) {
        if (g.tier === 'core') t.misses.push(`${doc}: "${g.surface}" (${g.type}, ${g.entity})`);
        continue;
      }
      t.identityChecked++;
      const accepted = new Set([g.entity, ...g.accept].map(norm));
      if (p.names.some((n) => accepted.has(norm(n)))) t.identityRight++;
      else t.wrongIdentity.push(`${doc}: "${g.surface}" → ${p.names[0]} (${p.id}), gold: ${[g.entity, ...g.accept].join(' / ')}`);
    }
  }
  return t;
}

const pct = (a: number, b: number) => (b ? (a / b).toFixed(3) : 'n/a');

function report(title: string, t: Tally): string {
  const lines = [`## ${title}`, ''];
  lines.push('| measure | value |', '| --- | --- |');
  lines.push(`| marks | ${t.marks} |`);
  lines.push(`| precision (exact span; extended counts as right) | ${pct(t.correct, t.marks)} |`);
  lines.push(`| boundary errors among false marks | ${t.boundary} |`);
  lines.push(`| recall, core | ${pct(t.coreFound, t.coreGold)} (${t.coreFound}/${t.coreGold}) |`);
  lines.push(`| recall, extended | ${pct(t.extFound, t.extGold)} (${t.extFound}/${t.extGold}) |`);
  lines.push(`| card names the right entity | ${pct(t.identityRight, t.identityChecked)} (${t.identityRight}/${t.identityChecked}) |`);
  lines.push('', '| gold type (tier) | found / gold | recall |', '| --- | --- | --- |');
  for (const [k, v] of [...t.byType].sort()) lines.push(`| ${k} | ${v.found}/${v.gold} | ${pct(v.found, v.gold)} |`);
  const list = (name: string, items: string[]) => {
    lines.push('', `**${name}** (${items.length})`, '');
    for (const i of items) lines.push(`- ${i}`);
  };
  list('Missed core mentions', t.misses);
  list('False marks', t.falseMarks);
  list('Wrong identities', t.wrongIdentity);
  return lines.join('\n');
}

const sections: string[] = [`# Dossier evaluation`, '', `Knowledge base: ${kb.stats.entities} entities, ${kb.stats.aliases} aliases.`, ''];
const sets: [string, string][] = [
  ['Shared fixtures (../shared/fixtures/articles)', ARTICLES_DIR],
  ['Our own articles (tests/fixtures/articles)', join(ROOT, 'tests/fixtures/articles')],
];
for (const [title, dir] of sets) {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.gold.json')).sort() : [];
  if (!files.length) {
    const msg = `## ${title}\n\nSkipped: ${dir} is not there.`;
    console.log(msg + '\n');
    sections.push(msg, '');
    continue;
  }
  const text = report(`${title}: ${files.length} articles`, evaluate(dir, files));
  console.log(text + '\n');
  sections.push(text, '');
}
mkdirSync(join(ROOT, 'eval-report'), { recursive: true });
writeFileSync(join(ROOT, 'eval-report/eval.md'), sections.join('\n'));
console.log('Written to eval-report/eval.md');
