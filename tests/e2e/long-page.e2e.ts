/**
 * A page many screens long: every mention is found at once (the popup lists them all),
 * those near the viewport are painted before `dossier:ready`, and the rest as the reader
 * scrolls to them, with cards that work there too; what the reader has left far behind
 * is no longer painted, and is painted again on the way back.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardBox, collectErrors, colouredPixels, hoverText, inPageUiText, launchWithExtension, openPopupFor, paintedMentions, startServer, waitForReady, type Browser, type StaticServer } from './harness';

/** Sixty screens of paragraphs; Finland is named only in the last one. */
function longPage(): string {
  const paras: string[] = [];
  for (let i = 0; i < 300; i++) {
    paras.push(`<p>Section ${i + 1}. Officials in Canada and Japan compared notes on trade, and NATO allies met again in the afternoon.</p>`);
    if (i % 10 === 9) paras.push(`<h2>Part ${(i + 1) / 10}</h2>`);
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A long page</title>
<style>body { font: 18px/1.6 Georgia, serif; max-width: 40em; margin: 2em auto; } p { margin: 0 0 2.5em; }</style></head>
<body><h1>A long report</h1>
<section><div style="display: contents" id="contents">Text in a box-less element about Brazil and its exports.</div></section>
${paras.join('\n')}
<p id="last">Last of all, a word on Finland and the Arctic.</p>
</body></html>`;
}

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({
    '/generated/long-page.html': longPage(),
    // A name that wraps: "Mélanie" ends the first line of a narrow column, "Joly" starts the next.
    '/generated/wrapped.html': `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Wrapped</title></head>
<body style="font: 20px/1.5 monospace; margin: 40px"><p id="p" style="width: 17ch">Minister Mélanie Joly said so.</p></body></html>`,
  });
  browser = await launchWithExtension();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function painted(page: Page): Promise<string[]> {
  return (await paintedMentions(page)).map((m) => m.text);
}

describe('a long page', () => {
  it('paints what is near the viewport first, the rest as the reader scrolls, and finds it all at once', async () => {
    const page = await browser.context.newPage();
    const errors = await collectErrors(page);
    await page.goto(`${server.url}/generated/long-page.html`);
    await waitForReady(page);

    const atReady = await painted(page);
    const found = await page.evaluate(() => ((performance.getEntriesByName('dossier:ready')[0] as PerformanceMark).detail as { mentions: number }).mentions);
    // 300 paragraphs of three names each (Canada, Japan, NATO); Brazil; Finland and the Arctic.
    expect(found).toBe(903);
    expect(atReady).toContain('Canada');
    expect(atReady).toContain('Brazil'); // an element with no box is painted, not left bare
    expect(atReady).not.toContain('Finland');
    expect(atReady.length).toBeLessThan(found / 3);

    // The popup lists what the page names, painted or not.
    const popup = await openPopupFor(browser, page);
    await expect.poll(() => popup.getByRole('region', { name: 'Country' }).getByRole('button').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Finland')]));
    await popup.close();

    await page.bringToFront();
    await page.locator('#last').scrollIntoViewIfNeeded();
    await expect.poll(() => painted(page)).toContain('Finland');
    await hoverText(page, '#last', 'Finland');
    await expect.poll(() => inPageUiText(page)).toContain('Finland');

    // At the end of the page, what the reader left far above is no longer painted: the
    // marks painted are those around the viewport, not the whole page's.
    const atEnd = await paintedParagraphs(page);
    expect(atEnd.length).toBeGreaterThan(0);
    expect(Math.min(...atEnd)).toBeGreaterThan(250);
    expect((await painted(page)).length).toBeLessThan(found / 3);

    // Back at the top, then through the whole page a screen at a time: wherever the reader
    // stops, every name on screen is painted, and those of the next half screen too (painted
    // ahead, so that scrolling on shows none bare).
    await page.evaluate(() => scrollTo(0, 0));
    await expect.poll(() => unpaintedOnScreen(page)).toEqual([]);
    expect(Math.max(...(await paintedParagraphs(page)))).toBeLessThan(50);
    await hoverText(page, 'p:nth-of-type(2)', 'Japan');
    await expect.poll(() => inPageUiText(page)).toContain('Japan');
    await page.mouse.move(0, 0);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    const screen = await page.evaluate(() => innerHeight);
    for (let y = screen; y < height; y += screen) {
      await page.evaluate((y) => scrollTo(0, y), y);
      await expect.poll(() => unpaintedOnScreen(page, screen / 2)).toEqual([]);
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});

/** The numbers of the sections ("Section N.") with a painted mark. */
async function paintedParagraphs(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const out = new Set<number>();
    CSS.highlights.forEach((h, name) => {
      if (!name.startsWith('dossier-mention')) return;
      for (const r of h) {
        const n = /^Section (\d+)\./.exec((r.startContainer as Text).data);
        if (n) out.add(Number(n[1]));
      }
    });
    return [...out];
  });
}

/** The names in paragraphs on screen (or up to `ahead` px below it) that are not painted ("Section N: Japan"). */
async function unpaintedOnScreen(page: Page, ahead = 0): Promise<string[]> {
  return page.evaluate((ahead) => {
    const painted = new Set<string>();
    CSS.highlights.forEach((h, name) => {
      if (!name.startsWith('dossier-mention')) return;
      for (const r of h) painted.add(`${(r.startContainer as Text).data.slice(0, 12)}|${r.startOffset}`);
    });
    const missing: string[] = [];
    for (const p of document.querySelectorAll('p')) {
      const box = p.getBoundingClientRect();
      if (box.bottom < 0 || box.top > innerHeight + ahead) continue;
      const text = p.firstChild as Text;
      for (const name of ['Canada', 'Japan', 'NATO', 'Finland']) {
        const at = text.data.indexOf(name);
        if (at >= 0 && !painted.has(`${text.data.slice(0, 12)}|${at}`)) missing.push(`${text.data.slice(0, 12)}: ${name}`);
      }
    }
    return missing;
  }, ahead);
}

describe('printing', () => {
  it('prints the page without marks (only parts of a long page are painted), and shows them again after', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/generated/long-page.html`);
    await waitForReady(page);
    expect(await painted(page)).toContain('Canada');
    // The first paragraph's line: black text on white, and our underlines in colour.
    const line = await page.evaluate(() => {
      const p = document.querySelector('p')!.getBoundingClientRect();
      return { x: p.left, y: p.top, width: p.width, height: Math.min(p.height, 120) };
    });
    expect(await colouredPixels(page, line)).toBeGreaterThan(50);
    await page.emulateMedia({ media: 'print' });
    expect(await colouredPixels(page, line)).toBe(0);
    await page.emulateMedia({ media: 'screen' });
    expect(await colouredPixels(page, line)).toBeGreaterThan(50);
    await page.close();
  });
});

describe('a name over two lines', () => {
  it('places the card by the line the pointer is on', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/generated/wrapped.html`);
    await waitForReady(page);
    const lines = await page.evaluate(() => {
      const t = document.getElementById('p')!.firstChild as Text;
      const r = document.createRange();
      r.setStart(t, t.data.indexOf('Mélanie'));
      r.setEnd(t, t.data.indexOf('Joly') + 4);
      return [...r.getClientRects()].map((b) => ({ x: b.left + b.width / 2, y: b.top + b.height / 2, bottom: b.bottom }));
    });
    expect(lines).toHaveLength(2);
    // Resting on the first line: the card opens under it, not under the whole name.
    await page.mouse.move(lines[0]!.x - 30, lines[0]!.y + 60);
    await page.mouse.move(lines[0]!.x, lines[0]!.y, { steps: 4 });
    await expect.poll(() => inPageUiText(page)).toContain('Mélanie Joly');
    const box = (await cardBox(page))!;
    expect(box.y).toBeGreaterThan(lines[0]!.bottom);
    expect(box.y).toBeLessThan(lines[1]!.bottom);
    await page.close();
  });
});
