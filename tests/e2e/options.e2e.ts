/**
 * The options page, used like a reader would (mouse and keyboard), with an article open in
 * another tab: every setting is saved at once, said to be saved, and the open page follows
 * without a reload and, when only what is painted changes, without a new scan.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ROOT,
  collectErrors,
  dragSelect,
  hoverText,
  inPageUiText,
  launchWithExtension,
  paintedMentions,
  startServer,
  uiOpen,
  waitForReady,
  type Browser,
  type StaticServer,
} from './harness';

interface ChromeApi {
  storage: { local: { get(key: string): Promise<Record<string, unknown>>; set(v: object): Promise<void> } };
  tabs: { query(q: object): Promise<{ id: number }[]>; sendMessage(id: number, m: object, o?: object): Promise<unknown> };
  action: { getBadgeText(d: { tabId: number }): Promise<string>; getTitle(d: { tabId: number }): Promise<string> };
}

let server: StaticServer;
let browser: Browser;
const SHOTS = join(ROOT, 'test-results');

beforeAll(async () => {
  server = await startServer();
  browser = await launchWithExtension();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Settings as stored, and a way to start each test from the defaults. */
const stored = () =>
  browser.worker.evaluate(async () => {
    const c = (globalThis as unknown as { chrome: ChromeApi }).chrome;
    return ((await c.storage.local.get('settings'))['settings'] ?? {}) as Record<string, unknown>;
  });
beforeEach(async () => {
  await browser.worker.evaluate(async () => {
    const c = (globalThis as unknown as { chrome: ChromeApi }).chrome;
    await c.storage.local.set({ settings: {} });
  });
});

async function openArticle(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  const errors = await collectErrors(page);
  await page.goto(`${server.url}/pages/sample-article.html`);
  await waitForReady(page);
  return { page, errors };
}

