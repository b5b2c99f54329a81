/**
 * The popup's Notes and Backup views with ten thousand notes, in Chromium with the built
 * extension: import a generated file of 10,000 W3C annotations, search, filter, edit, delete
 * and undo, export and re-import into a fresh profile (equal to the original), malformed
 * and truncated files (a clear message, nothing changed), a passage no longer on its page,
 * opening an article at a passage, keyboard use, and screenshots in both themes.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateAnnotations } from '../fixtures/generate-annotations';
import { ROOT, allNotes, launchWithExtension, paintedMentions, startServer, waitForReady, type Browser, type StaticServer } from './harness';

const N = 10_000;
const generated = generateAnnotations(N, 7);
const SHOTS = join(ROOT, 'test-results');

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchWithExtension();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openView(b: Browser, view: 'notes' | 'backup', full = false): Promise<Page> {
  const page = await b.context.newPage();
  if (!full) await page.setViewportSize({ width: 420, height: 580 });
  await page.goto(`chrome-extension://${b.extensionId}/popup.html?view=${view}${full ? '&full=1' : ''}`);
  return page;
}

async function importFile(b: Browser, name: string, text: string): Promise<string> {
  const page = await openView(b, 'backup', true);
  await page.locator('input[type=file]').setInputFiles({ name, mimeType: 'application/ld+json', buffer: Buffer.from(text) });
  const report = page.locator('section[aria-labelledby=import-h] .report');
  await expect.poll(async () => (await report.textContent()) ?? '', { timeout: 60_000 }).not.toMatch(/^$|Importing/);
  const out = (await report.innerText()).trim();
  await page.close();
  return out;
}

const statusLine = (page: Page) => page.locator('.notes-status span[aria-live]');

describe('notes: import, search, edit, export', () => {
  it('imports a file of 10,000 W3C annotations and says what it added', async () => {
    expect(await importFile(browser, 'annotations.jsonld', generated.text)).toBe('Added 10,000, updated 0, skipped 0.');
    expect(await allNotes(browser)).toHaveLength(N);
    // The same file again: nothing duplicated, nothing changed.
    const again = await importFile(browser, 'annotations.jsonld', generated.text);
    expect(again).toContain('Added 0, updated 0, skipped 10,000.');
    expect(again).toContain('10,000 already here and up to date');
    expect(await allNotes(browser)).toHaveLength(N);
  });

  it('refuses a malformed or truncated file with a clear message, changing nothing', async () => {
    const before = await allNotes(browser);
    expect(await importFile(browser, 'bad.jsonld', '{"type": "AnnotationCollection", items: [}')).toMatch(/This file is not valid JSON \(.+\)\. Nothing was imported\./);
    const truncated = generated.text.slice(0, Math.floor(generated.text.length * 0.6));
    expect(await importFile(browser, 'cut.jsonld', truncated)).toBe('This file is cut short (it ends in the middle of the data). Nothing was imported; export it again and retry.');
    expect(await importFile(browser, 'other.json', '{"name": "not annotations", "version": 3}')).toBe('This file holds no Web Annotations. Nothing was imported.');
    const after = await allNotes(browser);
    expect(after.length).toBe(before.length);
    expect(new Set(after.map((n) => JSON.stringify(n)))).toEqual(new Set(before.map((n) => JSON.stringify(n))));
  });

  it('lists every note and finds them by words, entity, site, tag and date', async () => {
    const page = await openView(browser, 'notes');
    await expect.poll(() => statusLine(page).textContent(), { timeout: 30_000 }).toBe('10,000 notes');
    expect(await page.getByRole('tab', { name: /Notes/ }).textContent()).toContain('10,000');

    // One note by a word of its note text.
    const target = generated.items.find((i, n) => n > 5000 && i.note && i.id.startsWith('urn:'))!;
    const number = /\(note (\d+)\)/.exec(target.note)![1]!;
    await page.getByRole('searchbox', { name: 'Search notes' }).fill(`note ${number}`);
    await expect.poll(() => statusLine(page).textContent()).toBe('1 matching note');
    expect(await page.locator('article.note').first().innerText()).toContain(target.note);

    // Words of a quote, typed in another case and without the accents.
    await page.getByRole('searchbox', { name: 'Search notes' }).fill('');
    await expect.poll(() => statusLine(page).textContent()).toBe('10,000 notes');

    const count = (pred: (i: (typeof generated.items)[number]) => boolean) => generated.items.filter(pred).length.toLocaleString('en');
    await page.getByRole('combobox', { name: 'Site' }).selectOption('lemonde.fr');
    await expect.poll(() => statusLine(page).textContent()).toBe(`${count((i) => i.site === 'lemonde.fr')} matching notes`);
    await page.getByRole('combobox', { name: 'Tag' }).selectOption('arctic');
    await expect.poll(() => statusLine(page).textContent()).toBe(`${count((i) => i.site === 'lemonde.fr' && i.tags.includes('arctic'))} matching notes`);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => statusLine(page).textContent()).toBe('10,000 notes');

    // The entity menu names each entity and counts its notes.
    expect(await page.locator('select[aria-label=Entity] option[value=csis]').textContent()).toMatch(/^Canadian Security Intelligence Service \(\d+\)$/);
    await page.getByRole('combobox', { name: 'Entity' }).selectOption('csis');
    const csis = await allNotes(browser).then((all) => all.filter((n) => (n as unknown as { entities: string[] }).entities.includes('csis')).length);
    await expect.poll(() => statusLine(page).textContent()).toBe(`${csis.toLocaleString('en')} matching notes`);
    await page.getByRole('combobox', { name: 'Saved' }).selectOption('pastYear'); // the generated notes are from January 2025
    await expect.poll(() => page.getByText('No note matches. Try fewer words or clear the filters.').count()).toBe(1);
    await page.getByRole('button', { name: 'Clear filters' }).click();

    // Search and filter together.
    await page.getByRole('searchbox', { name: 'Search notes' }).fill('ottawa');
    await page.getByRole('combobox', { name: 'Site' }).selectOption('cbc.ca');
    const rows = await page.locator('article.note').allInnerTexts();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.toLowerCase()).toContain('ottawa');
    await page.close();
  });

  it('edits a note and its tags in place, from the keyboard', async () => {
    const page = await openView(browser, 'notes');
    const target = generated.items.find((i, n) => n > 5000 && i.note && i.id.startsWith('urn:'))!;
    const number = /\(note (\d+)\)/.exec(target.note)![1]!;
    await page.getByRole('searchbox', { name: 'Search notes' }).fill(`note ${number}`);
    await expect.poll(() => statusLine(page).textContent()).toBe('1 matching note');
    const row = page.locator('article.note').first();
    await row.getByRole('button', { name: 'Edit' }).focus();
    await page.keyboard.press('Enter');
    const note = row.getByRole('textbox', { name: 'Note' });
    await expect.poll(() => note.evaluate((el) => el === document.activeElement)).toBe(true);
    await note.fill(`Checked with the ministry. (note ${number})`);
    await row.getByRole('textbox', { name: 'Tags, separated by commas' }).fill('verified, ministry');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => row.innerText()).toContain('Checked with the ministry.');
    expect(await row.innerText()).toContain('#verified');
    const id = target.id.replace('urn:uuid:', '');
    const stored = (await allNotes(browser)).find((n) => n.id === id)!;
    expect(stored.note).toBe(`Checked with the ministry. (note ${number})`);
    expect(stored.tags).toEqual(['verified', 'ministry']);
    // Escape leaves the editor without saving.
    await row.getByRole('button', { name: 'Edit' }).click();
    await row.getByRole('textbox', { name: 'Note' }).fill('not this');
    await page.keyboard.press('Escape');
    await expect.poll(() => row.innerText()).toContain('Checked with the ministry.');
    expect((await allNotes(browser)).find((n) => n.id === id)!.note).toBe(`Checked with the ministry. (note ${number})`);
    await page.close();
  });

  it('deletes a note and brings it back exactly with Undo', async () => {
    const page = await openView(browser, 'notes');
    await expect.poll(() => statusLine(page).textContent(), { timeout: 30_000 }).toBe('10,000 notes');
    const before = await allNotes(browser);
    const first = page.locator('article.note').first();
    const quote = await first.locator('blockquote').innerText();
    await first.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Note deleted.' }).count()).toBe(1);
    await expect.poll(() => statusLine(page).textContent()).toBe('9,999 notes');
    expect(await allNotes(browser)).toHaveLength(N - 1);
    expect(await page.locator('article.note blockquote').first().innerText()).not.toBe(quote);
    // Undo has the focus: Enter brings the note back.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Undo');
    await page.keyboard.press('Enter');
    await expect.poll(() => statusLine(page).textContent()).toBe('10,000 notes');
    const after = await allNotes(browser);
    expect(new Set(after.map((n) => JSON.stringify(n)))).toEqual(new Set(before.map((n) => JSON.stringify(n))));
    await page.close();
  });

  it('moves between notes with the arrow keys, keeping focus as the list scrolls', async () => {
    const page = await openView(browser, 'notes');
    await expect.poll(() => statusLine(page).textContent(), { timeout: 30_000 }).toBe('10,000 notes');
    await page.locator('article.note').first().focus();
    for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.matches('article.note') ?? false);
    expect(focused).toBe(true);
    expect(await page.locator('.vlist').evaluate((el) => el.scrollTop)).toBeGreaterThan(1000);
    // Only a window of rows is in the DOM.
    expect(await page.locator('article.note').count()).toBeLessThan(60);
    await page.keyboard.press('End');
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-index]')?.getAttribute('data-index'))).toBe(String(await page.locator('[role=listitem]').evaluateAll((els) => Math.max(...els.map((e) => Number(e.getAttribute('data-index')))))));
    await page.close();
  });

  it('exports JSON-LD that imports into a fresh profile as the same notes, and Markdown', async () => {
    const page = await openView(browser, 'backup');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as JSON-LD' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^dossier-notes-\d{4}-\d{2}-\d{2}\.jsonld$/);
    const text = readFileSync((await download.path())!, 'utf8');
    await expect.poll(() => page.getByText('Exported 10,000 notes.').count()).toBe(1);
    await expect.poll(() => page.getByText(/^Last export: /).count()).toBe(1);
    const doc = JSON.parse(text);
    expect(doc.type).toBe('AnnotationCollection');
    expect(doc.first.items).toHaveLength(N);

    const [md] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as Markdown' }).click()]);
    const markdown = readFileSync((await md.path())!, 'utf8');
    expect(markdown).toMatch(/^# /);
    expect(markdown).toContain(`> ${generated.items[N - 1]!.exact.slice(0, 40)}`);
    await page.close();

    const fresh = await launchWithExtension();
    try {
      expect(await importFile(fresh, download.suggestedFilename(), text)).toBe('Added 10,000, updated 0, skipped 0.');
      const byId = (xs: { id: string }[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
      expect(byId(await allNotes(fresh))).toEqual(byId(await allNotes(browser)));
    } finally {
      await fresh.close();
    }
  });

  it('marks a note whose passage is no longer on its page, and opens an article at a passage', async () => {
    const url = `${server.url}/pages/sample-article.html`;
    const annotation = (id: string, exact: string) => ({
      id: `urn:uuid:${id}`,
      type: 'Annotation',
      created: '2026-11-20T10:00:00.000Z',
      target: { source: url, selector: [{ type: 'TextQuoteSelector', exact, prefix: '', suffix: '' }] },
    });
    const gone = annotation('aaaaaaaa-0000-4000-8000-000000000001', 'A sentence that the site has since removed from this story entirely.');
    const there = annotation('aaaaaaaa-0000-4000-8000-000000000002', 'deepen defence industry ties with Tokyo');
    expect(await importFile(browser, 'two.jsonld', JSON.stringify([gone, there]))).toBe('Added 2, updated 0, skipped 0.');

    const article = await browser.context.newPage();
    await article.goto(url);
    await waitForReady(article);
    await expect.poll(async () => (await paintedMentions(article, 'dossier-snippet')).map((m) => m.text)).toEqual(['deepen defence industry ties with Tokyo']);
    await article.close();

    const page = await openView(browser, 'notes');
    await page.getByRole('searchbox', { name: 'Search notes' }).fill('removed from this story');
    await expect.poll(() => page.locator('article.note').first().innerText()).toContain('Not found on the page any more');

    await page.getByRole('searchbox', { name: 'Search notes' }).fill('defence industry ties with Tokyo');
    const row = page.locator('article.note').filter({ hasText: 'deepen defence industry ties with Tokyo' }).first();
    expect(await row.innerText()).not.toContain('Not found');
    const [opened] = await Promise.all([browser.context.waitForEvent('page'), row.getByRole('link', { name: 'Open' }).click()]);
    await opened.waitForLoadState();
    expect(decodeURIComponent(opened.url())).toContain('#:~:text=deepen defence industry ties with Tokyo');
    await waitForReady(opened);
    await expect.poll(async () => (await paintedMentions(opened, 'dossier-snippet')).length).toBe(1);
    await opened.close();
    await page.close();
  });

  it('looks right with many notes, in light and dark (screenshots)', async () => {
    mkdirSync(SHOTS, { recursive: true });
    for (const scheme of ['light', 'dark'] as const) {
      const page = await openView(browser, 'notes');
      await page.emulateMedia({ colorScheme: scheme });
      await expect.poll(() => statusLine(page).textContent(), { timeout: 30_000 }).toMatch(/^10,00\d notes$/);
      await page.locator('article.note').nth(1).getByRole('button', { name: 'Edit' }).click();
      await page.screenshot({ path: join(SHOTS, `popup-notes-${scheme}.png`) });
      const colours = await page.evaluate(() => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.querySelector('article.note')!).color]);
      expect(colours[0]).toBe(scheme === 'dark' ? 'rgb(31, 34, 41)' : 'rgb(255, 255, 255)');
      await page.close();
    }
  });
});
