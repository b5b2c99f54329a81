/**
 * The core promise, in the real browser with the built extension: an article's actors
 * and countries are marked, hovering one shows its card, and the page's DOM is left as
 * it was (the only addition is our host element, once a card is shown).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardBox, collectErrors, contentScriptWorld, hoverText, inPageUiText, launchWithExtension, paintedMentions, startServer, textPoint, uiOpen, waitForReady, type Browser, type StaticServer } from './harness';

let server: StaticServer;
let browser: Browser;

// Scripts forbidden, Trusted Types required: our module must load all the same (an isolated
// world has its own CSP), with the page's own script blocked.
const STRICT_CSP_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; require-trusted-types-for 'script'; trusted-types 'none'">
<title>Strict</title></head><body><p id="text">Ottawa and Tokyo asked NATO to meet in Brussels with the Canadian Security Intelligence Service.</p>
<script>document.title = 'page script ran';</script></body></html>`;

beforeAll(async () => {
  server = await startServer({ '/strict-csp.html': STRICT_CSP_PAGE });
  browser = await launchWithExtension();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** What a page learns by fetching one of our files at the extension's fixed address. */
function probeFixedAddress(page: Page, path: string): Promise<'found' | 'refused'> {
  return page.evaluate(async (url) => {
    try {
      await fetch(url);
      return 'found' as const;
    } catch {
      return 'refused' as const;
    }
  }, `chrome-extension://${browser.extensionId}/${path}`);
}

async function openArticle(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  const errors = await collectErrors(page);
  await page.goto(`${server.url}/pages/sample-article.html`);
  await waitForReady(page);
  return { page, errors };
}

