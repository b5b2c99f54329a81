/**
 * The notes benchmark (part of `npm run bench`; alone: `npx tsx scripts/bench/notes.ts`):
 * the popup with 10,000 notes, in Chromium with the built extension and a fresh profile.
 * - import: a generated file of 10,000 W3C annotations through the Backup view (parse,
 *   validate, merge in one transaction), against writing the same records straight into
 *   a store with the same indexes in one transaction (the floor);
 * - first render: from opening the popup on its Notes view to the first note painted (the
 *   Element Timing API's render time), against the same page's first contentful paint;
 * - search: every keystroke of 40 queries typed into the search box, timed by the popup
 *   (`dossier:search`), against a plain substring scan of the same notes in the same page.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { generateAnnotations } from '../../tests/fixtures/generate-annotations';
import { ROOT, launchWithExtension, type Browser } from '../../tests/e2e/harness';

const N = 10_000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);

export interface NotesBench {
  importMs: number;
  /** Of which reading the file: JSON, validation, ids. */
  importParseMs: number;
  importFloorMs: number;
  firstRender: number[];
  firstPaint: number[];
  search: number[];
  searchScan: number[];
  queries: number;
}

async function openPopup(browser: Browser, query: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 420, height: 580 });
  await page.goto(`chrome-extension://${browser.extensionId}/popup.html?${query}`);
  return page;
}

export async function benchNotes(quick = false): Promise<NotesBench> {
  const browser = await launchWithExtension();
  await browser.context.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
  try {
    const { text, items } = generateAnnotations(N, 11);

    // Import through the Backup view.
    const backup = await openPopup(browser, 'view=backup&full=1');
    await backup.locator('input[type=file]').setInputFiles({ name: 'bench.jsonld', mimeType: 'application/ld+json', buffer: Buffer.from(text) });
    await backup.waitForFunction(() => performance.getEntriesByName('dossier:import').length > 0, undefined, { timeout: 120_000 });
    const [importMs, importParseMs] = await backup.evaluate(() => {
      const m = performance.getEntriesByName('dossier:import')[0] as PerformanceMeasure;
      return [m.duration, (m.detail as { parseMs: number }).parseMs];
    });
    // The floor: the same number of records put in one transaction, nothing else.
    const records = await backup.evaluate(
      () =>
        new Promise<unknown[]>((resolve) => {
          const open = indexedDB.open('dossier');
          open.onsuccess = () => {
            const req = open.result.transaction('notes').objectStore('notes').getAll();
            req.onsuccess = () => {
              resolve(req.result);
              open.result.close();
            };
          };
        }),
    );
    if (records.length !== N) throw new Error(`imported ${records.length} notes, expected ${N}`);
    const importFloorMs = await backup.evaluate(
      (records) =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open('dossier-floor', 1);
          // The same store and indexes as the notes database (utils/notes/db.ts).
          open.onupgradeneeded = () => {
            const notes = open.result.createObjectStore('notes', { keyPath: 'id' });
            notes.createIndex('byPage', 'pageKeys', { multiEntry: true });
            notes.createIndex('byCreated', 'created');
            notes.createIndex('byEntity', 'entities', { multiEntry: true });
            notes.createIndex('byTag', 'tags', { multiEntry: true });
          };
          open.onsuccess = () => {
            const t0 = performance.now();
            const tx = open.result.transaction('notes', 'readwrite', { durability: 'strict' });
            for (const r of records) tx.objectStore('notes').put(r);
            tx.oncomplete = () => resolve(performance.now() - t0);
          };
        }),
      records,
    );
    await backup.close();

    // First render, several opens.
    const firstRender: number[] = [];
    const firstPaint: number[] = [];
    for (let i = 0; i < (quick ? 3 : 7); i++) {
      const page = await openPopup(browser, 'view=notes');
      // When the first note was painted, as the browser reports it (Element Timing API).
      const painted = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            new PerformanceObserver((list) => {
              for (const e of list.getEntries()) if ((e as PerformanceEntry & { identifier?: string }).identifier === 'first-note') resolve((e as PerformanceEntry & { renderTime: number }).renderTime);
            }).observe({ type: 'element', buffered: true });
          }),
      );
      const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
      firstRender.push(painted);
      firstPaint.push(fcp);
      await page.close();
    }

    // Search: type queries made of words of the notes, keystroke by keystroke.
    const page = await openPopup(browser, 'view=notes');
    await page.waitForFunction(() => performance.getEntriesByName('dossier:notes-indexed').length > 0, undefined, { timeout: 60_000 });
    const words = [...new Set(items.flatMap((i) => i.exact.split(/\W+/)).filter((w) => w.length > 4))];
    let seed = 3;
    const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);
    const queries = Array.from({ length: quick ? 15 : 40 }, (_, i) => (i % 3 === 0 ? `${words[Math.floor(rand() * words.length)]} ${words[Math.floor(rand() * words.length)]}` : words[Math.floor(rand() * words.length)]!).toLowerCase());
    const box = page.getByRole('searchbox');
    await page.evaluate(() => performance.clearMeasures('dossier:search'));
    for (const q of queries) {
      await box.fill('');
      await box.pressSequentially(q, { delay: 5 });
    }
    await page.waitForTimeout(200);
    const search = await page.evaluate(() => performance.getEntriesByName('dossier:search').filter((m) => (m as PerformanceMeasure).detail?.query).map((m) => m.duration));
    // The floor: each typed prefix as a lower-case substring scan over the same text.
    const searchScan = await page.evaluate(
      ({ records, queries }) => {
        const hay = (records as { quote: { exact: string }; note: string; page: { title: string; site: string }; tags: string[] }[]).map((r) => `${r.quote.exact}\n${r.note}\n${r.page.title}\n${r.page.site}\n${r.tags.join(' ')}`.toLowerCase());
        const times: number[] = [];
        for (const q of queries) {
          for (let k = 1; k <= q.length; k++) {
            const terms = q.slice(0, k).split(' ').filter(Boolean);
            const t0 = performance.now();
            let n = 0;
            for (const h of hay) if (terms.every((t) => h.includes(t))) n++;
            times.push(performance.now() - t0 + n * 0);
          }
        }
        return times;
      },
      { records, queries },
    );
    await page.close();
    return { importMs, importParseMs, importFloorMs, firstRender, firstPaint, search, searchScan, queries: queries.length };
  } finally {
    await browser.close();
  }
}