async function openOptions(b = browser): Promise<Page> {
  const page = await b.context.newPage();
  await page.goto(`chrome-extension://${b.extensionId}/options.html`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return page;
}

/** The "Saved" confirmation, which is also what screen readers hear (role="status"). */
async function expectSaved(options: Page, text = 'Saved'): Promise<void> {
  // (The slider's <output> is a status too, by default: the confirmation is the one that says so.)
  await expect.poll(() => options.locator('[role="status"]').textContent()).toBe(text);
}

/** The article's tab, as the background knows it. */
async function tabIdOf(page: Page): Promise<number> {
  await page.bringToFront();
  return browser.worker.evaluate(async () => {
    const c = (globalThis as unknown as { chrome: ChromeApi }).chrome;
    const [tab] = await c.tabs.query({ active: true, lastFocusedWindow: true });
    return tab!.id;
  });
}

async function summary(tabId: number): Promise<{ entities: { id: string; count: number }[] }> {
  return browser.worker.evaluate(async (tabId) => {
    const c = (globalThis as unknown as { chrome: ChromeApi }).chrome;
    return (await c.tabs.sendMessage(tabId, { type: 'page:summary' }, { frameId: 0 })) as { entities: { id: string; count: number }[] };
  }, tabId);
}

const byHighlight = async (page: Page, name: string) => (await paintedMentions(page)).filter((m) => m.highlight === name);
const scans = (page: Page) => page.evaluate(() => performance.getEntriesByName('dossier:scan').length);

/** How our `::highlight()` rule for a highlight name paints, as the page's document has it adopted. */
function highlightRule(page: Page, name: string): Promise<{ line: string; style: string; background: string } | null> {
  return page.evaluate((name) => {
    // Marks' rules sit inside `@media not print`: look into grouping rules too.
    const find = (rules: CSSRuleList): { line: string; style: string; background: string } | null => {
      for (const rule of rules) {
        if (rule instanceof CSSGroupingRule) {
          const inner = find(rule.cssRules);
          if (inner) return inner;
        }
        if (!(rule instanceof CSSStyleRule) || rule.selectorText !== `::highlight(${name})`) continue;
        return { line: rule.style.textDecorationLine, style: rule.style.textDecorationStyle, background: rule.style.backgroundColor };
      }
      return null;
    };
    for (const sheet of document.adoptedStyleSheets) {
      const found = find(sheet.cssRules);
      if (found) return found;
    }
    return null;
  }, name);
}

/** Rests the pointer on a piece of text long enough for a card to open (the default delay is 250 ms). */
async function cardOpensOn(page: Page, target: string, context?: string): Promise<boolean> {
  await page.bringToFront();
  await page.mouse.move(2, 2);
  await expect.poll(() => uiOpen(page)).toBe(false);
  await hoverText(page, 'article', target, context);
  await page.waitForTimeout(900);
  return uiOpen(page);
}

describe('options page', () => {
  it('opens in a tab of its own from the manifest', async () => {
    const manifest = await browser.worker.evaluate(() => (globalThis as unknown as { chrome: { runtime: { getManifest(): { options_ui?: object } } } }).chrome.runtime.getManifest());
    expect(manifest.options_ui).toEqual({ page: 'options.html', open_in_tab: true });
  });

  it('switches a kind of entity off and on: its marks go and come back, and it opens no card meanwhile', async () => {
    const { page, errors } = await openArticle();
    const people = (await byHighlight(page, 'dossier-mention-person')).length;
    const countries = (await byHighlight(page, 'dossier-mention-country')).length;
    expect(people).toBeGreaterThan(3);
    const scansBefore = await scans(page);

    const options = await openOptions();
    const person = options.getByRole('checkbox', { name: 'People', exact: true });
    expect(await person.isChecked()).toBe(true);
    await person.click();
    await expectSaved(options);
    expect(await stored()).toMatchObject({ hiddenKinds: ['person'] });

    await expect.poll(async () => (await byHighlight(page, 'dossier-mention-person')).length).toBe(0);
    expect((await byHighlight(page, 'dossier-mention-country')).length).toBe(countries);
    expect(await cardOpensOn(page, 'Mélanie Joly')).toBe(false);
    expect(await cardOpensOn(page, 'Tokyo', 'Tokyo, Foreign')).toBe(true); // other kinds still have cards
    await expect.poll(() => inPageUiText(page)).toContain('Japan');

    await options.bringToFront();
    await person.click();
    await expectSaved(options);
    await expect.poll(async () => (await byHighlight(page, 'dossier-mention-person')).length).toBe(people);
    expect(await cardOpensOn(page, 'Mélanie Joly')).toBe(true);
    // Only what is shown changed: the page was not scanned again.
    expect(await scans(page)).toBe(scansBefore);
    expect(errors).toEqual([]);
    await options.close();
    await page.close();
  });

  it('marks only the first mention of each entity, from the keyboard; the counts still count them all', async () => {
    const { page, errors } = await openArticle();
    const tabId = await tabIdOf(page);
    const all = (await paintedMentions(page)).length;
    const before = await summary(tabId);
    const scansBefore = await scans(page);

    const options = await openOptions();
    await options.getByRole('checkbox', { name: 'Mark only the first mention of each name' }).focus();
    await options.keyboard.press('Space');
    await expectSaved(options);
    expect(await stored()).toMatchObject({ firstMentionOnly: true });

    await expect.poll(async () => (await paintedMentions(page)).length).toBe(before.entities.length);
    const texts = (await paintedMentions(page)).map((m) => m.text);
    expect(texts).toContain('Mélanie Joly');
    expect(texts).not.toContain('Joly'); // the same person, mentioned again
    expect(new Set(texts).size).toBe(texts.length);
    // The popup's counts are about the page, not the marks.
    expect(await summary(tabId)).toEqual(before);
    expect(await cardOpensOn(page, 'Joly', 'Joly, speaking')).toBe(false); // a later mention: plain text
    expect(await cardOpensOn(page, 'Mélanie Joly')).toBe(true);

    await options.bringToFront();
    await options.keyboard.press('Space');
    await expectSaved(options);
    await expect.poll(async () => (await paintedMentions(page)).length).toBe(all);
    expect(await scans(page)).toBe(scansBefore);
    expect(errors).toEqual([]);
    await options.close();
    await page.close();
  });

  it('changes the look of the marks live, with a preview of each style', async () => {
    const { page } = await openArticle();
    const scansBefore = await scans(page);
    expect(await highlightRule(page, 'dossier-mention-person')).toMatchObject({ line: 'underline', style: 'solid', background: '' });

    const options = await openOptions();
    const solid = options.getByRole('radio', { name: 'Solid underline' });
    expect(await solid.isChecked()).toBe(true);
    // Each choice shows its own sample, painted the way pages will be.
    const preview = (style: string) =>
      options.getByRole('radio', { name: style }).locator('xpath=..').locator('.preview span').first().evaluate((el) => getComputedStyle(el).textDecorationStyle);
    expect(await preview('Dotted underline')).toBe('dotted');
    expect(await preview('Wavy underline')).toBe('wavy');

    // Arrow keys move through a radio group and choose as they go: solid → dotted → wavy.
    await solid.focus();
    await options.keyboard.press('ArrowDown');
    await options.keyboard.press('ArrowDown');
    await expectSaved(options);
    await expect.poll(() => stored()).toMatchObject({ underline: 'wavy' });
    await expect.poll(() => highlightRule(page, 'dossier-mention-person')).toMatchObject({ line: 'underline', style: 'wavy' });

    await options.getByRole('radio', { name: 'Soft background tint' }).click();
    await expect.poll(() => highlightRule(page, 'dossier-mention-country')).toEqual({ line: '', style: '', background: 'rgba(37, 99, 235, 0.2)' });
    // A stylesheet change, not a new scan; every mark is still there.
    expect(await scans(page)).toBe(scansBefore);
    expect((await paintedMentions(page)).length).toBeGreaterThan(20);
    await options.close();
    await page.close();
  });

  it('sets the hover delay with the slider from the keyboard, or a preset', async () => {
    const options = await openOptions();
    const slider = options.getByRole('slider', { name: 'Delay before a card opens' });
    await slider.focus();
    await options.keyboard.press('ArrowRight');
    await expectSaved(options);
    expect(await stored()).toMatchObject({ hoverDelay: 300 });
    expect(await options.locator('output').textContent()).toBe('300 ms');
    expect(await slider.getAttribute('aria-valuetext')).toBe('300 ms');
    await options.getByRole('button', { name: /Slow/ }).click();
    await expect.poll(() => stored()).toMatchObject({ hoverDelay: 750 });
    expect(await options.getByRole('button', { name: /Slow/ }).getAttribute('aria-pressed')).toBe('true');
    expect(await slider.inputValue()).toBe('750');
    await options.close();
  });

  it('turns the selection toolbar off; the context menu still saves', async () => {
    const { page } = await openArticle();
    const options = await openOptions();
    await options.getByRole('checkbox', { name: /Save snippet/ }).click();
    await expectSaved(options);
    expect(await stored()).toMatchObject({ selectionToolbar: false });

    await page.bringToFront();
    await dragSelect(page, 'article', 'Relations between Ottawa', 'remain frozen');
    await page.waitForTimeout(600);
    expect(await uiOpen(page)).toBe(false);
    expect((await inPageUiText(page)) ?? '').not.toContain('Save snippet');
    // What the context menu and Alt+Shift+S do: the background asks the tab to save.
    const tabId = await tabIdOf(page);
    const res = await browser.worker.evaluate(async (tabId) => {
      const c = (globalThis as unknown as { chrome: ChromeApi }).chrome;
      return c.tabs.sendMessage(tabId, { type: 'selection:save' }, { frameId: 0 });
    }, tabId);
    expect(res).toEqual({ saved: true });

    await options.bringToFront();
    await options.getByRole('checkbox', { name: /Save snippet/ }).click();
    await expectSaved(options);
    await page.bringToFront();
    await page.mouse.click(5, 5);
    await dragSelect(page, 'article', 'State actors are probing', 'every single day');
    await expect.poll(() => inPageUiText(page)).toContain('Save snippet');
    await options.close();
    await page.close();
  });

  it('shows the number of entities on the toolbar badge of the page, and clears it when turned off', async () => {
    const { page } = await openArticle();
    const tabId = await tabIdOf(page);
    const badge = () =>
      browser.worker.evaluate(async (tabId) => {
        const c = (globalThis as unknown as { chrome: ChromeApi }).chrome;
        return { text: await c.action.getBadgeText({ tabId }), title: await c.action.getTitle({ tabId }) };
      }, tabId);
    expect((await badge()).text).toBe('');
    const distinct = (await summary(tabId)).entities.length;
    expect(distinct).toBeGreaterThan(10);

    const options = await openOptions();
    await options.getByRole('checkbox', { name: /how many people/ }).click();
    await expectSaved(options);
    await expect.poll(badge).toEqual({ text: String(distinct), title: `Dossier: ${distinct} people, organisations and countries on this page` });

    // A page cannot set another tab's badge: the tab is the browser's word, not the message's.
    const optionsTab = await tabIdOf(options);
    const answer = await options.evaluate(() =>
      (globalThis as unknown as { chrome: { runtime: { sendMessage(m: object): Promise<unknown> } } }).chrome.runtime.sendMessage({ type: 'page:entities', count: 7 }),
    );
    expect(answer).toEqual({ ok: false }); // an extension page is not a content script
    const optionsBadge = await browser.worker.evaluate(async (tabId) => {
      const c = (globalThis as unknown as { chrome: ChromeApi }).chrome;
      return c.action.getBadgeText({ tabId });
    }, optionsTab);
    expect(optionsBadge).toBe('');

    // A new page in the tab has its own count; on a site where Dossier is off, none.
    await browser.worker.evaluate(async () => {
      const c = (globalThis as unknown as { chrome: ChromeApi }).chrome;
      const { settings } = (await c.storage.local.get('settings')) as { settings: object };
      await c.storage.local.set({ settings: { ...settings, disabledSites: ['localhost'] } });
    });
    await page.goto(`${server.url.replace('127.0.0.1', 'localhost')}/pages/sample-article.html`);
    await page.waitForTimeout(1000);
    expect(await paintedMentions(page)).toEqual([]);
    expect((await badge()).text).toBe('');
    await page.goto(`${server.url}/pages/article-fr.html`);
    await waitForReady(page);
    const frenchDistinct = (await summary(tabId)).entities.length;
    expect(frenchDistinct).not.toBe(distinct);
    await expect.poll(async () => (await badge()).text).toBe(String(frenchDistinct));

    await options.bringToFront();
    await options.getByRole('checkbox', { name: /how many people/ }).click();
    await expectSaved(options);
    await expect.poll(async () => (await badge()).text).toBe('');
    expect((await badge()).title).toBe('Dossier');
    await options.close();
    await page.close();
  });

  it('adds a site (typed as an address) and removes it: marks go and come back', async () => {
    const { page } = await openArticle();
    const initial = (await paintedMentions(page)).length;
    const options = await openOptions();
    expect(await options.getByText('None. Dossier runs on every site.').count()).toBe(1);
    const field = options.getByRole('textbox', { name: 'Add a site' });

    await field.fill('not a site');
    await field.press('Enter');
    await expect.poll(() => options.getByRole('alert').textContent()).toContain('“not a site” is not a site’s name');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await field.fill('chrome://settings');
    await options.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => options.getByRole('alert').textContent()).toContain('only runs on web pages');
    expect(await stored()).not.toHaveProperty('disabledSites.0');

    await field.fill(`${server.url}/pages/sample-article.html`);
    await field.press('Enter');
    await expectSaved(options);
    expect(await stored()).toMatchObject({ disabledSites: ['127.0.0.1'] });
    expect(await options.getByRole('list', { name: 'Sites where Dossier is off' }).textContent()).toContain('127.0.0.1');
    expect(await field.inputValue()).toBe('');
    await expect.poll(async () => (await paintedMentions(page)).length).toBe(0);

    await field.fill('www.127.0.0.1.example'); // any other site: kept apart
    await field.press('Enter');
    await expect.poll(() => stored()).toMatchObject({ disabledSites: ['127.0.0.1', '127.0.0.1.example'] });
    await field.fill('127.0.0.1');
    await field.press('Enter');
    await expect.poll(() => options.getByRole('alert').textContent()).toBe('127.0.0.1 is already in the list.');

    // Removing from the keyboard: focus moves to the next button, not to the top of the page.
    await options.getByRole('button', { name: 'Remove 127.0.0.1', exact: true }).focus();
    await options.keyboard.press('Enter');
    await expectSaved(options);
    await expect.poll(() => stored()).toMatchObject({ disabledSites: ['127.0.0.1.example'] });
    await expect.poll(() => options.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Remove 127.0.0.1.example');
    await expect.poll(async () => (await paintedMentions(page)).length).toBe(initial);
    await options.close();
    await page.close();
  });

  it('speaks French when the language setting is French, at once', async () => {
    const options = await openOptions();
    await options.getByRole('combobox', { name: 'Language of the cards, the popup and this page' }).selectOption('fr');
    await expectSaved(options, 'Enregistré');
    await expect.poll(() => options.getByRole('heading', { level: 1 }).textContent()).toBe('Réglages de Dossier');
    expect(await options.evaluate(() => [document.documentElement.lang, document.title])).toEqual(['fr', 'Réglages de Dossier']);
    expect(await options.getByRole('checkbox', { name: 'Les personnes' }).count()).toBe(1);
    expect(await options.getByRole('radio', { name: 'Soulignement ondulé' }).count()).toBe(1);
    expect(await options.getByRole('switch', { name: 'Mettre Dossier en pause partout' }).count()).toBe(1);

    // And on a fresh load, from the stored setting.
    await options.reload();
    await expect.poll(() => options.getByRole('heading', { level: 1 }).textContent()).toBe('Réglages de Dossier');
    const field = options.getByRole('textbox', { name: 'Ajouter un site' });
    await field.fill('pas un site');
    await field.press('Enter');
    await expect.poll(() => options.getByRole('alert').textContent()).toContain('« pas un site » n’est pas un nom de site');
    await options.close();
  });

  it('pauses everywhere from its switch', async () => {
    const { page } = await openArticle();
    const options = await openOptions();
    await options.getByRole('switch', { name: 'Pause Dossier everywhere' }).click();
    await expectSaved(options);
    await expect.poll(async () => (await paintedMentions(page)).length).toBe(0);
    await options.getByRole('switch', { name: 'Pause Dossier everywhere' }).click();
    await expect.poll(async () => (await paintedMentions(page)).length).toBeGreaterThan(20);
    await options.close();
    await page.close();
  });

  it('looks right in light and dark (screenshots in test-results/)', async () => {
    mkdirSync(SHOTS, { recursive: true });
    const dark = await launchWithExtension({ colorScheme: 'dark' });
    try {
      for (const [b, scheme] of [
        [browser, 'light'],
        [dark, 'dark'],
      ] as const) {
        await b.worker.evaluate(async () => {
          const c = (globalThis as unknown as { chrome: ChromeApi }).chrome;
          await c.storage.local.set({ settings: { disabledSites: ['news.example.com', 'theglobeandmail.com'], hiddenKinds: ['place'], underline: 'dotted' } });
        });
        const options = await openOptions(b);
        await options.setViewportSize({ width: 900, height: 900 });
        const field = options.getByRole('textbox', { name: 'Add a site' });
        await field.fill('not a site');
        await field.press('Enter');
        await options.getByRole('alert').waitFor();
        await options.getByRole('checkbox', { name: /first mention/ }).focus(); // shows the focus ring
        await options.keyboard.press('Space');
        await expectSaved(options);
        await options.screenshot({ path: join(SHOTS, `options-${scheme}.png`), fullPage: true });
        const bg = await options.evaluate(() => getComputedStyle(document.body).backgroundColor);
        expect(bg).toBe(scheme === 'dark' ? 'rgb(23, 25, 30)' : 'rgb(246, 247, 249)');
        await options.close();
      }
    } finally {
      await dark.close();
    }
  });
});