describe('marks', () => {
  it('marks people, agencies, alliances and countries, each under its kind', async () => {
    const { page, errors } = await openArticle();
    const marks = await paintedMentions(page);
    const has = (text: string, kind: string) => marks.some((m) => m.text === text && m.highlight === `dossier-mention-${kind}`);
    expect(has('Mélanie Joly', 'person')).toBe(true);
    expect(has('Joly', 'person')).toBe(true); // the surname, once the full name is on the page
    expect(has('Fumio Kishida', 'person')).toBe(true);
    expect(has('Canadian Security Intelligence Service', 'agency')).toBe(true);
    expect(has('CSIS', 'agency')).toBe(true);
    expect(has('Five Eyes', 'alliance')).toBe(true);
    expect(has('OTTAWA', 'country')).toBe(true); // the dateline
    expect(has('Japanese', 'country')).toBe(true); // a demonym
    expect(has('U.S.', 'country')).toBe(true);
    expect(has('Indo-Pacific Strategy', 'initiative')).toBe(true);
    // Never a partial word or an unknown name.
    expect(marks.map((m) => m.text)).not.toContain('Léa Tremblay');
    expect(marks.every((m) => m.text.trim() === m.text && m.text.length > 1)).toBe(true);
    const measures = await page.evaluate(() => performance.getEntriesByName('dossier:scan').length);
    expect(measures).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('leaves the page DOM untouched apart from its one host element', async () => {
    const page = await browser.context.newPage();
    // Installed before any page script: records every mutation from first paint on.
    await page.addInitScript(() => {
      const w = window as unknown as { __mutations: { type: string; target: string; added: string[]; removed: string[]; attr: string | null }[]; __before: string };
      w.__mutations = [];
      const name = (n: Node) => (n.nodeType === 1 ? (n as Element).localName : n.nodeName);
      document.addEventListener('DOMContentLoaded', () => {
        w.__before = new XMLSerializer().serializeToString(document.body);
        new MutationObserver((records) => {
          for (const r of records) {
            w.__mutations.push({
              type: r.type,
              target: name(r.target),
              added: [...r.addedNodes].map(name),
              removed: [...r.removedNodes].map(name),
              attr: r.attributeName,
            });
          }
        }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      });
    });
    await page.goto(`${server.url}/pages/sample-article.html`);
    await waitForReady(page);
    await hoverText(page, 'article', 'Mélanie Joly');
    await expect.poll(() => uiOpen(page)).toBe(true);
    const result = await page.evaluate(() => {
      const w = window as unknown as { __mutations: unknown[]; __before: string };
      return { mutations: w.__mutations, same: w.__before === new XMLSerializer().serializeToString(document.body) };
    });
    expect(result.same).toBe(true);
    // Only our host, added once to <html>; everything else about it happens in its shadow root.
    expect(result.mutations).toEqual([{ type: 'childList', target: 'html', added: ['dossier-ui'], removed: [], attr: null }]);
    await page.close();
  });
});

describe('a page in French', () => {
  it('marks French names, lower-case demonyms and French acronyms, and shows the card', async () => {
    const page = await browser.context.newPage();
    const errors = await collectErrors(page);
    await page.goto(`${server.url}/pages/article-fr.html`);
    await waitForReady(page);
    const texts = (await paintedMentions(page)).map((m) => m.text);
    for (const t of ['OTAN', 'Canada', 'canadien', 'Russie', 'Ukraine', 'Mélanie Joly', 'Joly', 'SCRS', 'Chine', 'Inde', 'chinois', 'Pékin', 'Royaume-Uni', 'États-Unis', 'Five Eyes']) {
      expect(texts, t).toContain(t);
    }
    // "la ministre", "sécurité européenne": ordinary words stay unmarked.
    expect(texts).not.toContain('ministre');
    await hoverText(page, 'article', 'Chine', 'Chine et');
    await expect.poll(() => inPageUiText(page)).toContain('China');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the alias index tables (kb/index.bin)', () => {
  it('are read by the content script, and handed over by the background when a fetch is refused', async () => {
    const { page } = await openArticle();
    const world = await contentScriptWorld(page);
    const r = await world.evaluate<{ url: string; fetched: number; sent: number; same: boolean }>(`(async () => {
      const url = chrome.runtime.getURL('/kb/index.bin');
      const fetched = new Uint8Array(await (await fetch(url)).arrayBuffer());
      const res = await chrome.runtime.sendMessage({ type: 'kb:tables' });
      const sent = Uint8Array.fromBase64(res.tables);
      return { url, fetched: fetched.length, sent: sent.length, same: sent.length === fetched.length && fetched.every((b, i) => b === sent[i]) };
    })()`);
    await world.detach();
    expect(r.fetched).toBeGreaterThan(100_000);
    expect(r.sent).toBe(r.fetched);
    expect(r.same).toBe(true);
    // A page cannot learn that Dossier is installed by probing the extension's fixed address:
    // the tables are served only at a per-session random one.
    expect(r.url).not.toContain(browser.extensionId);
    expect(await probeFixedAddress(page, 'kb/index.bin')).toBe('refused');
    await page.close();
  });
});

describe("the content script's module (scripts/vite-content-module.ts)", () => {
  it("loads on a page whose CSP forbids every script, from an address no page can probe", async () => {
    const page = await browser.context.newPage();
    const errors = await collectErrors(page);
    await page.goto(`${server.url}/strict-csp.html`);
    await waitForReady(page);
    expect(await page.title()).toBe('Strict'); // the page's own script was blocked
    const texts = (await paintedMentions(page)).map((m) => m.text);
    expect(texts).toEqual(expect.arrayContaining(['Ottawa', 'Tokyo', 'NATO', 'Brussels', 'Canadian Security Intelligence Service']));
    const world = await contentScriptWorld(page);
    const url = await world.evaluate<string>(`chrome.runtime.getURL('/content-scripts/content-main.js')`);
    await world.detach();
    expect(url).not.toContain(browser.extensionId);
    expect(errors).toEqual([]);
    await page.close();
    // (Probed from a page without a CSP: the strict one would refuse any fetch anyway.)
    const { page: other } = await openArticle();
    expect(await probeFixedAddress(other, 'content-scripts/content-main.js')).toBe('refused');
    await other.close();
  });
});

describe('what a page can learn', () => {
  it('gets no message or event from Dossier, even listening for the ones that name it', async () => {
    const page = await browser.context.newPage();
    // A page that knows Dossier's id (it is public) and listens for what a WXT content
    // script announces at start: a window message, and a DOM event named with the id.
    await page.addInitScript((id) => {
      const seen: string[] = [];
      (window as unknown as { __messages: string[] }).__messages = seen;
      addEventListener('message', (e) => seen.push(JSON.stringify(e.data)));
      document.addEventListener(`${id}:content:wxt:content-script-started`, (e) => seen.push(`event ${e.type}`));
    }, browser.extensionId);
    await page.goto(`${server.url}/pages/sample-article.html`);
    await waitForReady(page);
    await hoverText(page, 'article', 'Mélanie Joly');
    await expect.poll(() => inPageUiText(page)).toContain('Mélanie Joly');
    const messages = await page.evaluate(() => (window as unknown as { __messages: string[] }).__messages);
    expect(messages.filter((m) => m.includes(browser.extensionId) || /wxt|dossier/i.test(m))).toEqual([]);
    await page.close();
  });
});

describe('error probe', () => {
  it("sees errors thrown in the content script's world, and only those", async () => {
    // The corpus run relies on this probe: prove it would catch an error of ours.
    const { page, errors } = await openArticle();
    const cdp = await page.context().newCDPSession(page);
    const contexts: { id: number; origin: string }[] = [];
    cdp.on('Runtime.executionContextCreated', (e) => contexts.push({ id: e.context.id, origin: String(e.context.origin) }));
    await cdp.send('Runtime.enable');
    const ours = contexts.find((c) => c.origin.startsWith('chrome-extension://'))!;
    await page.evaluate(() => setTimeout(() => { throw new Error('page error, not ours'); }));
    await cdp.send('Runtime.evaluate', { expression: 'setTimeout(() => { throw new Error("probe") })', contextId: ours.id });
    await expect.poll(() => errors.length).toBe(1);
    expect(errors[0]).toContain('probe');
    await page.close();
  });
});

describe('cards', () => {
  it('shows the card of the hovered person, with the role held at the article date', async () => {
    const { page, errors } = await openArticle();
    await hoverText(page, 'article', 'Joly', 'Joly, speaking');
    await expect.poll(() => uiOpen(page)).toBe(true);
    await expect.poll(() => inPageUiText(page)).toContain('Mélanie Joly');
    const text = (await inPageUiText(page))!;
    expect(text).toContain('In November 2023'); // the article's date, from article:published_time
    expect(text).toContain('Minister of Foreign Affairs');
    expect(text).toMatch(/As of \w+ 20\d\d/); // and the role as of the date our facts were checked
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says when a capital stands for its government', async () => {
    const { page } = await openArticle();
    await hoverText(page, 'article', 'Beijing', 'Beijing continues');
    await expect.poll(() => inPageUiText(page)).toContain('China');
    expect(await inPageUiText(page)).toContain('“Beijing” is the capital of China; here it stands for its government.');
    await page.close();
  });

  it('shows a country with its flag and its memberships', async () => {
    const { page } = await openArticle();
    await hoverText(page, 'article', 'Britain', 'Britain and Australia');
    await expect.poll(() => inPageUiText(page)).toContain('United Kingdom');
    const text = (await inPageUiText(page))!;
    // The flag emoji, or its country code where the machine has no colour emoji font.
    expect(text).toMatch(/🇬🇧|^GB /);
    for (const chip of ['NATO', 'G7', 'Five Eyes']) expect(text).toContain(chip);
    await page.close();
  });

  it('lays a card out ahead, invisible: the page under it still takes the pointer', async () => {
    // A long hover delay, so that the moment between the warm-up (80 ms) and the card is wide.
    const setDelay = (hoverDelay?: number) =>
      browser.worker.evaluate(async (d) => {
        const c = (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }).chrome;
        await c.storage.local.set({ settings: d === undefined ? {} : { hoverDelay: d } });
      }, hoverDelay);
    await setDelay(1500);
    try {
      const { page } = await openArticle();
      await hoverText(page, 'article', 'Five Eyes');
      await page.waitForTimeout(500);
      expect(await uiOpen(page)).toBe(false);
      const hostOpen = await page.evaluate(() => document.querySelector('dossier-ui')?.matches(':popover-open') ?? false);
      const point = await textPoint(page, 'article', 'Five Eyes');
      // Just below the name, where the card will be: the page's own element is hit there.
      const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y + 40)?.localName, point);
      expect(hit).not.toBe('dossier-ui');
      await expect.poll(() => uiOpen(page)).toBe(true);
      // (The warm-up did run: the host was open, its card not yet visible.)
      expect(hostOpen).toBe(true);
      await page.close();
    } finally {
      await setDelay(undefined);
    }
  });

  it('stays while hovered, closes on Escape and after the pointer leaves', async () => {
    const { page } = await openArticle();
    await hoverText(page, 'article', 'Five Eyes');
    await expect.poll(() => uiOpen(page)).toBe(true);
    // Escape closes at once.
    await page.keyboard.press('Escape');
    expect(await uiOpen(page)).toBe(false);
    // Leaving the mention closes it after a short grace period...
    await hoverText(page, 'article', 'Canberra');
    await expect.poll(() => uiOpen(page)).toBe(true);
    await page.mouse.move(5, 890);
    await expect.poll(() => uiOpen(page), { timeout: 2000 }).toBe(false);
    // ...but moving onto the card keeps it open.
    await hoverText(page, 'article', 'Seoul');
    await expect.poll(() => uiOpen(page)).toBe(true);
    const box = await cardBox(page);
    expect(box?.width).toBeGreaterThan(100);
    await page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2, { steps: 8 });
    await page.waitForTimeout(700);
    expect(await uiOpen(page)).toBe(true);
    await page.close();
  });
});