export function notesReport(r: NotesBench): string[] {
  const budget = (ok: boolean) => (ok ? 'within budget' : '**over budget**');
  const rate = (N / r.importMs) * 1000;
  const fr = median(r.firstRender);
  const fp = median(r.firstPaint);
  const p95 = pct(r.search, 0.95);
  const scan95 = pct(r.searchScan, 0.95);
  return [
    '## The popup with 10,000 notes',
    '',
    '| measure | figure | baseline in the same run | ratio |',
    '| --- | --- | --- | ---: |',
    `| import 10,000 W3C annotations (parse, validate, merge, one strict transaction) | ${f1(r.importMs)} ms = ${Math.round(rate).toLocaleString('en')} notes/s (reading the file: ${f1(r.importParseMs)} ms) | the same records put straight into an IndexedDB store with the same indexes: ${f1(r.importFloorMs)} ms | ${f2(r.importMs / r.importFloorMs)}x |`,
    `| first render: popup opened on Notes → first note painted (median of ${r.firstRender.length}; all: ${r.firstRender.map((x) => Math.round(x)).join(', ')} ms) | ${f1(fr)} ms | the page's first contentful paint: ${f1(fp)} ms | ${f2(fr / fp)}x |`,
    `| search, every keystroke of ${r.queries} typed queries (${r.search.length} searches) | p50 ${f2(pct(r.search, 0.5))} ms, p95 ${f2(p95)} ms | a plain substring scan of the same notes: p50 ${f2(pct(r.searchScan, 0.5))} ms, p95 ${f2(scan95)} ms | ${f2(p95 / scan95)}x (p95) |`,
    '',
    '| budget (issue 5) | measured | verdict |',
    '| --- | --- | --- |',
    `| first render with 10,000 notes ≤ 200 ms | ${f1(fr)} ms | ${budget(fr <= 200)} |`,
    `| search p95 ≤ 10 ms | ${f2(p95)} ms | ${budget(p95 <= 10)} |`,
    `| import ≥ 10,000 notes/s | ${Math.round(rate).toLocaleString('en')} notes/s | ${budget(rate >= 10_000)} |`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchNotes(process.argv.includes('--quick'));
  const lines = notesReport(r);
  mkdirSync(join(ROOT, 'bench-report'), { recursive: true });
  writeFileSync(join(ROOT, 'bench-report/notes.md'), lines.join('\n') + '\n');
  console.log(lines.join('\n'));
}
